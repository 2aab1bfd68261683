"""The session file: a session as TOML, saved atomically after every change, read
back, validated, and resumed against its guide (pure Python; no textual).

The format is documented in docs/session-format.md; the key names there are a
contract with the analysis. Writing uses tomli-w (every value is rendered by
`tomli_w.dumps`; this module only adds the `[[table]]` headers so that arrays of
tables always look the same, and caches the rendered text of entries that have
not changed since the last save); reading uses the standard library's tomllib.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import stat
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomli_w

from prompter import __version__
from prompter.errors import SessionFileError, UsageError
from prompter.guide import PRIORITIES, Guide
from prompter.session import (
    STATES,
    STATUSES,
    Bookmark,
    Event,
    RemovedQuestion,
    Session,
    _Clock,
    _ms,
    _QData,
)

SCHEMA_VERSION = 1
SUFFIX = ".toml"
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real interview; refuses runaway input

_PARTICIPANT_CHARS = re.compile(r"[A-Za-z0-9._-]*\Z")
MAX_PARTICIPANT = 64


# --------------------------------------------------------------------- naming


def validate_participant(pid: str) -> str:
    """Return `pid` if it is a valid participant id, else raise UsageError saying why.

    Allowed: ASCII letters, digits, '-', '_' and '.'; not starting with '.';
    1 to 64 characters. The id becomes part of a file name.
    """
    rule = (
        "use 1-64 of the letters A-Z and a-z, digits, '-', '_' and '.', "
        "not starting with '.'"
    )
    if not isinstance(pid, str) or not pid:
        raise UsageError(f"participant id is empty: {rule}")
    if len(pid) > MAX_PARTICIPANT:
        raise UsageError(
            f"participant id is {len(pid)} characters long (at most {MAX_PARTICIPANT}): {rule}"
        )
    if not _PARTICIPANT_CHARS.match(pid):
        bad = next(c for c in pid if not _PARTICIPANT_CHARS.match(c))
        what = "a path separator" if bad in "/\\" else repr(bad)
        raise UsageError(f"participant id {pid!r} contains {what}: {rule}")
    if pid.startswith("."):
        raise UsageError(f"participant id {pid!r} starts with '.': {rule}")
    return pid


def ensure_sessions_dir(sessions_dir: str | os.PathLike) -> Path:
    """The sessions folder, created (with every missing parent) with permissions 0700."""
    folder = Path(sessions_dir)
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    try:
        for p in reversed(missing):
            try:
                os.mkdir(p, 0o700)
            except FileExistsError:
                continue
            os.chmod(p, 0o700)  # mkdir's mode is masked by the umask
    except OSError as e:
        raise SessionFileError(f"{p}: cannot create the sessions folder: {_reason(e)}") from None
    if not folder.is_dir():
        raise SessionFileError(f"{folder}: is not a folder; cannot keep sessions there")
    return folder


def new_session_path(
    sessions_dir: str | os.PathLike, participant: str, started_at: datetime
) -> Path:
    """`<dir>/<participant>_<YYYY-MM-DD_HHMM>.toml`, with `_2`, `_3`... if taken.

    Creates the folder (0700) if missing. The file itself is created by the first
    `SessionWriter.save()`, which never overwrites an existing file.
    """
    validate_participant(participant)
    folder = ensure_sessions_dir(sessions_dir)
    stem = f"{participant}_{started_at:%Y-%m-%d_%H%M}"
    path = folder / f"{stem}{SUFFIX}"
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}_{n}{SUFFIX}"
        n += 1
    return path


# ------------------------------------------------------------- to a dict/TOML


def code_entries(guide: Guide) -> list[dict]:
    """The guide's codebook flattened, as session files record it ([[codes]])."""
    entries = []
    for code in guide.codes.values():
        e = {"path": code.key, "name": code.name, "description": code.description}
        if code.color:
            e["color"] = code.color
        if len(code.path) > 1:
            e["parent"] = "/".join(code.path[:-1])
        entries.append(e)
    return entries


def _static_question(q) -> dict:
    return {
        "id": q.id,
        "section": list(q.section_path),
        "text": q.text,
        "probes": list(q.probe_texts),
        "codes": list(q.codes),
        "priority": q.priority,
    }


def _static_removed(r: RemovedQuestion) -> dict:
    return {
        "id": r.id,
        "section": list(r.section),
        "text": r.text,
        "probes": list(r.probes),
        "codes": list(r.codes),
        "priority": r.priority,
    }


def _dynamic_key(session: Session, qid: str, d: _QData, ms_on: int) -> tuple:
    return (d.status, d.probes_used, d.note, d.first_ms, ms_on, session.original_text.get(qid))


def _question_entry(static: dict, key: tuple, removed: bool) -> dict:
    status, probes_used, note, first_ms, ms_on, original = key
    e = dict(static)
    e["status"] = status
    e["probes_used"] = list(probes_used)
    e["note"] = note
    if first_ms is not None:
        e["first_marked_seconds"] = first_ms / 1000
    e["seconds_on_question"] = ms_on / 1000
    if original is not None:
        e["original_text"] = original
    if removed:
        e["removed"] = True
    return e


def _live_ms_on(session: Session) -> dict[str, int]:
    on = {qid: d.ms_on for qid, d in session._data.items()}
    on[session._current] += session._clock.ms() - session._current_since
    return on


def _session_table(session: Session) -> dict:
    t = {
        "id": session.id,
        "participant": session.participant,
        "interviewer": session.interviewer,
        "started_at": session.started_at,
    }
    if session.ended_at is not None:
        t["ended_at"] = session.ended_at
    t["state"] = session.state
    t["elapsed_seconds"] = session.elapsed
    t["paused"] = session.paused
    if session._recording_ms is not None:
        t["recording_offset_seconds"] = session._recording_ms / 1000
    t["current_question"] = session.current
    t["prompter_version"] = __version__
    t["extra"] = dict(session.extra)
    return t


def _guide_table(guide: Guide) -> dict:
    t = {"title": guide.title, "version": guide.version, "path": guide.path, "sha256": guide.sha256}
    if guide.minutes is not None:
        t["minutes"] = guide.minutes
    return t


def _section_entries(session: Session, on: dict[str, int]) -> list[dict]:
    entries = []
    for s in session.guide.all_sections:
        e = {"path": list(s.path)}
        if s.minutes is not None:
            e["minutes"] = s.minutes
        e["seconds_spent"] = sum(on[q.id] for q in s.all_questions()) / 1000
        e["codes"] = list(s.codes)
        entries.append(e)
    return entries


def _bookmark_entry(b: Bookmark) -> dict:
    return {"at_seconds": b.at_seconds, "label": b.label, "question": b.question}


def _event_entry(ev: Event) -> dict:
    e = {"at_seconds": ev.at_seconds, "action": ev.action, "question": ev.question}
    if ev.value is not None:
        e["value"] = ev.value
    return e


def session_to_dict(session: Session) -> dict:
    """The whole session file as a dict (what tomllib gives back when reading it)."""
    on = _live_ms_on(session)
    questions = []
    for q in session.guide.questions:
        d = session._data[q.id]
        key = _dynamic_key(session, q.id, d, on[q.id])
        questions.append(_question_entry(_static_question(q), key, False))
    for r in session.removed.values():
        d = session._data[r.id]
        key = _dynamic_key(session, r.id, d, on[r.id])
        questions.append(_question_entry(_static_removed(r), key, True))
    return {
        "schema_version": SCHEMA_VERSION,
        "session": _session_table(session),
        "guide": _guide_table(session.guide),
        "questions": questions,
        "sections": _section_entries(session, on),
        "codes": code_entries(session.guide),
        "bookmarks": [_bookmark_entry(b) for b in session.bookmarks],
        "events": [_event_entry(ev) for ev in session.events],
    }


def _aot(name: str, entry: dict) -> str:
    """One `[[name]]` entry: the header, then the flat table's keys as tomli-w renders them."""
    return f"\n[[{name}]]\n" + tomli_w.dumps(entry)


class _RenderCache:
    """Rendered TOML of entries that rarely change, kept between saves of one session."""

    def __init__(self, session: Session):
        self.guide = session.guide
        self.removed_ids = tuple(session.removed)
        self.static = [_static_question(q) for q in session.guide.questions]
        self.static += [_static_removed(r) for r in session.removed.values()]
        self.ids = [e["id"] for e in self.static]
        self.n_guide = len(session.guide.questions)
        self.questions: list[tuple[tuple, str] | None] = [None] * len(self.static)
        self.sections: dict[int, tuple[dict, str]] = {}
        self.codes = "".join(_aot("codes", e) for e in code_entries(session.guide))
        self.events_list: list[Event] | None = None
        self.events_n = 0
        self.events_text = ""
        self.events_last: Event | None = None

    def valid_for(self, session: Session) -> bool:
        return self.guide is session.guide and self.removed_ids == tuple(session.removed)


def session_to_toml(session: Session) -> str:
    """The session file's text. Entries unchanged since the last call are not re-rendered."""
    cache = session.__dict__.get("_render_cache")
    if cache is None or not cache.valid_for(session):
        cache = _RenderCache(session)
        session.__dict__["_render_cache"] = cache
    on = _live_ms_on(session)
    head = {"schema_version": SCHEMA_VERSION}
    # Empty arrays go at the top: a plain key after the tables would belong to the last table.
    if not cache.codes:
        head["codes"] = []
    if not session.bookmarks:
        head["bookmarks"] = []
    if not session.events:
        head["events"] = []
    head["session"] = _session_table(session)
    head["guide"] = _guide_table(session.guide)
    parts = [tomli_w.dumps(head)]

    for i, qid in enumerate(cache.ids):
        d = session._data[qid]
        key = _dynamic_key(session, qid, d, on[qid])
        hit = cache.questions[i]
        if hit is None or hit[0] != key:
            text = _aot("questions", _question_entry(cache.static[i], key, i >= cache.n_guide))
            cache.questions[i] = hit = (key, text)
        parts.append(hit[1])

    for i, e in enumerate(_section_entries(session, on)):
        hit = cache.sections.get(i)
        if hit is None or hit[0] != e:
            cache.sections[i] = hit = (e, _aot("sections", e))
        parts.append(hit[1])

    parts.append(cache.codes)

    parts.extend(_aot("bookmarks", _bookmark_entry(b)) for b in session.bookmarks)

    events = session.events
    n = cache.events_n
    if (
        cache.events_list is not events
        or len(events) < n
        or (n and events[n - 1] is not cache.events_last)
    ):
        cache.events_list, cache.events_n, cache.events_text, n = events, 0, "", 0
    if len(events) > n:
        cache.events_text += "".join(_aot("events", _event_entry(ev)) for ev in events[n:])
        cache.events_n = len(events)
        cache.events_last = events[-1]
    parts.append(cache.events_text)
    return "".join(parts)


# ------------------------------------------------------------------ writing


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not possible on this platform (Windows): the rename is what we have
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """A fresh temporary file name beside `path`: hidden, and never matching `*.toml`."""
    return path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")


def write_atomic(path: str | os.PathLike, data: bytes, *, exclusive: bool = False) -> None:
    """Put `data` at `path` so that the file is, at every moment, either the old
    complete file or the new complete file.

    Writes a temporary file (0600) in the same folder, flushes and fsyncs it,
    renames it over `path` (`os.replace`), and fsyncs the folder. With
    `exclusive`, an existing `path` is never replaced: the new file is linked in
    with `os.link`, which fails if the name is taken (FileExistsError).
    """
    path = Path(path)
    tmp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:
                # No hard links on this file system: reserve the name, then replace it.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


class SessionSaveError(SessionFileError, OSError):
    """A save failed. It is a SessionFileError (one line naming the file) and also an
    OSError carrying the `errno` and `strerror` of the failure, where there was one."""

    def __init__(self, message: str, cause: OSError | None = None):
        if cause is not None and cause.errno is not None:
            OSError.__init__(self, cause.errno, _reason(cause))
        else:
            OSError.__init__(self, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def save_session(session: Session, path: str | os.PathLike, *, exclusive: bool = False) -> None:
    """Write the session to `path` atomically (see `write_atomic`).

    Raises SessionSaveError (a SessionFileError and an OSError) on failure; the
    file on disk is then the previous complete version, untouched.
    """
    data = session_to_toml(session).encode("utf-8")
    try:
        write_atomic(path, data, exclusive=exclusive)
    except FileExistsError:
        raise SessionSaveError(
            f"{path}: already exists; a session file is never overwritten"
        ) from None
    except OSError as e:
        raise SessionSaveError(f"{path}: cannot save the session: {_reason(e)}", e) from None


class SessionWriter:
    """Saves one session to one file; the screen calls `save()` after every action.

    The first save of a new session creates the file (0600) and fails rather than
    overwrite an existing file; with `resume=True` the file is the one the session
    was loaded from and is replaced from the first save on.
    """

    def __init__(self, session: Session, path: str | os.PathLike, *, resume: bool = False):
        self.session = session
        self.path = Path(path)
        self._exists = resume
        self._swept = False
        self.saves = 0
        self.last_save_seconds: float | None = None  # duration of the latest save

    def save(self) -> None:
        t0 = time.perf_counter()
        save_session(self.session, self.path, exclusive=not self._exists)
        self._exists = True
        self.saves += 1
        self.last_save_seconds = time.perf_counter() - t0
        if not self._swept:
            self._swept = True
            self.remove_stale_temps()

    def remove_stale_temps(self) -> int:
        """Delete temporary files of this session left by a killed process; returns how many."""
        n = 0
        try:
            stale = list(self.path.parent.glob(f".{glob_escape(self.path.name)}.tmp-*"))
        except OSError:
            return 0
        for p in stale:
            try:
                p.unlink()
                n += 1
            except OSError:
                pass
        return n


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# ------------------------------------------------------------------ reading


def _fail(path, message: str):
    raise SessionFileError(f"{path}: {message}")


# About 31 years: any larger "seconds" is damage, and would overflow the millisecond clock.
MAX_SECONDS = 1e9


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _typename(v) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(v), "a date-time" if isinstance(v, datetime) else type(v).__name__)


class _Checker:
    def __init__(self):
        self.problems: list[str] = []
        self.missing: list[str] = []

    def get(self, table: dict, key: str, where: str, kind: str, required: bool):
        name = f"{where}.{key}" if where else key
        if key not in table:
            if required:
                self.missing.append(name)
            return None
        v = table[key]
        ok = {
            "str": lambda: isinstance(v, str),
            "number": lambda: _is_number(v) and 0 <= v < MAX_SECONDS,
            "bool": lambda: isinstance(v, bool),
            "strlist": lambda: isinstance(v, list) and all(isinstance(x, str) for x in v),
            "datetime": lambda: isinstance(v, datetime) and v.tzinfo is not None,
            "strtable": lambda: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        }[kind]()
        if not ok:
            want = {
                "str": "a string",
                "number": "a number of seconds (from 0 to 1e9)",
                "bool": "true or false",
                "strlist": "an array of strings",
                "datetime": "a date-time with a time zone offset",
                "strtable": "a table of strings",
            }[kind]
            self.problems.append(f"{name} must be {want}, not {_typename(v)}")
            return None
        return v

    def choice(self, table, key, where, choices, required=True):
        v = self.get(table, key, where, "str", required)
        if v is not None and v not in choices:
            self.problems.append(
                f"{where}.{key} is {v!r}; expected one of {', '.join(choices)}"
            )

    def tables(self, data: dict, key: str) -> list[dict]:
        if key not in data:
            return []
        v = data[key]
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            self.problems.append(f"{key} must be an array of tables ([[{key}]])")
            return []
        return v


_QUESTION_KEYS = [
    ("id", "str", True),
    ("section", "strlist", True),
    ("text", "str", True),
    ("probes", "strlist", False),
    ("codes", "strlist", False),
    ("probes_used", "strlist", False),
    ("note", "str", False),
    ("first_marked_seconds", "number", False),
    ("seconds_on_question", "number", False),
    ("removed", "bool", False),
    ("original_text", "str", False),
]


def validate_session_data(data: dict) -> list[str]:
    """Problems with a parsed session file, worst first (empty if it is usable)."""
    sv = data.get("schema_version")
    if isinstance(sv, int) and not isinstance(sv, bool) and sv > SCHEMA_VERSION:
        return [f"written by a newer prompter (schema_version {sv}); upgrade prompter"]
    if not isinstance(data.get("session"), dict):
        return ["not a prompter session file: no [session] table"]
    if "schema_version" not in data:
        return ["missing required key schema_version"]
    if not isinstance(sv, int) or isinstance(sv, bool) or sv < 1:
        return [f"schema_version must be a positive integer, not {sv!r}"]

    c = _Checker()
    s = data["session"]
    for key, kind, req in [
        ("id", "str", True),
        ("participant", "str", True),
        ("interviewer", "str", False),
        ("started_at", "datetime", True),
        ("ended_at", "datetime", False),
        ("elapsed_seconds", "number", True),
        ("recording_offset_seconds", "number", False),
        ("current_question", "str", True),
        ("paused", "bool", False),
        ("extra", "strtable", False),
    ]:
        c.get(s, key, "session", kind, req)
    c.choice(s, "state", "session", STATES)

    g = data.get("guide")
    if not isinstance(g, dict):
        if "guide" in data:
            c.problems.append("guide must be a table ([guide])")
        else:
            c.missing.append("guide")
    else:
        c.get(g, "title", "guide", "str", True)
        c.get(g, "sha256", "guide", "str", True)
        c.get(g, "version", "guide", "str", False)
        c.get(g, "path", "guide", "str", False)

    if "questions" not in data:
        c.missing.append("questions")
    seen: set[str] = set()
    for i, q in enumerate(c.tables(data, "questions")):
        where = f"questions[{i}]"
        for key, kind, req in _QUESTION_KEYS:
            c.get(q, key, where, kind, req)
        c.choice(q, "status", where, STATUSES)
        c.choice(q, "priority", where, PRIORITIES, required=False)
        qid = q.get("id")
        if isinstance(qid, str):
            if qid in seen:
                c.problems.append(f"question id {qid!r} appears twice in [[questions]]")
            seen.add(qid)
    for i, b in enumerate(c.tables(data, "bookmarks")):
        c.get(b, "at_seconds", f"bookmarks[{i}]", "number", True)
        c.get(b, "label", f"bookmarks[{i}]", "str", True)
        c.get(b, "question", f"bookmarks[{i}]", "str", True)
    for i, e in enumerate(c.tables(data, "events")):
        c.get(e, "at_seconds", f"events[{i}]", "number", True)
        c.get(e, "action", f"events[{i}]", "str", True)
        c.get(e, "question", f"events[{i}]", "str", True)
        c.get(e, "value", f"events[{i}]", "str", False)

    problems = []
    if c.missing:
        word = "key" if len(c.missing) == 1 else "keys"
        problems.append(f"missing required {word} {', '.join(c.missing)}")
    return problems + c.problems


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def load_session_toml(path: str | os.PathLike, toml=tomllib) -> dict:
    """Read and parse a session file's TOML, not yet validated.

    `toml` is a module with the tomllib API (the analysis passes the faster tomli).
    Raises SessionFileError("PATH: problem") on any problem.
    """
    try:
        # Non-blocking, and regular files only: a FIFO named *.toml must not hang us.
        fd = os.open(path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            if stat.S_ISDIR(mode):
                _fail(path, "is a folder, not a session file")
            if not stat.S_ISREG(mode):
                _fail(path, "not a regular file; not a session file")
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        _fail(path, "no such file")
    except IsADirectoryError:
        _fail(path, "is a folder, not a session file")
    except PermissionError:
        _fail(path, "permission denied")
    except OSError as e:
        _fail(path, f"cannot read: {_reason(e)}")
    if len(raw) > MAX_FILE_BYTES:
        _fail(path, f"larger than {MAX_FILE_BYTES // 2**20} MiB; not a session file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        _fail(path, f"not a TOML file: not UTF-8 text (bad byte at offset {e.start})")
    try:
        return toml.loads(text.removeprefix("\ufeff"))
    except toml.TOMLDecodeError as e:
        _fail(path, f"not valid TOML: {' '.join(str(e).split())}")
    except RecursionError:
        _fail(path, "not valid TOML: nested too deeply")
    except Exception as e:  # the parsers document no other errors; stay one line anyway
        _fail(path, f"not valid TOML: {type(e).__name__}")


def check_session_data(path: str | os.PathLike, data) -> None:
    """SessionFileError("PATH: the first problems") unless `data` is a usable session."""
    try:
        problems = validate_session_data(data)
    except Exception as e:  # a shape the checks did not foresee
        problems = [f"not a prompter session file ({type(e).__name__})"]
    if problems:
        more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
        _fail(path, "; ".join(" ".join(p.split()) for p in problems[:3]) + more)


def read_session_file(path: str | os.PathLike) -> dict:
    """Read and validate a session file; SessionFileError("PATH: problem") on any problem."""
    data = load_session_toml(path)
    check_session_data(path, data)
    return data


# ------------------------------------------------------------------- resume


@dataclass(frozen=True)
class Reconciliation:
    """How a resumed session file matched the guide it was resumed with."""

    hash_matched: bool
    saved_sha256: str
    guide_sha256: str
    added: tuple[str, ...] = ()  # question ids in the guide but not in the file (start pending)
    removed: tuple[str, ...] = ()  # ids in the file but no longer in the guide (data kept)
    changed_text: tuple[str, ...] = ()  # ids whose wording changed in the guide
    restored: tuple[str, ...] = ()  # ids the file kept as removed that the guide has again

    @property
    def changed(self) -> bool:
        return bool(
            not self.hash_matched
            or self.added
            or self.removed
            or self.changed_text
            or self.restored
        )

    def summary(self) -> str:
        """One line for the screen, e.g. 'guide changed: 2 questions added, 1 removed (kept)'."""
        if self.hash_matched:
            return "guide unchanged"
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} question{'s' * (len(self.added) != 1)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed (their data is kept)")
        if self.changed_text:
            parts.append(f"{len(self.changed_text)} reworded")
        if self.restored:
            parts.append(f"{len(self.restored)} back again")
        return "guide changed: " + (", ".join(parts) if parts else "same questions")


def load_session(
    path: str | os.PathLike,
    guide: Guide,
    *,
    clock: Callable[[], float] = time.monotonic,
    wallclock: Callable[[], datetime] | None = None,
    log_resume: bool = True,
) -> tuple[Session, Reconciliation]:
    """Resume the session saved at `path` with `guide`.

    Questions are matched by id: new ones start pending, ones no longer in the
    guide keep their data (saved with `removed = true`). The clock goes on from
    the saved `elapsed_seconds` (paused if it was paused). The event log goes
    on; the undo history starts empty. With `log_resume`, a `resume` event is
    appended (value: the wall-clock time and what changed).
    """
    return session_from_dict(
        read_session_file(path), guide, clock=clock, wallclock=wallclock, log_resume=log_resume
    )


def session_from_dict(
    data: dict,
    guide: Guide,
    *,
    clock: Callable[[], float] = time.monotonic,
    wallclock: Callable[[], datetime] | None = None,
    log_resume: bool = True,
) -> tuple[Session, Reconciliation]:
    """`load_session` from a dict as `read_session_file` returns it (validated)."""
    st = data["session"]
    session = Session(
        guide,
        st["participant"],
        st.get("interviewer", ""),
        st.get("extra", {}),
        clock=clock,
        now=st["started_at"],
        session_id=st["id"],
        wallclock=wallclock,
    )
    session.started_at = st["started_at"]
    session.ended_at = st.get("ended_at")
    session.state = st["state"]

    elapsed_ms = _ms(st["elapsed_seconds"])
    session._clock = _Clock(clock, base_ms=elapsed_ms)
    if not st.get("paused", session.state == "finished"):
        session._clock.run()
    rec = st.get("recording_offset_seconds")
    session._recording_ms = None if rec is None else _ms(rec)

    in_file: dict[str, dict] = {q["id"]: q for q in data["questions"]}
    guide_ids = {q.id for q in guide.questions}
    changed_text = []
    for q in data["questions"]:
        qid = q["id"]
        first = q.get("first_marked_seconds")
        d = _QData(
            status=q["status"],
            probes_used=tuple(q.get("probes_used", ())),
            note=q.get("note", ""),
            first_ms=None if first is None else _ms(first),
            ms_on=_ms(q.get("seconds_on_question", 0)),
        )
        if qid in guide_ids:
            texts = guide.question(qid).probe_texts
            used = d.probes_used
            d.probes_used = tuple(
                [t for t in texts if t in used] + [t for t in used if t not in texts]
            )
            if "original_text" in q:
                session.original_text[qid] = q["original_text"]
            if q["text"] != guide.question(qid).text:
                changed_text.append(qid)
                has_data = (
                    d.status != "pending" or d.probes_used or d.note or d.first_ms is not None
                )
                if has_data and qid not in session.original_text:
                    session.original_text[qid] = q["text"]
                if session.original_text.get(qid) == guide.question(qid).text:
                    del session.original_text[qid]
        else:
            session.removed[qid] = RemovedQuestion(
                id=qid,
                section=tuple(q["section"]),
                text=q["text"],
                probes=tuple(q.get("probes", ())),
                codes=tuple(q.get("codes", ())),
                priority=q.get("priority", "core"),
            )
            if "original_text" in q:
                session.original_text[qid] = q["original_text"]
        session._data[qid] = d

    # The current question: the saved one, else the next of the file's questions still in the guide.
    current = st["current_question"]
    if current not in guide_ids:
        order = [q["id"] for q in data["questions"]]
        after = order[order.index(current) + 1 :] if current in order else []
        current = next((qid for qid in after if qid in guide_ids), guide.questions[0].id)
    session._current = current
    session._current_since = elapsed_ms

    session.bookmarks = [
        Bookmark(b["at_seconds"], b["label"], b["question"]) for b in data.get("bookmarks", [])
    ]
    session.events = [
        Event(e["at_seconds"], e["action"], e["question"], e.get("value"))
        for e in data.get("events", [])
    ]
    session._undo.clear()
    session._redo.clear()

    g = data["guide"]
    recon = Reconciliation(
        hash_matched=g["sha256"] == guide.sha256,
        saved_sha256=g["sha256"],
        guide_sha256=guide.sha256,
        added=tuple(q.id for q in guide.questions if q.id not in in_file),
        removed=tuple(session.removed),
        changed_text=tuple(changed_text),
        restored=tuple(
            q["id"] for q in data["questions"] if q.get("removed") and q["id"] in guide_ids
        ),
    )
    if log_resume:
        when = session._wallclock().isoformat()
        value = f"{when}; {recon.summary()}"
        session.events.append(Event(session.elapsed, "resume", session.current, value))
    return session, recon

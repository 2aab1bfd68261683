"""Finding and reading session files for the analysis commands (pure; no textual).

Session files are parsed with the compiled `tomli` where it is installed (the
`fast` extra; the same API as the standard library's `tomllib`, about 2.5 times
faster) and with `tomllib` otherwise, then checked with the session core's own
validation (`prompter.session.read.check_session_data`), so that a file is accepted
here exactly when `prompter resume` would accept it.

Files that cannot be used are not fatal: each is reported as one line naming
it, collected in `Loaded.skipped`, and the rest is still read. Many files are
read by a small pool of processes where cores are idle. Figures and the reasons
for each of these choices: docs/benchmarks.md, "Tally over 2,000 sessions".

`SessionStream` hands the sessions over one at a time, oldest first, and keeps
none: a light first pass reads only each file's head (up to its first `[[`) for
its start time and id, the files are sorted by those, and each is then read
whole, validated, given to the caller and dropped. Memory stays flat in the
number of files (docs/benchmarks.md, "Memory of tally and export").
`load_sessions` is the same stream kept in a list, for callers that need it.

Longer than most modules on purpose: finding, ordering (a light first pass) and
streaming session files for every analysis command share one record type and the
filters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

try:  # the compiled parser of the `fast` extra
    import tomli as _toml

    PARSER = "tomli"
except ImportError:  # absent (or blocked): the standard library's, same API
    import tomllib as _toml

    PARSER = "tomllib"

from prompter.errors import SessionFileError
from prompter.files import NotReadable, read_regular
from prompter.gcpause import gc_paused
from prompter.session.paths import is_emergency_copy
from prompter.session.read import (
    MAX_FILE_BYTES,
    check_session_data,
    is_seconds,
    is_strings,
    load_session_toml,
)
from prompter.session.timeline import RecordingClock, timing_events

SUFFIX = ".toml"
# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 200
CHUNK = 64
# Chunks a pool has in hand at once, per process: enough to keep it busy, few
# enough that results waiting for their turn take little memory.
WINDOW = 2


@dataclass(slots=True)
class SessionRecord:
    """One valid session file: its path and its parsed data (without `[[events]]`)."""

    path: str
    data: dict
    _clock: RecordingClock | None = field(default=None, compare=False, repr=False)

    @property
    def session(self) -> dict:
        return self.data["session"]

    @property
    def guide(self) -> dict:
        return self.data["guide"]

    @property
    def questions(self) -> list[dict]:
        return self.data["questions"]

    @property
    def id(self) -> str:
        return self.data["session"]["id"]

    @property
    def participant(self) -> str:
        return self.data["session"]["participant"]

    @property
    def started_at(self) -> datetime:
        return self.data["session"]["started_at"]

    def recording_time(self, at_seconds: float | None) -> float | None:
        """Session seconds as seconds into the recording, where the recording was marked
        (None otherwise, and for an absurd time from a damaged file)."""
        offset = self.data["session"].get("recording_offset_seconds")
        if at_seconds is None or offset is None:
            return None
        if self._clock is None:  # the rule, with the pauses: prompter.session.timeline
            events = self.data.get("timing_events")  # set by read_session from the log
            if events is None:
                events = self.data.get("events", [])
            self._clock = RecordingClock(events, offset)
        seconds = self._clock.at(at_seconds)
        return seconds if abs(seconds) < 1e12 else None

    def moment(self, at_seconds: float | None) -> str:
        """'12:34' of session time, with the recording time where the recording was
        marked ('12:34 (recording 00:02:10)'); '' for no time."""
        from prompter.timefmt import clock, recording_moment

        if at_seconds is None:
            return ""
        rec_s = self.recording_time(at_seconds)
        return clock(at_seconds) + (f" ({recording_moment(rec_s)})" if rec_s is not None else "")


@dataclass(slots=True)
class Filters:
    """Which sessions to keep; every given criterion must hold."""

    guides: list[str] = field(default_factory=list)  # titles or sha256 (prefixes of >= 6)
    interviewers: list[str] = field(default_factory=list)
    since: date | None = None
    finished_only: bool = False

    def keep(self, rec: SessionRecord) -> bool:
        s = rec.data["session"]
        if self.finished_only and s.get("state") != "finished":
            return False
        if self.since is not None and s["started_at"].date() < self.since:
            return False
        if self.interviewers:
            who = s.get("interviewer", "").strip().casefold()
            if who not in {i.strip().casefold() for i in self.interviewers}:
                return False
        if self.guides:
            g = rec.data["guide"]
            if not any(guide_matches(g, want) for want in self.guides):
                return False
        return True


_HEX = re.compile(r"[0-9a-fA-F]{6,64}\Z")


def guide_matches(guide: dict, want: str) -> bool:
    """`want` is the guide's title (any case) or its sha256 or a prefix of it (>= 6 digits)."""
    if guide.get("title", "").strip().casefold() == want.strip().casefold():
        return True
    return bool(_HEX.match(want)) and guide.get("sha256", "").lower().startswith(want.lower())


@dataclass(slots=True)
class Loaded:
    """Sessions read all at once (`load_sessions`), and what happened to the other files."""

    sessions: list[SessionRecord]  # valid and kept, by start time, then id, then path
    skipped: list[str]  # one line per file that could not be used
    found: int  # files found
    filtered_out: int  # valid files that the filters left out
    notes: list[str] = field(default_factory=list)  # emergency copies and originals: which used


def with_parents(codes) -> list[str]:
    """Code paths with every parent path added, each once, parents first:
    ['Coherence/Differentiation'] -> ['Coherence', 'Coherence/Differentiation']."""
    out: dict[str, None] = {}
    for code in codes:
        parts = code.split("/")
        for i in range(1, len(parts) + 1):
            out.setdefault("/".join(parts[:i]), None)
    return list(out)


def find_files(paths: list[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Session files named by `paths`: files as given, folders searched recursively for
    `*.toml`. Returns the files (each once, in order) and one line per missing path."""
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            try:
                # Everything but sub-folders named *.toml: broken links, FIFOs and
                # the like are reported by the reader.
                found = sorted(q for q in path.rglob(f"*{SUFFIX}") if not q.is_dir())
            except OSError as e:
                problems.append(f"{path}: cannot search the folder: {e.strerror or e}")
                continue
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, problems


def _tidy(data: dict) -> dict:
    """The parts the session core does not validate, made safe to use: [[codes]]
    entries with a string `path`, [[sections]] with an array of strings `path`
    (and `seconds_spent` a number, where given); anything else is left out."""
    codes = data.get("codes")
    data["codes"] = (
        [c for c in codes if type(c) is dict and type(c.get("path")) is str and c["path"]]
        if type(codes) is list
        else []
    )
    sections = data.get("sections")
    tidy = []
    if type(sections) is list:
        for sec in sections:
            if type(sec) is dict and is_strings(sec.get("path")):
                if "seconds_spent" in sec and not is_seconds(sec["seconds_spent"]):
                    sec = {k: v for k, v in sec.items() if k != "seconds_spent"}
                tidy.append(sec)
    data["sections"] = tidy
    return data


def read_session(path: str | os.PathLike, *, keep_events: bool = False) -> dict:
    """Read and validate one session file, as `prompter.session.read.read_session_file`
    does but with the fastest parser available; SessionFileError("PATH: problem")."""
    data = load_session_toml(path, _toml)
    check_session_data(path, data)
    # Pauses and recording marks, for recording times (replacing any such key in the file).
    data["timing_events"] = timing_events(data.get("events") or [])
    if not keep_events:
        data.pop("events", None)  # the rest is not used by the analysis; smaller to pass around
    return _tidy(data)


def _read_one(path: str, keep_events: bool = False) -> tuple[dict | None, str | None]:
    """(data, None) for a usable file, (None, the line saying why not) otherwise."""
    try:
        return read_session(path, keep_events=keep_events), None
    except SessionFileError as e:
        return None, str(e)
    except Exception as e:  # never a traceback for one bad file
        return None, f"{path}: cannot read: {type(e).__name__}"


def _read_chunk(
    paths: list[str], keep_events: bool = False
) -> list[tuple[str, dict | None, str | None]]:
    return [(p, *_read_one(p, keep_events)) for p in paths]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Processes to read with: one per core that is idle, counting this one, up to 8.

    A pool costs about a third more work in all (results are pickled back), so
    it pays only with idle cores: measured on a busy machine, two processes were
    slower than one (docs/benchmarks.md). The 1-minute load average tells.
    """
    n = cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return max(1, min(n, 8, int(n - load + 1)))


# A table header naming `session` after the head: the head alone cannot tell the
# session's keys (rare; such a file is read whole in the first pass).
_LATER_SESSION_TABLE = re.compile(rb"\n[ \t]*\[[ \t]*[\"']?session[\"']?[ \t]*[.\]]")


def head_key(path: str) -> tuple[datetime, str, bool] | None:
    """(started_at, id, whether it has `[session.extra]` keys) from the file's head, the
    TOML before its first `[[` line, or None where the head alone cannot tell (then
    the file is read whole). A file whose whole text is valid TOML defines these keys
    once, in its head, so they are the values a full read gives."""
    try:  # whole: what follows the head is checked
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotReadable:
        return None
    cut = raw.find(b"\n[[")
    if cut < 0:
        return None
    try:
        head = _toml.loads(raw[: cut + 1].decode("utf-8"))
    except Exception:  # not TOML, not UTF-8: the full read words the problem
        return None
    s = head.get("session")
    if not (
        type(s) is dict
        and type(s.get("id")) is str
        and type(s.get("started_at")) is datetime
        and s["started_at"].utcoffset() is not None
    ):
        return None
    rest = raw[cut:]
    if len(raw) > MAX_FILE_BYTES or _LATER_SESSION_TABLE.search(rest):
        return None  # too large (the full read says so), or a later [session...] table
    return s["started_at"], s["id"], bool(s.get("extra"))


class SessionStream:
    """The usable session files under `paths` that pass `filters`, one `SessionRecord`
    at a time, oldest first (by start time, then id, then path), none kept.

    A session in a file and in its emergency copy (prompter.session.writer) is handed
    over once, from the newer of the two (the one that has recorded more), and `notes`
    says which; other files of one session id are each handed over (`duplicates()`).

    Iterate once. Then `skipped` (one line per file that could not be used, in the
    order of the files found), `found`, `filtered_out`, `kept`, `notes` and
    `duplicates()` tell what happened. `may_have_extra`: whether any file has `[session.extra]` keys
    (known before iterating, from the first pass).
    """

    def __init__(
        self,
        paths: list[str | os.PathLike],
        filters: Filters | None = None,
        *,
        jobs: int | None = None,
        keep_events: bool = False,
    ):
        files, self._problems = find_files(paths)
        self.found = len(files)
        self.filters = filters or Filters()
        self.jobs, self.keep_events = jobs, keep_events
        self.filtered_out = 0
        self.kept = 0
        self.may_have_extra = False
        self._errors: list[tuple[int, str]] = []  # (index of the file, line)
        self._later: list[str] = []  # sessions the caller could not use (`skip`)
        self._first_path: dict[str, str] = {}  # session id -> its first file
        self._more_paths: dict[str, list[str]] = {}  # session id -> its other files
        self.notes: list[str] = []  # which of a file and its emergency copy was used
        self._order = self._sorted([str(f) for f in files])

    def _sorted(self, files: list[str]) -> list[tuple[int, str]]:
        """(index, path) of the files, by start time, id, path: from each file's head
        where it tells, else from the whole file (one that fails is skipped)."""
        keyed = []
        for i, path in enumerate(files):
            key = head_key(path)
            if key is None:
                data, error = _read_one(path)
                if error is not None:
                    self._errors.append((i, error))
                    continue
                s = data["session"]
                key = (s["started_at"], s["id"], bool(s.get("extra")))
            self.may_have_extra |= key[2]
            keyed.append((key[0], key[1], path, i))
        keyed.sort(key=lambda k: k[:3])
        return [(i, path) for _, _, path, i in keyed]

    def __iter__(self) -> Iterator[SessionRecord]:
        # The files of one session are next to each other (the order is by start time,
        # then id): a record waits for the next, which may be another version of it.
        held = None
        for i, path, data, error in self._read():
            if error is not None:
                self._errors.append((i, error))
                continue
            rec = SessionRecord(path, data)
            if held is not None and _versions(held, rec):
                held = self._newer(held, rec)
                continue
            if held is not None:
                yield from self._hand_over(held)
            held = rec
        if held is not None:
            yield from self._hand_over(held)

    def _hand_over(self, rec: SessionRecord) -> Iterator[SessionRecord]:
        if not self.filters.keep(rec):
            self.filtered_out += 1
            return
        self.kept += 1
        sid = rec.id
        if sid in self._first_path:
            self._more_paths.setdefault(sid, []).append(rec.path)
        else:
            self._first_path[sid] = rec.path
        yield rec

    def _newer(self, a: SessionRecord, b: SessionRecord) -> SessionRecord:
        """Of a session file and its emergency copy, the one that has recorded more (more
        events, then more session time; the copy if they are even), said in `notes`."""
        copy, other = (a, b) if is_emergency_copy(a.path) else (b, a)
        ranks = {id(r): (*_recorded(r), r is copy) for r in (copy, other)}
        newer, older = sorted((copy, other), key=lambda r: ranks[id(r)], reverse=True)
        self.notes.append(
            f"note: session {copy.id}: {copy.path} is an emergency copy of {other.path}; "
            f"using the newer, {newer.path} ({ranks[id(newer)][0]} events, "
            f"against {ranks[id(older)][0]})"
        )
        return newer

    def _read(self):
        """(index, path, data, error) of each file in order; by a pool of processes
        that has at most WINDOW chunks per process in hand, where that pays."""
        order = self._order
        jobs = default_jobs() if self.jobs is None else max(1, self.jobs)
        if jobs == 1 or len(order) < POOL_MIN_FILES or self.keep_events:
            # With the event logs, pickling the results back would cost more than it saves.
            for i, path in order:
                yield (i, path, *_read_one(path, self.keep_events))
            return
        chunks = [order[k : k + CHUNK] for k in range(0, len(order), CHUNK)]
        done = 0
        try:
            from collections import deque
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
                pending: deque = deque()
                while done < len(chunks):
                    while done + len(pending) < len(chunks) and len(pending) < WINDOW * jobs:
                        chunk = chunks[done + len(pending)]
                        pending.append(pool.submit(_read_chunk, [p for _, p in chunk]))
                    results = pending[0].result()
                    pending.popleft()
                    for (i, _), result in zip(chunks[done], results, strict=True):
                        yield (i, *result)
                    done += 1
        except (OSError, ImportError, RuntimeError):  # no processes here (sandbox, no sem_open)
            pass
        for chunk in chunks[done:]:  # what the pool did not read
            for i, path in chunk:
                yield (i, path, *_read_one(path))

    @property
    def unreadable(self) -> list[str]:
        """A line per path or file that could not be read or used, in the order found."""
        return [*self._problems, *(line for _, line in sorted(self._errors))]

    @property
    def skipped(self) -> list[str]:
        """`unreadable`, then the sessions the caller could not use (`skip`)."""
        return [*self.unreadable, *self._later]

    def skip(self, line: str) -> None:
        """Count a session the caller could not use (said by the caller) as skipped."""
        self._later.append(line)

    def duplicates(self) -> dict[str, list[str]]:
        """Session id -> its files, for ids in more than one file, in order."""
        return {sid: [self._first_path[sid], *more] for sid, more in self._more_paths.items()}


def _versions(a: SessionRecord, b: SessionRecord) -> bool:
    """Whether `a` and `b` are a session file and its emergency copy (or two copies)."""
    return (
        (is_emergency_copy(a.path) or is_emergency_copy(b.path))
        and a.id == b.id
        and a.participant == b.participant
        and a.started_at == b.started_at
    )


def _recorded(rec: SessionRecord) -> tuple[int, float]:
    """(events, session time) a session file has recorded; its events read again unless
    it was read with them."""
    events = rec.data.get("events")
    if events is None:
        try:
            events = read_session(rec.path, keep_events=True).get("events") or []
        except SessionFileError:
            events = []
    return len(events), float(rec.session.get("elapsed_seconds") or 0.0)


def load_sessions(
    paths: list[str | os.PathLike],
    filters: Filters | None = None,
    *,
    jobs: int | None = None,
    keep_events: bool = False,
) -> Loaded:
    """Every usable session file under `paths` that passes `filters` (with their
    `[[events]]` where `keep_events`: for timelines and transcripts), all in memory:
    `SessionStream` gives them one at a time instead."""
    stream = SessionStream(paths, filters, jobs=jobs, keep_events=keep_events)
    # Kept in a list, the parsed files make many objects that live to the end and form
    # no cycles: the cyclic garbage collector would go over them again and again.
    with gc_paused():
        kept = list(stream)
    return Loaded(kept, stream.skipped, stream.found, stream.filtered_out, stream.notes)


def empty_message(loaded: Loaded, paths) -> str:
    """Why there is nothing to analyse, in one line."""
    where = ", ".join(str(p) for p in paths)
    if loaded.filtered_out:
        n = loaded.filtered_out
        return f"no sessions match the filters ({n} session file{'s' * (n != 1)} read, none kept)"
    if loaded.found:
        return f"no usable session files in {where}"
    return f"no session files (*.toml) found in {where}"


# ------------------------------------------------------------ transcripts


@dataclass(slots=True)
class SessionTranscript:
    """A session's transcript lined up with its timeline: the cues of each question."""

    path: str
    transcript: object  # prompter.transcript.Transcript
    shift: float
    timeline: object  # prompter.session.timeline.Timeline
    assignment: object  # prompter.transcript.Assignment
    how: str  # "attached" or "found"

    @property
    def by_question(self) -> dict:
        return self.assignment.by_question

    def question_of(self) -> dict[int, str]:
        """id(cue) -> the question it was given to."""
        return {id(c): q for q, cues in self.by_question.items() for c in cues}


def session_timeline(rec: SessionRecord):
    """The timeline of a session; its events are read again from its file unless it
    was read with them (`load_sessions(keep_events=True)`)."""
    from prompter.session.timeline import timeline_of

    data = rec.data
    if data.get("events") is None:
        data = read_session(rec.path, keep_events=True)
    return timeline_of(data)


def session_transcript(
    rec: SessionRecord, transcripts_dir=None, align: str | None = None
) -> SessionTranscript | None:
    """The session's transcript: the one attached to it (`prompter transcript attach`),
    else one found in `transcripts_dir` by the session's id or participant; None if
    neither. TranscriptError (one line naming the file) if it cannot be used. Its cues
    go to questions by `align` ("text": the keys and the words; "timeline": the keys
    alone), by default as it was attached, else "text"."""
    from prompter.transcript import attached_transcript, find_transcript, read_transcript
    from prompter.transcript.align import cut

    found = attached_transcript(rec.path, rec.data)
    how = "attached"
    if found is None and transcripts_dir is not None:
        path = find_transcript(rec, transcripts_dir)
        if path is not None:
            found, how = (read_transcript(path), 0.0), "found"
    if found is None:
        return None
    transcript, shift = found
    timeline = session_timeline(rec)
    attached = rec.data.get("transcript")
    if align is None and how == "attached" and isinstance(attached, dict):
        align = attached.get("align")
    assignment = cut(transcript, timeline, shift, rec.data, align or "text")
    return SessionTranscript(transcript.path, transcript, shift, timeline, assignment, how)

"""The journal of a large session file (docs/session-format.md, "Journal (large guides)").

While a session file is large, its writer saves a key by appending one record to
`.NAME.toml.journal` beside it instead of rewriting the whole file; every reader folds
the journal's records into the file's data. This module holds the journal's format:
where it lives, how a record is framed, the writer's side of the file (`JournalFile`)
and the reader's fold (`fold`). What goes into a record is the writer's business
(prompter/session/writer.py). Pure Python; no textual.

The format:

    #prompter-journal 1 <sha256 of the session file's bytes> <their length>\\n
    #record <seq> <length of the body in bytes> <crc32 of the body, 8 hex digits>\\n
    <body: a TOML document of `length` bytes>
    #record ...

The first line names the version of the file the records continue: a journal written
against another version (a whole save happened since, or the file was replaced) is
ignored. Records are numbered from 1. A body holds absolute values, so that applying a
record twice changes nothing: `events_from` (an integer) and the `[session]` table,
always; then the whole entries that changed: `[[questions]]` (by `id`), `[[sections]]`
(with `at`, the entry's position), `bookmarks` (the whole array, when it changed) and
`[[events]]` (the log from `events_from` on).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from prompter.errors import SessionFileError, reason
from prompter.session.atomic import fsync_folder

# The rest is imported where it is used: the writer's side (`prompter run` starting)
# loads no TOML parser and no session checks, and a reader of a file without a
# journal (`tally FILE`) no hashlib and no tomli_w (tests/stream/test_quick_imports.py).

VERSION = 1
MAX_JOURNAL_BYTES = 64 * 1024 * 1024  # as for a session file; a writer compacts at 1 MiB

# Compiled at their first use (re's cache), not when `prompter run` starts.
_HEADER = rb"#prompter-journal (\d{1,6}) ([0-9a-f]{64}) (\d{1,12})"
_RECORD = rb"#record (\d{1,12}) (\d{1,12}) ([0-9a-f]{8})"
_HEADER_START = b"#prompter-journal "
_LONGEST_LINE = 120  # a header or record line is shorter; a longer first line is not ours
_RECORD_KEYS = frozenset({"events_from", "session", "questions", "sections", "bookmarks", "events"})


def journal_path(path: str | os.PathLike) -> Path:
    """`.NAME.toml.journal` beside `NAME.toml`: hidden, and never matching `*.toml`."""
    path = Path(path)
    return path.with_name(f".{path.name}.journal")


def header_line(base: bytes) -> bytes:
    """The journal's first line, naming the version of the file its records continue."""
    import hashlib

    digest = hashlib.sha256(base).hexdigest()
    return b"#prompter-journal %d %s %d\n" % (VERSION, digest.encode("ascii"), len(base))


def encode_record(
    seq: int,
    *,
    events_from: int,
    session: dict,
    questions: list[dict],
    sections: list[dict],
    bookmarks: list[dict] | None,
    events: list[dict],
) -> bytes:
    """One framed record. `sections` entries carry `at`, their position in [[sections]];
    `bookmarks` is None when they did not change."""
    import zlib

    import tomli_w

    body: dict = {"events_from": events_from, "session": session}
    if questions:
        body["questions"] = questions
    if sections:
        body["sections"] = sections
    if bookmarks is not None:
        body["bookmarks"] = bookmarks
    if events:
        body["events"] = events
    data = tomli_w.dumps(body).encode("utf-8")
    return b"#record %d %d %08x\n" % (seq, len(data), zlib.crc32(data)) + data


# ----------------------------------------------------------------- the writer's side

_CREATE = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class JournalFile:
    """The journal as its one writer (the holder of the session's lock) keeps it.

    Created (0600, never through a link or over anything already there) by the first
    `append` after a whole save, kept open, emptied by `restart` after each whole save.
    Any failure leaves it `broken` until the next `restart`: the writer then saves the
    whole file, never appends after a record that may be torn.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None
        self.header: bytes | None = None  # the first line, for the file's current version
        self.records = 0  # records since the latest whole save
        self.size = 0  # their bytes, the header included
        self.broken = False  # an append or an emptying failed: no append until `restart`
        self.usable = True  # False if nothing can ever be made at its name (a folder is there)
        self.owned = False  # True once a whole save made the journal this writer's
        self._maybe_on_disk = True  # a journal from before this writer may be there

    def restart(self, base: bytes | None) -> None:
        """After a whole save of `base` (the file's bytes): no record is pending. With
        `base`, the next records continue that version; None: no record will be written
        until the next restart. A journal left by an earlier writer is removed."""
        self.records = self.size = 0
        self.header = header_line(base) if base is not None else None
        self.owned = True
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
                os.fsync(self.fd)
                self.broken = False
                return
            except OSError:
                self._close()  # made again by the next append
        if self._maybe_on_disk:
            self.remove()
        self.broken = False

    def append(self, record: bytes) -> None:
        """Append one record (after the header, for the first one) with one write, then
        fsync: the record is on disk when this returns. OSError if not; `broken` then."""
        if self.header is None or self.broken or not self.usable:
            raise OSError(0, "the journal is not open for records")
        try:
            if self.fd is None:
                self._create()
            data = (self.header if self.records == 0 else b"") + record
            written = os.write(self.fd, data)
            if written != len(data):
                raise OSError(0, "the journal was cut short (disk full?)")
            os.fsync(self.fd)
        except OSError:
            self.broken = True
            raise
        self.records += 1
        self.size += len(data)

    def _create(self) -> None:
        # Made now, or something else is in the way: either way the next restart removes it.
        self._maybe_on_disk = True
        fd = os.open(self.path, _CREATE, 0o600)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # O_EXCL made it: only a regular file can be
                raise OSError(0, "not a regular file")
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        fsync_folder(self.path.parent)  # the new name itself is on disk

    def remove(self) -> None:
        """Close and delete the journal (a link or anything else at its name included)."""
        self._close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        except OSError:
            self.usable = False  # a folder, or not ours: saves stay whole
            return
        self._maybe_on_disk = False

    def _close(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None

    def close(self) -> None:
        """Close it; it is deleted if it is this writer's and holds no record (the file
        alone holds everything). Another's journal (read-only, nothing saved) stays."""
        if self.owned and self.records == 0 and not self.broken:
            self.remove()
        else:
            self._close()


# ----------------------------------------------------------------- the readers' side

STALE = object()  # `fold`: the journal continues another version of the file


class JournalError(SessionFileError):
    """A journal that cannot be used; the message names it and says the file is intact."""


def _refuse(jp: Path, session_path, problem: str):
    from shlex import quote

    from prompter.text import visible

    raise JournalError(
        f"{jp}: {visible(problem)}. The session file {Path(session_path).name} itself is "
        f"intact but lacks the changes this journal holds: to use the file as last saved "
        f"whole, move the journal aside (mv {quote(str(jp))} {quote(str(jp) + '.bad')})"
    )


def _read_journal(jp: Path, session_path) -> bytes | None:
    """The journal's bytes; None if there is none. Only a regular file is read, never
    through a link."""
    from prompter import files

    try:
        return files.read_regular(jp, MAX_JOURNAL_BYTES, follow_links=False)[0]
    except files.NotReadable as e:
        if e.kind == files.MISSING:
            return None
        if os.path.islink(jp):
            _refuse(jp, session_path, "is a symbolic link, not a journal prompter wrote")
        if e.kind in (files.FOLDER, files.SPECIAL):
            _refuse(jp, session_path, "not a regular file, not a journal prompter wrote")
        if e.kind == files.TOO_LARGE:
            _refuse(jp, session_path, f"larger than {MAX_JOURNAL_BYTES // 2**20} MiB")
        _refuse(jp, session_path, f"cannot read: {reason(e.error)}")


def split_journal(blob: bytes, jp: Path, session_path) -> tuple[tuple[str, int] | None, list]:
    """((sha256, length) of the file the journal continues, [(seq, body), ...]) from a
    journal's bytes. A first save cut short (a torn header) gives (None, []). A torn or
    damaged record ends the list: it and everything after it are left out. A first line
    that is not a journal's is refused."""
    import zlib

    end = blob.find(b"\n", 0, _LONGEST_LINE)
    if end < 0:
        if len(blob) < _LONGEST_LINE and _HEADER_START.startswith(blob[: len(_HEADER_START)]):
            return None, []  # the first append was cut short
        _refuse(jp, session_path, "not a prompter journal (no journal header)")
    m = re.fullmatch(_HEADER, blob[:end])
    if m is None:
        _refuse(jp, session_path, "not a prompter journal (no journal header)")
    if int(m[1]) != VERSION:
        _refuse(jp, session_path, f"written by another prompter (journal version {int(m[1])})")
    base = (m[2].decode("ascii"), int(m[3]))
    records = []
    pos = end + 1
    while pos < len(blob):
        nl = blob.find(b"\n", pos, pos + _LONGEST_LINE)
        f = re.fullmatch(_RECORD, blob[pos:nl]) if nl >= 0 else None
        if f is None:
            break  # torn (the last append was cut short) or damaged: replay ends here
        seq, length, crc = int(f[1]), int(f[2]), int(f[3], 16)
        body = blob[nl + 1 : nl + 1 + length]
        if seq != len(records) + 1 or len(body) != length or zlib.crc32(body) != crc:
            break
        records.append((seq, body))
        pos = nl + 1 + length
    return base, records


def fold(data: dict, raw: bytes, session_path, toml=None):
    """`data`, the parsed session file whose bytes are `raw`, with its journal's records
    applied in order (in place), parsed with `toml` (tomllib's API; tomllib if None);
    `data` alone if there is no journal or no complete record. `STALE` if the journal
    continues another version of the file. JournalError (one line naming the journal)
    if the journal cannot be used."""
    if os.path.islink(session_path):  # read through a link: the journal is the file's
        session_path = os.path.realpath(session_path)
    jp = journal_path(session_path)
    blob = _read_journal(jp, session_path)
    if not blob:
        return data
    base, records = split_journal(blob, jp, session_path)
    if base is None or not records:
        return data
    import hashlib

    if base[1] != len(raw) or base[0] != hashlib.sha256(raw).hexdigest():
        return STALE
    if not (isinstance(data, dict) and _shaped(data)):
        return data  # the file itself is refused by the check that follows, naming it
    if toml is None:
        import tomllib as toml
    # Where each question is: a record replaces entries, it never moves or adds one.
    where = {q.get("id"): i for i, q in enumerate(data.get("questions", [])) if type(q) is dict}
    for seq, body in records:
        rec = _parse(body, toml, jp, session_path, seq)
        _apply(data, rec, where, jp, session_path, seq)
    return data


def _shaped(data: dict) -> bool:
    """Whether the file has the arrays a record changes (else the file is refused anyway)."""
    return all(
        isinstance(data.get(key, []), list) for key in ("questions", "sections", "events")
    ) and isinstance(data.get("session"), dict)


def _parse(body: bytes, toml, jp, session_path, seq: int) -> dict:
    try:
        return toml.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, toml.TOMLDecodeError, RecursionError, ValueError):
        _refuse(jp, session_path, f"record {seq} is not valid TOML")
    except Exception as e:  # the parsers document no other errors; stay one line anyway
        _refuse(jp, session_path, f"record {seq} is not valid TOML ({type(e).__name__})")


def _tables(rec: dict, key: str, jp, session_path, seq: int) -> list[dict]:
    v = rec.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        _refuse(jp, session_path, f"record {seq}: {key} must be an array of tables")
    return v


def _apply(data: dict, rec: dict, where: dict, jp, session_path, seq: int) -> None:
    """Apply one record to `data` (`where`: the position of each question id), after
    checking that it is well formed and fits."""

    def refuse(problem: str):
        _refuse(jp, session_path, f"record {seq}: {problem}")

    from prompter.session.read import validate_session_data
    from prompter.vocabulary import SCHEMA_VERSION

    unknown = sorted(set(rec) - _RECORD_KEYS)
    if unknown:
        refuse(f"unknown key {unknown[0]!r}")
    events_from = rec.get("events_from")
    if type(events_from) is not int or events_from < 0:
        refuse("events_from must be a number of events from 0")
    session = rec.get("session")
    if not isinstance(session, dict):
        refuse("no [session] table")
    questions = _tables(rec, "questions", jp, session_path, seq)
    sections = _tables(rec, "sections", jp, session_path, seq)
    bookmarks = _tables(rec, "bookmarks", jp, session_path, seq)
    events = _tables(rec, "events", jp, session_path, seq)
    # The same strict check as a session file's, on what the record brings.
    problems = validate_session_data(
        {
            "schema_version": SCHEMA_VERSION,
            "session": session,
            "guide": {"title": "", "sha256": ""},
            "questions": questions,
            "bookmarks": bookmarks,
            "events": events,
        }
    )
    if problems:
        refuse(problems[0])

    # Does it fit the file? Every entry it replaces must be there.
    for q in questions:
        if q["id"] not in where:
            refuse(f"question id {q['id']!r} is not in the session file")
    file_sections = data.get("sections", [])
    for s in sections:
        at = s.get("at")
        if (
            type(at) is not int
            or not 0 <= at < len(file_sections)
            or type(file_sections[at]) is not dict
            or file_sections[at].get("path") != s.get("path")
        ):
            refuse(f"section {s.get('path')!r} at {at!r} is not in the session file")
    file_events = data.get("events", [])
    if events_from > len(file_events):
        refuse(f"events_from {events_from} is beyond the {len(file_events)} events before it")

    data["session"] = session
    for q in questions:
        data["questions"][where[q["id"]]] = q
    for s in sections:
        file_sections[s["at"]] = {k: v for k, v in s.items() if k != "at"}
    if "bookmarks" in rec:
        data["bookmarks"] = bookmarks
    file_events[events_from:] = events
    data["events"] = file_events

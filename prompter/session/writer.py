"""Saving one session to its file after every action (pure Python; no textual).

`SessionWriter` owns the render cache of its session, so that a save re-renders
only what changed since the previous one. While the file is large, a save appends
what changed to the file's journal instead, and the whole file is written again only
now and then (prompter/session/journal.py; docs/session-format.md, "Journal").
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from prompter.errors import SessionFileError, reason
from prompter.session.atomic import glob_escape, write_atomic
from prompter.session.journal import JournalFile, encode_record, journal_path
from prompter.session.lock import SessionLock
from prompter.session.model import Session
from prompter.session.render import (
    LogPlace,
    RenderCache,
    bookmark_entry,
    dynamic_key,
    event_entry,
    question_entry,
    section_entry,
    session_table,
    session_to_toml,
)

# A file larger than this is saved through its journal (500 to 650 questions; the
# bundled guides' files, 30 to 100 KiB, never are). The whole file is written again
# once the journal holds this many records or bytes (docs/benchmarks.md).
JOURNAL_THRESHOLD = 256 * 1024
JOURNAL_MAX_RECORDS = 200
JOURNAL_MAX_BYTES = 1024 * 1024

# Actions that only look: a finished session they follow is not reopened.
_LOOKING = frozenset({"goto"})


def _substance(session: Session) -> tuple:
    """What a session records, apart from where it is and its clock: the data that a
    change changes (statuses, probes, notes, first marks, bookmarks, recording mark)."""
    states = []
    for qid in session.question_ids():
        st = session.question_state(qid)
        states.append((qid, st.status, st.probes_used, st.note, st.first_marked_seconds))
    return (tuple(states), tuple(session.bookmarks), session.recording_offset, session.state)


def emergency_folders() -> list[Path]:
    """Where emergency copies go, in order of preference: the user's data folder
    (platformdirs), else the temporary folder."""
    folders = []
    try:
        import platformdirs

        folders.append(Path(platformdirs.user_data_dir("prompter")) / "emergency")
    except Exception:  # not installed, or no home: the temporary folder will do
        pass
    import tempfile

    folders.append(Path(tempfile.gettempdir()) / f"prompter-emergency-{os.getuid()}")
    return folders


def ensure_private_folder(folder: Path) -> None:
    """`folder` (0700, parents made as needed), refusing one that is a link or not ours."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.lstat(folder)
    import stat

    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        raise OSError(0, "not a private folder of this user")
    os.chmod(folder, 0o700)


def _free_name(folder: Path, name: str) -> Path:
    stem = name.removesuffix(".toml")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stem}.emergency-{stamp}.toml"
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}.emergency-{stamp}_{n}.toml"
        n += 1
    return path


class SessionSaveError(SessionFileError, OSError):
    """A save failed. It is a SessionFileError (one line naming the file) and also an
    OSError carrying the `errno` and `strerror` of the failure, where there was one."""

    def __init__(self, message: str, cause: OSError | None = None):
        if cause is not None and cause.errno is not None:
            OSError.__init__(self, cause.errno, reason(cause))
        else:
            OSError.__init__(self, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def save_session(
    session: Session,
    path: str | os.PathLike,
    *,
    exclusive: bool = False,
    cache: RenderCache | None = None,
) -> bytes:
    """Write the session to `path` atomically (see `write_atomic`); returns the bytes
    written.

    Raises SessionSaveError (a SessionFileError and an OSError) on failure; the
    file on disk is then the previous complete version, untouched.
    """
    data = session_to_toml(session, cache).encode("utf-8")
    _write_file(path, data, exclusive)
    return data


def _write_file(path, data: bytes, exclusive: bool) -> None:
    try:
        write_atomic(path, data, exclusive=exclusive)
    except FileExistsError:
        raise SessionSaveError(
            f"{path}: already exists; a session file is never overwritten"
        ) from None
    except OSError as e:
        raise SessionSaveError(f"{path}: cannot save the session: {reason(e)}", e) from None


class _Changes:
    """What the next journal record must say: what changed in the session since the
    file's latest whole save and the records appended after it.

    Made right after a whole save, when the render cache holds exactly what the file
    says; the cache is not touched until the next whole save, so that it then
    re-renders everything that changed meanwhile.
    """

    def __init__(self, session: Session, cache: RenderCache):
        self.cache = cache
        self.keys: dict[int, tuple] = {}  # question entries recorded since, by position
        self.spent = list(cache.section_spent)
        self.logged = LogPlace(session.events)  # the events the file and records hold
        self.bookmarks = list(session.bookmarks)
        self.transcript = session.transcript

    def record(self, session: Session, seq: int) -> bytes | None:
        """The next record (framed, numbered `seq`), or None if this save must write the
        whole file: a guide or removed questions changed, the log was rewritten, or every
        question may have changed (a whole save then costs less than a record of them)."""
        cache, events, n = self.cache, session.events, self.logged.n
        if (
            not cache.valid_for(session)
            or not self.logged.follows_on(events)
            or session.transcript != self.transcript
        ):
            return None
        # The cache's own rule: the questions an event since the whole save names, and
        # the ones current then and now (every one after a step that changes several).
        candidates = cache.changed_questions(session)
        if len(candidates) >= len(cache.ids):
            return None
        questions = []
        for i in candidates:
            key = dynamic_key(session, cache.ids[i])
            if self.keys.get(i, cache.keys[i]) != key:
                self.keys[i] = key
                questions.append(question_entry(cache.static(i), key, i >= cache.n_guide))
        sections = []
        all_sections = session.guide.all_sections
        for i, (_, spent, _) in enumerate(session.section_times()):
            if self.spent[i] != spent:
                self.spent[i] = spent
                sections.append({"at": i, **section_entry(all_sections[i], spent)})
        bookmarks = None
        if session.bookmarks != self.bookmarks:
            self.bookmarks = list(session.bookmarks)
            bookmarks = [bookmark_entry(b) for b in self.bookmarks]
        new = events[n:]
        self.logged.move_to(events)
        return encode_record(
            seq,
            events_from=n,
            session=session_table(session),
            questions=questions,
            sections=sections,
            bookmarks=bookmarks,
            events=[event_entry(ev) for ev in new],
        )


class SessionWriter:
    """Saves one session to one file; the screen calls `save()` after every action.

    The first save of a new session creates the file (0600) and fails rather than
    overwrite an existing file; with `resume=True` the file is the one the session
    was loaded from and is replaced from the first save on.

    `lock` (a `SessionLock`) is this file's one-writer lock, released by `close()`.
    With `read_only`, nothing is ever written (`prompter resume --read-only`): `save()`
    refuses, `try_save()` keeps the changes in memory only, and the status line shows
    `read_only`. With `reopen` (a finished session just resumed), nothing is written
    until the data really changes (moving between questions is looking, not changing);
    at the first change the session is reopened (`Session.reopen`, logged with a
    `resume` event whose value is `reopen`) and saved from then on.

    The journal: while the file is larger than `journal_threshold` bytes (None: never)
    and this writer holds the file's lock, a save appends what changed to
    `.NAME.toml.journal` and fsyncs it (the key is then on disk) instead of writing the
    whole file. The whole file is written again (compacted) on the first save, after
    a change of guide, removed questions or a reopened session, once the journal holds
    `journal_max_records` records or `journal_max_bytes` bytes, while the session is
    finished, and whenever `compact()` or `close()` is called; the journal is then
    emptied (removed by `close()`). The screen calls `compact()` when it is idle, when
    the interview is paused or finished, and on leaving.
    """

    def __init__(
        self,
        session: Session,
        path: str | os.PathLike,
        *,
        resume: bool = False,
        lock: SessionLock | None = None,
        read_only: bool = False,
        reopen: str | None = None,
        journal_threshold: int | None = JOURNAL_THRESHOLD,
        journal_max_records: int = JOURNAL_MAX_RECORDS,
        journal_max_bytes: int = JOURNAL_MAX_BYTES,
    ):
        self.session = session
        self.path = Path(path)
        self.lock = lock
        self.read_only = read_only
        self._exists = resume
        self._swept = False
        self.saves = 0
        self.last_save_seconds: float | None = None  # duration of the latest save
        self._cache = RenderCache(session)
        self.journal_threshold = journal_threshold
        self.journal_max_records = journal_max_records
        self.journal_max_bytes = journal_max_bytes
        self._journal = JournalFile(journal_path(self.path))
        self._changes: _Changes | None = None  # None: the next save writes the whole file
        self._file_size = 0  # bytes of the file at its latest whole save
        self.whole_saves = 0  # saves that wrote the whole file (compactions included)
        self.ok = True  # whether the latest save worked
        self.error = ""  # why it did not (the system's words), else ""
        # A finished session waiting for its first change: (what changed in the guide,
        # the events it had, its data as loaded).
        self._untouched = (
            (reopen, len(session.events), _substance(session)) if reopen is not None else None
        )

    @property
    def untouched(self) -> bool:
        """True while a resumed finished session has had no change (its file is as it was)."""
        return self._untouched is not None

    def _still_untouched(self) -> bool:
        what, n_events, substance = self._untouched
        looked = all(ev.action in _LOOKING for ev in self.session.events[n_events:])
        if looked and _substance(self.session) == substance:
            return True
        self.session.log_resume(what, before_event=n_events)
        self.session.reopen(before_event=n_events + 1)
        self._untouched = None
        self._cache.reset(self.session)
        self._changes = None
        return False

    @property
    def journaled(self) -> int:
        """How many records the journal holds that the file does not (0: the file alone
        holds the session as last saved)."""
        return self._journal.records

    def save(self) -> None:
        """Put the session on disk: a journal record, or the whole file (see the class)."""
        if self.read_only:
            raise SessionSaveError(f"{self.path}: opened read-only; nothing is saved")
        if self._untouched is not None and self._still_untouched():
            return
        t0 = time.perf_counter()
        if not self._append():
            self._write_whole()
        self.saves += 1
        self.last_save_seconds = time.perf_counter() - t0
        if not self._swept:
            self._swept = True
            self.remove_stale_temps()

    def _journaling(self) -> bool:
        j = self._journal
        return (
            self._changes is not None
            and self.journal_threshold is not None
            and self._file_size > self.journal_threshold
            and self.lock is not None
            and self.lock.held  # one writer: only the lock's holder appends
            and self.session.state != "finished"  # a finished interview's file is whole
            and j.usable
            and not j.broken
            and j.records < self.journal_max_records
            and j.size < self.journal_max_bytes
        )

    def _append(self) -> bool:
        """Save by appending a record to the journal; False if this save must write the
        whole file instead (see the class), or if the journal failed (the whole file is
        then written, and the journal emptied)."""
        if not self._journaling():
            return False
        record = self._changes.record(self.session, self._journal.records + 1)
        if record is None:
            return False
        try:
            self._journal.append(record)
        except OSError:
            return False
        return True

    def _write_whole(self) -> None:
        """Write the whole file atomically, then empty the journal (a crash in between
        leaves a journal of the file's previous version, which readers ignore)."""
        data = save_session(self.session, self.path, exclusive=not self._exists, cache=self._cache)
        self._exists = True
        self.whole_saves += 1
        self._file_size = len(data)
        self._changes = _Changes(self.session, self._cache)
        may_journal = self.journal_threshold is not None and len(data) > self.journal_threshold
        self._journal.restart(data if may_journal else None)

    def compact(self) -> bool:
        """Write the whole file now if the journal holds records it lacks (the screen
        calls this when idle, paused, finished and on leaving). Returns True if the file
        alone now holds the session as last saved; False if writing it failed (nothing
        is lost: the journal still holds every change, and readers fold it in)."""
        if self.read_only or self._untouched is not None or not self._journal.records:
            return not self._journal.records
        try:
            self._write_whole()
        except OSError:
            return False
        return True

    def try_save(self) -> bool:
        """Save, keeping any failure as `ok`/`error` instead of raising (the screen goes on
        and the next action tries again); returns `ok`. Read-only: nothing is written and
        `ok` stays True (the status line shows `read_only` instead)."""
        if self.read_only:
            return True
        try:
            self.save()
        except OSError as e:
            self.ok, self.error = False, e.strerror or str(e)
        else:
            self.ok, self.error = True, ""
        return self.ok

    def emergency_copy(self) -> Path:
        """Write the session to an emergency copy (see `emergency_path`); returns its path.

        Called when the session file could not be saved at the end: the copy is a
        complete session file that `prompter resume` accepts.
        """
        data = session_to_toml(self.session).encode("utf-8")
        errors = []
        for folder in emergency_folders():
            try:
                ensure_private_folder(folder)
                target = _free_name(folder, self.path.name)
                write_atomic(target, data, exclusive=True)
                return target
            except OSError as e:
                errors.append(f"{folder}: {reason(e)}")
        raise SessionSaveError("no emergency copy could be written (" + "; ".join(errors) + ")")

    def close(self) -> None:
        """Compact (see `compact`), remove the emptied journal and release the lock (the
        process's end would release it too)."""
        try:
            self.compact()
            self._journal.close()
        finally:
            if self.lock is not None:
                self.lock.release()

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

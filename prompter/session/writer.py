"""Saving one session to its file after every action (pure Python; no textual).

Every save writes the whole file atomically (`write_atomic`: a temporary file, fsync,
rename). `SessionWriter` owns the render cache of its session, so that a save
re-renders only what changed since the previous one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from prompter.errors import SessionFileError, reason
from prompter.session.atomic import glob_escape, write_atomic
from prompter.session.lock import SessionLock
from prompter.session.model import Session
from prompter.session.paths import EMERGENCY_MARK
from prompter.session.render import RenderCache, session_to_toml

# Actions that only look: a finished session they follow is not reopened.
_LOOKING = frozenset({"goto", "introduction", "closing", "begin"})


def _substance(session: Session) -> tuple:
    """What a session records, apart from where it is and its clock: the data that a
    change changes (statuses, probes, notes, first marks, bookmarks, recording mark)."""
    states = []
    for qid in session.question_ids():
        st = session.question_state(qid)
        states.append((qid, st.status, st.probes_used, st.note, st.first_marked_seconds))
    return (tuple(states), tuple(session.bookmarks), session.recording_offset, session.state)


def emergency_folders(session_path: str | os.PathLike) -> Iterator[Path]:
    """Where emergency copies go, in order of preference: the user's data folder
    (platformdirs), the sessions folder's parent, the home folder, the temporary folder
    last. Lazily, each on its own: one that cannot even be named (no home, no usable
    temporary folder: `tempfile.gettempdir()` raises) is passed over, never the end."""

    def data_folder() -> Path:
        import platformdirs

        return Path(platformdirs.user_data_dir("prompter")) / "emergency"

    def beside_sessions() -> Path:
        return Path(os.path.abspath(session_path)).parent.parent / "prompter-emergency"

    def home() -> Path:
        return Path.home() / "prompter-emergency"

    def temp() -> Path:
        import tempfile

        return Path(tempfile.gettempdir()) / f"prompter-emergency-{os.getuid()}"

    seen = set()
    for where in (data_folder, beside_sessions, home, temp):
        try:
            folder = where()
        except Exception:  # not installed, no home, every temporary folder full
            continue
        if folder not in seen:
            seen.add(folder)
            yield folder


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
    path = folder / f"{stem}{EMERGENCY_MARK}{stamp}.toml"
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}{EMERGENCY_MARK}{stamp}_{n}.toml"
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
    lock: SessionLock | None = None,
) -> None:
    """Write the session to `path` atomically (see `write_atomic`).

    Raises SessionSaveError (a SessionFileError and an OSError) on failure; the
    file on disk is then the previous complete version, untouched. `lock`: the file's
    one-writer lock, moved to the new file (see `prompter.session.lock`).
    """
    data = session_to_toml(session, cache).encode("utf-8")
    try:
        write_atomic(path, data, exclusive=exclusive, lock=lock)
    except FileExistsError:
        raise SessionSaveError(
            f"{path}: already exists; a session file is never overwritten"
        ) from None
    except OSError as e:
        raise SessionSaveError(f"{path}: cannot save the session: {reason(e)}", e) from None


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
        return False

    def save(self) -> None:
        """Write the whole file atomically (see the class)."""
        if self.read_only:
            raise SessionSaveError(f"{self.path}: opened read-only; nothing is saved")
        if self._untouched is not None and self._still_untouched():
            return
        t0 = time.perf_counter()
        self.session.saved_at = self.session.wall_now()
        save_session(
            self.session, self.path, exclusive=not self._exists, cache=self._cache, lock=self.lock
        )
        self._exists = True
        self.saves += 1
        self.last_save_seconds = time.perf_counter() - t0
        if not self._swept:
            self._swept = True
            self.remove_stale_temps()

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
        """Write the session to an emergency copy (see `emergency_folders`); returns its
        path.

        Called when the session file could not be saved at the end: the copy is a
        complete session file that `prompter resume` accepts. SessionSaveError (naming
        every folder tried and why not) if no folder would take it.
        """
        try:
            data = session_to_toml(self.session).encode("utf-8")
        except Exception as e:  # never expected; said, never a traceback on the way out
            raise SessionSaveError(f"the session could not be written out ({e!r})") from None
        errors = []
        for folder in emergency_folders(self.path):
            try:
                ensure_private_folder(folder)
                target = _free_name(folder, self.path.name)
                write_atomic(target, data, exclusive=True)
                return target
            except OSError as e:
                errors.append(f"{folder}: {reason(e)}")
        raise SessionSaveError(
            "no emergency copy could be written (" + ("; ".join(errors) or "no folder") + ")"
        )

    def close(self) -> None:
        """Release the lock (the process's end would release it too)."""
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

"""Saving one session to its file after every action (pure Python; no textual).

`SessionWriter` owns the render cache of its session, so that a save re-renders
only what changed since the previous one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from prompter.errors import SessionFileError
from prompter.session.atomic import glob_escape, reason, write_atomic
from prompter.session.model import Session
from prompter.session.render import RenderCache, session_to_toml

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
) -> None:
    """Write the session to `path` atomically (see `write_atomic`).

    Raises SessionSaveError (a SessionFileError and an OSError) on failure; the
    file on disk is then the previous complete version, untouched.
    """
    data = session_to_toml(session, cache).encode("utf-8")
    try:
        write_atomic(path, data, exclusive=exclusive)
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
    """

    def __init__(self, session: Session, path: str | os.PathLike, *, resume: bool = False):
        self.session = session
        self.path = Path(path)
        self._exists = resume
        self._swept = False
        self.saves = 0
        self.last_save_seconds: float | None = None  # duration of the latest save
        self._cache = RenderCache(session)
        self.ok = True  # whether the latest save worked
        self.error = ""  # why it did not (the system's words), else ""

    def save(self) -> None:
        t0 = time.perf_counter()
        save_session(self.session, self.path, exclusive=not self._exists, cache=self._cache)
        self._exists = True
        self.saves += 1
        self.last_save_seconds = time.perf_counter() - t0
        if not self._swept:
            self._swept = True
            self.remove_stale_temps()

    def try_save(self) -> bool:
        """Save, keeping any failure as `ok`/`error` instead of raising (the screen goes on
        and the next action tries again); returns `ok`."""
        try:
            self.save()
        except OSError as e:
            self.ok, self.error = False, e.strerror or str(e)
        else:
            self.ok, self.error = True, ""
        return self.ok

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

"""One writer per session file: an advisory lock (`flock`) on a hidden lock file beside it
(pure Python; POSIX).

The lock file is `.NAME.toml.lock` (never matching `*.toml`). It holds the holder's pid and
the time it took the lock, so that a second `prompter` can say who has the file. The kernel
drops the lock when the holder's process ends in any way (SIGKILL included), so a lock
is never stale; a lock file left behind by a killed process is simply locked again.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from prompter.errors import SessionFileError, reason

try:
    import fcntl
except ImportError:  # not POSIX: no advisory locks; one writer is then up to the user
    fcntl = None


class SessionLocked(SessionFileError):
    """Another process is writing this session file."""


def lock_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def _holder(fd: int) -> str:
    """'pid 123, since 2026-01-15 10:30:00' from a lock file's text (untrusted: only a
    number and a date-time are ever shown)."""
    try:
        text = os.pread(fd, 200, 0).decode("ascii", "replace")
    except OSError:
        text = ""
    pid, _, since = text.strip().partition(" ")
    try:
        when = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        when = "an unknown time"
    return f"pid {int(pid)}, since {when}" if pid.isdigit() else "a process that is starting"


class SessionLock:
    """The lock of one session file, held by this process until `release()` or its end."""

    def __init__(self, path: Path, fd: int | None):
        self.path = path  # the lock file
        self._fd = fd

    @classmethod
    def acquire(cls, session_path: str | os.PathLike) -> SessionLock:
        """Take the lock of `session_path` without waiting.

        Raises SessionLocked naming the holder if another process has it, and
        SessionFileError if the lock file cannot be made (the folder is not writable).
        """
        session_path = Path(session_path)
        lp = lock_path(session_path)
        if fcntl is None:
            return cls(lp, None)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        for _ in range(20):
            try:
                fd = os.open(lp, flags, 0o600)
            except OSError as e:
                raise SessionFileError(
                    f"{session_path}: cannot lock the session file ({lp.name}): {reason(e)}"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _holder(fd)
                os.close(fd)
                raise SessionLocked(
                    f"{session_path}: open in another prompter ({holder}); one session file "
                    f"has one writer. Leave it there first, or look at it with: "
                    f"prompter resume --read-only {session_path}"
                ) from None
            # The holder before us may have removed the file as we opened it: the lock
            # counts only if it is on the file that has the name now.
            try:
                same = os.stat(lp, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            stamp = f"{os.getpid()} {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, stamp.encode("ascii"), 0)
            except OSError:
                pass  # the lock holds without its label
            return cls(lp, fd)
        raise SessionFileError(f"{session_path}: cannot lock the session file (it keeps changing)")

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file and drop the lock (removal first: see `acquire`)."""
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

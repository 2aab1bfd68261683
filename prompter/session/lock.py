"""One writer per session file: an advisory lock (`flock`) on a hidden lock file beside it,
and on the session file itself (pure Python; POSIX).

The lock file is `.NAME.toml.lock` (never matching `*.toml`). It holds the holder's pid and
the time it took the lock, so that a second `prompter` can say who has the file. The kernel
drops the lock when the holder's process ends in any way (SIGKILL included), so a lock
is never stale; a lock file left behind by a killed process is simply locked again.

A lock file can be deleted while it is held (a tidy-up of hidden files), and a second
writer would then lock a new one. So the session file is locked as well: every save
writes a new file and renames it over the name, so the writer locks each new file
before it takes the name (`hold_new`, called by `write_atomic`) and lets the old one go
after (`moved`). A second writer that gets the lock file but not the session file is
refused (issue 22, finding 10).
"""

from __future__ import annotations

import errno
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


def _same_file(path: Path, fd: int) -> bool:
    """Whether `path` still names the file open as `fd`."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(fd))
    except OSError:
        return False


def _locked_by_another(e: OSError) -> bool:
    return e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)


class SessionLock:
    """The lock of one session file, held by this process until `release()` or its end."""

    def __init__(self, path: Path, fd: int | None, file_fd: int | None = None):
        self.path = path  # the lock file
        self._fd = fd
        self._file_fd = file_fd  # the session file as it is now, locked too
        self._next_fd: int | None = None  # the file a save is about to put in its place

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
                raise SessionLocked(_refusal(session_path, holder)) from None
            # The holder before us may have removed the file as we opened it: the lock
            # counts only if it is on the file that has the name now.
            if not _same_file(lp, fd):
                os.close(fd)
                continue
            lock = cls(lp, fd)
            try:
                lock._file_fd = _lock_session_file(session_path)
            except BaseException:
                lock.release()  # the lock file we made for nothing goes again
                raise
            stamp = f"{os.getpid()} {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, stamp.encode("ascii"), 0)
            except OSError:
                pass  # the lock holds without its label
            return lock
        raise SessionFileError(f"{session_path}: cannot lock the session file (it keeps changing)")

    @property
    def held(self) -> bool:
        return self._fd is not None

    def hold_new(self, fd: int) -> None:
        """Lock the file open as `fd` (a save's new file, before it takes the name)."""
        if self._fd is None:  # no lock held (or no fcntl here)
            return
        new = os.dup(fd)
        try:
            fcntl.flock(new, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(new)  # no lock here (never expected on a new file): the lock file holds
            return
        self._next_fd = new

    def moved(self, done: bool) -> None:
        """After the save: the new file has the name (`done`) and the old lets go, or it
        never got the name and is let go itself."""
        old, new = (self._file_fd, self._next_fd) if done else (self._next_fd, self._file_fd)
        self._file_fd, self._next_fd = new, None
        if old is not None:
            os.close(old)

    def release(self) -> None:
        """Remove the lock file and drop the lock (removal first: see `acquire`); a lock
        file that is no longer ours (removed, and made again by another) is left alone."""
        if self._fd is None:
            return
        if _same_file(self.path, self._fd):
            try:
                os.unlink(self.path)
            except OSError:
                pass
        os.close(self._fd)
        self._fd = None
        for fd in (self._file_fd, self._next_fd):
            if fd is not None:
                os.close(fd)
        self._file_fd = self._next_fd = None


def _refusal(session_path: Path, holder: str) -> str:
    return (
        f"{session_path}: open in another prompter ({holder}); one session file "
        f"has one writer. Leave it there first, or look at it with: "
        f"prompter resume --read-only {session_path}"
    )


def _lock_session_file(session_path: Path) -> int | None:
    """The session file itself, locked (None where there is none yet, or it cannot be
    opened or locked here: the lock file then holds alone). SessionLocked if another
    process holds it: its lock file was removed."""
    for _ in range(20):
        try:
            fd = os.open(session_path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None  # a new session's file is made by its first save, locked then
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if not _locked_by_another(e):
                return None
            holder = f"its lock file {lock_path(session_path).name} was removed"
            raise SessionLocked(_refusal(session_path, holder)) from None
        if _same_file(session_path, fd):
            return fd
        os.close(fd)  # a save put a new file there meanwhile: lock that one
    raise SessionFileError(f"{session_path}: cannot lock the session file (it keeps changing)")

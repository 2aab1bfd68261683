"""Atomic file writing: at every moment a file is the old complete version or the
new complete version, never half of one (pure Python)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from prompter.errors import reason


def fsync_folder(folder: Path) -> None:
    """Make the names in `folder` durable (where the platform can)."""
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
    """A fresh temporary file name beside `path`: hidden, and never matching `*.toml`.
    (Random bytes straight from `os.urandom`: `secrets` would bring OpenSSL's hashlib,
    milliseconds at every start, for the same eight hex digits.)"""
    return path.with_name(f".{path.name}.tmp-{os.urandom(4).hex()}")


def write_atomic(
    path: str | os.PathLike, data: bytes, *, exclusive: bool = False, lock=None
) -> None:
    """Put `data` at `path` so that the file is, at every moment, either the old
    complete file or the new complete file.

    Writes a temporary file (0600) in the same folder, flushes and fsyncs it,
    renames it over `path` (`os.replace`), and fsyncs the folder. With
    `exclusive`, an existing `path` is never replaced: the new file is linked in
    with `os.link`, which fails if the name is taken (FileExistsError).

    `lock` (a `prompter.session.lock.SessionLock`) locks the new file before it takes
    the name, and lets the old one go after: the writer's lock moves with the file.
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
            if lock is not None:
                lock.hold_new(fd)
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
        if lock is not None:
            lock.moved(False)
        raise
    if lock is not None:
        lock.moved(True)
    fsync_folder(path.parent)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def not_replaceable(path: Path) -> str | None:
    """Why `path` may never be written over, even with --force, else None: only a new
    name or a regular file is; a link, a device, a FIFO or a socket never is."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot check it: {reason(e)}"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link; -o never replaces one (name the file it points to)"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder; -o takes a file name"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a device, FIFO or socket); -o never replaces one"
    return None

"""Reading a file named by a user or found beside one (a guide, a session file, a
transcript, a cache entry): one way, for every reader (pure; no textual).

Opened without blocking (a FIFO must never hang us waiting for a writer), read only if
it is a regular file, and never more than a limit. Why it could not be read is a
`NotReadable` with a kind, which each reader words for its own files.
"""

from __future__ import annotations

import os
import stat

MISSING = "missing"
FOLDER = "folder"
SPECIAL = "special"  # a FIFO, a device, a socket
DENIED = "denied"
TOO_LARGE = "too large"
FAILED = "failed"  # any other error of the system: see `error`

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotReadable(Exception):
    """Why a file was not read: `kind` (above); `error`, the system's error where there
    was one; `size`, the file's size when it was too large before reading."""

    def __init__(self, kind: str, error: OSError | None = None, size: int | None = None):
        super().__init__(kind)
        self.kind = kind
        self.error = error
        self.size = size


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of the regular file at `path` (at most `limit`); a link to one is
    followed."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise NotReadable(MISSING) from None
    except IsADirectoryError:
        raise NotReadable(FOLDER) from None
    except PermissionError as e:
        raise NotReadable(DENIED, e) from None
    except OSError as e:
        raise NotReadable(FAILED, e) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotReadable(FOLDER)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(SPECIAL)
        if st.st_size > limit:
            raise NotReadable(TOO_LARGE, size=st.st_size)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise NotReadable(FAILED, e) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while it was read
        raise NotReadable(TOO_LARGE)
    return data

"""Parsed guides kept between starts: `prompter run` neither imports PyYAML nor parses (25 ms,
docs/benchmarks.md). A pickle can run any code, so an entry (in the user cache folder, or
$PROMPTER_CACHE_DIR) is read only if it and its folder (made 0700) are the user's own, not
symlinks, and writable by no one else (so never on Windows); any other is ignored. No textual."""

import hashlib
import os
import pickle
from contextlib import suppress
from functools import cache
from pathlib import Path

from platformdirs import user_cache_path

import prompter
from prompter.files import read_regular
from prompter.guide.model import MAX_BYTES, Guide


def _folder() -> Path:
    return Path(os.environ.get("PROMPTER_CACHE_DIR") or user_cache_path("prompter") / "guides")


def _name(sha256: str) -> str:
    """The guide's bytes, prompter's version and the code here (a checkout keeps its version)."""
    key = f"{sha256} {prompter.__version__} {_code()}"
    return hashlib.sha256(key.encode()).hexdigest() + ".pickle"


@cache
def _code() -> str:
    """The code here, read once a run."""
    code = b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
    return hashlib.sha256(code).hexdigest()


def _open(name: str, flags: int) -> int:
    folder = _folder()
    fd = os.open(folder / name, flags | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)  # a FIFO: no wait
    if any(s.st_uid != os.getuid() or s.st_mode & 0o022 for s in (os.lstat(folder), os.fstat(fd))):
        os.close(fd)
        raise PermissionError("not the user's own, or others may write it")
    return fd


def lookup(path: str | os.PathLike) -> Guide | None:
    """The guide at `path` from the cache, or None: then it is parsed (every problem reported)."""
    with suppress(Exception):  # not there, not safe to read, damaged, stale: parsed instead
        sha256 = hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
        with os.fdopen(_open(_name(sha256), os.O_RDONLY), "rb") as f:
            guide = pickle.load(f)
        if type(guide) is Guide and guide.sha256 == sha256:
            object.__setattr__(guide, "path", str(path))  # a new object: where it was found
            return guide
    return None


def store(guide: Guide) -> None:
    """Keep a valid guide for the next start: written whole (0600), then renamed into place."""
    with suppress(Exception):  # the cache only saves time
        os.makedirs(folder := _folder(), mode=0o700, exist_ok=True)
        os.close(_open(".", os.O_RDONLY))  # nothing is made in a folder others may write in
        name = _name(guide.sha256)
        tmp = f".{name}.{os.getpid()}.tmp"
        with os.fdopen(_open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as f:
            pickle.dump(guide, f, pickle.HIGHEST_PROTOCOL)
        os.replace(folder / tmp, folder / name)

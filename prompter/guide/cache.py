"""A cache of parsed guides, so that starting an interview does not parse the same YAML
(and import the YAML library) every time (pure; no textual).

An entry is JSON in the user's cache folder (platformdirs; `$PROMPTER_CACHE_DIR` names
another), named after the sha256 of the guide file's bytes and of the code that reads
guides: it is used only for the very bytes, and the very loader, that made it. Nothing in
it is trusted blindly: it is read only as plain data, rebuilt only into the guide model's
own classes, and must name the same sha256 as the file; anything else (a damaged,
foreign or stale entry) is ignored and the guide is parsed again. Only valid guides are
stored, so every problem in a guide is still reported by the loader.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from prompter.guide import model
from prompter.records import Frozen, fields, replace
from prompter.text import visible_lines

_MAX_BYTES = 8 * 1024 * 1024  # the loader's limit: larger files go to the loader
_CLASSES = {
    c.__name__: c
    for c in (
        model.Code,
        model.Example,
        model.Prompt,
        model.Branch,
        model.Question,
        model.Section,
        model.Guide,
    )
}
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (at most `limit`), else None; never blocks on a FIFO."""
    try:
        fd = os.open(path, _OPEN)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= limit else None


def _code_version() -> str:
    """What the entries depend on besides the guide: the model, the loader, this module."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("model.py", "load.py", "cache.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _folder() -> Path:
    given = os.environ.get("PROMPTER_CACHE_DIR")
    if given:
        return Path(given)
    from platformdirs import user_cache_path

    return user_cache_path("prompter") / "guides"


def _entry(sha256: str) -> Path:
    return _folder() / f"{sha256}-{_code_version()}.json"


def _to_data(value):
    if isinstance(value, Frozen):
        data = {k: _to_data(getattr(value, k)) for k in fields(value)}
        return {"_": type(value).__name__, **data}
    if isinstance(value, tuple | list):
        return [_to_data(v) for v in value]
    return value


def _from_data(value):
    if isinstance(value, list):
        return tuple(_from_data(v) for v in value)
    if isinstance(value, dict):
        cls = _CLASSES[value["_"]]  # KeyError for anything but the model's classes
        names = set(fields(cls))
        if set(value) - {"_"} != names:
            raise ValueError("fields differ")
        return cls(**{k: _from_data(v) for k, v in value.items() if k != "_"})
    if isinstance(value, str) and visible_lines(value) != value:
        raise ValueError("a control character: the loader never lets one into a guide")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError("not a guide value")


def lookup(path: str | os.PathLike) -> model.Guide | None:
    """The guide at `path` from the cache, or None (not cached, or the entry is not usable)."""
    data = _read_regular(Path(path), _MAX_BYTES)
    if data is None:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        raw = _read_regular(_entry(sha256), 64 * _MAX_BYTES)
        if raw is None:
            return None
        guide = _from_data(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(guide, model.Guide) or guide.sha256 != sha256:
        return None
    return replace(guide, path=str(path))


def store(guide: model.Guide) -> None:
    """Keep a valid guide for the next start (0600, in a 0700 folder); a failure is ignored:
    the cache only saves time."""
    try:
        folder = _folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry = _entry(guide.sha256)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(_to_data(guide)).encode("utf-8"))
        os.replace(tmp, entry)  # whole or not at all; a lost entry is only parsed again
    except (OSError, ValueError, TypeError):
        pass

"""Where session files go: participant ids (which become file names), the sessions
folder (0700) and a new session's file name, never one that is taken."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from prompter.errors import SessionFileError, UsageError, reason
from prompter.session.atomic import write_atomic
from prompter.session.lock import lock_path

SUFFIX = ".toml"
# An emergency copy (prompter.session.writer): NAME.emergency-YYYYmmdd-HHMMSS[_N].toml
EMERGENCY_MARK = ".emergency-"
_EMERGENCY_NAME = re.compile(r".\.emergency-\d{8}-\d{6}(?:_\d+)?\.toml\Z")

_PARTICIPANT_CHARS = re.compile(r"[A-Za-z0-9._-]*\Z")
MAX_PARTICIPANT = 64


def is_emergency_copy(path: str | os.PathLike) -> bool:
    """Whether `path` is named as an emergency copy of a session file."""
    return bool(_EMERGENCY_NAME.search(os.path.basename(path)))


def validate_participant(pid: str) -> str:
    """Return `pid` if it is a valid participant id, else raise UsageError saying why.

    Allowed: ASCII letters, digits, '-', '_' and '.'; not starting with '.';
    1 to 64 characters. The id becomes part of a file name.
    """
    rule = "use 1-64 of the letters A-Z and a-z, digits, '-', '_' and '.', not starting with '.'"
    if not isinstance(pid, str) or not pid:
        raise UsageError(f"participant id is empty: {rule}")
    if len(pid) > MAX_PARTICIPANT:
        raise UsageError(
            f"participant id is {len(pid)} characters long (at most {MAX_PARTICIPANT}): {rule}"
        )
    if not _PARTICIPANT_CHARS.match(pid):
        bad = next(c for c in pid if not _PARTICIPANT_CHARS.match(c))
        what = "a path separator" if bad in "/\\" else repr(bad)
        raise UsageError(f"participant id {pid!r} contains {what}: {rule}")
    if pid.startswith("."):
        raise UsageError(f"participant id {pid!r} starts with '.': {rule}")
    return pid


def ensure_sessions_dir(
    sessions_dir: str | os.PathLike, *, make_private: bool = False, probe: bool = True
) -> Path:
    """The sessions folder, created (with every missing parent) with permissions 0700.

    An existing folder keeps its mode (a team may share one on purpose), unless
    `make_private`: the default `./sessions`, which a fresh clone has as 0755. With
    `probe`, a folder where no session file can be saved is refused (`check_writable`)."""
    folder = Path(sessions_dir)
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    try:
        for p in reversed(missing):
            try:
                os.mkdir(p, 0o700)
            except FileExistsError:
                continue
            os.chmod(p, 0o700)  # mkdir's mode is masked by the umask
    except OSError as e:
        raise SessionFileError(f"{p}: cannot create the sessions folder: {reason(e)}") from None
    if not folder.is_dir():
        raise SessionFileError(f"{folder}: is not a folder; cannot keep sessions there")
    if make_private:
        _make_private(folder)
    if probe:
        check_writable(folder)
    return folder


def check_writable(folder: str | os.PathLike) -> None:
    """SessionFileError unless a session file can be saved in `folder`: a hidden probe file
    goes through every step of a save (create 0600, chmod, write, fsync, rename), then is
    removed. An interview that could never be saved is refused before it starts."""
    folder = Path(folder)
    probe = folder / f".prompter-probe-{os.getpid()}"
    try:
        write_atomic(probe, b"probe\n")
    except OSError as e:
        raise SessionFileError(f"{folder}: cannot save session files here: {reason(e)}") from None
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass


def _make_private(folder: Path) -> None:
    """Tighten an existing sessions folder of ours that others can enter (a fresh clone's
    `sessions/` is 0755) to 0700: the file names alone say who was interviewed when."""
    try:
        st = folder.stat()
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(folder, 0o700)
    except (OSError, AttributeError):  # not ours to change, or no getuid (Windows)
        pass


def new_session_path(
    sessions_dir: str | os.PathLike, participant: str, started_at: datetime
) -> Path:
    """`<dir>/<participant>_<YYYY-MM-DD_HHMM>.toml`, with `_2`, `_3`... if taken.

    Creates the folder (0700) if missing. The file itself is created by the first
    `SessionWriter.save()`, which never overwrites an existing file. The folder is not
    probed again: the CLI did that before the screen, and the first save says if it fails.
    """
    validate_participant(participant)
    folder = ensure_sessions_dir(sessions_dir, probe=False)
    stem = f"{participant}_{started_at:%Y-%m-%d_%H%M}"
    path = folder / f"{stem}{SUFFIX}"
    n = 2
    while path.exists() or path.is_symlink() or lock_path(path).exists():
        path = folder / f"{stem}_{n}{SUFFIX}"
        n += 1
    return path

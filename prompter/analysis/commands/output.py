"""What `tally` and `export` write: their output, to standard output or a file, and
one line on standard error per problem (never a terminal control character)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from prompter.errors import EXIT_INVALID, EXIT_OK
from prompter.text import one_line, visible_output


def say(line: str) -> None:
    print(one_line(line), file=sys.stderr)


def err(message: str) -> None:
    say(f"prompter: {message}")


def report_skipped(loaded) -> None:
    for line in loaded.skipped:
        say(line + " (skipped)")


def report_duplicates(sessions) -> None:
    """A session id in several files (a copy, a backup) is counted once per file: say so."""
    paths: dict[str, list[str]] = {}
    for rec in sessions:
        paths.setdefault(rec.id, []).append(rec.path)
    for sid, where in paths.items():
        if len(where) > 1:
            err(f"note: session {sid} is in {len(where)} files ({', '.join(where)}); "
                 "each is counted")


def not_replaceable(path: Path) -> str | None:
    """Why `path` may never be written over, even with --force, else None: only a new
    name or a regular file is; a link, a device, a FIFO or a socket never is."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot check it: {e.strerror or e}"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link; -o never replaces one (name the file it points to)"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder; -o takes a file name"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a device, FIFO or socket); -o never replaces one"
    return None


def refuse_existing(path: Path | None, force: bool) -> bool:
    """True (after saying why) if `path` must not be written."""
    if path is None:
        return False
    why = not_replaceable(path)
    if why:
        err(f"{path}: {why}")
        return True
    if path.exists() and not force:
        err(f"{path}: already exists; use --force to overwrite it")
        return True
    return False


def write_output(path: Path | None, data: str | bytes, force: bool) -> int:
    """`data` to standard output, or to `path` (atomically; never over an existing
    file without `force`). Returns an exit status."""
    if path is None and isinstance(data, str):
        data = visible_output(data)  # text from session files, on its way to a terminal
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return EXIT_OK
    from prompter.session.atomic import write_atomic

    why = not_replaceable(path)
    if why:  # checked again for each file of a folder export
        err(f"{path}: {why}")
        return EXIT_INVALID
    try:
        write_atomic(path, raw, exclusive=not force)
    except FileExistsError:
        err(f"{path}: already exists; use --force to overwrite it")
        return EXIT_INVALID
    except OSError as e:
        err(f"{path}: cannot write: {e.strerror or e}")
        return EXIT_INVALID
    return EXIT_OK


def table_width(output) -> int:
    """Width of a table that does not go straight to a terminal: $COLUMNS, else the
    terminal's (output piped into a pager), else 120."""
    if output is None:
        if os.environ.get("COLUMNS", "").isdigit():
            return max(40, int(os.environ["COLUMNS"]))
        try:
            return max(40, os.get_terminal_size(sys.__stderr__.fileno()).columns)
        except (OSError, AttributeError, ValueError):
            pass
    return 120

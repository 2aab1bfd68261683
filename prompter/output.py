"""What commands write: their output, to standard output or a file (atomically, never
over an existing file without --force), and one line on standard error per problem
(never a terminal control character). Pure; no textual."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prompter.errors import EXIT_INVALID, EXIT_OK, reason
from prompter.session.atomic import fsync_folder, not_replaceable, temp_name, write_atomic
from prompter.text import one_line, visible_output

STDOUT = "standard output"


def say(line: str, indent: str = "") -> None:
    print(indent + one_line(line), file=sys.stderr)


def err(message: str) -> None:
    say(f"prompter: {message}")


def say_problems(e) -> None:
    """A GuideError's problems, a line each (file, line and column first)."""
    for problem in e.problems:
        say(str(problem))


def refuse_existing(path: Path | None, force: bool, source: str | None = None) -> bool:
    """True (after saying why) if `path` must not be written; never over `source` (the
    file a command reads), even with --force."""
    if path is None:
        return False
    why = not_replaceable(path)
    if why:
        err(f"{path}: {why}")
        return True
    if source is not None and path.exists() and _same_file(path, source):
        err(f"{path}: is the file being imported; refusing to overwrite it")
        return True
    if path.exists() and not force:
        err(f"{path}: already exists; use --force to overwrite it")
        return True
    return False


def _same_file(path: Path, source: str) -> bool:
    try:
        return os.path.samefile(path, source)
    except OSError:
        return False


def write_output(path: Path | None, data: str | bytes, force: bool) -> int:
    """`data` to standard output, or to `path` (atomically; never over an existing
    file without `force`). Returns an exit status."""
    if path is None and isinstance(data, str):
        data = visible_output(data)  # text from session files, on its way to a terminal
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(raw)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise  # piped into `head`: not an error of ours (prompter.cli)
        except OSError as e:
            return stdout_failed(e)
        return EXIT_OK
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


def stdout_failed(e: OSError) -> int:
    """Standard output cannot be written (a full disk behind `>`): one line, exit 1, and
    standard output pointed at the null device so the interpreter's last flush cannot fail
    again (a second message, and exit status 120)."""
    from prompter.session.ending import quieten  # here: the session core is heavy to import

    err(f"{STDOUT}: cannot write: {reason(e)}")
    quieten([sys.stdout])
    return EXIT_INVALID


class Output:
    """Output written as it is made: to standard output (text made safe for a
    terminal), or to a temporary file beside `path` that `commit` puts in place
    atomically (never over an existing file without `force`) and `discard` removes.

    `text(str)` and `binary` (a file object, for a zip) are the two ways in. A write
    through `text` that fails (a full disk) is kept as `error`: the temporary file goes
    at once, later text is dropped, and `commit` says it in one line and returns 1."""

    error: OSError | None = None

    def __init__(self, path: Path | None, force: bool):
        self.path, self.force = path, force
        self.tmp: Path | None = None
        if path is None:
            sys.stdout.flush()
            self.binary = sys.stdout.buffer
            return
        self.tmp = temp_name(path)
        fd = os.open(
            self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
        )
        self.binary = os.fdopen(fd, "w+b")

    _held = ""  # a CR at the end of a piece, until it is known whether LF follows

    def text(self, data: str) -> None:
        if self.error is not None:
            return
        if self.path is None:  # text from session files, on its way to a terminal
            data, self._held = self._held + data, ""
            if data.endswith("\r"):
                data, self._held = data[:-1], "\r"
            data = visible_output(data)
        try:
            self.binary.write(data.encode("utf-8"))
        except BrokenPipeError:
            raise  # piped into `head`: not an error of ours (prompter.cli)
        except OSError as e:
            self.error = e
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file (nothing is left behind, whatever closing it does)."""
        if self.tmp is not None:
            try:
                self.binary.close()  # flushes: fails again on a full disk, and still closes
            except OSError:
                pass
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None

    def failed(self, e: OSError) -> int:
        """Say that the output could not be written (one line), remove the temporary file;
        the exit status."""
        self.discard()
        if self.path is None:
            return stdout_failed(e)
        err(f"{self.path}: cannot write: {reason(e)}")
        return EXIT_INVALID

    def commit(self) -> int:
        """Put the output in place; an exit status (after saying what went wrong)."""
        if self.error is not None:
            return self.failed(self.error)
        if self.path is None:
            try:
                if self._held:
                    self.binary.write(visible_output(self._held).encode("utf-8"))
                self.binary.flush()
            except BrokenPipeError:
                raise
            except OSError as e:
                return self.failed(e)
            return EXIT_OK
        path, tmp = self.path, self.tmp
        try:
            self.binary.flush()
            os.fsync(self.binary.fileno())
            self.binary.close()
            why = not_replaceable(path)
            if why:
                err(f"{path}: {why}")
                self.discard()
                return EXIT_INVALID
            put_in_place(tmp, path, self.force)
        except FileExistsError:
            err(f"{path}: already exists; use --force to overwrite it")
            self.discard()
            return EXIT_INVALID
        except OSError as e:
            return self.failed(e)
        fsync_folder(path.parent)
        return EXIT_OK


def open_output(path: Path | None, force: bool) -> Output | None:
    """An `Output`, or None after saying why the file cannot be made."""
    try:
        return Output(path, force)
    except OSError as e:
        err(f"{path}: cannot write: {e.strerror or e}")
        return None


def put_in_place(tmp: Path, path: Path, force: bool) -> None:
    """Rename the finished `tmp` to `path`; without `force` never over an existing
    file (FileExistsError): it is linked in, which fails if the name is taken."""
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: reserve the name, then replace it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, path)
    else:
        os.unlink(tmp)


class FolderWriter:
    """Files of an export folder (one write-up per session), written as they are made
    and made durable once at the end (`commit`), never half a file under its name.

    Each file goes to a hidden temporary name in the folder as it comes (no fsync); the
    first that cannot be written (a full disk) ends it: every temporary file goes, the
    rest are not tried, and `commit` says that one in one line. `commit` first refuses,
    without --force, if any final name is taken (nothing is written then), makes every
    temporary file's data durable with one `os.sync()` where that waits for the disk
    (Linux; elsewhere an fsync per file), renames each into place, and fsyncs the folder
    once. A crash at any moment leaves each name absent, the old file or the complete
    new one. Figures: docs/benchmarks.md."""

    def __init__(self, folder: Path, force: bool):
        self.folder, self.force = folder, force
        self.files: list[tuple[Path, Path]] = []  # (temporary, final)
        self.names: set[str] = set()
        self.failed: list[str] = []

    @property
    def count(self) -> int:
        return len(self.files)

    def add(self, name: str, text: str) -> None:
        """`name` (made unique: 'x.md', 'x_2.md'...) with `text`, to a temporary file."""
        if self.failed:
            return
        stem, n = name[:-3], 2
        while name in self.names:
            name, n = f"{stem}_{n}.md", n + 1
        self.names.add(name)
        final = self.folder / name
        tmp = temp_name(final)
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except OSError as e:
            self._stop(f"{final}: cannot write: {reason(e)}")
            return
        self.files.append((tmp, final))
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
        except OSError as e:
            self._stop(f"{final}: cannot write: {reason(e)}")

    def _stop(self, line: str) -> None:
        self.failed.append(line)
        self.discard()

    def discard(self) -> None:
        for tmp, _ in self.files:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.files = []

    def commit(self) -> int:
        """Put every file in place; an exit status (after saying what went wrong)."""
        status = EXIT_OK
        for line in self.failed:
            err(line)
            status = EXIT_INVALID
        if not self.force:
            taken = [final for _, final in self.files if final.exists() or final.is_symlink()]
            if taken:
                more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
                err(f"{taken[0]}: already exists{more}; use --force to overwrite")
                self.discard()
                return EXIT_INVALID
        try:
            sync_files([tmp for tmp, _ in self.files])
        except OSError as e:
            err(f"{self.folder}: cannot write: {e.strerror or e}")
            self.discard()
            return EXIT_INVALID
        for tmp, final in self.files:
            why = not_replaceable(final)
            try:
                if why:  # checked again for each file: a link put there meanwhile
                    err(f"{final}: {why}")
                    os.unlink(tmp)
                    status = EXIT_INVALID
                    continue
                put_in_place(tmp, final, self.force)
            except FileExistsError:
                err(f"{final}: already exists; use --force to overwrite it")
                status = EXIT_INVALID
            except OSError as e:
                err(f"{final}: cannot write: {e.strerror or e}")
                status = EXIT_INVALID
            if status != EXIT_OK:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        fsync_folder(self.folder)
        return status


def sync_files(paths: list[Path]) -> None:
    """Make the data of `paths` durable: one `os.sync()` on Linux (it waits for the
    disk there), elsewhere an fsync of each file."""
    if sys.platform.startswith("linux") and hasattr(os, "sync"):
        os.sync()
        return
    for p in paths:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

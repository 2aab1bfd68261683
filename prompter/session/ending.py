"""What became of an interview when its screen closed, and saying it (pure; no textual).

`settle` decides everything that matters before a word is said: the final save is tried
again, and where it fails the emergency copy is made. Only then does `tell` say it, and a
report that cannot be said (the terminal is gone: EIO, EPIPE) changes nothing, not even
the exit status. `prompter run`, `resume` and the browser's interview (`serve`) all end
here (docs/reliability.md, issue 22).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from prompter.errors import EXIT_NOT_SAVED, EXIT_OK
from prompter.session.writer import SessionSaveError, SessionWriter

OUT, ERR = "out", "err"


@dataclass(frozen=True, slots=True)
class Ending:
    """The exit status, and the lines to say: (OUT or ERR, line)."""

    status: int
    lines: tuple[tuple[str, str], ...]
    kept_in: str | None = None  # the file that holds everything, where one does

    def text(self) -> str:
        return "".join(line + "\n" for _, line in self.lines)


def settle(writer: SessionWriter | None) -> Ending:
    """What became of the interview `writer` saved (None: none was started). Never raises:
    whatever happens here, the caller still says what it can and exits."""
    if writer is None:
        return Ending(EXIT_OK, ((OUT, "No interview was started; nothing was saved."),))
    path = writer.path
    if writer.read_only:
        return Ending(EXIT_OK, ((OUT, f"Read-only: nothing was saved. Session file: {path}"),))
    if writer.untouched:
        return Ending(
            EXIT_OK,
            ((OUT, f"Nothing was changed; the session file is as it was: {path}"),),
            str(path),
        )
    if not writer.ok and not writer.try_save():
        return _emergency(writer)
    if writer.session.state == "finished":
        return Ending(EXIT_OK, ((OUT, f"Interview finished. Session file: {path}"),), str(path))
    return Ending(
        EXIT_OK,
        (
            (OUT, f"Interview saved, in progress. Session file: {path}"),
            (OUT, f"Continue it with: prompter resume {path}"),
        ),
        str(path),
    )


def _emergency(writer: SessionWriter) -> Ending:
    """The screen has shown what the session file does not hold: keep it elsewhere first."""
    not_saved = (ERR, f"prompter: the session file {writer.path} was NOT saved ({writer.error}).")
    try:
        copy = writer.emergency_copy()
    except SessionSaveError as e:
        return Ending(
            EXIT_NOT_SAVED,
            (
                not_saved,
                (
                    ERR,
                    f"prompter: and {e}; what was not saved is lost. The session file holds "
                    f"the interview up to its last save: {writer.path}",
                ),
            ),
        )
    # The last line names the file that holds everything.
    return Ending(
        EXIT_NOT_SAVED,
        (
            not_saved,
            (ERR, f"prompter: everything is in an emergency copy: {copy}"),
            (ERR, f"Continue it with: prompter resume {copy}"),
        ),
        str(copy),
    )


def tell(ending: Ending, out=None, err=None) -> bool:
    """Say `ending`'s lines; False if they could not all be said. Nothing raises: once a
    stream fails (a terminal that is gone), the standard streams are pointed at the null
    device, so that the interpreter's last flush cannot fail either (it would exit 120)."""
    streams = {OUT: out or sys.stdout, ERR: err or sys.stderr}
    for where, line in ending.lines:
        try:
            print(line, file=streams[where], flush=True)
        except (OSError, ValueError):
            quieten(streams.values())
            return False
    return True


def quieten(streams) -> None:
    """Point `streams` (the standard ones) at the null device: after a write to them has
    failed, the interpreter's last flush then cannot fail too (exit status 120)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for stream in streams:
        try:
            os.dup2(null, stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # not a real file (a test's stream): nothing will flush it at exit
    os.close(null)

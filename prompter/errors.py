"""The project's own error types: every bad input ends in one of these."""

from __future__ import annotations

from dataclasses import dataclass

from prompter.text import visible

# Exit statuses of every command (README, "Exit status").
EXIT_OK = 0
EXIT_INVALID = 1  # a guide or session file is invalid, or a file could not be written
EXIT_USAGE = 2  # the command line is wrong
EXIT_INTERRUPTED = 130


class PrompterError(Exception):
    """Base of all errors that prompter reports as a clear message, never a traceback."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located where that is known."""

    path: str
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __post_init__(self):
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return visible(f"{where}: {self.message}")


class GuideError(PrompterError):
    """A guide could not be loaded; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SessionFileError(PrompterError):
    """A session file could not be read or written; the message names the file."""


class UsageError(PrompterError):
    """The command line or an argument value is wrong (exit status 2)."""

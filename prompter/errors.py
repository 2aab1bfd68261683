"""The project's own error types: every bad input ends in one of these."""

from __future__ import annotations

# Exit statuses of every command (README, "Exit status").
EXIT_OK = 0
EXIT_INVALID = 1  # a guide or session file is invalid, or a file could not be written
EXIT_USAGE = 2  # the command line is wrong
# run/resume: the session file could not be saved at the end; an emergency copy holds it.
EXIT_NOT_SAVED = 3
EXIT_INTERRUPTED = 130


def reason(e: OSError) -> str:
    """Why an operating-system call failed, in the system's words."""
    return e.strerror or str(e)


class PrompterError(Exception):
    """Base of all errors that prompter reports as a clear message, never a traceback."""


class Problem:
    """One problem found in an input file, located where that is known.

    (A plain class, not a dataclass: this module is on every command's start-up path.)
    """

    __slots__ = ("path", "message", "line", "column")

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        from prompter.text import visible

        self.path = path
        self.message = visible(message)
        self.line = line  # 1-based
        self.column = column  # 1-based

    def __eq__(self, other) -> bool:
        return isinstance(other, Problem) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__
        )

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.line, self.column))

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r}, {self.line!r}, {self.column!r})"

    def __str__(self) -> str:
        from prompter.text import visible

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

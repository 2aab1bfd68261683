"""What a transcript is once read: cues with times in seconds into the recording."""

from __future__ import annotations

from dataclasses import dataclass, field

from prompter.errors import PrompterError
from prompter.text import visible


class TranscriptError(PrompterError):
    """A transcript could not be used; the message names the file (and line, where known)."""

    def __init__(self, path, message: str, line: int | None = None, where: str = "line"):
        at = f" ({where} {line})" if line is not None else ""
        super().__init__(visible(f"{path}{at}: {message}"))
        self.path = str(path)
        self.line = line


@dataclass(frozen=True)
class Cue:
    """One stretch of speech: seconds into the recording, who spoke (may be ""), what."""

    start: float
    end: float
    speaker: str
    text: str
    line: int = field(default=0, compare=False)  # where it starts in its file (0: unknown)

    @property
    def midpoint(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class Transcript:
    """A transcript file as read: its cues in file order, its format and its hash."""

    path: str
    format: str  # vtt, srt, docx, text
    cues: list[Cue]
    sha256: str = ""

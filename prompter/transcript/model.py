"""What a transcript is once read: cues with times in seconds into the recording, and
what the reader left out of them (counted, never silent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prompter.errors import PrompterError
from prompter.text import one_line, visible


class TranscriptError(PrompterError):
    """A transcript could not be used; the message names the file (and line, where known)."""

    def __init__(self, path, message: str, line: int | None = None, where: str = "line"):
        at = f" ({where} {line})" if line is not None else ""
        super().__init__(visible(f"{path}{at}: {message}"))
        self.path = str(path)
        self.line = line
        self.where = where
        self.reason = message  # without the file and line: for a cue left out


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


@dataclass(frozen=True)
class LeftOut:
    """Something of the file not read as speech: where it is and why."""

    line: int
    reason: str
    where: str = "line"  # "paragraph" in a .docx

    def __str__(self) -> str:
        return f"{self.where} {self.line}: {self.reason}"


@dataclass
class Reading:
    """What a reader leaves out as it goes: cues it cannot take (a missing or broken time
    line, a time that goes back) and lines the transcription tool wrote about itself."""

    skipped: list[LeftOut] = field(default_factory=list)
    dropped: list[LeftOut] = field(default_factory=list)

    def skip(self, line: int, reason: str, where: str = "line") -> None:
        self.skipped.append(LeftOut(line, reason, where))

    def drop(self, line: int, text: str, where: str = "line") -> None:
        self.dropped.append(LeftOut(line, repr(text.strip()[:60]), where))


# The few places a note names; the rest are counted ("and 3 more").
NAMED = 3


def _listed(items: list[LeftOut]) -> str:
    named = "; ".join(str(x) for x in items[:NAMED])
    more = len(items) - NAMED
    return named + (f"; and {more} more" if more > 0 else "")


@dataclass
class Transcript:
    """A transcript file as read: its cues in file order, its format and its hash, and
    what was left out (`skipped`: cues the reader could not take; `dropped`: lines of
    the transcription tool's own, such as "Transcribed by https://otter.ai")."""

    path: str
    format: str  # vtt, srt, sbv, docx, text
    cues: list[Cue]
    sha256: str = ""
    skipped: list[LeftOut] = field(default_factory=list)
    dropped: list[LeftOut] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line for the cues not read and one for the tool's lines left out, where
        there are any: what `attach`, `show` and the exports print under their report."""
        out = []
        if self.skipped:
            n = len(self.skipped)
            out.append(
                f"{self.path}: {n} cue{'s' * (n != 1)} could not be read and "
                f"{'are' if n != 1 else 'is'} left out: {_listed(self.skipped)}"
            )
        if self.dropped:
            n = len(self.dropped)
            out.append(
                f"{self.path}: {n} line{'s' * (n != 1)} of the transcription tool's own "
                f"left out: {_listed(self.dropped)}"
            )
        return [one_line(line) for line in out]

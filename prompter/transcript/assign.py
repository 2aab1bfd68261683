"""Lining a transcript up with the interview: each cue goes to the question that was
current at the cue's midpoint, in recording time (prompter.session.timeline)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from prompter.session.timeline import Timeline
from prompter.transcript.model import Cue, Transcript


@dataclass(frozen=True)
class Boundary:
    """Where a question begins in the transcript (its own seconds), and how sure the
    aligner is of it (0 to 1; below WEAK, a reviewer should look)."""

    question: str
    start: float
    confidence: float

    WEAK = 0.5

    @property
    def weak(self) -> bool:
        return self.confidence < self.WEAK


@dataclass
class Assignment:
    """Cues by question (question ids in the order first spoken to), and the cues that
    belong to no question: before the first, after the last, inside a pause, or set
    aside in review (prompter.transcript.corrections)."""

    by_question: dict[str, list[Cue]] = field(default_factory=dict)
    before_cues: list[Cue] = field(default_factory=list)
    after_cues: list[Cue] = field(default_factory=list)
    pause_cues: list[Cue] = field(default_factory=list)
    shift: float = 0.0
    assumed_start: bool = False  # no recording mark: the session's start was taken
    method: str = "timeline"  # "timeline" (the keys alone) or "text" (prompter.transcript.align)
    boundaries: list[Boundary] = field(default_factory=list)  # "text" only
    # Set by review's corrections (prompter.transcript.corrections): cues given to no
    # question between questions, how many corrections were followed, and what was not.
    aside_cues: list[Cue] = field(default_factory=list)
    corrected: int = 0
    reviewed: dict[int, str | None] = field(default_factory=dict)  # cue -> what it begins
    notes: list[str] = field(default_factory=list)

    @property
    def before(self) -> int:
        return len(self.before_cues)

    @property
    def after(self) -> int:
        return len(self.after_cues)

    @property
    def in_pause(self) -> int:
        return len(self.pause_cues)

    @property
    def aside(self) -> int:
        return len(self.aside_cues)

    @property
    def assigned(self) -> int:
        return sum(len(v) for v in self.by_question.values())

    def report(self) -> str:
        """One line: how many cues went where."""
        n = self.assigned + self.before + self.after + self.in_pause + self.aside
        q = len(self.by_question)
        parts = [f"{n} cue{'s' * (n != 1)}: {self.assigned} on {q} question{'s' * (q != 1)}"]
        parts += [
            f"{self.before} before the first question",
            f"{self.after} after the last",
            f"{self.in_pause} inside a pause",
        ]
        if self.aside:
            parts.append(f"{self.aside} set aside in review")
        line = ", ".join(parts)
        if self.corrected:
            c = self.corrected
            line += f" ({c} correction{'s' * (c != 1)} from review)"
        if self.assumed_start:
            line += " (no recording mark: times counted from the session's start)"
        return line


def assign_cues(transcript: Transcript, timeline: Timeline, shift: float = 0.0) -> Assignment:
    """Give each cue to the question current at its midpoint.

    `shift` corrects a late `r`: the transcript's clock was already at `shift` seconds
    when `r` was pressed (negative if `r` was pressed before the recording began).
    A cue inside a pause of the interview clock goes to no question.
    """
    out = Assignment(shift=shift, assumed_start=timeline.assumed_start)
    spans = timeline.spans
    starts = [s.rec_start for s in spans]
    for cue in transcript.cues:
        at = cue.midpoint - shift
        if not spans or at < spans[0].rec_start:
            out.before_cues.append(cue)
        elif at >= spans[-1].rec_end:
            out.after_cues.append(cue)
        elif timeline.in_pause(at):
            out.pause_cues.append(cue)
        else:
            span = spans[bisect.bisect_right(starts, at) - 1]
            out.by_question.setdefault(span.question, []).append(cue)
    return out

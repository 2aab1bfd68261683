"""Corrections made in review (`prompter review`), and how they change where cues go
(pure Python).

A correction says "question Q begins at this cue" (or, with Q = "", "no question from
here"). It is kept in the session file's `[[corrections]]` (docs/session-format.md):
the transcript's sha256, the cue's start in the transcript's own seconds and the
sha256 of its text (to find it again), the question, and when it was made. Only a
transcript with that sha256 follows it: attached again, the same bytes keep every
correction; another transcript ignores them (and `notes` says so).

`apply_corrections` is the one rule, run by `prompter.transcript.align.cut` after the
aligner, so that every export, `transcript show` and the review screen follow it. On
the cues in transcript order, each correction in turn makes its cue begin its question
(or no question) up to the next boundary:

- the cue and those after it that share its question go to the chosen one (its span
  now begins at the cue and runs to the next boundary);
- where the cue already has that question, the cues of its run before it go to the
  question before the run (the boundary moves down to the cue); at the start of a
  run nothing changes.

Every cue keeps exactly one question or none, whatever the corrections.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from prompter.transcript.assign import Assignment, Boundary
from prompter.transcript.model import Cue, Transcript

# A boundary the researcher set by hand: as sure as it gets.
REVIEWED = 1.0


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a cue's text (UTF-8): how a correction finds its cue again."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Correction:
    """Question `question` ("" for none) begins at the cue that starts at `cue_start`
    (the transcript's own seconds) and whose text has SHA-256 `cue_sha256`, in the
    transcript whose bytes have SHA-256 `transcript_sha256`; made at `made_at`."""

    transcript_sha256: str
    cue_start: float
    cue_sha256: str
    question: str
    made_at: datetime

    @classmethod
    def at_cue(cls, transcript: Transcript, cue: Cue, question: str, made_at: datetime):
        return cls(transcript.sha256, float(cue.start), text_sha256(cue.text), question, made_at)

    def entry(self) -> dict:
        """Its `[[corrections]]` entry (docs/session-format.md)."""
        return asdict(self)

    @classmethod
    def from_entry(cls, e: dict) -> Correction:
        """From a checked entry (prompter.session.read validates its keys and types)."""
        return cls(
            e["transcript_sha256"],
            float(e["cue_start"]),
            e["cue_sha256"],
            e["question"],
            e["made_at"],
        )


def cue_index(cues: list[Cue]) -> dict[tuple[float, str], int]:
    """(start, sha256 of the text) -> the first cue with them, in transcript order."""
    index: dict[tuple[float, str], int] = {}
    for i, c in enumerate(cues):
        index.setdefault((float(c.start), text_sha256(c.text)), i)
    return index


def labels_of(assignment: Assignment, cues: list[Cue]) -> list[str | None]:
    """The question of each cue (None: no question), in transcript order."""
    where = {id(c): q for q, given in assignment.by_question.items() for c in given}
    return [where.get(id(c)) for c in cues]


def begin(labels: list[str | None], i: int, question: str | None) -> bool:
    """Make cue `i` begin `question` (None: no question) in `labels`, in place (see the
    module); returns whether anything changed."""
    here = labels[i]
    if here == question:
        start = i
        while start > 0 and labels[start - 1] == here:
            start -= 1
        if start == i:
            return False  # it begins here already
        before = labels[start - 1] if start > 0 else None
        if before == here:  # (only None at the very start: nothing before it)
            return False
        labels[start:i] = [before] * (i - start)
        return True
    end = i + 1
    while end < len(labels) and labels[end] == here:
        end += 1
    labels[i:end] = [question] * (end - i)
    return True


def apply_corrections(
    assignment: Assignment, transcript: Transcript, entries: list[dict] | None
) -> Assignment:
    """`assignment` (the aligner's) with the corrections of `entries` (the session file's
    `[[corrections]]`) applied in order; the same object where none applies. Corrections
    of another transcript, or whose cue is not found, are left out, and a note says so."""
    if not entries:
        return assignment
    corrections = [Correction.from_entry(e) for e in entries]
    mine = [c for c in corrections if c.transcript_sha256.lower() == transcript.sha256.lower()]
    notes = []
    others = len(corrections) - len(mine)
    if others:
        notes.append(
            f"{others} correction{'s' * (others != 1)} made in review "
            f"{'are' if others != 1 else 'is'} for another transcript (its sha256 differs): "
            "ignored"
        )
    cues = list(transcript.cues)
    labels = labels_of(assignment, cues)
    index = cue_index(cues)
    starts: dict[int, str | None] = {}  # cue -> what a correction made it begin
    lost = 0
    for c in mine:
        i = index.get((c.cue_start, c.cue_sha256.lower()))
        if i is None:
            lost += 1
            continue
        begin(labels, i, c.question or None)
        starts[i] = c.question or None
    if lost:
        notes.append(
            f"{lost} correction{'s' * (lost != 1)} made in review name{'s' * (lost == 1)} a "
            "cue this transcript does not have: ignored"
        )
    if not starts:
        return replace(assignment, notes=[*assignment.notes, *notes]) if notes else assignment
    out = _rebuilt(assignment, cues, labels, starts)
    out.notes = [*assignment.notes, *notes]
    out.corrected = len(mine) - lost
    out.reviewed = starts
    return out


def _rebuilt(
    assignment: Assignment,
    cues: list[Cue],
    labels: list[str | None],
    starts: dict[int, str | None],
) -> Assignment:
    """The Assignment of `labels`: cues of no question before the first question's are
    before it, after the last question's after it, in a pause where the aligner put them
    in one, and set aside otherwise."""
    paused = {id(c) for c in assignment.pause_cues}
    given = [i for i, q in enumerate(labels) if q is not None]
    first, last = (given[0], given[-1]) if given else (len(cues), -1)
    out = Assignment(
        shift=assignment.shift, assumed_start=assignment.assumed_start, method=assignment.method
    )
    for i, (cue, q) in enumerate(zip(cues, labels, strict=True)):
        if q is not None:
            out.by_question.setdefault(q, []).append(cue)
        elif id(cue) in paused:
            out.pause_cues.append(cue)
        elif i < first:
            out.before_cues.append(cue)
        elif i > last:
            out.after_cues.append(cue)
        else:
            out.aside_cues.append(cue)
    # Each run of a question begins at a boundary: the researcher's (sure), else the
    # aligner's where it still stands (the keys alone give none).
    aligned = {(b.question, b.start): b for b in assignment.boundaries}
    for i, q in enumerate(labels):
        if q is None or (i > 0 and labels[i - 1] == q):
            continue
        if i in starts and starts[i] == q:
            out.boundaries.append(Boundary(q, cues[i].start, REVIEWED))
        elif (q, cues[i].start) in aligned:
            out.boundaries.append(aligned[(q, cues[i].start)])
    return out

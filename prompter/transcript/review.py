"""A review of a session's transcript after the call (`prompter review`): the cues under
the questions they belong to, fixed one boundary at a time, and late notes (pure
Python; the screen, prompter.tui.review, only calls it).

`Review.open` reads the session file and its attached transcript, takes the session's
lock (one writer per file: refused while an interview has it open, and the interview is
refused while a review has it) and aligns the transcript once. Each change is made to
the file's parsed data and saved at once (prompter.session.edit): a correction appended
to `[[corrections]]` (prompter.transcript.corrections: the one rule every export
follows), or a late note (the question's note and a `late_note` event). Undo and redo
take them back within the review; read-only, nothing changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prompter.errors import SessionFileError, UsageError
from prompter.session.clock import now_aware
from prompter.session.edit import save_data, set_late_note
from prompter.session.lock import SessionLock
from prompter.session.read import read_session_file
from prompter.session.timeline import timeline_of
from prompter.transcript.assign import Assignment, Boundary
from prompter.transcript.attach import attached_transcript
from prompter.transcript.corrections import Correction, apply_corrections, begin, labels_of
from prompter.transcript.model import Transcript

# Where a run of cues of no question stands.
BEFORE, PAUSE, AFTER, ASIDE = "before", "pause", "after", "aside"
PLACES = {
    BEFORE: "before the first question",
    PAUSE: "pause",
    AFTER: "after the last question",
    ASIDE: "no question",
}


class NoTranscript(UsageError):
    """The session file has no transcript attached (a usage error: exit status 2)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the review: a heading (a run of cues begins) or a cue."""

    heading: bool
    cue: int  # the cue's index in the transcript (a heading's: the run's first cue)
    question: str | None  # the run's question; None: no question
    place: str = ""  # for no question: BEFORE, PAUSE, AFTER or ASIDE
    boundary: Boundary | None = None  # a question's heading: where it begins, how surely
    reviewed: bool = False  # a heading whose boundary a correction set

    @property
    def weak(self) -> bool:
        return self.boundary is not None and self.boundary.weak and not self.reviewed


@dataclass(frozen=True, slots=True)
class Step:
    """A change, for undo and redo: a correction (`entry`), or a late note (before, after)."""

    kind: str  # "correction" or "note"
    question: str
    entry: dict | None = None
    before: str = ""
    after: str = ""
    cue: int = -1


class Review:
    """One session file under review. See the module."""

    def __init__(
        self,
        path: str | os.PathLike,
        data: dict,
        transcript: Transcript,
        shift: float,
        align: str,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        wallclock: Callable[[], datetime] = now_aware,
    ):
        from prompter.transcript.align import cut

        self.path = Path(path)
        self.data = data
        self.transcript = transcript
        self.cues = list(transcript.cues)
        self.shift = shift
        self.align = align
        self.lock = lock
        self.read_only = read_only
        self._wallclock = wallclock
        self.timeline = timeline_of(data)
        # The aligner's answer, once; the corrections are applied to it after every change.
        self.aligned = cut(transcript, self.timeline, shift, {**data, "corrections": []}, align)
        self.questions = {q["id"]: q for q in data["questions"]}
        self._done: list[Step] = []
        self._undone: list[Step] = []
        self.saves = 0
        self.ok = True  # whether the latest save worked
        self.error = ""
        self._refresh()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        *,
        read_only: bool = False,
        wallclock: Callable[[], datetime] = now_aware,
    ) -> Review:
        """Read the session file and its transcript, taking the lock unless `read_only`.
        NoTranscript without an attached transcript; SessionLocked while another prompter
        has the file; TranscriptError if the transcript is gone or changed."""
        data = read_session_file(path)
        if not isinstance(data.get("transcript"), dict):
            raise NoTranscript(
                f"{path}: no transcript attached; attach one first: "
                f"prompter transcript attach {path} TRANSCRIPT"
            )
        lock = None if read_only else SessionLock.acquire(path)
        try:
            if lock is not None:  # again under the lock: its last writer may have saved since
                data = read_session_file(path)
            found = attached_transcript(path, data)
            if found is None:
                raise NoTranscript(f"{path}: no transcript attached")
            transcript, shift = found
            align = data["transcript"].get("align") or "text"
            return cls(
                path,
                data,
                transcript,
                shift,
                align,
                lock=lock,
                read_only=read_only,
                wallclock=wallclock,
            )
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        """Release the lock (the process's end would release it too)."""
        if self.lock is not None:
            self.lock.release()

    # ----------------------------------------------------------- what it shows

    @property
    def corrections(self) -> list[dict]:
        return self.data.get("corrections") or []

    def _refresh(self) -> None:
        """The assignment with the corrections, its labels and rows."""
        self.assignment: Assignment = apply_corrections(
            self.aligned, self.transcript, self.corrections
        )
        self.labels = labels_of(self.assignment, self.cues)
        place = {}
        for name, cues in (
            (BEFORE, self.assignment.before_cues),
            (PAUSE, self.assignment.pause_cues),
            (AFTER, self.assignment.after_cues),
            (ASIDE, self.assignment.aside_cues),
        ):
            place.update((id(c), name) for c in cues)
        boundaries = {(b.question, b.start): b for b in self.assignment.boundaries}
        reviewed = self.assignment.reviewed
        rows: list[Row] = []
        previous = None
        for i, (cue, q) in enumerate(zip(self.cues, self.labels, strict=True)):
            where = "" if q is not None else place.get(id(cue), ASIDE)
            if (q, where) != previous:
                rows.append(
                    Row(
                        True,
                        i,
                        q,
                        where,
                        boundaries.get((q, cue.start)) if q is not None else None,
                        reviewed.get(i) == q and i in reviewed,
                    )
                )
                previous = (q, where)
            rows.append(Row(False, i, q, where))
        self.rows = rows
        self.row_of_cue = {r.cue: n for n, r in enumerate(rows) if not r.heading}

    def question_of(self, cue: int) -> str | None:
        return self.labels[cue]

    def note(self, qid: str) -> str:
        return self.questions[qid].get("note", "")

    @property
    def weak(self) -> int:
        """How many boundaries the aligner was unsure of and no correction set."""
        return sum(1 for r in self.rows if r.heading and r.weak)

    # ----------------------------------------------------------------- changes

    def _check_writable(self) -> None:
        if self.read_only:
            raise SessionFileError(f"{self.path}: opened read-only; nothing changes")

    def begin(self, cue: int, question: str | None) -> bool:
        """Question `question` (None: no question) begins at cue `cue` and runs to the next
        boundary; saved at once. False (nothing recorded) where that is so already."""
        self._check_writable()
        if question is not None and question not in self.questions:
            raise KeyError(question)
        if not begin(list(self.labels), cue, question):
            return False
        c = Correction.at_cue(self.transcript, self.cues[cue], question or "", self._now())
        entry = c.entry()
        self.data.setdefault("corrections", []).append(entry)
        self._did(Step("correction", question or "", entry=entry, cue=cue))
        return True

    def late_note(self, qid: str, text: str) -> bool:
        """Give question `qid` the note `text`, recorded as added after the interview;
        saved at once. False where the note is unchanged."""
        self._check_writable()
        before = self.note(qid)
        if not set_late_note(self.data, qid, text, self._now()):
            return False
        self._did(Step("note", qid, before=before, after=self.note(qid)))
        return True

    def undo(self) -> Step | None:
        """Take back the latest change of this review (None: nothing to undo)."""
        self._check_writable()
        if not self._done:
            return None
        step = self._done.pop()
        self._apply(step, undo=True)
        self._undone.append(step)
        return step

    def redo(self) -> Step | None:
        self._check_writable()
        if not self._undone:
            return None
        step = self._undone.pop()
        self._apply(step, undo=False)
        self._done.append(step)
        return step

    def _did(self, step: Step) -> None:
        self._done.append(step)
        self._undone.clear()
        if step.kind == "correction":  # a note changes no cue's question
            self._refresh()
        self.save()

    def _apply(self, step: Step, *, undo: bool) -> None:
        if step.kind == "correction":
            entries = self.data.setdefault("corrections", [])
            if undo:
                # The latest of this review's corrections (undo goes back in order).
                k = max(i for i, e in enumerate(entries) if e is step.entry)
                del entries[k]
                if not entries:
                    del self.data["corrections"]
            else:
                entries.append(step.entry)
        else:
            note = step.before if undo else step.after
            set_late_note(self.data, step.question, note, self._now())
        if step.kind == "correction":
            self._refresh()
        self.save()

    def _now(self) -> datetime:
        return self._wallclock().replace(microsecond=0)

    def save(self) -> bool:
        """Write the file now; a failure is kept in `ok`/`error` (the next change and
        leaving try again with everything). Returns `ok`."""
        if self.read_only:
            return True
        try:
            save_data(self.path, self.data, lock=self.lock)
        except SessionFileError as e:
            self.ok, self.error = False, str(e)
        else:
            self.ok, self.error = True, ""
            self.saves += 1
        return self.ok

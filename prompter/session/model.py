"""One interview's session state: statuses, probes, notes, bookmarks, the clock,
the event log and undo/redo (pure Python; no textual).

Times are kept internally as whole milliseconds of *session time*: seconds
since the session started, pauses excluded, read from an injectable monotonic
clock. Every public time is that count divided by 1000, so a value written to a
session file with full float precision reads back exactly (see
docs/session-format.md).

The screen calls the actions (`goto`, `mark`, `toggle_probe`, ...) and then
saves with `prompter.session.writer.SessionWriter`; `Session.restore` rebuilds a
session from what its file holds (`prompter.session.resume`); the analysis
reads only the file. Every action appends an `Event`; the data changes (mark, probe, note,
bookmark, recording mark) can be undone and redone.

`Session` is one state machine whose actions, clock, event log and undo history
share its state; the values it hands out are in `prompter.session.state`, its clock in
`prompter.session.clock`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from prompter.guide import Guide, Question
from prompter.session.clock import SessionClock, SessionTimes, now_aware
from prompter.session.clock import to_ms as _ms
from prompter.session.clock import to_seconds as _s
from prompter.session.history import Change, History
from prompter.session.state import (  # noqa: F401 (re-exported: the session's values)
    ACTIONS,
    MULTI_ACTIONS,
    NOTE_VALUE_MAX,
    UNTOUCHED,
    Bookmark,
    Event,
    QuestionData,
    QuestionState,
    RemovedQuestion,
    clean_text,
    note_event_value,
)
from prompter.session.timeline import closed_seconds
from prompter.vocabulary import RAISED, STATES, STATUSES  # noqa: F401 (STATES re-exported)


class Session(SessionTimes):
    """The state of one interview with one guide."""

    def __init__(
        self,
        guide: Guide,
        participant: str,
        interviewer: str = "",
        extra: dict[str, str] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: datetime | None = None,
        session_id: str | None = None,
        wallclock: Callable[[], datetime] | None = None,
    ):
        if not guide.questions:
            raise ValueError("a session needs a guide with at least one question")
        self.guide = guide
        self.participant = participant
        self.interviewer = clean_text(interviewer)
        self.extra: dict[str, str] = {
            clean_text(str(k)): clean_text(str(v)) for k, v in (extra or {}).items()
        }
        self._wallclock = wallclock or now_aware
        started = now if now is not None else self._wallclock()
        if started.tzinfo is None:
            started = started.astimezone()
        self.started_at: datetime = started.replace(microsecond=0)
        self.ended_at: datetime | None = None
        self.saved_at: datetime | None = None  # of the latest save (SessionWriter)
        self.state = "in_progress"
        self.id = session_id or f"{participant}_{self.started_at:%Y-%m-%d_%H%M}"
        self._clock = SessionClock(clock)
        self._clock.run()
        self._data: dict[str, QuestionData] = {q.id: QuestionData() for q in guide.questions}
        self._index = guide.question_index
        self.removed: dict[str, RemovedQuestion] = {}
        # Text of a question as it was when data was recorded, where the guide has since changed it.
        self.original_text: dict[str, str] = {}
        self._current = guide.questions[0].id
        self._current_since = 0  # session ms at which the current question became current
        self._recording_ms: int | None = None
        self._rec_clock: tuple | None = None  # (key, RecordingClock) for the `rec` clock
        self.bookmarks: list[Bookmark] = []
        # The file's [transcript] table (prompter transcript attach), kept as it was read so
        # that saving a resumed session never drops it.
        self.transcript: dict | None = None
        # The file's [[corrections]] (made in `prompter review`), kept as they were read.
        self.corrections: list[dict] = []
        self.events: list[Event] = []
        self._history = History()
        self._note_draft: tuple[str, str] | None = None  # (question, its note before the edit)
        # What the screen shows instead of a question: "introduction", "closing" or None.
        self.off: str | None = None
        self._log("start")

    @classmethod
    def restore(
        cls,
        guide: Guide,
        *,
        session_id: str,
        participant: str,
        interviewer: str,
        extra: dict[str, str],
        started_at: datetime,
        ended_at: datetime | None,
        state: str,
        elapsed_seconds: float,
        paused: bool,
        recording_offset: float | None,
        current: str,
        questions: dict[str, QuestionState],
        removed: dict[str, RemovedQuestion],
        original_text: dict[str, str],
        bookmarks: list[Bookmark],
        events: list[Event],
        transcript: dict | None = None,
        corrections: list[dict] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], datetime] | None = None,
    ) -> Session:
        """A session as it was saved: the clock goes on from `elapsed_seconds` (stopped if
        `paused`), `current` is current from now, the undo history starts empty and no
        event is logged. `questions` holds the recorded data by id (the guide's questions
        missing from it start pending; `removed` ones must be in it)."""
        self = cls(
            guide,
            participant,
            interviewer,
            extra,
            clock=clock,
            now=started_at,
            session_id=session_id,
            wallclock=wallclock,
        )
        self.started_at = started_at
        self.ended_at = ended_at
        self.state = state
        elapsed_ms = _ms(elapsed_seconds)
        self._clock = SessionClock(clock, base_ms=elapsed_ms)
        if not paused:
            self._clock.run()
        self._recording_ms = None if recording_offset is None else _ms(recording_offset)
        self.removed = dict(removed)
        self.original_text = dict(original_text)
        for qid, st in questions.items():
            first = st.first_marked_seconds
            self._data[qid] = QuestionData(
                st.status,
                tuple(st.probes_used),
                st.note,
                None if first is None else _ms(first),
                _ms(st.seconds_on_question),
                tuple(st.items_ticked),
            )
        if current not in self._index:
            raise KeyError(current)
        self._current = current
        self._current_since = elapsed_ms
        self.bookmarks = list(bookmarks)
        self.events = list(events)
        self.transcript = transcript
        self.corrections = list(corrections or [])
        return self

    # ------------------------------------------------------------------ time

    # ----------------------------------------------------------- inspection

    @property
    def current(self) -> str:
        return self._current

    @property
    def current_question(self) -> Question:
        return self.guide.questions[self._index[self._current]]

    def _ms_on(self, qid: str) -> int:
        """Milliseconds on a question so far: the banked time, plus the live stretch if current."""
        ms_on = self._data[qid].ms_on  # KeyError for an unknown id
        if qid == self._current and self.off is None:
            ms_on += self._clock.ms() - self._current_since
        return ms_on

    def seconds_on(self, qid: str) -> float:
        """Seconds spent on a question so far (the only place this is computed)."""
        return self._ms_on(qid) / 1000

    def question_state(self, qid: str) -> QuestionState:
        d = self._data[qid]
        if d.untouched() and qid != self._current:
            return UNTOUCHED  # most questions of a large guide, at every first save
        return QuestionState(
            status=d.status,
            probes_used=d.probes_used,
            note=d.note,
            first_marked_seconds=_s(d.first_ms),
            seconds_on_question=self.seconds_on(qid),
            items_ticked=d.items_ticked,
        )

    def question_ids(self) -> list[str]:
        """Ids of every question with data: the guide's, in order, then removed ones."""
        return list(self._data)

    def tallies(self) -> dict[str, int]:
        """Questions of the guide per status, and `remaining` (= pending)."""
        counts = dict.fromkeys(STATUSES, 0)
        for q in self.guide.questions:
            counts[self._data[q.id].status] += 1
        return {**counts, "remaining": counts["pending"]}

    def codes_touched(self) -> set[str]:
        """Code keys of the guide's questions asked, probed or covered so far."""
        return {
            code
            for q in self.guide.questions
            if self._data[q.id].status in RAISED
            for code in q.codes
        }

    def section_times(self) -> list[tuple[tuple[str, ...], float, float | None]]:
        """(section path, seconds spent, budget minutes or None) for every section.

        Time on a question counts towards every section that encloses it.
        """
        spent = [0] * len(self.guide.all_sections)
        for qid, sections in self.guide.sections_of.items():
            on = self._ms_on(qid)
            if on:
                for i in sections:
                    spent[i] += on
        return [
            (s.path, ms / 1000, s.minutes)
            for s, ms in zip(self.guide.all_sections, spent, strict=True)
        ]

    def pending_core(self) -> list[Question]:
        """Core questions still pending (not checks: `pending_checks` lists those; a
        question marked not applicable is not pending)."""
        return [
            q
            for q in self.guide.questions
            if q.priority == "core" and q.kind != "check" and self._data[q.id].status == "pending"
        ]

    def pending_checks(self) -> list[Question]:
        """Checks (`kind: check`) not yet ticked, core and optional, in guide order."""
        return [
            q
            for q in self.guide.questions
            if q.kind == "check" and self._data[q.id].status == "pending"
        ]

    @property
    def can_undo(self) -> bool:
        return bool(self._history.done)

    @property
    def can_redo(self) -> bool:
        return bool(self._history.undone)

    # ------------------------------------------------------------ navigation

    def goto(self, qid: str, *, how: str = "goto") -> None:
        """Make `qid` current (KeyError if the guide has no such question)."""
        if qid not in self._index:
            raise KeyError(qid)
        self._switch(qid)
        self._log("goto", qid, how)

    def next(self) -> bool:
        i = self._index[self._current]
        if i + 1 >= len(self.guide.questions):
            return False
        self.goto(self.guide.questions[i + 1].id, how="next")
        return True

    def previous(self) -> bool:
        i = self._index[self._current]
        if i == 0:
            return False
        self.goto(self.guide.questions[i - 1].id, how="previous")
        return True

    def next_section(self) -> bool:
        """Go to the first question of the next section (at any level); False at the last."""
        i = self._index[self._current]
        for start in self.guide.section_starts:
            if start > i:
                self.goto(self.guide.questions[start].id, how="next_section")
                return True
        return False

    def past_section(self, path: tuple[str, ...]) -> bool:
        """Go to the first question after the section at `path` (its sub-sections
        included); False (nowhere to go) if it ends the guide."""
        last = list(self.guide.section(path).all_questions())[-1]
        after = self._index[last.id] + 1
        if after == len(self.guide.questions):
            return False
        self.goto(self.guide.questions[after].id, how="next_section")
        return True

    def previous_section(self) -> bool:
        """Go to the first question of this section, or of the previous one if already there."""
        i = self._index[self._current]
        earlier = [s for s in self.guide.section_starts if s < i]
        if not earlier:
            return False
        self.goto(self.guide.questions[earlier[-1]].id, how="previous_section")
        return True

    def _switch(self, qid: str) -> None:
        if qid == self._current:
            return
        self._end_draft()
        self._bank_current()
        self._current = qid

    def _bank_current(self) -> None:
        """The time on the current question so far to its account (none off the
        questions); its next stretch starts now."""
        now = self._clock.ms()
        if self.off is None:
            self._data[self._current].ms_on += now - self._current_since
        self._current_since = now

    def show(self, where: str | None) -> None:
        """The screen shows the introduction or the closing (`where`), or a question again
        (None; event `begin`). Off the questions, no question is current in the record
        and their time is no question's."""
        if where == self.off:
            return
        self._end_draft()
        self._bank_current()
        self.off = where
        self._log(where or "begin")

    # --------------------------------------------------------------- actions

    def mark(self, status: str) -> None:
        """Set the current question's status; marking the status it has sets it to pending.

        `mark("pending")` clears the status (probes used are kept).
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        self._end_draft()
        d = self._data[self._current]
        new = "pending" if status == d.status else status
        before = d.recorded()
        d.status = new
        self._stamp_first(d)
        self._record("mark", "question", self._current, before, d.recorded(), new)

    def toggle_probe(self, n: int) -> bool:
        """Mark the current question's top-level probe `n` (1-based) used or unused.

        Using a probe makes a pending or asked question `probed`; a skipped or
        covered one keeps its status. Un-using a probe never changes the status
        (`mark("pending")` clears it). Returns False if there is no probe `n`.
        """
        q = self.current_question
        texts = q.probe_texts
        if not 1 <= n <= len(texts):
            return False
        self._end_draft()
        text = texts[n - 1]
        d = self._data[self._current]
        before = d.recorded()
        action = d.use_probe(texts, text)
        if action == "probe":
            self._stamp_first(d)
        self._record(action, "question", self._current, before, d.recorded(), text)
        return True

    def tick(self, probe_n: int, item_n: int) -> bool:
        """Tick or untick item `item_n` (1-based) of the current question's checklist probe
        `probe_n` (1-based). Ticking marks the probe used, as `toggle_probe` does (so a
        pending or asked question becomes `probed`); unticking changes nothing else.
        Returns False if there is no such checklist item."""
        probes = self.current_question.probes
        if not 1 <= probe_n <= len(probes) or not probes[probe_n - 1].checklist:
            return False
        probe = probes[probe_n - 1]
        if not 1 <= item_n <= len(probe.items):
            return False
        self._end_draft()
        item = probe.items[item_n - 1]
        d = self._data[self._current]
        before = d.recorded()
        action = d.tick(probes, probe, item)
        if action == "tick":
            self._stamp_first(d)
        self._record(action, "question", self._current, before, d.recorded(), item)
        return True

    def choose_branch(self, n: int) -> bool:
        """Follow the current question's branch `n` (1-based): log it (`branch`, value: its
        label), go to the first question of its section, and mark the pending questions
        it passes over (forwards) `not_applicable`; a pending branching question becomes
        `asked`. One undoable step. False if there is no branch `n`."""
        q = self.current_question
        if not 1 <= n <= len(q.branches):
            return False
        branch = q.branches[n - 1]
        target = next(self.guide.section(branch.to).all_questions()).id
        here, there = self._index[q.id], self._index[target]
        passed = [p.id for p in self.guide.questions[here + 1 : there]]
        self._end_draft()
        self._mark_many("branch", q.id, passed, branch.label, "not_applicable", asked=q.id)
        self.goto(target, how="branch")
        return True

    def rest_of_section(self, status: str = "not_applicable", top_level: bool = False) -> int:
        """Mark the pending questions of the current question's section (or its top-level
        section) from it on, sub-sections included, `status` (not_applicable or skipped),
        as one undoable step (`rest_not_applicable`, `rest_skipped`); returns how many."""
        q = self.current_question
        section = self.guide.section(q.section_path[: 1 if top_level else None])
        ids = [p.id for p in section.all_questions()]
        rest = [p for p in ids[ids.index(q.id) :] if self._data[p].status == "pending"]
        if rest:
            self._end_draft()
            self._mark_many(f"rest_{status}", q.id, rest, str(len(rest)), status)
        return len(rest)

    def _mark_many(
        self, action: str, qid: str, ids: list[str], value: str, status: str, asked=None
    ) -> None:
        """Mark the pending ones of `ids` `status` (and `asked`, if pending, asked) as one
        change."""
        before, after = {}, {}
        for p, new in [*((p, status) for p in ids), (asked, "asked")]:
            if p is None or self._data[p].status != "pending":
                continue
            d = self._data[p]
            before[p] = d.recorded()
            d.status = new
            self._stamp_first(d)
            after[p] = d.recorded()
        self._record(action, "questions", qid, before, after, value)

    def edit_note(self, text: str) -> None:
        """Change the current note while it is being typed.

        The draft is part of the state at once (so a save keeps every keystroke), but
        it is logged as one 'note' event, and undone as one step, only when the edit
        ends: at `set_note`, or at any other action (navigation, mark, undo...).
        """
        d = self._data[self._current]
        if self._note_draft is None:
            self._note_draft = (self._current, d.note)
        d.note = clean_text(text)

    def set_note(self, text: str) -> bool:
        """Replace the current question's note, ending any edit; False (no event) if the
        note ends up as it was before the edit began."""
        text = clean_text(text)
        d = self._data[self._current]
        draft, self._note_draft = self._note_draft, None
        before_note = draft[1] if draft else d.note
        d.note = text
        if text == before_note:
            return False
        before = replace(d, note=before_note).recorded()
        self._record(
            "note", "question", self._current, before, d.recorded(), note_event_value(text)
        )
        return True

    def _end_draft(self) -> None:
        """Log, as one undoable 'note', the note being typed (every other action calls this)."""
        if self._note_draft is not None:
            qid, _ = self._note_draft
            if qid == self._current:
                self.set_note(self._data[qid].note)
            else:  # cannot happen (switching ends the edit), but never lose the text
                self._note_draft = None

    def add_bookmark(self, label: str = "") -> Bookmark:
        self._end_draft()
        bm = Bookmark(self.elapsed, clean_text(label), self._current)
        self.bookmarks.append(bm)
        self._record("bookmark", "bookmark", self._current, None, bm, bm.label)
        return bm

    def label_bookmark(self, bookmark: Bookmark, label: str) -> Bookmark:
        """Give a bookmark taken earlier its label (the screen asks for it after the key).

        Returns the labelled bookmark; if `bookmark` is no longer there (undone) or
        already has this label, nothing changes and `bookmark` is returned.
        """
        self._end_draft()
        labelled = replace(bookmark, label=clean_text(label))
        if labelled == bookmark or not self._replace_bookmark(bookmark, labelled):
            return bookmark
        self._record("label", "label", bookmark.question, bookmark, labelled, labelled.label)
        return labelled

    def _last_bookmark(self, bm: Bookmark) -> int | None:
        """Where the latest bookmark equal to `bm` is (later undoable changes to bookmarks
        were undone first)."""
        return next(
            (i for i in range(len(self.bookmarks) - 1, -1, -1) if self.bookmarks[i] == bm), None
        )

    def _replace_bookmark(self, old: Bookmark, new: Bookmark) -> bool:
        i = self._last_bookmark(old)
        if i is not None:
            self.bookmarks[i] = new
        return i is not None

    def mark_recording(self) -> None:
        """Note that the call's recording starts now; a later mark replaces it (both are logged)."""
        self._end_draft()
        before = self._recording_ms
        self._recording_ms = self._clock.ms()
        wall = self._wallclock().isoformat(timespec="milliseconds")  # a mark during a pause
        self._record("recording", "recording", self._current, before, self._recording_ms, wall)

    def toggle_pause(self) -> bool:
        """Pause or restart the clock; returns the new `paused`.

        A finished session's clock stays stopped (`reopen` first): no change, no event.
        """
        if self.state == "finished":
            return self.paused
        self._end_draft()
        # Pauses take no session time; this dates them, to the millisecond (recording time).
        wall = self._wallclock().isoformat(timespec="milliseconds")
        if self.paused:
            self._clock.run()
            self._log("unpause", value=wall)
        else:
            self._log("pause", value=wall)
            self._clock.pause()
        return self.paused

    def log_resume(self, what_changed: str, *, before_event: int | None = None) -> None:
        """Log that the session was loaded from its file and goes on (value: when, and how
        its guide changed); with `before_event`, the event goes in at that index of the
        log (a finished session reopened at its first change: before the change)."""
        when = self._wallclock().isoformat(timespec="seconds")
        self._log("resume", value=f"{when}; {what_changed}")
        self._move_last_event(before_event)

    def toggle_closed(self) -> tuple[bool, float] | None:
        """`R`: turn over whether the recording ran on while prompter was last closed
        (resume took it as running on). (ran on now, for how long), or None where
        prompter was not closed during the recording."""
        resumed = max((i for i, e in enumerate(self.events) if e.action == "resume"), default=-1)
        told = [closed_seconds(e.value) for e in self.events[resumed + 1 :] if e.action == "closed"]
        if not told or not max(told):
            return None
        ran = told[-1] == 0  # the latest says it did not run: now it did
        self.log_closed(max(told) if ran else 0.0)
        return ran, max(told)

    def log_closed(self, seconds: float) -> None:
        """Log how long the recording ran while prompter was closed (`closed`; after a
        resume the latest counts, so 0 says that it did not: prompter.session.timeline)."""
        self._log("closed", value=f"{max(0.0, seconds):.3f}")

    def _move_last_event(self, index: int | None) -> None:
        if index is not None and index < len(self.events) - 1:
            self.events.insert(index, self.events.pop())

    def finish(self, now: datetime | None = None) -> None:
        """End the interview: state `finished`, `ended_at` set, the clock stopped."""
        self._end_draft()
        ended = now if now is not None else self._wallclock()
        if ended.tzinfo is None:
            ended = ended.astimezone()
        self.ended_at = ended.replace(microsecond=0)
        # value: the wall-clock time, so that ended_at can always be rebuilt from the log.
        self._log("finish", value=self.ended_at.isoformat())
        self._clock.pause()
        self.state = "finished"

    def reopen(self, *, before_event: int | None = None) -> None:
        """Undo `finish`: back in progress, `ended_at` cleared, the clock running again (but
        one finished during a pause stays paused, as its log says). With `before_event`,
        the `reopen` event goes in at that index of the log."""
        if self.state != "finished":
            return
        self.state = "in_progress"
        self.ended_at = None
        pauses = (e.action for e in reversed(self.events) if e.action in ("pause", "unpause"))
        if next(pauses, "unpause") != "pause":
            self._clock.run()
        self._log("reopen")
        self._move_last_event(before_event)

    # ----------------------------------------------------------- undo / redo

    def undo(self) -> bool:
        """Reverse the latest data change; its question becomes current.

        While a note is being typed, the first undo reverses the whole edit.
        """
        self._end_draft()
        ch = self._history.undo()
        if ch is None:
            return False
        self._apply(ch, ch.before, undo=True)
        if ch.question in self._index:  # not a removed question
            self._switch(ch.question)
        self._log("undo", ch.question, ch.action)
        return True

    def redo(self) -> bool:
        self._end_draft()
        ch = self._history.redo()
        if ch is None:
            return False
        self._apply(ch, ch.after, undo=False)
        if ch.question in self._index:  # not a removed question
            self._switch(ch.question)
        self._log("redo", ch.question, ch.action)
        return True

    def _apply(self, ch: Change, value, *, undo: bool) -> None:
        if ch.kind == "question":
            self._data[ch.question].set_recorded(value)
        elif ch.kind == "questions":
            for qid, rec in value.items():
                self._data[qid].set_recorded(rec)
        elif ch.kind == "bookmark":
            bm = ch.after
            if undo:
                i = self._last_bookmark(bm)
                if i is not None:
                    del self.bookmarks[i]
            else:
                self.bookmarks.append(bm)
        elif ch.kind == "label":
            self._replace_bookmark(*((ch.after, ch.before) if undo else (ch.before, ch.after)))
        elif ch.kind == "recording":
            self._recording_ms = value

    # --------------------------------------------------------------- helpers

    def _stamp_first(self, d: QuestionData) -> None:
        if d.first_ms is None and (d.status != "pending" or d.probes_used):
            d.first_ms = self._clock.ms()

    def _record(self, action, kind, qid, before, after, value) -> None:
        self._history.push(Change(action, qid, kind, before, after))
        self._log(action, qid, value)

    def _log(self, action: str, qid: str | None = None, value: str | None = None) -> None:
        at = self.elapsed
        while self._clock.jumps:  # the clock went back since the last event: say so
            back = self._clock.jumps.pop(0)
            self.events.append(Event(at, "clock", self._current, f"went back {back / 1000} s"))
        self.events.append(Event(at, action, qid or self._current, value))

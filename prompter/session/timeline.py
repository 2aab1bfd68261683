"""Times derived from a session's record, each rule written once (pure Python).

Session time is seconds since the start with pauses excluded; recording time is
seconds into the call's recording, counted from the moment marked with `r`.
The call's recording keeps running while the interview clock is paused, so

    recording time of session moment t = wall-clock time from the mark to t
        = (t - r) + the wall-clock length of every pause between the mark and t

(negative before the mark). A pause's length comes from the wall-clock times of
its `pause` and `unpause` events; a mark made during a pause counts the part of
that pause after the mark (from the `recording` event's own wall-clock time). An
action taken during a pause has the session time of the pause's start, and is
placed there; the mark itself is the one exception. The screen's `rec` clock,
the session file's readers and every export ask this module (docs/session-format.md,
"Recording time").

`question_spans(events, recording_offset)` turns an event log into the
interview's timeline: when each question was current, in session time and in
recording time, and when each note, mark and bookmark was made.

Longer than most modules on purpose: every time derived from the event log
(recording time, spans, moments) comes from one replay of the log; split, the rules
would drift apart.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

# Actions whose `question` is not the current question (a label names its bookmark's; a
# late note, made in review after the interview, the question it was written on).
_NOT_CURRENT = frozenset(
    {"label", "pause", "unpause", "recording", "bookmark", "clock", "late_note"}
)
# Actions after which no question is current: the screen shows the introduction or the
# closing (`begin`, or any other change, makes a question current again).
_OFF = frozenset({"introduction", "closing"})
# Events the recording-time rule needs; the analysis keeps only these when it drops the log.
TIMING_ACTIONS = frozenset({"pause", "unpause", "recording", "closed", "resume"})


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def closed_seconds(value) -> float:
    """The seconds a `closed` event says (0 where it says nothing readable)."""
    return _closed_ms(value) / 1000


def _closed_ms(value) -> int:
    """The milliseconds a `closed` event says (0 where it says nothing readable)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0
    return _ms(seconds) if 0 <= seconds < 1e9 else 0


def _fields(ev) -> tuple[float, str, str, str | None]:
    """(at_seconds, action, question, value) of an event: a dict from a file or an Event."""
    if isinstance(ev, dict):
        return ev["at_seconds"], ev["action"], ev.get("question", ""), ev.get("value")
    return ev.at_seconds, ev.action, ev.question, ev.value


def wall_time(value: str | None) -> datetime | None:
    """The wall-clock time an event's value starts with (ISO 8601), or None."""
    if not value:
        return None
    text = value.split(";", 1)[0].strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _wall_ms(a: datetime, b: datetime) -> int:
    """Whole milliseconds from `a` to `b`, never negative (a clock set back counts as 0)."""
    return max(0, round((b - a).total_seconds() * 1000))


def timing_events(events: Iterable[dict]) -> list[dict]:
    """The events the recording-time rule reads: pauses and recording marks, and the undo
    and redo of marks (a small part of a long log, kept when the rest is dropped)."""
    return [
        e
        for e in events
        if e.get("action") in TIMING_ACTIONS
        or (e.get("action") in ("undo", "redo") and e.get("value") == "recording")
    ]


@dataclass(frozen=True, slots=True)
class Pause:
    """One pause of the interview clock: its session time and where it is in the log."""

    at_ms: int
    start_index: int  # index of its `pause` event
    end_index: int | None  # index of its `unpause` event; None while still paused
    wall_ms: int | None  # its wall-clock length; None while open or when not known
    started: datetime | None  # wall-clock time of the `pause` event


@dataclass(frozen=True, slots=True)
class Mark:
    """The recording mark in effect: session time, index of its event, its wall-clock time."""

    at_ms: int
    index: int | None
    wall: datetime | None


class RecordingClock:
    """Session time to recording time for one session's event log (the rule, once).

    A moment is a session time and, where known, its place in the log: `index` is
    the number of events logged before it, which tells a moment logged right after
    an unpause from one logged right before the pause, both at the same session time.
    """

    def __init__(self, events: Sequence, recording_offset: float | None):
        self.notes: list[str] = []  # what could not be known exactly, for the reader
        self.pauses: list[Pause] = []
        self.assumed_start = recording_offset is None
        marks: list[int] = []  # the recording events in effect (undo/redo replayed)
        undone: list[int] = []
        rows = [_fields(e) for e in events]
        open_pause: tuple[int, int, datetime | None] | None = None
        gap: int | None = None  # the pause standing for the time closed, since the resume
        for i, (at, action, _, value) in enumerate(rows):
            if action == "closed":
                # Prompter was closed and the recording ran on: a pause of no session
                # time, as long as the event says (the latest after a resume counts).
                length = _closed_ms(value)
                if gap is None:
                    gap = len(self.pauses)
                    self.pauses.append(Pause(_ms(at), i, i, length, None))
                else:
                    self.pauses[gap] = replace(self.pauses[gap], wall_ms=length)
            elif action == "resume":
                gap = None
            elif action == "pause" and open_pause is None:
                open_pause = (i, _ms(at), wall_time(value))
            elif action == "unpause" and open_pause is not None:
                start_i, at_ms, started = open_pause
                ended = wall_time(value)
                length = None if started is None or ended is None else _wall_ms(started, ended)
                if length is None:
                    self.notes.append(
                        f"the pause at {at_ms / 1000:g} s has no readable "
                        "wall-clock times; counted as 0 s"
                    )
                self.pauses.append(Pause(at_ms, start_i, i, length, started))
                open_pause = None
            elif action == "recording":
                marks.append(i)
                undone.clear()
            elif action == "undo" and value == "recording" and marks:
                undone.append(marks.pop())
            elif action == "redo" and value == "recording" and undone:
                marks.append(undone.pop())
        if open_pause is not None:
            start_i, at_ms, started = open_pause
            self.pauses.append(Pause(at_ms, start_i, None, None, started))
        self._rows = rows
        self.mark = self._find_mark(rows, marks, recording_offset)
        self._mark_pause = self._pause_holding(self.mark)
        # Pause lengths banked before each pause (cumulative), for bisecting by time or index.
        self._bank: list[int] = [0]
        self._starts = [p.at_ms for p in self.pauses]
        self._ends = [p.end_index if p.end_index is not None else float("inf") for p in self.pauses]
        for p in self.pauses:
            self._bank.append(self._bank[-1] + (p.wall_ms or 0))
        self._mark_wall_ms = self._wall_offset(self.mark.at_ms, self.mark.index, mark=True)

    # ----------------------------------------------------------------- set-up

    def _find_mark(self, rows, marks: list[int], recording_offset: float | None) -> Mark:
        if recording_offset is None:
            return Mark(0, 0 if rows else None, None)  # the session's start
        r_ms = _ms(recording_offset)
        # The mark in effect after replaying undo and redo; else the latest at that time.
        candidates = marks[::-1] + [
            i for i in range(len(rows) - 1, -1, -1) if rows[i][1] == "recording"
        ]
        for i in candidates:
            if _ms(rows[i][0]) == r_ms:
                return Mark(r_ms, i, wall_time(rows[i][3]))
        return Mark(r_ms, None, None)

    def _pause_holding(self, mark: Mark) -> Pause | None:
        """The pause the mark was made in, if it was made during one."""
        if mark.index is None:
            return None
        for p in self.pauses:
            if p.start_index < mark.index and (p.end_index is None or mark.index < p.end_index):
                return p
        return None

    # ------------------------------------------------------------------- rule

    def _done_before(self, at_ms: int, index: int | None) -> int:
        """How many pauses (in order) were over before this moment."""
        if index is None:  # by time alone: a pause at t itself is not over at t
            return bisect.bisect_left(self._starts, at_ms)
        return bisect.bisect_left(self._ends, index)

    def _wall_offset(self, at_ms: int, index: int | None, *, mark: bool = False) -> int:
        """Wall-clock milliseconds from the session's start to this moment (up to a constant)."""
        wall = at_ms + self._bank[self._done_before(at_ms, index)]
        if mark and self._mark_pause is not None:
            p = self._mark_pause
            if p.started is not None and self.mark.wall is not None:
                into = _wall_ms(p.started, self.mark.wall)
                wall += into if p.wall_ms is None else min(into, p.wall_ms)
            else:
                self.notes.append(
                    "the recording was marked during a pause, at a time not "
                    "recorded; taken as the end of that pause"
                )
                wall += p.wall_ms or 0
        return wall

    def at(self, at_seconds: float, index: int | None = None) -> float:
        """Recording seconds of a session moment (`index`: events logged before it)."""
        at_ms = _ms(at_seconds)
        if at_ms == self.mark.at_ms and (index is None or self._in_mark_pause(index)):
            return 0.0  # the mark itself, or an action in the pause it was made in
        return (self._wall_offset(at_ms, index) - self._mark_wall_ms) / 1000

    def _in_mark_pause(self, index: int) -> bool:
        """Whether a moment is after the mark but still in the pause it was made in."""
        p = self._mark_pause
        return (
            p is not None
            and self.mark.index is not None
            and self.mark.index < index
            and (p.end_index is None or index <= p.end_index)
        )

    def event_time(self, i: int) -> float:
        """Recording seconds of the log's event `i` (an unpause is at the pause's end)."""
        return self.at(self._rows[i][0], i + 1)

    def live(self, elapsed: float, now: datetime) -> float:
        """Recording seconds now, for a session still running: during an open pause
        the recording goes on, so the wall clock since the pause began is added."""
        n = len(self._rows)
        last = self.pauses[-1] if self.pauses else None
        if last is None or last.end_index is not None or last.started is None:
            return self.at(elapsed, n)
        if self._mark_pause is last and self.mark.wall is not None:
            return _wall_ms(self.mark.wall, now) / 1000
        before = self.at(last.at_ms / 1000, last.start_index + 1)
        return (round(before * 1000) + _wall_ms(last.started, now)) / 1000  # whole ms

    def pause_spans(self) -> list[tuple[float, float | None]]:
        """(start, end) of every pause in recording seconds (end None while open)."""
        out = []
        for p in self.pauses:
            # A pause's own event is before it; a time closed is a pause of one event.
            start = self.at(p.at_ms / 1000, p.start_index + (p.end_index != p.start_index))
            end = None if p.end_index is None else self.event_time(p.end_index)
            out.append((start, end))
        return out


def recording_time(
    at_seconds: float, recording_offset: float | None, events: Sequence = ()
) -> float | None:
    """Session time `at_seconds` as seconds into the recording (None if never marked):
    wall-clock time since the mark, the pauses in `events` included."""
    if recording_offset is None:
        return None
    return RecordingClock(events, recording_offset).at(at_seconds)


# ------------------------------------------------------------ the timeline


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch during which `question` was current: session and recording seconds."""

    question: str
    start: float
    end: float
    rec_start: float
    rec_end: float


@dataclass(frozen=True, slots=True)
class Moment:
    """A note, mark, probe or bookmark: when it was made, and whether it was undone."""

    action: str  # mark, probe, unprobe, note, bookmark
    question: str
    at: float
    rec: float
    value: str
    undone: bool = False


@dataclass(slots=True)
class Timeline:
    """The interview's timeline, derived from its event log."""

    spans: list[Span]
    # Whether the first question became current by a key (it was raised then), not by
    # the session's start (a file from before the introduction had its own event).
    first_keyed: bool
    assumed_start: bool  # no recording mark: recording times count from the start
    recording_offset: float  # the session time taken as the recording's start
    moments: list[Moment] = field(default_factory=list)
    pauses: list[tuple[float, float | None]] = field(default_factory=list)  # recording seconds
    notes: list[str] = field(default_factory=list)
    clock: RecordingClock | None = field(default=None, compare=False, repr=False)

    def recording_time(self, at_seconds: float) -> float:
        """A session time (a bookmark's, say) in recording seconds, by the same rule."""
        return self.clock.at(at_seconds) if self.clock else at_seconds - self.recording_offset

    def spans_of(self, question: str) -> list[Span]:
        return [s for s in self.spans if s.question == question]

    def in_pause(self, rec_seconds: float) -> bool:
        return any(a <= rec_seconds < (b if b is not None else a) for a, b in self.pauses)

    def of_action(self, action: str, *, undone: bool = False) -> list[Moment]:
        return [m for m in self.moments if m.action == action and (undone or not m.undone)]


def timeline_of(data: dict) -> Timeline:
    """The timeline of a parsed session file, read with its `[[events]]`."""
    s = data["session"]
    return question_spans(
        data.get("events") or [], s.get("recording_offset_seconds"), end=s.get("elapsed_seconds")
    )


def question_spans(
    events: Sequence, recording_offset: float | None, *, end: float | None = None
) -> Timeline:
    """The timeline of an event log ([[events]] dicts or `Event`s, in log order).

    Each question's spans run from the event that made it current to the one that
    made another current; the last runs to `end` (the session's elapsed seconds; by
    default the last event). Spans with no length are left out, and neighbouring
    spans of one question joined. With no `recording_offset`, the session's start is
    taken as the recording's (`assumed_start`).
    """
    clock = RecordingClock(events, recording_offset)
    rows = clock._rows
    # (question or None, session ms, recording s) of each change of the current question,
    # and the action that made it.
    changes: list[tuple[str | None, int, float]] = []
    made: list[str] = []
    current: str | None = None
    for i, (at, action, qid, _) in enumerate(rows):
        if action in _NOT_CURRENT:
            continue
        now = None if action in _OFF else qid
        if now == current:
            continue
        current = now
        changes.append((now, _ms(at), clock.event_time(i)))
        made.append(action)
    last_ms = _ms(rows[-1][0]) if rows else 0
    end_ms = max(last_ms, _ms(end)) if end is not None else last_ms
    end_rec = clock.at(end_ms / 1000, len(rows)) if rows else 0.0
    if clock.pauses and clock.pauses[-1].end_index is None:
        # Paused at the end: the record stops where the clock did.
        p = clock.pauses[-1]
        end_rec = clock.at(p.at_ms / 1000, p.start_index + 1)
    if changes:
        # Never before the last change (a mark made late in a final pause: its wall
        # time is later than the pause's start by less than the stored precision).
        end_rec = max(end_rec, changes[-1][2])
    spans: list[Span] = []
    first_action = None  # what made the first span's question current
    for n, (qid, start_ms, rec_start) in enumerate(changes):
        stop_ms, rec_stop = changes[n + 1][1:] if n + 1 < len(changes) else (end_ms, end_rec)
        if qid is None or (stop_ms == start_ms and rec_stop == rec_start):
            continue
        if spans and spans[-1].question == qid and spans[-1].end == start_ms / 1000:
            prev = spans.pop()
            start_ms, rec_start = _ms(prev.start), prev.rec_start
        spans.append(Span(qid, start_ms / 1000, stop_ms / 1000, rec_start, rec_stop))
        first_action = first_action or made[n]
    return Timeline(
        spans=spans,
        first_keyed=first_action not in (None, "start", "resume"),
        assumed_start=clock.assumed_start,
        recording_offset=clock.mark.at_ms / 1000,
        moments=_moments(rows, clock),
        pauses=clock.pause_spans(),
        notes=list(dict.fromkeys(clock.notes)),
        clock=clock,
    )


def _moments(rows, clock: RecordingClock) -> list[Moment]:
    """Marks, probes, notes and bookmarks, with labels applied and undo/redo replayed
    as the session did it (`prompter.session.model`: undo reverses the latest change)."""
    moments: list[Moment] = []
    undone: set[int] = set()
    # One entry per change on the undo stack: ("moment", k), ("label", k, before, after)
    # or ("other",) for a recording mark or a label whose bookmark is not found.
    applied: list[tuple] = []
    redoable: list[tuple] = []
    for i, (at, action, qid, value) in enumerate(rows):
        if action in ("mark", "probe", "unprobe", "note", "bookmark"):
            moments.append(Moment(action, qid, at, clock.event_time(i), value or ""))
            applied.append(("moment", len(moments) - 1))
            redoable.clear()
        elif action == "label":
            k = next(
                (
                    k
                    for k in range(len(moments) - 1, -1, -1)
                    if moments[k].action == "bookmark"
                    and moments[k].question == qid
                    and k not in undone
                ),
                None,
            )
            if k is None:
                applied.append(("other",))
            else:
                applied.append(("label", k, moments[k].value, value or ""))
                moments[k] = replace(moments[k], value=value or "")
            redoable.clear()
        elif action == "recording":
            applied.append(("other",))
            redoable.clear()
        elif action in ("undo", "redo"):
            source, target = (applied, redoable) if action == "undo" else (redoable, applied)
            if not source:
                continue
            change = source.pop()
            target.append(change)
            if change[0] == "moment":
                (undone.add if action == "undo" else undone.discard)(change[1])
            elif change[0] == "label":
                _, k, before, after = change
                moments[k] = replace(moments[k], value=before if action == "undo" else after)
        elif action == "resume":  # the undo history does not survive a restart
            applied.clear()
            redoable.clear()
    return [replace(m, undone=k in undone) for k, m in enumerate(moments)]

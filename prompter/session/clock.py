"""Session time: whole milliseconds since the session started, pauses excluded, read
from an injectable monotonic clock (pure Python; no textual)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime


def to_ms(seconds: float) -> int:
    """Whole milliseconds from seconds (exact for values that are n/1000)."""
    return round(seconds * 1000)


def to_seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000


def now_aware() -> datetime:
    """The wall-clock time with its offset. Microseconds kept: pause and recording events
    carry milliseconds (recording time)."""
    return datetime.now().astimezone()


class SessionClock:
    """Session time in whole milliseconds: `base_ms` banked + the running stretch.

    It never goes back: if the source does (a clock stepped back, a virtual machine
    restored), time carries on from the highest reading given, and the jump is kept in
    `jumps` for the session to log (a `clock` event)."""

    __slots__ = ("source", "base_ms", "run_start", "high_ms", "jumps")

    def __init__(self, source: Callable[[], float], base_ms: int = 0):
        self.source = source
        self.base_ms = base_ms
        self.run_start: float | None = None  # source() reading when the running stretch began
        self.high_ms = 0  # the highest reading given so far
        self.jumps: list[int] = []  # ms the source went back, not yet logged

    def ms(self) -> int:
        if self.run_start is None:
            return self.base_ms
        now = self.source()
        ms = self.base_ms + to_ms(now - self.run_start)
        floor = max(self.high_ms, self.base_ms)
        if ms < floor:
            self.jumps.append(floor - ms)
            self.run_start = now - (floor - self.base_ms) / 1000
            ms = floor
        self.high_ms = ms
        return ms

    def pause(self) -> None:
        if self.run_start is not None:
            self.base_ms = self.ms()
            self.run_start = None

    def run(self) -> None:
        if self.run_start is None:
            self.run_start = self.source()


class SessionTimes:
    """The session's clocks, read: session time, and recording time (wall-clock time
    since the recording mark, pauses included: `prompter.session.timeline`). A part of
    `Session`, which holds `_clock`, `_recording_ms`, `_rec_clock`, `_wallclock` and
    `events`."""

    def wall_now(self) -> datetime:
        """The wall-clock time now, to the millisecond (as pause events carry it)."""
        now = self._wallclock()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)

    @property
    def elapsed(self) -> float:
        """Seconds since the session started, pauses excluded."""
        return self._clock.ms() / 1000

    @property
    def paused(self) -> bool:
        return self._clock.run_start is None

    @property
    def recording_offset(self) -> float | None:
        """Session seconds at which the recording was (last) marked as started."""
        return to_seconds(self._recording_ms)

    def _recording_clock(self):  # a RecordingClock (prompter.session.timeline)
        key = (id(self.events), len(self.events), self._recording_ms)
        if self._rec_clock is None or self._rec_clock[0] != key:
            from prompter.session.timeline import RecordingClock  # first asked at the mark

            self._rec_clock = (key, RecordingClock(self.events, self.recording_offset))
        return self._rec_clock[1]

    def to_recording(self, at_seconds: float) -> float | None:
        """A session offset as seconds into the recording (None before it is marked):
        wall-clock time since the mark, pauses included (`prompter.session.timeline`)."""
        if self._recording_ms is None:
            return None
        return self._recording_clock().at(at_seconds)

    @property
    def recording_elapsed(self) -> float | None:
        """Seconds into the recording now (None before it is marked); it keeps running
        while the interview clock is paused, as the call's recording does."""
        if self._recording_ms is None:
            return None
        return self._recording_clock().live(self.elapsed, self._wallclock())

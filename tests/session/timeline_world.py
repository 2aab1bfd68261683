"""A test world for recording times: one time line that drives both the session's
monotonic clock and its wall clock, as in life (whole milliseconds, so that what a
test expects is exact)."""

from __future__ import annotations

from datetime import timedelta

from guide_factory import FIXED_NOW

from prompter.session import Session


class World:
    """`clock()` (or the world called) is the monotonic clock, `wall()` the wall clock;
    `advance` moves both."""

    def __init__(self, start=FIXED_NOW):
        self.ms = 0
        self.start = start

    def clock(self) -> float:
        return 1000 + self.ms / 1000

    __call__ = clock  # the world is a clock, as a FakeClock is (interview_driver.Interview)

    def wall(self):
        return self.start + timedelta(milliseconds=self.ms)

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.ms += round(seconds * 1000)

    def session(self, guide, participant: str = "P01", **kw) -> Session:
        return Session(
            guide, participant, "Ann", clock=self.clock, wallclock=self.wall, now=self.start, **kw
        )

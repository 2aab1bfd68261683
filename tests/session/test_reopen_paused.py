"""A session finished during a pause and reopened stays paused, as its log says: before,
its clock ran while the log's pause was still open, so every later event had the
recording time of the pause's start (found by the timeline's property test:
pause, finish, resume, two milliseconds)."""

from __future__ import annotations

from guide_factory import demo_guide
from helpers import FakeClock
from interview_driver import new_session

from prompter.session.resume import load_session
from prompter.session.timeline import question_spans
from prompter.session.writer import save_session


def test_finished_during_a_pause_then_reopened_stays_paused(tmp_path):
    clock = FakeClock()
    s = new_session(demo_guide(), clock)
    clock.advance(10)
    s.mark_recording()
    clock.advance(5)
    s.toggle_pause()
    clock.advance(30)
    s.finish()
    path = tmp_path / "s.toml"
    save_session(s, path)

    later = FakeClock(5000.0)
    resumed, _ = load_session(path, s.guide, clock=later)
    resumed.reopen()
    assert resumed.paused and resumed.elapsed == 15.0
    later.advance(60)
    assert resumed.elapsed == 15.0  # paused: no session time passes
    resumed.toggle_pause()  # the interviewer carries on: the pause ends here
    later.advance(2)
    resumed.mark("asked")
    assert resumed.elapsed == 17.0
    actions = [e.action for e in resumed.events]
    assert actions[-4:] == ["resume", "reopen", "unpause", "mark"]


def test_finished_while_running_then_reopened_runs():
    clock = FakeClock()
    s = new_session(demo_guide(), clock)
    clock.advance(10)
    s.toggle_pause()
    clock.advance(5)
    s.toggle_pause()  # the pause is over
    s.finish()
    clock.advance(100)
    s.reopen()
    assert not s.paused
    clock.advance(3)
    s.mark("asked")
    assert s.elapsed == 13.0
    spans = question_spans(s.events, None, end=s.elapsed).spans
    assert spans[-1].end == 13.0

"""Recording time through the time prompter was closed (issue 20): every save records its
wall-clock time (`saved_at`); a resume of an interview left running (a crash, ctrl+q,
a closed terminal: all alike) logs how long it was closed (`closed`), the recording is
taken to have run on, and `R` on the screen says it did not (again: it did)."""

from __future__ import annotations

from datetime import timedelta

from helpers import FIXED_NOW, FakeClock
from interview_driver import left_running, resumed

from prompter.commands.interview import _closed_for
from prompter.guide import load_guide
from prompter.guide.bundled import resolve_guide
from prompter.session.read import read_session_file
from prompter.session.resume import load_session
from prompter.session.timeline import question_spans

GUIDE = load_guide(resolve_guide("demo"))


def test_every_save_says_when(tmp_path):
    path = left_running(GUIDE, tmp_path)
    assert read_session_file(path)["session"]["saved_at"] == FIXED_NOW + timedelta(seconds=10)


def test_the_time_closed_counts_as_recording_time(tmp_path):
    session, clock, notice = resumed(GUIDE, left_running(GUIDE, tmp_path), 44.0)
    assert notice == (
        " Closed for 0:44: the recording is taken to have run on (R if it was stopped)."
    )
    assert session.events[-1].action == "closed" and session.events[-1].value == "44.000"
    clock.advance(7)
    assert session.elapsed == 17.0
    assert session.recording_elapsed == 61.0  # 10 + 44 closed + 7
    session.next()
    clock.advance(3)
    timeline = question_spans(session.events, session.recording_offset, end=session.elapsed)
    first, second = timeline.spans[0], timeline.spans[1]
    assert (first.rec_start, first.rec_end) == (0.0, 61.0)
    assert second.rec_start == 61.0
    assert timeline.pauses == [(10.0, 54.0)]  # the time closed: no question's


def test_it_did_not_run_when_the_interviewer_says_so(tmp_path):
    session, clock, _ = resumed(GUIDE, left_running(GUIDE, tmp_path), 44.0)
    session.log_closed(0)  # what R logs
    clock.advance(7)
    assert session.recording_elapsed == 17.0
    session.log_closed(44.0)  # R again
    assert session.recording_elapsed == 61.0


def test_paused_before_leaving_or_an_older_file_reads_as_before(tmp_path):
    session, _, notice = resumed(GUIDE, left_running(GUIDE, tmp_path, paused=True), 44.0)
    assert notice == "" and "closed" not in [e.action for e in session.events]
    (tmp_path / "old").mkdir()
    path = left_running(GUIDE, tmp_path / "old")
    data = read_session_file(path)
    del data["session"]["saved_at"]  # as written before saved_at
    clock = FakeClock()
    s, _ = load_session(path, GUIDE, clock=clock)
    assert _closed_for(s, data["session"]) == ""

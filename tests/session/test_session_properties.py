"""Property tests: any sequence of actions survives a save and a load unchanged,
any text survives the file, and undo restores the state before any sequence. The
actions, their strategies and `apply` are the interview driver's (interview_driver)."""

from __future__ import annotations

import tomllib
from datetime import timedelta

import pytest
from guide_factory import FIXED_NOW, FakeClock, demo_guide
from helpers import session_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import any_actions, apply, new_session, no_undo_actions, texts

from prompter.session import Session
from prompter.session.render import session_to_toml
from prompter.session.resume import load_session
from prompter.session.writer import save_session

GUIDE = demo_guide()
IDS = [q.id for q in GUIDE.questions]
WALL = FIXED_NOW + timedelta(hours=2)
ANY = any_actions(IDS)
NO_UNDO = no_undo_actions(IDS)


def interview(clock: FakeClock) -> Session:
    """A session of GUIDE whose wall clock stands still (WALL)."""
    return new_session(GUIDE, clock, wallclock=lambda: WALL)


def observable(s: Session) -> dict:
    """Everything the screen and the analysis can see of a session."""
    return {
        "ids": (s.id, s.participant, s.interviewer, s.extra, s.started_at, s.ended_at, s.state),
        "clock": (s.elapsed, s.paused, s.recording_offset, s.current),
        "questions": {qid: s.question_state(qid) for qid in s.question_ids()},
        "bookmarks": list(s.bookmarks),
        "events": list(s.events),
        "tallies": s.tallies(),
        "sections": s.section_times(),
        "pending_core": s.pending_core(),
        "file": session_to_dict(s),
    }


def end_edit(s: Session) -> None:
    """End a note being typed, as the screen does when the editor closes."""
    s.set_note(s.question_state(s.current).note)


def data_state(s: Session):
    qs = {}
    for qid in s.question_ids():
        q = s.question_state(qid)
        qs[qid] = (q.status, q.probes_used, q.note, q.first_marked_seconds)
    return qs, list(s.bookmarks), s.recording_offset


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(ANY, max_size=30), start=st.floats(0, 1e7), later=st.floats(0, 100))
def test_save_then_load_gives_back_the_same_state(folder, actions, start, later):
    clock = FakeClock(start)
    s = interview(clock)
    for a in actions:
        apply(s, clock, a)
        # The incremental writer agrees with the plain dict after every step.
        assert tomllib.loads(session_to_toml(s)) == session_to_dict(s)
    path = folder / "roundtrip.toml"
    save_session(s, path)
    clock2 = FakeClock(123.456)
    r, rec = load_session(path, GUIDE, clock=clock2, wallclock=lambda: WALL, log_resume=False)
    assert rec.hash_matched and not rec.changed
    assert observable(r) == observable(s)
    # ...and both go on alike: the same data, the clocks within the millisecond the file
    # rounds to (the sub-millisecond part of a running clock is not saved).
    clock.advance(later)
    clock2.advance(later)
    assert data_state(r) == data_state(s)
    assert abs(r.elapsed - s.elapsed) <= 0.001 + 1e-9 and r.current == s.current
    for qid in s.question_ids():
        a, b = r.question_state(qid), s.question_state(qid)
        assert abs(a.seconds_on_question - b.seconds_on_question) <= 0.001 + 1e-9


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=texts, label=texts, interviewer=texts, extra=st.dictionaries(texts, texts, max_size=3))
def test_any_text_survives_the_file(folder, note, label, interviewer, extra):
    clock = FakeClock()
    s = Session(GUIDE, "P01", interviewer, extra, clock=clock, now=FIXED_NOW)
    s.set_note(note)
    s.add_bookmark(label)
    path = folder / "text.toml"
    save_session(s, path)
    r, _ = load_session(path, GUIDE, clock=FakeClock(), log_resume=False)
    assert r.question_state(s.current).note == note
    assert r.bookmarks[0].label == label
    assert r.interviewer == interviewer and r.extra == extra
    assert [e.value for e in r.events] == [e.value for e in s.events]


@settings(max_examples=200, deadline=None)
@given(before=st.lists(ANY, max_size=25), actions=st.lists(NO_UNDO, max_size=25))
def test_undo_restores_the_state_before_any_sequence(before, actions):
    clock = FakeClock()
    s = interview(clock)
    for a in before:
        apply(s, clock, a)
    end_edit(s)
    start, depth = data_state(s), len(s._history.done)
    for a in actions:
        apply(s, clock, a)
    end_edit(s)
    end = data_state(s)
    changes = len(s._history.done) - depth
    for _ in range(changes):
        assert s.undo()
    assert data_state(s) == start
    for _ in range(changes):
        assert s.redo()
    assert data_state(s) == end
    if changes:
        assert s.redo() is False  # a change cleared what `before` left to redo

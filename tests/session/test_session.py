"""The session model: statuses, probes, notes, bookmarks, the clock, undo and redo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from guide_factory import FIXED_NOW, FakeClock, demo_guide, generated_guide

from prompter.session import STATUSES, Bookmark, QuestionState, Session


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def s(clock):
    return Session(demo_guide(), "P01", "Ann", {"site": "Leeds"}, clock=clock, now=FIXED_NOW)


def statuses(s):
    return [s.question_state(q.id).status for q in s.guide.questions]


def test_new_session(s):
    assert STATUSES == ("pending", "asked", "probed", "skipped", "covered", "not_applicable")
    assert s.current == "role"
    assert s.state == "in_progress" and s.ended_at is None
    assert s.id == "P01_2026-11-25_1430"
    assert s.started_at == FIXED_NOW
    assert s.elapsed == 0 and not s.paused
    assert s.recording_offset is None
    assert statuses(s) == ["pending"] * 6
    assert s.question_state("role") == QuestionState()
    assert [e.action for e in s.events] == ["start"]
    assert s.extra == {"site": "Leeds"}


def test_started_at_default_is_aware_and_whole_seconds():
    s = Session(demo_guide(), "P01", clock=FakeClock())
    assert s.started_at.tzinfo is not None and s.started_at.microsecond == 0
    naive = Session(demo_guide(), "P01", clock=FakeClock(), now=datetime(2026, 1, 2, 3, 4, 5, 678))
    assert naive.started_at.tzinfo is not None and naive.started_at.microsecond == 0


def test_session_id_given(clock):
    s = Session(demo_guide(), "P01", clock=clock, now=FIXED_NOW, session_id="P01_2026-11-25_1430_2")
    assert s.id == "P01_2026-11-25_1430_2"


def test_navigation(s):
    order = [q.id for q in s.guide.questions]
    assert s.previous() is False
    seen = [s.current]
    while s.next():
        seen.append(s.current)
    assert seen == order
    assert s.next() is False
    assert s.previous() is True and s.current == order[-2]
    s.goto("role")
    # Sections at any level: About you, Working days/The space, Working days/Tools.
    assert s.next_section() and s.current == "where"
    assert s.next_section() and s.current == "tools"
    assert s.next_section() is False
    s.goto("help")
    assert s.previous_section() and s.current == "tools"  # start of this section first
    assert s.previous_section() and s.current == "where"
    assert s.previous_section() and s.current == "role"
    assert s.previous_section() is False
    with pytest.raises(KeyError):
        s.goto("nope")
    assert [e.value for e in s.events if e.action == "goto"][:2] == ["next", "next"]


def test_mark_and_toggle(s, clock):
    clock.advance(2)
    s.mark("asked")
    assert s.question_state("role").status == "asked"
    assert s.question_state("role").first_marked_seconds == 2.0
    clock.advance(1)
    s.mark("asked")  # toggle back
    assert s.question_state("role").status == "pending"
    assert s.question_state("role").first_marked_seconds == 2.0  # first mark stays
    s.mark("skipped")
    s.mark("covered")
    assert s.question_state("role").status == "covered"
    s.mark("pending")
    assert s.question_state("role").status == "pending"
    with pytest.raises(ValueError):
        s.mark("done")
    assert [e.value for e in s.events if e.action == "mark"] == [
        "asked",
        "pending",
        "skipped",
        "covered",
        "pending",
    ]


def test_probes(s, clock):
    s.goto("tools")
    clock.advance(4)
    assert s.toggle_probe(3)
    assert s.toggle_probe(1)
    st = s.question_state("tools")
    assert st.probes_used == (
        "Which one would you give up first?",
        "Who chose them?",
    )  # probe order
    assert st.status == "probed" and st.first_marked_seconds == 4.0
    assert s.toggle_probe(1) and s.toggle_probe(3)
    st = s.question_state("tools")
    assert st.probes_used == () and st.status == "probed"  # un-using leaves it probed
    assert s.toggle_probe(0) is False and s.toggle_probe(4) is False
    s.goto("help")
    assert s.toggle_probe(1) is False  # no probes at all
    s.goto("tools")
    s.mark("probed")  # toggles back to pending
    assert s.question_state("tools").status == "pending"
    s.mark("asked")
    s.toggle_probe(2)
    assert s.question_state("tools").status == "probed"
    s.mark("skipped")
    s.toggle_probe(1)
    assert s.question_state("tools").status == "skipped"  # skipped/covered keep their status


def test_notes(s):
    note = 'He said "no"\\n\nשלום 😀 \x00\t'
    assert s.set_note(note)
    assert s.question_state("role").note == note
    assert s.set_note(note) is False  # unchanged: no event
    assert [e.value for e in s.events if e.action == "note"] == [note]
    s.set_note("bad \ud800 surrogate")
    assert s.question_state("role").note == "bad \ufffd surrogate"


def test_bookmarks_and_recording(s, clock):
    clock.advance(10)
    s.mark_recording()
    assert s.recording_offset == 10.0
    clock.advance(5)
    s.next()
    b = s.add_bookmark("great quote")
    assert b == Bookmark(15.0, "great quote", "team")
    assert s.bookmarks == [b]
    assert s.to_recording(b.at_seconds) == 5.0
    clock.advance(1)
    s.mark_recording()  # the latest wins
    assert s.recording_offset == 16.0
    assert [e.at_seconds for e in s.events if e.action == "recording"] == [10.0, 16.0]


def test_clock_and_pause(s, clock):
    clock.advance(10)
    assert s.elapsed == 10.0
    assert s.toggle_pause() is True and s.paused
    clock.advance(100)
    assert s.elapsed == 10.0
    assert s.question_state("role").seconds_on_question == 10.0
    s.toggle_pause()
    clock.advance(2.5)
    assert s.elapsed == 12.5
    assert [e.action for e in s.events] == ["start", "pause", "unpause"]


def test_time_on_question_and_sections(s, clock):
    clock.advance(30)
    s.next()  # team
    clock.advance(20)
    s.goto("where")
    clock.advance(60)
    s.goto("role")
    clock.advance(5)
    assert s.question_state("role").seconds_on_question == 35.0  # includes the live stretch
    assert s.question_state("team").seconds_on_question == 20.0
    assert s.question_state("where").seconds_on_question == 60.0
    times = {path: (secs, budget) for path, secs, budget in s.section_times()}
    assert times == {
        ("About you",): (55.0, 5),
        ("Working days",): (60.0, None),
        ("Working days", "The space"): (60.0, 10),
        ("Working days", "Tools"): (0.0, 8),
    }


def test_first_marked_is_session_offset(s, clock):
    clock.advance(3)
    s.toggle_pause()
    clock.advance(50)
    s.toggle_pause()
    clock.advance(2)
    s.goto("move")
    s.mark("covered")
    assert s.question_state("move").first_marked_seconds == 5.0


def test_tallies_and_pending_core(s):
    s.mark("asked")
    s.goto("where")
    s.mark("skipped")
    s.goto("tools")
    s.toggle_probe(1)
    assert s.tallies() == {
        "pending": 3,
        "asked": 1,
        "probed": 1,
        "skipped": 1,
        "covered": 0,
        "not_applicable": 0,
        "remaining": 3,
    }
    assert [q.id for q in s.pending_core()] == ["move"]  # team and help are optional


def test_undo_redo(s, clock):
    before = [s.question_state(q.id) for q in s.guide.questions]
    clock.advance(1)
    s.mark("asked")
    s.toggle_probe(1)
    s.set_note("x")
    s.goto("tools")
    s.add_bookmark("b")
    s.mark_recording()
    assert s.can_undo and not s.can_redo
    for _ in range(5):
        assert s.undo()
    assert s.undo() is False
    assert s.current == "role"  # undo makes the changed question current
    after = [s.question_state(q.id) for q in s.guide.questions]

    def strip(qs):
        return [q.__class__(q.status, q.probes_used, q.note, q.first_marked_seconds) for q in qs]

    assert strip(after) == strip(before)
    assert s.bookmarks == [] and s.recording_offset is None
    for _ in range(5):
        assert s.redo()
    assert s.redo() is False
    assert s.question_state("role").status == "probed"
    assert s.question_state("role").note == "x"
    assert s.question_state("role").first_marked_seconds == 1.0
    assert [b.label for b in s.bookmarks] == ["b"] and s.recording_offset == 1.0
    assert s.current == "tools"
    s.undo()
    s.mark("skipped")  # a new change clears the redo stack
    assert not s.can_redo and s.redo() is False
    actions = [e.action for e in s.events]
    assert actions.count("undo") == 6 and actions.count("redo") == 5


def test_navigation_and_pause_are_not_undone(s):
    s.mark("asked")
    s.next()
    s.toggle_pause()
    assert s.undo()
    assert s.current == "role" and s.paused  # pause is not a data change
    assert s.undo() is False


def test_finish_and_reopen(s, clock):
    clock.advance(60)
    end = FIXED_NOW + timedelta(minutes=61, microseconds=5)
    s.finish(now=end)
    assert s.state == "finished" and s.ended_at == end.replace(microsecond=0)
    clock.advance(100)
    assert s.elapsed == 60.0 and s.paused
    n = len(s.events)
    assert s.toggle_pause() is True and len(s.events) == n  # a finished clock stays stopped
    s.reopen()
    assert s.state == "in_progress" and s.ended_at is None and not s.paused


def test_finish_uses_wallclock():
    t = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    s = Session(demo_guide(), "P01", clock=FakeClock(), wallclock=lambda: t)
    assert s.started_at == t
    s.finish()
    assert s.ended_at == t


def test_big_guide_navigation():
    s = Session(generated_guide(1000), "P01", clock=FakeClock(), now=FIXED_NOW)
    n = 1
    while s.next_section():
        n += 1
    assert n == 100
    assert len(s.section_times()) == 120  # 20 parts + 100 sections


def test_note_typed_is_kept_at_once_and_logged_once(s):
    s.set_note("old")
    for text in ["o", "ol", "old!", "old!!"]:
        s.edit_note(text)
        assert s.question_state("role").note == text  # in the state (and the file) at once
    assert [e.action for e in s.events].count("note") == 1
    assert s.set_note("old!!")  # the edit ends: one event for the whole edit
    assert [e.value for e in s.events if e.action == "note"] == ["old", "old!!"]
    assert s.undo() and s.question_state("role").note == "old"  # undone as one step
    assert s.redo() and s.question_state("role").note == "old!!"


def test_note_edit_back_to_where_it_began_is_no_change(s):
    s.edit_note("x")
    assert s.set_note("") is False
    assert s.question_state("role").note == "" and not s.can_undo


def test_any_action_ends_a_note_edit(s):
    s.edit_note("typed")
    s.next()  # navigation ends the edit: logged and undoable
    assert [e.action for e in s.events][-2:] == ["note", "goto"]
    s.edit_note("second")
    s.mark("asked")
    assert [e.action for e in s.events][-2:] == ["note", "mark"]
    s.edit_note("second, more")
    assert s.undo()  # undo while typing reverses the edit
    assert s.question_state("team").note == "second"
    assert s.undo() and s.question_state("team").status == "pending"
    assert s.undo() and s.question_state("team").note == ""
    assert s.undo() and s.question_state("role").note == "" and s.current == "role"


def test_label_a_bookmark_later(s, clock):
    clock.advance(3)
    b = s.add_bookmark()
    clock.advance(4)  # the label is typed afterwards; the moment stays
    b2 = s.label_bookmark(b, "great quote")
    assert b2 == Bookmark(3.0, "great quote", "role") and s.bookmarks == [b2]
    assert s.label_bookmark(b2, "great quote") is b2  # unchanged: no event
    assert [e.action for e in s.events][-2:] == ["bookmark", "label"]
    assert s.undo() and s.bookmarks == [b]
    assert s.undo() and s.bookmarks == []
    assert s.label_bookmark(b, "gone") is b and s.bookmarks == []  # undone: nothing to label
    assert s.redo() and s.redo() and s.bookmarks == [b2]

"""The recording-time rule (prompter.session.timeline): wall time since the `r` mark,
pauses included, the same on the screen's `rec` clock, in the file and in exports."""

from __future__ import annotations

import csv
import io
import tomllib

import pytest
from guide_factory import demo_guide
from timeline_world import World

from prompter.analysis.read import SessionRecord, read_session
from prompter.cli import main
from prompter.session.read import read_session_file
from prompter.session.timeline import question_spans, recording_time
from prompter.session.writer import save_session

GUIDE = demo_guide()


def docs_example(world: World):
    """The session of docs/session-format.md: r at 41.2 s, a five-minute pause at 269.85 s."""
    s = world.session(GUIDE, "P07")
    world.advance(41.2)
    s.mark_recording()
    world.advance(50.4)
    s.mark("asked")
    s.set_note("Team lead.")
    world.advance(30.9)
    s.next()
    s.mark("covered")
    world.advance(2.1)
    s.next()
    s.mark("asked")
    world.advance(65)
    s.toggle_probe(2)
    world.advance(20.25)
    b = s.add_bookmark("quote: the kitchen is my office")
    world.advance(60)
    s.toggle_pause()
    world.advance(300)
    s.toggle_pause()
    world.advance(15)
    s.next()
    s.mark("skipped")
    s.undo()
    world.advance(10.5)
    s.mark("asked")
    s.finish()
    return s, b


def test_the_docs_example_counts_the_pause(tmp_path):
    world = World()
    s, b = docs_example(world)
    assert s.elapsed == 295.35
    assert s.to_recording(b.at_seconds) == 168.65  # before the pause: as before
    assert s.to_recording(295.35) == 554.15  # 295.35 - 41.2 + 300 s paused
    path = tmp_path / "P07.toml"
    save_session(s, path)
    rec = SessionRecord(str(path), read_session(path))
    assert "events" not in rec.data  # the analysis drops the log but keeps the pauses
    assert rec.recording_time(295.35) == 554.15
    assert rec.recording_time(b.at_seconds) == 168.65
    data = read_session_file(path)
    t = question_spans(
        data["events"],
        data["session"]["recording_offset_seconds"],
        end=data["session"]["elapsed_seconds"],
    )
    assert not t.assumed_start
    ids = [q.id for q in GUIDE.questions]
    assert [(x.question, x.start, x.end, x.rec_start, x.rec_end) for x in t.spans] == [
        (ids[0], 0.0, 122.5, -41.2, 81.3),
        (ids[1], 122.5, 124.6, 81.3, 83.4),
        (ids[2], 124.6, 284.85, 83.4, 543.65),
        (ids[3], 284.85, 295.35, 543.65, 554.15),
    ]
    assert t.pauses == [(228.65, 528.65)]
    [bm] = t.of_action("bookmark")
    assert (bm.rec, bm.value) == (168.65, "quote: the kitchen is my office")
    marks = t.of_action("mark")
    assert [m.rec for m in marks] == [50.4, 81.3, 83.4, 554.15]  # the undone one left out
    assert [m.rec for m in t.of_action("mark", undone=True) if m.undone] == [543.65]


def test_export_csv_shows_recording_time_with_the_pause(tmp_path, capsys):
    world = World()
    s, _ = docs_example(world)
    path = tmp_path / "P07.toml"
    save_session(s, path)
    assert main(["export", str(path), "--format", "csv"]) == 0
    rows = {r["question_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    tools = rows[GUIDE.questions[3].id]
    assert tools["recording_time"] == "00:09:14"  # 554.15 s, not 254.15 s


def test_pause_and_recording_events_carry_milliseconds(tmp_path):
    world = World()
    s = world.session(GUIDE)
    world.advance(1.2345)
    s.mark_recording()
    s.toggle_pause()
    world.advance(0.5)
    s.toggle_pause()
    path = tmp_path / "s.toml"
    save_session(s, path)
    events = tomllib.loads(path.read_text())["events"]
    values = {e["action"]: e["value"] for e in events if e["action"] != "start"}
    assert values == {
        "recording": "2026-11-25T14:30:01.234+01:00",
        "pause": "2026-11-25T14:30:01.234+01:00",
        "unpause": "2026-11-25T14:30:01.734+01:00",
    }


def test_rec_clock_keeps_running_during_a_pause():
    world = World()
    s = world.session(GUIDE)
    assert s.recording_elapsed is None
    world.advance(10)
    s.mark_recording()
    world.advance(20)
    assert s.recording_elapsed == 20
    s.toggle_pause()
    world.advance(60)
    assert s.elapsed == 30  # the interview clock stopped...
    assert s.recording_elapsed == 80  # ...the call's recording did not
    s.toggle_pause()
    world.advance(5)
    assert s.recording_elapsed == 85
    assert s.to_recording(s.elapsed) == 85


def test_recording_marked_during_a_pause_counts_the_rest_of_it(tmp_path):
    world = World()
    s = world.session(GUIDE)
    world.advance(100)
    s.toggle_pause()
    world.advance(30)
    s.mark_recording()  # the call's recording starts while the interview clock is paused
    world.advance(12)
    assert s.recording_elapsed == 12
    world.advance(8)
    s.toggle_pause()
    world.advance(10)
    b = s.add_bookmark("x")
    assert s.recording_offset == 100
    assert s.to_recording(b.at_seconds) == 30  # 10 s running + the 20 s of pause after r
    assert s.to_recording(100) == 0
    path = tmp_path / "s.toml"
    save_session(s, path)
    rec = SessionRecord(str(path), read_session(path))
    assert rec.recording_time(b.at_seconds) == 30
    t = question_spans(read_session_file(path)["events"], 100)
    assert t.spans[0].rec_start == -130  # the session began 130 s of wall time before r
    assert t.pauses == [(-30, 20)]


def test_actions_during_a_pause_are_placed_at_its_start_and_after_it_at_its_end():
    world = World()
    s = world.session(GUIDE)
    s.mark_recording()
    world.advance(10)
    s.toggle_pause()
    world.advance(100)
    s.next()  # during the pause: the clock says 10 s
    s.toggle_pause()
    s.next()  # right after the pause, the clock still says 10 s
    world.advance(5)
    s.finish()
    t = question_spans(s.events, s.recording_offset, end=s.elapsed)
    ids = [q.id for q in GUIDE.questions]
    assert [(x.question, x.start, x.end, x.rec_start, x.rec_end) for x in t.spans] == [
        (ids[0], 0, 10, 0, 10),
        (ids[1], 10, 10, 10, 110),  # current for the whole pause, no session time
        (ids[2], 10, 15, 110, 115),
    ]


def test_old_files_with_whole_second_pauses_still_work():
    events = [
        {"at_seconds": 0.0, "action": "start", "question": "a"},
        {"at_seconds": 5.5, "action": "recording", "question": "a"},
        {
            "at_seconds": 20.0,
            "action": "pause",
            "question": "a",
            "value": "2026-01-01T10:00:20+00:00",
        },
        {
            "at_seconds": 20.0,
            "action": "unpause",
            "question": "a",
            "value": "2026-01-01T10:01:05+00:00",
        },
        {"at_seconds": 30.0, "action": "goto", "question": "b", "value": "next"},
        {"at_seconds": 31.0, "action": "finish", "question": "b"},
    ]
    assert recording_time(30.0, 5.5, events) == 69.5
    assert recording_time(10.0, 5.5, events) == 4.5
    assert recording_time(10.0, None, events) is None
    t = question_spans(events, 5.5)
    assert [(x.question, x.rec_start, x.rec_end) for x in t.spans] == [
        ("a", -5.5, 69.5),
        ("b", 69.5, 70.5),
    ]


def test_unreadable_pause_times_count_as_nothing_and_say_so():
    events = [
        {"at_seconds": 0.0, "action": "start", "question": "a"},
        {"at_seconds": 20.0, "action": "pause", "question": "a", "value": "yesterday"},
        {"at_seconds": 20.0, "action": "unpause", "question": "a", "value": "\x1b[31m"},
        {"at_seconds": 30.0, "action": "finish", "question": "a"},
    ]
    t = question_spans(events, None)
    assert t.assumed_start and t.spans[0].rec_end == 30
    assert t.notes == ["the pause at 20 s has no readable wall-clock times; counted as 0 s"]


def test_without_a_mark_the_session_start_is_assumed():
    world = World()
    s = world.session(GUIDE)
    world.advance(7)
    s.toggle_pause()
    world.advance(3)
    s.toggle_pause()
    s.next()
    world.advance(2)
    t = question_spans(s.events, None, end=s.elapsed)
    assert t.assumed_start and t.recording_offset == 0
    assert [(x.rec_start, x.rec_end) for x in t.spans] == [(0, 10), (10, 12)]
    assert s.to_recording(5) is None  # the screen shows no rec clock without a mark


def test_undoing_a_later_mark_goes_back_to_the_earlier_one():
    world = World()
    s = world.session(GUIDE)
    world.advance(4)
    s.toggle_pause()
    world.advance(6)
    s.mark_recording()  # first mark: 6 s into a pause at 4 s
    world.advance(4)
    s.toggle_pause()
    world.advance(20)
    s.mark_recording()  # second mark at 24 s
    world.advance(3)
    s.undo()
    assert s.recording_offset == 4
    assert s.recording_elapsed == 27  # wall time since the first mark
    t = question_spans(s.events, s.recording_offset, end=s.elapsed)
    assert t.spans[-1].rec_end == 27


@pytest.mark.parametrize(
    "value", ["", "not a time", "2026-13-45T99:00:00+00:00", "2026-01-01T10:00:00"]
)
def test_bad_wall_times_never_raise(value):
    events = [
        {"at_seconds": 0.0, "action": "start", "question": "a"},
        {"at_seconds": 1.0, "action": "recording", "question": "a", "value": value},
        {"at_seconds": 1.0, "action": "pause", "question": "a", "value": value},
        {"at_seconds": 1.0, "action": "recording", "question": "a", "value": value},
        {"at_seconds": 1.0, "action": "unpause", "question": "a", "value": value},
        {"at_seconds": 2.0, "action": "finish", "question": "a"},
    ]
    t = question_spans(events, 1.0)
    assert t.spans[0].rec_end == 1.0
    assert t.notes


def test_a_label_given_later_names_its_bookmark_not_the_current_question():
    world = World()
    s = world.session(GUIDE)
    world.advance(3)
    b = s.add_bookmark()
    world.advance(2)
    s.next()
    world.advance(4)
    s.label_bookmark(b, "said it twice")  # the label event names the bookmark's question
    world.advance(1)
    t = question_spans(s.events, None, end=s.elapsed)
    assert [(x.question, x.start, x.end) for x in t.spans] == [
        (GUIDE.questions[0].id, 0, 5),
        (GUIDE.questions[1].id, 5, 10),
    ]
    [bm] = t.of_action("bookmark")
    assert (bm.question, bm.at, bm.value) == (GUIDE.questions[0].id, 3, "said it twice")
    s.undo()  # the label
    t = question_spans(s.events, None, end=s.elapsed)
    assert t.of_action("bookmark")[0].value == ""

"""Every `hh:mm:ss` of the long CSV is recording time, by one clock per session, and
none is negative: the recording mark; without one, the session's start where a
transcript is lined up with it; without either, no recording time (the bookmarks keep
their session time as `m:ss`). Moments before the recording started are at 00:00:00,
said in a note. Through `prompter export --format csv` on sessions of the real core."""

from __future__ import annotations

import csv
import io
import re

import pytest
from analysis_fixtures import bundled, run_command, save, write_sessions
from guide_factory import FakeClock, demo_guide
from test_analysis_qdpx import T0

from prompter.session import Session

TIMES = ("recording_time", "recording_start", "recording_end")


def late_r(mark: bool = True) -> Session:
    """r pressed 30 s in: `role` was over by then, `team` began before it."""
    clock = FakeClock()
    s = Session(demo_guide(), "P5", "AB", clock=clock, now=T0, wallclock=lambda: T0)
    clock.advance(2)
    s.mark("asked")  # role, 28 s before the recording
    clock.advance(3)
    s.add_bookmark("before r")
    clock.advance(15)
    s.goto("team")  # 20 s: 10 s before the recording
    clock.advance(10)
    if mark:
        s.mark_recording()
    clock.advance(10)
    s.mark("asked")  # recording 00:00:10
    clock.advance(10)
    s.add_bookmark("quote")  # recording 00:00:20
    clock.advance(20)
    s.goto("where")  # recording 00:00:40
    clock.advance(30)
    s.finish(T0)  # recording 00:01:10
    return s


def export(folder, *more) -> tuple[dict[str, dict], str]:
    status, out, err = run_command(["export", str(folder), "--format", "csv", *more])
    assert status == 0, err
    return {r["question_id"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}, err


def cells(row: dict) -> tuple[str, ...]:
    return tuple(row[c] for c in (*TIMES, "bookmarks"))


def test_marked_late_every_time_is_recording_time_and_none_negative(tmp_path):
    s = late_r()
    save(s, tmp_path)
    rows, err = export(tmp_path)
    assert cells(rows["role"]) == ("00:00:00", "", "", "00:00:00 before r")  # all before r
    assert cells(rows["team"]) == ("00:00:10", "00:00:00", "00:00:40", "00:00:20 quote")
    assert cells(rows["where"]) == ("", "00:00:40", "00:01:10", "")
    assert rows["role"]["first_marked_seconds"] == "2.0"  # session time, as it was
    assert err == (
        f"{s.id}: note: 2 first marks or bookmarks came before the recording started: "
        "written as 00:00:00\n"
    )


def test_without_a_mark_there_is_no_recording_time(tmp_path):
    save(late_r(mark=False), tmp_path)
    rows, err = export(tmp_path)
    assert cells(rows["role"]) == ("", "", "", "0:05 before r")  # session time, m:ss
    assert cells(rows["team"]) == ("", "", "", "0:50 quote")
    assert err == ""


def test_without_a_mark_a_transcript_counts_from_the_sessions_start(tmp_path):
    s = late_r(mark=False)
    save(s, tmp_path / "sessions")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "P5.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v AB>Could you tell me about your role?\n",
        encoding="utf-8",
    )
    rows, err = export(tmp_path / "sessions", "--transcripts", str(tmp_path / "t"))
    assert cells(rows["role"]) == ("00:00:02", "00:00:00", "00:00:20", "00:00:05 before r")
    assert cells(rows["team"]) == ("00:00:40", "00:00:20", "00:01:10", "00:00:50 quote")
    assert "(no recording mark: times counted from the session's start)" in err


HHMMSS = re.compile(r"\d\d:\d\d:\d\d\Z")
MSS = re.compile(r"\d+:\d\d(?::\d\d)?\Z")


@pytest.mark.parametrize("seed", [0, 40])
def test_busy_sessions_have_no_negative_and_one_clock_each(tmp_path, seed):
    paths = write_sessions(tmp_path, bundled(), 20, seed=seed)
    assert paths
    status, out, err = run_command(["export", str(tmp_path), "--format", "csv"])
    assert status == 0, err
    marked_seen = unmarked_seen = 0
    for row in csv.DictReader(io.StringIO(out, newline="")):
        for c in TIMES:
            assert row[c] == "" or HHMMSS.match(row[c]), row[c]
        marked = row["recording_start"] != "" or row["recording_time"] != ""
        for item in filter(None, row["bookmarks"].split(";")):
            when = item.split(" ", 1)[0]
            assert HHMMSS.match(when) if marked else MSS.match(when) or HHMMSS.match(when)
            marked_seen += bool(HHMMSS.match(when))
            unmarked_seen += not HHMMSS.match(when)
        assert "-" not in "".join(row[c] for c in TIMES)
    assert marked_seen and unmarked_seen  # both kinds of session were there

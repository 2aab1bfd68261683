"""Case 8 of issue #10: a clock that goes back. Session time never decreases (the jump is
logged as a `clock` event) so no time in the file is ever negative; a file with a time a
little below zero (written before this fix) is repaired on resume with a message."""

from __future__ import annotations

from reliability_kit import demo_guide, leave, run, spawn, write_session

from prompter.session import Session
from prompter.session.read import read_session_file
from prompter.session.writer import SessionWriter


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_a_clock_that_goes_back_never_makes_a_negative_time(tmp_path):
    clock = Clock()
    session = Session(demo_guide(), "P01", clock=clock, session_id="P01_x")
    clock.t += 10
    session.next()
    clock.t += 10
    seen = session.elapsed
    clock.t -= 15  # stepped back: before the question became current
    assert session.elapsed == seen  # never decreases
    session.mark("asked")
    clock.t += 2
    session.next()  # leaves the question: its time must not go below zero
    assert session.elapsed == seen + 2
    second = session.guide.questions[1].id
    assert session.question_state(second).seconds_on_question == 12.0  # from 10 s to 22 s
    path = tmp_path / "P01_x.toml"
    SessionWriter(session, path).save()
    data = read_session_file(path)  # the old behaviour wrote -3.0 here and this refused it
    assert all(q["seconds_on_question"] >= 0 for q in data["questions"])
    [jump] = [e for e in data["events"] if e["action"] == "clock"]
    assert jump["value"] == "went back 15.0 s"
    times = [e["at_seconds"] for e in data["events"]]
    assert times == sorted(times)


def _with_time(path, key, value):
    text = path.read_text()
    old = f"{key} = "
    i = text.index(old)
    j = text.index("\n", i)
    path.write_text(text[:i] + f"{key} = {value}" + text[j:])


def test_a_small_negative_time_is_repaired_on_resume(tmp_path):
    path = write_session(tmp_path)
    _with_time(path, "seconds_on_question", -3.25)
    assert run("tally", str(path)).returncode == 1  # the analysis still refuses it as is
    child = spawn("resume", str(path))
    child.expect("Repaired: 1 time just below zero")
    leave(child)
    data = read_session_file(path)  # saved repaired
    assert data["questions"][0]["seconds_on_question"] >= 0


def test_a_large_negative_time_is_still_refused(tmp_path):
    path = write_session(tmp_path)
    _with_time(path, "seconds_on_question", -600)
    r = run("resume", str(path))
    assert r.returncode == 1 and "seconds_on_question" in r.stderr
    assert r.stderr.count("\n") == 1

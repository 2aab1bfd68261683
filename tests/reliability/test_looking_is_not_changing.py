"""Case 3 of issue #10: looking is not changing. Resuming a finished interview and leaving
without a change leaves its file byte for byte as it was; the first real change reopens it
(recorded as `resume` and `reopen` before the change); `finish` events keep their wall time.
An interview in progress is saved at once on resume (its clock runs: that is a change)."""

from __future__ import annotations

import time
from datetime import datetime

from reliability_kit import TIMEOUT, leave, see, spawn, write_session

from prompter.session.lock import lock_path
from prompter.session.read import read_session_file


def test_looking_at_a_finished_interview_leaves_its_file_as_it_was(tmp_path):
    path = write_session(tmp_path, finished=True)
    before = path.read_bytes()
    child = spawn("resume", str(path))
    child.expect("Resumed")
    for key in "jjk]":  # moving about is looking
        child.send(key)
    out = leave(child)
    assert "Nothing was changed; the session file is as it was" in out
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def test_a_change_reopens_a_finished_interview_and_is_recorded(tmp_path):
    path = write_session(tmp_path, finished=True)
    ended = read_session_file(path)["session"]["ended_at"]
    child = spawn("resume", str(path))
    see(child, "opens it again")  # the notice says that the first change reopens it
    child.send("j")
    child.send("c")
    see(child, "≈1")
    assert "Continue it with: prompter resume" in leave(child)
    data = read_session_file(path)
    assert data["session"]["state"] == "in_progress" and "ended_at" not in data["session"]
    assert [q["status"] for q in data["questions"][:2]] == ["asked", "covered"]
    actions = [e["action"] for e in data["events"]]
    i = actions.index("finish")
    assert actions[i : i + 5] == ["finish", "resume", "reopen", "goto", "mark"], actions[i:]
    # The finish event still says when the interview ended.
    assert datetime.fromisoformat(data["events"][i]["value"]) == ended


def test_finish_events_keep_their_wall_time(tmp_path):
    path = write_session(tmp_path, finished=True)
    data = read_session_file(path)
    [finish] = [e for e in data["events"] if e["action"] == "finish"]
    assert datetime.fromisoformat(finish["value"]) == data["session"]["ended_at"]


def test_an_interview_in_progress_is_saved_at_once_on_resume(tmp_path):
    path = write_session(tmp_path)
    child = spawn("resume", str(path))
    child.expect("Resumed")
    deadline = time.monotonic() + TIMEOUT
    while not any(e["action"] == "resume" for e in read_session_file(path)["events"]):
        assert time.monotonic() < deadline, "the resume was never saved"
        time.sleep(0.05)  # polling the file, not waiting for a guess
    leave(child)

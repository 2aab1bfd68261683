"""`prompter review` in a real pseudo-terminal, driven like a person: find a cue with `/`,
make a question start there (enter, the question's id, enter), leave with ctrl+q; the
CSV export then has that cue under the chosen question and nothing else moved. And the
review and an interview refuse each other, as real processes.

Every wait is on what a person would wait for (the screen showing it, the file holding
it), with a timeout; the terminal is read all the time (`pty_terminal.Terminal`).
"""

from __future__ import annotations

import csv
import io
import os
import signal
from pathlib import Path

import pytest
from helpers import DEADLINE, run_prompter, wait_until
from pty_terminal import Terminal
from review_fixture import AFFECT, STRAY, TOOLS, make_call

from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow


def terminal_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),  # no user config file: the keys as shipped
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def transcripts(session: Path, env) -> dict[str, list[str]]:
    """`prompter export --format csv`: each question's transcript cell, line by line."""
    r = run_prompter("export", session, "--format", "csv", env=env)
    assert r.returncode == 0, r.stderr
    rows = csv.DictReader(io.StringIO(r.stdout))
    return {row["question_id"]: row["transcript"].splitlines() for row in rows}


def test_find_a_cue_make_a_question_start_there_and_the_csv_follows(tmp_path, terminals):
    call = make_call(tmp_path / "sessions")
    env = terminal_env(tmp_path)
    before = transcripts(call.session, env)
    stray = f"Bo: {call.cues[STRAY][3]}"
    assert before[TOOLS][-1] == stray  # by the rule, the answer given before AFFECT was asked

    t: Terminal = terminals(["review", call.session], size=(24, 80), env=env, timeout=DEADLINE)
    t.wait_text("? 1 unsure")  # the status line: the screen is up
    at = t.mark()
    t.send("/")
    t.wait_text("Find a cue", since=at)
    at = t.mark()
    t.send("biggest change\r")  # the cue's words; enter jumps there
    t.wait_text("1:04–1:08 Bo · tools", since=at)  # the cue under the cursor, below
    at = t.mark()
    t.send("\r")  # a question starts here
    t.wait_text("A question starts at 1:04", since=at)
    t.send(f"{AFFECT}\r")
    wait_until(
        lambda: read_session_file(call.session).get("corrections"),
        what="the correction in the session file",
    )
    t.sendcontrol("q")
    assert t.finish() == 0
    assert "Review saved: 1 correction in the file." in t.text()

    after = transcripts(call.session, env)
    assert after[TOOLS] == before[TOOLS][:-1]  # that cue left tools...
    assert after[AFFECT] == [stray, *before[AFFECT]]  # ...for the chosen question
    assert {q: v for q, v in after.items() if q not in (TOOLS, AFFECT)} == {
        q: v for q, v in before.items() if q not in (TOOLS, AFFECT)
    }  # and nothing else moved


def test_the_review_and_an_interview_refuse_each_other(tmp_path, terminals):
    call = make_call(tmp_path / "sessions")
    env = terminal_env(tmp_path)
    review = terminals(["review", call.session], env=env, timeout=DEADLINE)
    review.wait_text("? 1 unsure")
    r = run_prompter("resume", call.session, env=env)
    assert r.returncode == 1 and "open in another prompter" in r.stderr
    looking = run_prompter("review", call.session, "--read-only", env=env)
    assert looking.returncode == 2 and "needs a terminal" in looking.stderr  # not the lock
    review.sendcontrol("q")
    assert review.finish() == 0
    assert "Nothing was changed" in review.text()

    interview = terminals(["resume", call.session], env=env, timeout=DEADLINE)
    interview.wait_text("saved")
    r = run_prompter("review", call.session, env=env)
    assert r.returncode == 1 and "open in another prompter" in r.stderr
    interview.sendcontrol("q")
    assert interview.finish() == 0


@pytest.mark.parametrize("sig", ["SIGHUP", "SIGTERM"])
def test_a_late_note_being_written_is_kept_when_the_window_closes(tmp_path, terminals, sig):
    call = make_call(tmp_path / "sessions")
    review = terminals(["review", call.session], env=terminal_env(tmp_path), timeout=DEADLINE)
    review.wait_text("? 1 unsure")
    at = review.mark()
    review.send("]n")  # the first question's late note
    review.wait_text("escape keeps it", since=at)
    at = review.mark()
    review.send("said so twice")
    review.wait_text("said so twice", since=at)
    os.kill(review.pid, getattr(signal, sig))
    review.finish()
    wait_until(
        lambda: "said so twice" in read_session_file(call.session)["questions"][0]["note"],
        what="the late note in the session file",
    )

"""Escape then a key, in a real pseudo-terminal, at the speeds a person types them.

A terminal sends escape as one byte (ESC); read together with the key typed after it,
Textual would take the two for `alt+key` (prompter.tui.escape_keys decides first).
Whatever the gap, the note must close keeping its text and the key must act on the
guide. The terminal is drained all the time by `terminal.Terminal`; the gap between the
two keys is the input being tested, not a wait for anything. The same under load, with
more gaps, notes and keys: test_keys_under_load.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from helpers import DEADLINE, wait_until
from pty_terminal import EOF, Terminal

from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow

ROLE = "role"
DAYS = "how-many-days-a-week-998711"


def spawn(home: Path, sessions: Path) -> Terminal:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PROMPTER_CONFIG": str(home / "no-config.toml"),
    }
    return Terminal(
        ["run", "demo", "--participant", "P01", "--sessions-dir", str(sessions)],
        size=(24, 80),
        env=env,
        timeout=DEADLINE,
    )


def file_shows(sessions: Path, check, what: str) -> dict:
    last: dict = {}

    def shows():
        files = sorted(sessions.glob("*.toml"))
        if not files:
            return None
        last["data"] = data = read_session_file(files[0])
        return data if check(data) else None

    return wait_until(shows, what, DEADLINE, lambda: str(last.get("data", {}).get("session")))


def note_of(data: dict, qid: str) -> str:
    return next(q["note"] for q in data["questions"] if q["id"] == qid)


@pytest.mark.parametrize("gap", [0.0, 0.03, 0.3], ids=["together", "30ms", "300ms"])
def test_escape_then_j_closes_the_note_and_moves_on(tmp_path, gap):
    sessions = tmp_path / "sessions"
    child = spawn(tmp_path, sessions)
    try:
        child.expect("Introduction")
        child.send("j")
        file_shows(sessions, lambda d: d["session"]["current_question"] == ROLE, "on role")
        child.send("n")
        child.expect("escape returns to the guide")  # the note editor is open
        child.send("hi")
        file_shows(sessions, lambda d: note_of(d, ROLE) == "hi", "the note typed")
        if gap:
            child.send("\x1b")
            time.sleep(gap)  # the typing gap under test
            child.send("j")
        else:
            child.send("\x1bj")
        data = file_shows(
            sessions,
            lambda d: d["session"]["current_question"] == DAYS,
            "the next question current",
        )
        assert note_of(data, ROLE) == "hi"  # no j typed into the note
        assert [e["value"] for e in data["events"] if e["action"] == "note"] == ["hi"]
        child.send("a")  # a guide key: the note is closed
        file_shows(
            sessions,
            lambda d: next(q["status"] for q in d["questions"] if q["id"] == DAYS) == "asked",
            "days asked",
        )
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()


def status_of(data: dict, qid: str) -> str:
    return next(q["status"] for q in data["questions"] if q["id"] == qid)


def test_text_and_its_closing_key_in_one_burst_stay_text(tmp_path):
    # Keys that reach the program together (a fast typist on a busy machine, a text
    # expander): the text goes into the editor and the closing key closes it after the
    # text, never before, so that no letter of it becomes a mark, an undo or a wrap-up.
    sessions = tmp_path / "sessions"
    child = spawn(tmp_path, sessions)
    try:
        child.expect("Introduction")
        child.send("j")
        file_shows(sessions, lambda d: d["session"]["current_question"] == ROLE, "on role")
        child.send("b")
        child.expect("Bookmark label")
        child.send("quick sad quote\r")  # q: wrap up, u: undo, s: skip, a: asked...
        data = file_shows(
            sessions,
            lambda d: [b["label"] for b in d["bookmarks"]] == ["quick sad quote"],
            "the bookmark labelled",
        )
        child.send("n")
        child.expect("escape returns to the guide")
        child.send("sad as asked\x1b")  # the note's text, then escape, together
        data = file_shows(
            sessions, lambda d: note_of(d, ROLE) == "sad as asked", "the note typed whole"
        )
        assert status_of(data, ROLE) == "pending" and data["session"]["state"] == "in_progress"
        assert not [e for e in data["events"] if e["action"] in ("mark", "undo", "finish")]
        child.send("a")  # the note is closed: a guide key
        file_shows(sessions, lambda d: status_of(d, ROLE) == "asked", "role asked")
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()

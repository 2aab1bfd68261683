"""The installed `prompter` command in a real pseudo-terminal, driven like a person.

Each key is sent, then the test waits for what a person would wait for: the screen
showing the change, or the session file (saved after every key) holding it. Every wait
has a timeout, so a hang fails the test instead of blocking the run. The terminal is
read all the time (`pty_terminal.Terminal`), as a real one is, so the screen's writes never
block while the test watches the file.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from helpers import DEADLINE, wait_until
from pty_terminal import EOF, Terminal

from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow

TIMEOUT = DEADLINE  # seconds, for any one wait
ROLE = "role"
DAYS = "how-many-days-a-week-998711"
TYPICAL = "typical-day"
TOOLS = "tools"
NOTE = 'Uses "two" screens 🙂'


def terminal_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def spawn(tmp_path: Path, *args: str) -> Terminal:
    return Terminal(
        ["run", "demo", *args], size=(24, 80), env=terminal_env(tmp_path), timeout=TIMEOUT
    )


def session_file(sessions: Path) -> Path | None:
    files = sorted(sessions.glob("*.toml"))
    assert len(files) <= 1, files
    return files[0] if files else None


def wait_for_file(sessions: Path, check, what: str) -> dict:
    """Wait until the session file exists and `check(data)` holds; the file's data."""
    last: dict = {}

    def shows() -> dict | None:
        path = session_file(sessions)
        if path is None:
            return None
        last["data"] = data = read_session_file(path)
        return data if check(data) else None

    return wait_until(
        shows,
        f"the session file to show {what}",
        TIMEOUT,
        lambda: str(last.get("data", {}).get("session")),
    )


def status_of(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def press(child: Terminal, key: str) -> None:
    """One key. A test that sends escape waits for its effect before the next key, so
    the lone escape never merges with it."""
    child.send(key)


def finish_through_wrap_up(child: Terminal) -> str:
    """q, then enter as the wrap-up opens: the interview is finished; return the exit output."""
    press(child, "q")
    child.expect("Finish the interview")
    press(child, "\r")
    return finish_exit(child)


def finish_exit(child: Terminal) -> str:
    """Wait for the program to end; return what it printed after leaving the screen."""
    child.expect(EOF)
    child.finish()
    output = child.before
    # What follows the last screen update: the plain lines printed on exit.
    return output.rsplit("\x1b[?1049l", 1)[-1]


def printed_path(output: str) -> Path:
    line = next(ln for ln in output.splitlines() if "Session file: " in ln)
    return Path(line.split("Session file: ", 1)[1].strip())


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    return folder


def test_an_interview_in_a_real_terminal(sessions):
    child = spawn(sessions.parent, "--participant", "P01", "--sessions-dir", str(sessions))
    try:
        child.expect("Introduction")  # the screen is up
        child.expect("saved")  # the status line
        press(child, "j")
        child.expect("Could you tell me briefly")
        press(child, "a")
        wait_for_file(sessions, lambda d: status_of(d, ROLE)["status"] == "asked", "role asked")
        press(child, "j")
        press(child, "p")
        wait_for_file(sessions, lambda d: status_of(d, DAYS)["status"] == "probed", "days probed")
        press(child, "j")
        press(child, "1")
        wait_for_file(
            sessions,
            lambda d: status_of(d, TYPICAL)["probes_used"] == ["When do you start and finish?"],
            "probe 1 used",
        )
        press(child, "s")
        wait_for_file(
            sessions, lambda d: d["session"]["current_question"] == TOOLS, "the skip moving on"
        )
        press(child, "n")
        child.expect("escape returns to the guide")  # the note editor's title
        for ch in NOTE:
            press(child, ch)
        # Saved while typing, before escape.
        wait_for_file(sessions, lambda d: status_of(d, TOOLS)["note"] == NOTE, "the note")
        press(child, "\x1b")
        wait_for_file(
            sessions, lambda d: any(e["action"] == "note" for e in d["events"]), "the note logged"
        )
        output = finish_through_wrap_up(child)
    finally:
        child.kill()
    assert child.exitstatus == 0, output
    assert "Interview finished. Session file: " in output
    path = printed_path(output)
    assert path == session_file(sessions)
    assert path.name.startswith("P01_")
    data = read_session_file(path)
    assert data["session"]["state"] == "finished"
    assert "ended_at" in data["session"]
    assert status_of(data, ROLE)["status"] == "asked"
    assert status_of(data, DAYS)["status"] == "probed"
    assert status_of(data, TYPICAL)["status"] == "skipped"
    assert status_of(data, TYPICAL)["probes_used"] == ["When do you start and finish?"]
    assert status_of(data, TOOLS)["note"] == NOTE
    assert [e["action"] for e in data["events"]].count("note") == 1
    assert (path.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
def test_leaving_at_once_keeps_it_in_progress(sessions, key):
    child = spawn(
        sessions.parent,
        "-p",
        "P02",
        "-i",
        "AB",
        "-x",
        "site=Leeds",
        "--sessions-dir",
        str(sessions),
    )
    try:
        child.expect("Introduction")
        press(child, "j")
        press(child, "a")
        wait_for_file(sessions, lambda d: status_of(d, ROLE)["status"] == "asked", "role asked")
        child.sendcontrol(key[-1])
        output = finish_exit(child)
    finally:
        child.kill()
    assert child.exitstatus == 0, output
    assert "Interview saved, in progress. Session file: " in output
    path = printed_path(output)
    assert f"Continue it with: prompter resume {path}" in output
    data = read_session_file(path)
    assert data["session"]["state"] == "in_progress"
    assert data["session"]["participant"] == "P02"
    assert data["session"]["interviewer"] == "AB"
    assert data["session"]["extra"] == {"site": "Leeds"}
    assert status_of(data, ROLE)["status"] == "asked"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_saves_and_leaves(sessions, sig):
    child = spawn(sessions.parent, "-p", "P03", "--sessions-dir", str(sessions))
    try:
        child.expect("Introduction")
        press(child, "j")
        press(child, "p")
        wait_for_file(sessions, lambda d: status_of(d, ROLE)["status"] == "probed", "role probed")
        child.signal(sig)
        child.expect(EOF)
        child.finish()
    finally:
        child.kill()
    assert child.exitstatus == 0, (child.exitstatus, child.signalstatus)
    data = read_session_file(session_file(sessions))
    assert data["session"]["state"] == "in_progress"
    assert status_of(data, ROLE)["status"] == "probed"


def test_resume_in_a_real_terminal(sessions):
    child = spawn(sessions.parent, "-p", "P04", "--sessions-dir", str(sessions))
    try:
        child.expect("Introduction")
        press(child, "j")
        press(child, "s")
        wait_for_file(sessions, lambda d: d["session"]["current_question"] == DAYS, "skip")
        child.sendcontrol("q")
        output = finish_exit(child)
    finally:
        child.kill()
    path = printed_path(output)
    child = Terminal(
        ["resume", path], size=(24, 80), env=terminal_env(sessions.parent), timeout=TIMEOUT
    )
    try:
        child.expect("How many days a week")  # where it stopped, not the introduction
        press(child, "a")
        wait_for_file(sessions, lambda d: status_of(d, DAYS)["status"] == "asked", "days asked")
        output = finish_through_wrap_up(child)
    finally:
        child.kill()
    assert child.exitstatus == 0, output
    assert printed_path(output) == path
    data = read_session_file(path)
    assert data["session"]["state"] == "finished"
    assert status_of(data, ROLE)["status"] == "skipped"
    assert status_of(data, DAYS)["status"] == "asked"
    assert any(e["action"] == "resume" for e in data["events"])

"""`prompter serve`: the interview screen in a browser. The real command is started as a
subprocess, the page opened in the system's headless Chromium (driven by Playwright,
no browser downloaded), keys pressed there, and the session file read from disk."""

from __future__ import annotations

import contextlib
import io
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import CHROMIUM, needs_chromium

from prompter.cli import main
from prompter.session.read import read_session_file

PROMPTER = Path(sys.executable).parent / "prompter"
DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = DEADLINE):
    """Poll `check()` until it returns something true (a deadline, not a fixed sleep)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def read_line(proc: subprocess.Popen, stream, timeout: float = DEADLINE) -> str:
    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    if not sel.select(timeout):
        raise AssertionError("no output from prompter serve")
    return stream.readline()


@contextlib.contextmanager
def serving(tmp_path: Path, *extra: str):
    port = free_port()
    sessions = tmp_path / "sessions"
    proc = subprocess.Popen(
        [
            str(PROMPTER),
            "serve",
            "demo",
            "--participant",
            "P01",
            "--interviewer",
            "AB",
            "--sessions-dir",
            str(sessions),
            "--port",
            str(port),
            *extra,
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc, port, sessions
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the server and the app it started
        proc.wait(timeout=30)


def test_serve_without_textual_serve_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["serve", "demo", "--sessions-dir", str(tmp_path)])
    assert status == 2 and "pip install 'prompter[serve]'" in err.getvalue()


def test_serve_refuses_a_bad_participant_before_serving(tmp_path):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["serve", "demo", "--participant", "../x", "--sessions-dir", str(tmp_path)])
    assert status == 2 and "participant" in err.getvalue()


def test_serve_warns_when_listening_beyond_this_computer(tmp_path):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    with serving(tmp_path, "--host", "0.0.0.0") as (proc, port, _):
        warning = read_line(proc, proc.stderr)
        assert "warning: listening on 0.0.0.0" in warning
        assert "notes would cross the network" in warning


@needs_chromium
def test_interview_in_the_browser_writes_the_session_file(tmp_path):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with serving(tmp_path) as (proc, port, sessions):
        line = read_line(proc, proc.stdout)
        url = f"http://127.0.0.1:{port}"
        assert f"the interview is at {url}" in line
        wait_for(lambda: _connects(port), "the server to listen")
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page(viewport={"width": 1000, "height": 700})
                page.goto(url)
                path = wait_for(
                    lambda: next(iter(sessions.glob("P01_*.toml")), None), "the session file"
                )
                # The app has started once it asks the page for mouse events.
                page.wait_for_selector(".xterm.enable-mouse-events", timeout=DEADLINE * 1000)
                page.focus(".xterm-helper-textarea")
                # Past the introduction to the first question, marked asked; then the
                # next, skipped.
                for key in ("j", "a", "j", "s"):
                    page.keyboard.press(key)

                def marked():
                    data = read_session_file(path)
                    got = {q["id"]: q["status"] for q in data["questions"]}
                    return (
                        data if got.get("role") == "asked" and "skipped" in got.values() else None
                    )

                data = wait_for(marked, "the marks in the session file")
            finally:
                browser.close()
    assert data["session"]["participant"] == "P01"
    assert data["session"]["interviewer"] == "AB"
    assert [e["action"] for e in data.get("events", []) if e["action"] == "mark"] == [
        "mark",
        "mark",
    ]


def _connects(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0

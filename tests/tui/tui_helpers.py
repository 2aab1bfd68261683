"""Shared helpers for the interview screen's tests: an app factory writing to a temporary
sessions folder on the fake clock and the fixed start time, the file on disk, and what the
screen shows."""

from __future__ import annotations

import time
from pathlib import Path

from guide_factory import bundled
from helpers import DEADLINE, FIXED_NOW, FakeClock

from prompter.guide import Guide
from prompter.session.read import read_session_file
from prompter.tui.app import PrompterApp

SIZE = (80, 24)
NARROW = (60, 20)


def make_app(tmp_path: Path, guide: str | Guide = "demo", **kw) -> PrompterApp:
    """A PrompterApp on a bundled guide (or a `Guide`), saving into `tmp_path`, on a fake
    clock.

    The clock is `app.clock` (advance it with `app.clock.advance(seconds)`).
    Keyword arguments override the defaults (e.g. `participant=None` for the start
    screen).
    """
    options = dict(
        participant="P01",
        interviewer="AB",
        sessions_dir=Path(tmp_path),
        clock=FakeClock(),
        now=FIXED_NOW,
    )
    options.update(kw)
    return PrompterApp(bundled(guide) if isinstance(guide, str) else guide, **options)


def saved(app: PrompterApp) -> dict:
    """The session file on disk, read and validated as the analysis would read it."""
    assert app.session_path is not None, "no session file yet"
    return read_session_file(app.session_path)


def question(data: dict, qid: str) -> dict:
    """The `[[questions]]` entry with id `qid` of a session dict."""
    for q in data["questions"]:
        if q["id"] == qid:
            return q
    raise KeyError(qid)


def status(data: dict, qid: str) -> str:
    return question(data, qid)["status"]


def screen_lines(app: PrompterApp) -> list[str]:
    """The plain text of every line of the screen as it is drawn now."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: PrompterApp) -> str:
    return "\n".join(screen_lines(app))


def record_notifications(app: PrompterApp) -> list[str]:
    """Start recording the messages of `app.notify` (screens and widgets notify through it)."""
    messages: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        messages.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return messages


async def wait_until(pilot, condition, timeout: float = DEADLINE, what: str = "") -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        await pilot.pause(0.02)

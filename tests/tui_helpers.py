"""Shared helpers for the interview screen's tests: a hand-driven clock, a fixed start
time, an app factory writing to a temporary sessions folder, and the file on disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prompter.guide.bundled import resolve_guide
from prompter.guide import Guide, load_guide
from prompter.session.read import read_session_file
from prompter.tui.app import PrompterApp

FIXED_NOW = datetime(2026, 1, 15, 10, 30, 0, tzinfo=UTC)
SIZE = (80, 24)
NARROW = (60, 20)


class FakeClock:
    """A monotonic clock for tests: `clock()` reads it, `clock.advance(s)` moves it on."""

    def __init__(self, start: float = 1000.0):
        self.t = float(start)

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.t += seconds


_GUIDES: dict[str, Guide] = {}


def guide_named(name: str = "demo") -> Guide:
    """A bundled guide by name (loaded once per test run; guides are immutable)."""
    if name not in _GUIDES:
        _GUIDES[name] = load_guide(resolve_guide(name))
    return _GUIDES[name]


def make_app(tmp_path: Path, guide: str = "demo", **kw) -> PrompterApp:
    """A PrompterApp on a bundled guide, saving into `tmp_path`, on a fake clock.

    The clock is `app.clock` (advance it with `app.clock.advance(seconds)`).
    Keyword arguments override the defaults (e.g. `participant=None` for the start
    screen).
    """
    options = dict(participant="P01", interviewer="AB", sessions_dir=Path(tmp_path),
                   clock=FakeClock(), now=FIXED_NOW)
    options.update(kw)
    return PrompterApp(guide_named(guide), **options)


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

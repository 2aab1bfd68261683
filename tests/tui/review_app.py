"""The review screen's tests' helpers: the demo call (tests/support/review_fixture.py)
opened for review on a wall clock that only the test moves, and what the screen shows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import FIXED_NOW
from review_fixture import make_call

from prompter.session.read import read_session_file
from prompter.transcript.review import Review
from prompter.tui.review import ReviewApp


class Wall:
    """A day after the interview, a minute later at each reading."""

    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return FIXED_NOW + timedelta(days=1, minutes=self.n)


def review_app(tmp_path: Path, *, read_only: bool = False, keymap=None, **call) -> ReviewApp:
    """The review of the demo call in `tmp_path` (`app.review`; close it at the end: the
    app's `on_unmount` does not, as `run_review`'s caller does)."""
    c = make_call(Path(tmp_path), **call)
    review = Review.open(c.session, read_only=read_only, wallclock=Wall())
    app = ReviewApp(review, keymap=keymap)
    app.call = c
    return app


def on_disk(app: ReviewApp) -> dict:
    return read_session_file(app.review.path)


def cue_here(app: ReviewApp) -> int:
    return app.screen.cue_here()


def lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]

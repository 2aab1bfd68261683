"""SVG snapshots of the review screen (`prompter review`) at 80x24 and at 60x20 (a
half-width terminal): the unsure boundary, the question picker, a correction and a late
note made, finding a cue, the help. Stable run to run: the demo call made on a fake
clock, a wall clock only the test moves, no path on screen, toasts cleared before the
picture. Regenerate with `pytest -n 0 tests/tui/test_review_snapshots.py
--snapshot-update` only for a deliberate change, and look at every SVG.

In Textual 8 these must be plain (non-async) test functions."""

from __future__ import annotations

import pytest
from review_app import review_app
from review_fixture import AFFECT
from textual.widgets import Input, TextArea
from tui_helpers import NARROW, SIZE


@pytest.fixture
def app(tmp_path):
    a = review_app(tmp_path)
    yield a
    a.review.close()


def quiet(pilot) -> None:
    pilot.app.clear_notifications()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def keys(*pressed):
    async def run(pilot) -> None:
        await pilot.pause()  # the screen mounted: its first frame drawn
        await pilot.press(*pressed)
        await pilot.pause()
        quiet(pilot)

    return run


def test_review_at_the_unsure_boundary(snap_compare, app):
    assert snap_compare(app, run_before=keys("w"), terminal_size=SIZE)


def test_review_at_the_unsure_boundary_narrow(snap_compare, app):
    assert snap_compare(app, run_before=keys("w"), terminal_size=NARROW)


def test_review_question_picker(snap_compare, app):
    assert snap_compare(app, run_before=keys("w", "k", "enter", *"how"), terminal_size=SIZE)


def test_review_question_picker_narrow(snap_compare, app):
    assert snap_compare(app, run_before=keys("w", "k", "enter", *"how"), terminal_size=NARROW)


def test_review_after_a_correction_and_a_late_note(snap_compare, app):
    run = keys("w", "k", "enter", *AFFECT, "enter", "n", *"evenings longer", "escape")
    assert snap_compare(app, run_before=run, terminal_size=SIZE)


def test_review_after_a_correction_and_a_late_note_narrow(snap_compare, app):
    run = keys("w", "k", "enter", *AFFECT, "enter", "n", *"evenings longer", "escape")
    assert snap_compare(app, run_before=run, terminal_size=NARROW)


def test_review_find(snap_compare, app):
    assert snap_compare(app, run_before=keys("slash", *"week"), terminal_size=NARROW)


def test_review_late_note_open(snap_compare, app):
    assert snap_compare(app, run_before=keys("w", "n", *"log off: walks"), terminal_size=SIZE)


def test_review_help(snap_compare, app):
    assert snap_compare(app, run_before=keys("question_mark"), terminal_size=SIZE)


def test_review_help_narrow(snap_compare, app):
    assert snap_compare(app, run_before=keys("question_mark"), terminal_size=NARROW)

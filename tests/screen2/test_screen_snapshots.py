"""SVG snapshots of the interview screen's second pass (pytest-textual-snapshot): the top
line with a section budget after `r` at 80x24 and 60x20, focus mode, and the help
screen at 80x24. The clock is moved by hand (65 s), so every time on screen is fixed.

Regenerate with `pytest tests/screen2/test_screen_snapshots.py --snapshot-update` and
look at every changed SVG in tests/screen2/__snapshots__/ before committing it.
"""

from __future__ import annotations

from tui_helpers import make_app

HUB = "resilience-hub-wider-stakeholders"


def after_r(pilot_keys: tuple[str, ...] = ()):
    async def run(pilot):
        await pilot.press("j")
        pilot.app.clock.advance(65)
        await pilot.press("r", "a", *pilot_keys)
        await pilot.pause()

    return run


def test_budget_after_r_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, guide=HUB), run_before=after_r(), terminal_size=(80, 24))


def test_budget_after_r_60x20(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, guide=HUB), run_before=after_r(), terminal_size=(60, 20))


def test_focus_mode_keeps_the_top_line(snap_compare, tmp_path):
    assert snap_compare(
        make_app(tmp_path, guide=HUB), run_before=after_r(("f",)), terminal_size=(60, 20)
    )


def test_help_at_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["j", "question_mark"], terminal_size=(80, 24))

"""The top line never drops what matters: at any width, and in focus mode, one line
with the clock, the section's time left (or over) and the save state."""

from __future__ import annotations

import errno

import pytest
from tui_helpers import make_app, screen_lines

from prompter.session.writer import SessionWriter

HUB = "resilience-hub-wider-stakeholders"


@pytest.mark.parametrize("width", [100, 80, 60, 44])
async def test_clock_budget_and_save_state_at_every_width(tmp_path, width):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.press("j")
        app.clock.advance(65)
        await pilot.press("r", "a")
        top = screen_lines(app)[0]
        assert "1:05" in top  # the clock
        assert "3:55 left" in top  # About You: 5 minutes, 1:05 spent
        assert "saved" in top
        assert "rec" in top or "●" in top or width < 50


async def test_over_budget_shows_over(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("j")
        app.clock.advance(6 * 60)
        await pilot.press("a")
        top = screen_lines(app)[0]
        assert "1:00 over" in top and "saved" in top and "6:00" in top


async def test_focus_mode_keeps_the_line_with_clock_budget_and_save_state(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("j")
        app.clock.advance(30)
        await pilot.press("f", "a")
        top = screen_lines(app)[0]
        assert "0:30" in top and "4:30 left" in top and "saved" in top
        assert "·46" not in top  # only these three: no tallies
        assert not app.screen.query_one("#sidebar").display


async def test_not_saved_never_dropped_when_narrow(tmp_path, monkeypatch):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(44, 20)) as pilot:
        await pilot.press("j")

        def fails(self):
            raise OSError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(SessionWriter, "save", fails)
        await pilot.press("a")
        assert "NOT SAVED" in screen_lines(app)[0]

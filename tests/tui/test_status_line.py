"""The top line never drops what matters: at any width, and in focus mode, one line
with the clock, the section's time left (or over) and the save state."""

from __future__ import annotations

import errno
import re

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


async def test_focus_mode_keeps_what_fits(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        app.clock.advance(30)
        await pilot.press("r", "f", "a")
        top = screen_lines(app)[0]
        assert "0:30" in top and "4:30 left" in top and "saved" in top
        assert "● rec 0:00" in top and "✓1 ✚0 ✗0 ≈0 ·46" in top  # they fit: they stay
        assert not app.screen.query_one("#sidebar").display


def parts(top: str) -> dict:
    """How much of each part the top line shows: 2 whole, 1 shortened, 0 none."""
    return {
        "name": 2 if "Cognitive Participation" in top else 1 if "…" in top else 0,
        "rec": 2 if "● rec" in top else 1 if "●" in top else 0,
        "tallies": 2 if re.search(r"✓\d+ ✚", top) else 1 if "✓" in top else 0,
        "planned": 1 if "/1:00:00" in top else 0,
    }


async def test_what_the_top_line_gives_up_as_it_narrows(tmp_path):
    # Two-digit counts, as late in an interview.
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.press("j", "r", *"s" * 11, *"aj" * 9)
        app.clock.advance(4 * 60 + 50)
        await pilot.press("a")  # ✓10 ✗11 ·26
        seen, widths = [], range(120, 29, -3)
        for width in widths:
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            top = screen_lines(app)[0].strip()
            assert len(top) <= width - 2, (width, top)
            assert "4:50" in top and "left" in top and "saved" in top, (width, top)
            seen.append(parts(top))
        # Each part only ever shrinks as the line narrows.
        for name in seen[0]:
            levels = [p[name] for p in seen]
            assert levels == sorted(levels, reverse=True), (name, levels)
        # The section's name is shortened before it goes, and it goes before the
        # recording clock and the tallies, which are shortened while it is still there.
        names = [p["name"] for p in seen]
        assert 1 in names and 0 in names
        assert all(p["rec"] and p["tallies"] for p in seen[: names.index(0)]), seen
        assert any(p["name"] and p["tallies"] == 1 for p in seen), seen
        # At half a laptop's width both are still there (issue 23).
        assert seen[widths.index(60)]["name"] and seen[widths.index(60)]["tallies"]


async def test_not_saved_never_dropped_when_narrow(tmp_path, monkeypatch):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=(44, 20)) as pilot:
        await pilot.press("j")

        def fails(self):
            raise OSError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(SessionWriter, "save", fails)
        await pilot.press("a")
        assert "NOT SAVED" in screen_lines(app)[0]

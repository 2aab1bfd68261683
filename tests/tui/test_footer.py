"""The footer at every width: the screen's keys in order, narrowed by dropping the keys
before the last, never `?` (help) or the wrap-up key; a click on a key presses it.

The branching guide (tests/support/branch_guide.py): consent, recording, visited (with
branches), role (with a checklist probe), ..."""

from __future__ import annotations

import pytest
from branch_guide import branch_guide
from tui_helpers import make_app, screen_lines, wait_until


def footer(app) -> str:
    return screen_lines(app)[-1].rstrip()


async def on_role(pilot) -> None:
    """The question with a checklist: the most keys in the footer (t too)."""
    await pilot.press(*"jjjj")
    assert pilot.app.session.current == "role"
    await wait_until(pilot, lambda: "Tick item" in footer(pilot.app), what="t in the footer")


@pytest.mark.parametrize("width", [120, 80, 70, 60, 50, 44, 40])
async def test_help_and_wrap_up_are_always_in_the_footer(tmp_path, width):
    app = make_app(tmp_path, guide=branch_guide(tmp_path))
    async with app.run_test(size=(120, 24)) as pilot:
        await on_role(pilot)
        await pilot.resize_terminal(width, 24)
        await pilot.pause()
        line = footer(app)
        assert line.startswith("? Help ") and line.endswith(" q Wrap up"), line
        assert len(line) <= width
        # What it keeps between them is in the screen's order, whole.
        wide = "? Help a Ask p Probe s Skip c Cover t Tick item n Note u Undo q Wrap up"
        assert [k for k in wide.split() if k in line.split()] == line.split(), line


async def test_a_click_on_a_key_in_the_footer_presses_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await wait_until(pilot, lambda: "a Ask" in footer(app), what="the footer")
        x = footer(app).index("a Ask")
        await pilot.click("#footer", offset=(x + 2, 0))
        assert app.session.question_state("role").status == "asked"


async def test_a_remapped_wrap_up_key_is_kept_too(tmp_path):
    app = make_app(tmp_path, keymap={"wrap_up": "w"})
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.press("j")
        await wait_until(pilot, lambda: "Wrap up" in footer(app), what="the footer")
        assert footer(app).startswith("? Help") and footer(app).endswith("w Wrap up")

"""The help says when there is more than fits; paging a long question keeps its mark and
place in view; the wrap-up shows the closing script when it was not reached."""

from __future__ import annotations

from tui_helpers import NARROW, SIZE, make_app, screen_lines, screen_text

from prompter.tui.screens import HelpScreen, WrapUpScreen

HUB = "resilience-hub-wider-stakeholders"


async def test_help_at_80x24_says_there_are_more_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "more keys below" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "more keys below" not in screen_text(app)
        assert "ctrl+q" in screen_text(app)  # the last key row, now in view


async def test_help_in_a_tall_window_shows_every_key_and_no_more(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("j", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "more keys below" not in text and "ctrl+q" in text and "1-9" in text


async def test_pagedown_keeps_the_mark_and_place_in_view(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("j")
        app.goto("ca.ri.confidence")  # a question with long probes
        await pilot.press("a", "pagedown")
        await pilot.pause()
        assert app.screen.query_one("#guide").scroll_y > 0
        assert any("✓ ASKED   37/47" in line for line in screen_lines(app)[:3])
        await pilot.press("pageup")
        await pilot.pause()
        assert not app.screen.query_one("#question-head").display


async def test_wrap_up_shows_the_closing_when_it_was_not_reached(tmp_path):
    app = make_app(tmp_path)
    closing = app.guide.closing
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "q")
        assert isinstance(app.screen, WrapUpScreen)
        assert "Closing (read aloud)" in screen_text(app)
        assert " ".join(closing.split()[:5]) in " ".join(screen_text(app).split())


async def test_wrap_up_after_the_closing_does_not_repeat_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", *["j"] * 6)  # past the last question: the closing
        assert "Closing (read aloud)" in screen_text(app)
        await pilot.press("q")
        assert isinstance(app.screen, WrapUpScreen)
        assert "Closing (read aloud)" not in screen_text(app)

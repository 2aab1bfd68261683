"""Themes: the high-contrast theme is offered; an unknown theme is a usage error, not a crash."""

from tui_helpers import SIZE, make_app


async def test_high_contrast_theme_is_offered(tmp_path):
    app = make_app(tmp_path, theme="prompter-high-contrast")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        assert app.theme == "prompter-high-contrast"
        assert app.current_theme.background == "#000000"
        assert app.session.question_state(app.session.current).status == "asked"


def test_unknown_theme_is_a_usage_error(tmp_path, terminals):
    # In a terminal: `run` checks that it has one before it reads the theme.
    child = terminals(["run", "demo", "-p", "P01", "-d", tmp_path, "--theme", "no-such-theme"])
    assert child.finish() == 2
    # One line and nothing else: no screen was drawn, no traceback.
    assert child.raw.endswith("\r\n") and child.raw.count("\n") == 1
    assert child.raw == child.text()
    assert child.raw.startswith("prompter: unknown theme 'no-such-theme'; choose one of:")
    assert "prompter-high-contrast" in child.raw and "Traceback" not in child.raw
    assert list(tmp_path.iterdir()) == []  # nothing started, nothing written

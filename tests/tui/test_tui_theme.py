"""Themes: the high-contrast theme is offered; an unknown theme is a usage error, not a crash."""

from helpers import run_prompter
from tui_helpers import SIZE, make_app


async def test_high_contrast_theme_is_offered(tmp_path):
    app = make_app(tmp_path, theme="prompter-high-contrast")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        assert app.theme == "prompter-high-contrast"
        assert app.current_theme.background == "#000000"
        assert app.session.question_state(app.session.current).status == "asked"


def test_unknown_theme_is_a_usage_error(tmp_path):
    r = run_prompter("run", "demo", "-p", "P01", "-d", tmp_path, "--theme", "no-such-theme")
    assert r.returncode == 2
    assert r.stderr.startswith("prompter: unknown theme 'no-such-theme'; choose one of:")
    assert "prompter-high-contrast" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing started, nothing written

"""The keymap of the user config file on the screen: a remapped key works and the footer
and the help show it; a keymap with an unknown binding id or a clash is refused.
(The config file on the command line: tests/commands/test_config_command.py.)"""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, make_app, saved, screen_lines

from prompter.errors import UsageError
from prompter.tui.screens import HelpScreen

ROLE = "role"


async def test_a_remapped_key_works_and_the_footer_and_help_show_it(tmp_path):
    app = make_app(tmp_path, keymap={"mark.asked": "enter", "note": "m"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "⏎ Ask" in footer or "enter Ask" in footer, footer
        assert "a Ask" not in footer and "m Note" in footer
        await pilot.press("a")  # no longer a key
        assert app.session.question_state(ROLE).status == "pending"
        await pilot.press("enter")
        assert app.session.question_state(ROLE).status == "asked"
        assert [q["status"] for q in saved(app)["questions"] if q["id"] == ROLE] == ["asked"]
        await pilot.press("m", "x", "escape")  # the note, on its new key
        assert app.session.question_state(ROLE).note == "x"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {
            str(r.children[1].render()): str(r.children[0].render())
            for r in app.screen.query(".help-row")
        }
        assert rows["Mark asked; stays on the question while the answer comes"] == "enter"
        assert rows["Edit this question's note; escape goes back and keeps it"] == "m"


@pytest.mark.parametrize(
    "keymap,message",
    [
        ({"mark.askd": "enter"}, "unknown binding id 'mark.askd'"),
        ({"mark.asked": "j"}, "'j' is given to both"),
    ],
)
def test_a_bad_keymap_is_refused(tmp_path, keymap, message):
    with pytest.raises(UsageError, match=message):
        make_app(tmp_path, keymap=keymap)

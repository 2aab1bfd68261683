"""A note from a hostile session file never sends its escape sequences to the terminal:
they are shown as visible escapes on the interview screen."""

from pathlib import Path

from guide_factory import bundled
from helpers import FakeClock
from tui_helpers import SIZE, screen_text

from prompter.session import Session
from prompter.tui.app import PrompterApp


async def test_a_hostile_note_is_shown_escaped(tmp_path):
    guide = bundled("demo")
    session = Session(guide, "P01", clock=FakeClock(), session_id="P01_x")
    session.mark("asked")
    session.set_note("clear\x1b[2J osc\x1b]52;c;aGk=\x07 csi\x9b31m rtl\u202eevil")
    app = PrompterApp(
        guide, session=session, session_path=Path(tmp_path) / "P01_x.toml", clock=FakeClock()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "clear\\x1b[2J" in text and "\\x9b31m" in text and "\\u202eevil" in text
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in text

"""`R` after a resume: the recording did not run while prompter was closed (again: it
did). The resume itself is tested in tests/session/test_time_closed.py."""

from __future__ import annotations

from interview_driver import left_running, resumed
from tui_helpers import SIZE, saved

from prompter.guide import load_guide
from prompter.guide.bundled import resolve_guide
from prompter.session.writer import SessionWriter
from prompter.tui.app import PrompterApp

GUIDE = load_guide(resolve_guide("demo"))


async def test_r_on_the_screen_says_the_recording_stopped(tmp_path):
    session, clock, notice = resumed(GUIDE, left_running(GUIDE, tmp_path), 44.0)
    writer = SessionWriter(session, tmp_path / "s.toml", resume=True)
    app = PrompterApp(GUIDE, session=session, writer=writer, clock=clock, notice=notice)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(7)
        await pilot.press("R")
        assert session.recording_elapsed == 17.0
        assert saved(app)["events"][-1] == {
            "at_seconds": 17.0,
            "action": "closed",
            "question": session.current,
            "value": "0.000",
        }
        await pilot.press("R")
        assert session.recording_elapsed == 61.0

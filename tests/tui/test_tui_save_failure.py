"""A save that fails (disk full, folder gone) is shown at once, keeps the marks in memory,
and the next action saves everything."""

import errno

from tui_helpers import (
    SIZE,
    make_app,
    record_notifications,
    saved,
    screen_lines,
    screen_text,
    status,
)

from prompter.session.writer import SessionWriter

BANNER = "NOT SAVED (No space left on device) — retrying; your marks are kept in memory"


def banner_shown(app) -> bool:
    """The banner's whole text is on the screen (it may wrap)."""
    return " ".join(BANNER.split()) in " ".join(screen_text(app).split())


async def test_a_failed_save_is_shown_and_the_next_action_catches_up(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert not banner_shown(app)
        notes = record_notifications(app)
        real_save = SessionWriter.save

        def disk_full(self):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(SessionWriter, "save", disk_full)
        await pilot.press("a")
        await pilot.pause()
        qid = app.session.current
        assert app.session.question_state(qid).status == "asked"  # kept in memory
        assert status(saved(app), qid) == "pending"  # not on disk
        assert "NOT SAVED" in screen_lines(app)[0]  # the status line
        assert banner_shown(app)

        # Another failed save: still the one banner, and no toast per key.
        await pilot.press("p")
        await pilot.pause()
        assert app.session.question_state(qid).status == "probed"
        assert status(saved(app), qid) == "pending"
        assert banner_shown(app)
        assert len(app.screen.query("#banner")) == 1
        assert not [n for n in notes if "NOT SAVED" in n]

        monkeypatch.setattr(SessionWriter, "save", real_save)
        await pilot.press("j")
        await pilot.pause()
        assert status(saved(app), qid) == "probed"
        assert "saved" in screen_lines(app)[0] and "NOT SAVED" not in screen_lines(app)[0]
        assert not banner_shown(app) and "NOT SAVED" not in screen_text(app)

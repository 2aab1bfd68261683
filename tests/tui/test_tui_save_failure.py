"""A save that fails (disk full, folder gone) is shown at once, keeps the marks in memory,
and the next action saves everything."""

import errno

from tui_helpers import SIZE, make_app, record_notifications, saved, screen_lines, status

from prompter.session.writer import SessionWriter


async def test_a_failed_save_is_shown_and_the_next_action_catches_up(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
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
        assert "NOT SAVED" in screen_lines(app)[0]
        assert any("NOT SAVED: No space left on device" in n for n in notes)

        monkeypatch.setattr(SessionWriter, "save", real_save)
        await pilot.press("j")
        await pilot.pause()
        assert status(saved(app), qid) == "asked"
        assert "saved" in screen_lines(app)[0] and "NOT SAVED" not in screen_lines(app)[0]

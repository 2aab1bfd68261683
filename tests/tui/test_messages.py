"""What the screen says after undo, redo and a second recording mark; toasts replace
each other instead of stacking up."""

from __future__ import annotations

from tui_helpers import SIZE, make_app, record_notifications, saved, screen_text

ROLE = "role"
DAYS = "how-many-days-a-week-998711"


async def test_undo_and_redo_say_what_they_took_back(tmp_path):
    app = make_app(tmp_path)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "n", *"hm", "escape", "j", "a")
        await pilot.press("u")
        assert said[-1] == "Undone: mark on 2/6."
        await pilot.press("u")
        assert said[-1] == "Undone: note on 1/6."
        assert app.session.current == ROLE
        await pilot.press("U")
        assert said[-1] == "Redone: note on 1/6."
        data = saved(app)
        assert [q["note"] for q in data["questions"] if q["id"] == ROLE] == ["hm"]
        await pilot.press("b", "escape", "u")
        assert said[-1] == "Undone: bookmark on 1/6."
        assert saved(app)["bookmarks"] == []


async def test_a_second_r_says_where_the_recording_mark_moved(tmp_path):
    app = make_app(tmp_path)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        app.clock.advance(49)
        await pilot.press("r")
        assert said[-1].startswith("Recording marked at 0:49")
        app.clock.advance(31)
        await pilot.press("r")
        assert said[-1] == "Recording mark moved from 0:49 to 1:20; u undoes."
        assert saved(app)["session"]["recording_offset_seconds"] == 80.0
        await pilot.press("u")
        assert said[-1] == "Undone: recording mark."
        assert saved(app)["session"]["recording_offset_seconds"] == 49.0


async def test_toasts_do_not_stack(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j")
        await pilot.press("9", "8", "7", "u", "u")  # no such probes; nothing to undo
        await pilot.pause()
        for _ in range(3):  # toasts are mounted after the keys' refresh
            await pilot.pause()
        text = screen_text(app)
        assert "Nothing to undo" in text
        assert "no probe" not in text  # replaced, not stacked below
        assert len(app.screen.query("Toast")) == 1

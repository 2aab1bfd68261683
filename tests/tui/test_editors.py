"""The note and the bookmark label take keys as text through Textual's own routing:
cursor keys, selection and paste work; escape (or alt+key, which a browser may send for
escape typed quickly before a key) hands the keys back to the guide; leaving saves what
is shown.

The demo guide: introduction, then role, how-many-days-a-week-998711, typical-day, ...
"""

from __future__ import annotations

import errno

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from tui_helpers import SIZE, make_app, question, record_notifications, saved, screen_text

from prompter.session.writer import SessionWriter
from prompter.tui.editors import shown, typed_back

ROLE = "role"
DAYS = "how-many-days-a-week-998711"
TYPICAL = "typical-day"


async def open_note_on_role(pilot):
    await pilot.press("j", "n")
    editor = pilot.app.screen.query_one("#note")
    assert editor.display and pilot.app.focused is editor
    return editor


async def test_cursor_keys_move_in_the_note(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        await pilot.press("a", "b", "c", "left", "X")
        assert question(saved(app), ROLE)["note"] == "abXc"  # the draft, saved as typed
        await pilot.press("home", "delete", "end", "Y", "ctrl+left", "Z")
        await pilot.press("escape")
        assert question(saved(app), ROLE)["note"] == "ZbXcY"
        assert app.session.question_state(ROLE).status == "pending"  # no key was a mark


async def test_selection_replaces_and_paste_inserts_in_the_note(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        await pilot.press(*"hello world")
        await pilot.press(*["shift+left"] * 5, "W")  # select "world", type over it
        app.post_message(events.Paste("orld of pasted text"))  # a bracketed paste
        await pilot.pause()
        await pilot.press("escape")
        assert question(saved(app), ROLE)["note"] == "hello World of pasted text"
        assert "hello World of pasted text" in screen_text(app)


async def test_keys_after_n_are_typed_even_before_the_editors_are_mounted(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        # At once, before the rest of the screen is mounted (50 ms after the first frame).
        await pilot.press("j", "n", "a", "s", "c")
        await pilot.press("escape")
        assert question(saved(app), ROLE)["note"] == "asc"
        assert question(saved(app), ROLE)["status"] == "pending"
        assert app.session.current == ROLE


async def test_escape_then_a_key_at_once_arrives_as_alt_key_and_is_both(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        await pilot.press("o", "k")
        await pilot.press("alt+j")  # what a terminal sends for escape and j together
        data = saved(app)
        assert question(data, ROLE)["note"] == "ok"
        assert data["session"]["current_question"] == DAYS
        assert not app.screen.query_one("#note").display and app.focused is None
        await pilot.press("a")  # a guide key again
        assert question(saved(app), DAYS)["status"] == "asked"


async def test_escape_then_j_closes_the_note_and_moves_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        await pilot.press("x", "escape", "j")
        data = saved(app)
        assert question(data, ROLE)["note"] == "x"
        assert data["session"]["current_question"] == DAYS


async def test_bookmark_label_edits_with_cursor_keys_and_enter_keeps_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "b", "q", "u", "t", "e", "left", "left", "o", "enter")
        data = saved(app)
        assert [b["label"] for b in data["bookmarks"]] == ["quote"]
        await pilot.press("a")  # back on the guide: a mark, not text
        assert question(saved(app), ROLE)["status"] == "asked"


async def test_a_typed_label_is_saved_on_ctrl_q(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "b", *"key moment", "ctrl+q")
        await pilot.pause()
    data = saved(app)
    assert [b["label"] for b in data["bookmarks"]] == ["key moment"]
    assert data["session"]["state"] == "in_progress"


async def test_an_open_note_is_saved_on_the_leave_action_of_a_signal(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        await pilot.press(*"said so")
        app.action_leave()  # what SIGHUP and SIGTERM run
        await pilot.pause()
    data = saved(app)
    assert question(data, ROLE)["note"] == "said so"
    notes = [e for e in data["events"] if e["action"] == "note"]
    assert [e["value"] for e in notes] == ["said so"]  # logged as one finished note


async def test_failing_saves_show_one_banner_not_a_toast_per_key(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        said = record_notifications(app)
        real_save = SessionWriter.save

        def disk_full(self):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(SessionWriter, "save", disk_full)
        await pilot.press("a", "j", "p", "j")
        await pilot.pause()
        banners = app.screen.query("#banner")
        assert len(banners) == 1 and banners.first().display
        assert "NOT SAVED (No space left on device) — retrying" in screen_text(app)
        assert not [m for m in said if "NOT SAVED" in m]  # no toast per key
        assert question(saved(app), ROLE)["status"] == "pending"  # not on disk yet

        monkeypatch.setattr(SessionWriter, "save", real_save)
        app.screen.save()  # what the retry timer runs
        await pilot.pause()
        assert not app.screen.query_one("#banner").display
        assert "NOT SAVED" not in screen_text(app)
        assert question(saved(app), ROLE)["status"] == "asked"
        assert question(saved(app), DAYS)["status"] == "probed"


# ------------------------------------------- what the note editor shows, and gives back

LAYOUT = "\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"  # what Textual's document splits lines on
UNSAFE = "\x00\x07\x1b\x7f\x9b\u202e\u2066"  # what would reach the terminal raw
# What a person types (not the stand-ins themselves: typed next to the control they
# picture, one could be taken for it).
STAND_INS = "".join(map(chr, range(0x2400, 0x2420))) + "\u2421\ufffd"
ORDINARY = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"), blacklist_characters=STAND_INS
    )
)
NOTES = st.text(st.one_of(st.sampled_from(LAYOUT + UNSAFE + "\t\n"), st.characters()))


@given(NOTES)
def test_the_editor_shows_a_note_in_as_many_characters_none_to_hide(note):
    text = shown(note)
    assert len(text) == len(note)
    assert not any(c in text for c in LAYOUT + UNSAFE)
    assert typed_back(note, text, text) == note  # nothing edited: the note as it was


@given(NOTES, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), ORDINARY), max_size=4))
def test_what_was_not_edited_is_given_back_as_it_was(note, edits):
    # Each edit deletes `n` characters at `at` and types `typed` there: on the note and
    # on what the editor shows alike. What comes back is the edited note.
    before = shown(note)
    after, expected = before, note
    for at, n, typed in edits:
        at = at % (len(after) + 1)
        after = after[:at] + typed + after[at + n :]
        expected = expected[:at] + typed + expected[at + n :]
    assert typed_back(note, before, after) == expected


async def test_a_paste_s_control_characters_are_shown_and_kept_as_stand_ins(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_note_on_role(pilot)
        app.post_message(events.Paste("a\x1b[2Jb\x07"))
        await pilot.pause()
        await pilot.press("escape")
        assert question(saved(app), ROLE)["note"] == "a␛[2Jb␇"
        assert "\x1b" not in screen_text(app)

"""Keys of the interview screen that change the session: marks, probes, notes, undo
and redo, bookmarks, the recording mark and the pause; no key swallowed, and every key
saved before the next. Driven through Textual's Pilot on the demo guide (its layout:
demo_keys.py).

Each test checks both the session in memory (`app.session`) and the session file on
disk (`saved(app)`): the README promises that every key that changes something is saved
before the next key is handled.
"""

from __future__ import annotations

import re

import pytest
from demo_keys import (
    AFFECT,
    DAYS,
    ROLE,
    TOOLS,
    TYPICAL,
    TYPICAL_PROBES,
    WHERE,
    assert_saved_matches_memory,
    current,
    disk_current,
    goto_question,
    mem_status,
    palette_choose,
    statuses,
    type_text,
    view_text,
)
from guide_factory import bundled
from textual.command import CommandPalette
from tui_helpers import (
    SIZE,
    make_app,
    question,
    record_notifications,
    saved,
    screen_lines,
    status,
    wait_until,
)

from prompter.tui.interview import InterviewScreen

# ------------------------------------------------------------------ marks


async def test_a_marks_asked_and_stays(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        assert current(app) == ROLE
        assert mem_status(app, ROLE) == "asked"
        data = saved(app)
        assert status(data, ROLE) == "asked"
        assert data["session"]["current_question"] == ROLE
        assert question(data, ROLE)["first_marked_seconds"] == 0.0
        assert "✓ ASKED" in view_text(app)


async def test_p_marks_probed_and_stays(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, DAYS)
        await pilot.press("p")
        assert current(app) == DAYS
        assert mem_status(app, DAYS) == "probed"
        assert status(saved(app), DAYS) == "probed"
        assert disk_current(app) == DAYS
        assert "✚ PROBED" in view_text(app)


async def test_s_marks_skipped_and_moves_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "s")
        assert mem_status(app, ROLE) == "skipped"
        assert current(app) == DAYS
        data = saved(app)
        assert status(data, ROLE) == "skipped"
        assert data["session"]["current_question"] == DAYS
        assert bundled("demo").question(DAYS).text in view_text(app)


async def test_c_marks_covered_and_moves_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TOOLS)
        await pilot.press("c")
        assert mem_status(app, TOOLS) == "covered"
        assert current(app) == AFFECT
        data = saved(app)
        assert status(data, TOOLS) == "covered"
        assert data["session"]["current_question"] == AFFECT


async def test_skip_on_the_last_question_moves_to_the_closing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, WHERE)
        await pilot.press("s")
        assert status(saved(app), WHERE) == "skipped"
        assert "Closing (read aloud)" in view_text(app)


@pytest.mark.parametrize(
    "key,mark", [("a", "asked"), ("p", "probed"), ("s", "skipped"), ("c", "covered")]
)
async def test_the_marks_key_again_returns_to_pending(tmp_path, key, mark):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", key)
        assert status(saved(app), ROLE) == mark
        if key in "sc":
            assert current(app) == DAYS
            await pilot.press("k")  # back to it
        assert current(app) == ROLE
        await pilot.press(key)
        assert mem_status(app, ROLE) == "pending"
        assert status(saved(app), ROLE) == "pending"
        # Back to pending is not "skipped" or "covered": it stays on the question.
        assert current(app) == ROLE
        assert disk_current(app) == ROLE


async def test_another_mark_replaces_the_mark(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "p")
        assert status(saved(app), ROLE) == "probed"
        await pilot.press("a")
        assert status(saved(app), ROLE) == "asked"
        assert current(app) == ROLE


# ----------------------------------------------------------------- probes


async def test_number_keys_toggle_probes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TYPICAL)
        await pilot.press("2")
        data = question(saved(app), TYPICAL)
        assert data["probes_used"] == [TYPICAL_PROBES[1]]
        assert data["status"] == "probed"
        assert app.session.question_state(TYPICAL).probes_used == (TYPICAL_PROBES[1],)
        assert current(app) == TYPICAL  # a probe does not move on
        await pilot.press("1")
        assert question(saved(app), TYPICAL)["probes_used"] == TYPICAL_PROBES  # guide order
        await pilot.press("2")
        data = question(saved(app), TYPICAL)
        assert data["probes_used"] == [TYPICAL_PROBES[0]]
        assert data["status"] == "probed"
        assert mem_status(app, TYPICAL) == "probed"
        actions = [e["action"] for e in saved(app)["events"]]
        assert actions.count("probe") == 2 and actions.count("unprobe") == 1
        assert re.search(r"1 ✓ When do you start", view_text(app))


async def test_a_probe_on_an_asked_question_makes_it_probed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TYPICAL)
        await pilot.press("a", "1")
        assert status(saved(app), TYPICAL) == "probed"


@pytest.mark.parametrize("qid,key", [(TYPICAL, "3"), (TYPICAL, "9"), (ROLE, "1"), (WHERE, "2")])
async def test_a_number_with_no_such_probe_changes_nothing(tmp_path, qid, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, qid)
        before = saved(app)
        said = record_notifications(app)
        await pilot.press(key)
        after = saved(app)
        assert after["questions"] == before["questions"]
        assert after["events"] == before["events"]
        assert mem_status(app, qid) == "pending"
        assert app.session.question_state(qid).probes_used == ()
        assert said and f"no probe {key}" in said[-1]


# ------------------------------------------------------------------- note

NOTE = 'She said "it\'s fine" — but\nlater: not fine 🙂 ✓'


async def test_note_is_typed_saved_while_typing_and_kept_on_escape(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TOOLS)
        await pilot.press("n")
        editor = app.screen.query_one("#note")
        assert editor.display and app.focused is editor
        await type_text(pilot, NOTE)
        # On disk already, before escape: a crash now loses nothing.
        assert question(saved(app), TOOLS)["note"] == NOTE
        assert app.session.question_state(TOOLS).note == NOTE
        await pilot.press("escape")
        assert not editor.display
        assert app.focused is None
        assert isinstance(app.screen, InterviewScreen)
        assert current(app) == TOOLS
        data = saved(app)
        assert question(data, TOOLS)["note"] == NOTE
        assert app.session.question_state(TOOLS).note == NOTE
        notes = [e for e in data["events"] if e["action"] == "note"]
        assert len(notes) == 1
        assert notes[0]["value"] == NOTE and notes[0]["question"] == TOOLS
        assert "note: " in view_text(app) and "not fine 🙂" in view_text(app)
        assert status(data, TOOLS) == "pending"  # a note is not a mark


async def test_note_editor_reopens_with_the_note_and_edits_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, ROLE)
        await pilot.press("n")
        await type_text(pilot, "first")
        await pilot.press("escape", "n")
        assert app.screen.query_one("#note").text == "first"
        await type_text(pilot, " more")
        await pilot.press("escape")
        assert question(saved(app), ROLE)["note"] == "first more"
        assert [e["value"] for e in saved(app)["events"] if e["action"] == "note"] == [
            "first",
            "first more",
        ]


async def test_undo_takes_back_a_whole_note_in_one_step(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, ROLE)
        await pilot.press("n")
        await type_text(pilot, "several words")
        await pilot.press("escape", "u")
        assert question(saved(app), ROLE)["note"] == ""
        assert app.session.question_state(ROLE).note == ""
        await pilot.press("U")
        assert question(saved(app), ROLE)["note"] == "several words"


# ---------------------------------------------------------------- undo/redo


async def test_u_undoes_and_U_redoes_a_mark(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.press("u")
        assert mem_status(app, ROLE) == "pending"
        assert status(saved(app), ROLE) == "pending"
        await pilot.press("U")
        assert mem_status(app, ROLE) == "asked"
        assert status(saved(app), ROLE) == "asked"
        actions = [e["action"] for e in saved(app)["events"]]
        assert actions[-2:] == ["undo", "redo"]


async def test_undoing_a_skip_returns_to_the_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "s")
        assert current(app) == DAYS
        await pilot.press("u")
        assert current(app) == ROLE
        assert mem_status(app, ROLE) == "pending"
        data = saved(app)
        assert status(data, ROLE) == "pending"
        assert data["session"]["current_question"] == ROLE
        assert bundled("demo").question(ROLE).text in view_text(app)
        assert "· PENDING" in view_text(app)
        await pilot.press("U")
        assert status(saved(app), ROLE) == "skipped"


async def test_undo_from_another_question_goes_back_to_the_changed_one(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TYPICAL)
        await pilot.press("1", "j", "j")
        assert current(app) == AFFECT
        await pilot.press("u")
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        assert question(saved(app), TYPICAL)["probes_used"] == []


async def test_undo_with_nothing_to_undo_says_so(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        said = record_notifications(app)
        await pilot.press("u")
        assert said == ["Nothing to undo."]
        await pilot.press("U")
        assert said[-1] == "Nothing to redo."
        assert set(statuses(saved(app)).values()) == {"pending"}


async def test_undo_and_redo_a_bookmark_and_a_recording_mark(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        app.clock.advance(4)
        await pilot.press("r")
        await pilot.press("b", "escape")
        assert len(saved(app)["bookmarks"]) == 1
        await pilot.press("u")
        assert saved(app)["bookmarks"] == [] and app.session.bookmarks == []
        await pilot.press("u")
        assert "recording_offset_seconds" not in saved(app)["session"]
        assert app.session.recording_offset is None
        await pilot.press("U", "U")
        data = saved(app)
        assert data["session"]["recording_offset_seconds"] == 4.0
        assert len(data["bookmarks"]) == 1


# --------------------------------------------------------------- bookmark


async def test_bookmark_with_a_label_keeps_the_moment_b_was_pressed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, DAYS)
        app.clock.advance(5)
        await pilot.press("b")
        label = app.screen.query_one("#label")
        assert label.display and app.focused is label
        # The moment is on disk already, before any label.
        assert saved(app)["bookmarks"] == [{"at_seconds": 5.0, "label": "", "question": DAYS}]
        app.clock.advance(7)  # typing the label takes time
        await type_text(pilot, "great quote")
        await pilot.press("enter")
        assert not label.display and app.focused is None
        expected = {"at_seconds": 5.0, "label": "great quote", "question": DAYS}
        assert saved(app)["bookmarks"] == [expected]
        bm = app.session.bookmarks[0]
        assert (bm.at_seconds, bm.label, bm.question) == (5.0, "great quote", DAYS)
        actions = [(e["action"], e.get("value")) for e in saved(app)["events"]]
        assert ("bookmark", "") in actions and ("label", "great quote") in actions


async def test_the_latest_bookmark_s_label_and_how_many_show_on_its_question(tmp_path):
    app = make_app(tmp_path)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, DAYS)
        app.clock.advance(65)
        await pilot.press("b")
        assert "bookmark: (no label) at 1:05" in view_text(app)  # the moment, at once
        await type_text(pilot, "great quote")
        await pilot.press("enter")
        assert said[-1] == "Bookmarked: great quote."
        assert "bookmark: great quote" in view_text(app)
        await pilot.press("b")
        await type_text(pilot, "second one")
        await pilot.press("enter")
        assert "bookmarks: 2, the latest: second one" in view_text(app)
        await pilot.press("j")
        assert "bookmark" not in view_text(app)  # on its own question only
        await pilot.press("k")
        assert "bookmarks: 2, the latest: second one" in view_text(app)
        await pilot.press("u")  # the second label undone: its moment stays, unlabelled
        assert "bookmarks: 2, the latest: (no label) at 1:05" in view_text(app)


async def test_bookmark_with_escape_and_no_label(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TOOLS)
        app.clock.advance(30)
        await pilot.press("b")
        app.clock.advance(3)
        await pilot.press("escape")
        assert not app.screen.query_one("#label").display
        assert saved(app)["bookmarks"] == [{"at_seconds": 30.0, "label": "", "question": TOOLS}]
        assert len(app.session.bookmarks) == 1
        assert isinstance(app.screen, InterviewScreen)


async def test_bookmark_label_typed_then_escape_keeps_the_label(tmp_path):
    # README: "type an optional label (enter or escape)": escape keeps what was typed.
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "b")
        await type_text(pilot, "moment")
        await pilot.press("escape")
        assert [b["label"] for b in saved(app)["bookmarks"]] == ["moment"]


# ---------------------------------------------------------- recording, pause


async def test_r_marks_the_recording_start(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        app.clock.advance(42)
        said = record_notifications(app)
        await pilot.press("r")
        assert app.session.recording_offset == 42.0
        assert saved(app)["session"]["recording_offset_seconds"] == 42.0
        assert said and "Recording marked" in said[-1]
        app.clock.advance(10)
        app.screen.query_one("#status").refresh()
        await pilot.pause()
        assert "rec 0:10" in screen_lines(app)[0]
        # A later r replaces the mark.
        await pilot.press("r")
        assert saved(app)["session"]["recording_offset_seconds"] == 52.0


async def test_z_pauses_and_resumes_the_clock(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        app.clock.advance(10)
        await pilot.press("z")
        assert app.session.paused
        data = saved(app)
        assert data["session"]["paused"] is True
        assert data["session"]["elapsed_seconds"] == 10.0
        app.clock.advance(100)  # the participant stepped out
        assert app.session.elapsed == 10.0
        app.screen.query_one("#status").refresh()
        await pilot.pause()
        assert "paused" in screen_lines(app)[0] and "0:10" in screen_lines(app)[0]
        await pilot.press("z")
        assert not app.session.paused
        assert saved(app)["session"]["paused"] is False
        app.clock.advance(5)
        assert app.session.elapsed == 15.0
        actions = [e["action"] for e in saved(app)["events"]]
        assert actions[-2:] == ["pause", "unpause"]


# ------------------------------------------------------- no key swallowed


async def test_nothing_swallows_keys_after_the_note_editor(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "n")
        await type_text(pilot, "x")
        await pilot.press("escape", "a")
        assert status(saved(app), ROLE) == "asked"
        assert question(saved(app), ROLE)["note"] == "x"  # 'a' was not typed into it
        await pilot.press("j")
        assert current(app) == DAYS


async def test_nothing_swallows_keys_after_the_bookmark_label(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "b")
        await type_text(pilot, "lbl")
        await pilot.press("enter", "a")
        assert status(saved(app), ROLE) == "asked"
        assert saved(app)["bookmarks"][0]["label"] == "lbl"
        await pilot.press("j", "b", "escape", "a")
        assert status(saved(app), DAYS) == "asked"
        assert [b["label"] for b in saved(app)["bookmarks"]] == ["lbl", ""]


async def test_nothing_swallows_keys_after_the_palette_and_help(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "slash")
        await palette_choose(pilot, "tools", "Which tools")
        await pilot.press("a")
        assert status(saved(app), TOOLS) == "asked"
        await pilot.press("question_mark", "escape", "j")
        assert current(app) == AFFECT


# ------------------------------------------- every key saved before the next

SCRIPT = [
    "j",
    "a",
    "j",
    "p",
    "j",
    "1",
    "2",
    "2",
    "s",
    "c",
    "k",
    "k",
    "u",
    "U",
    "n",
    "h",
    "i",
    "enter",
    "x",
    "escape",
    "b",
    "o",
    "k",
    "enter",
    "r",
    "z",
    "j",
    "z",
    "right_square_bracket",
    "s",
    "left_square_bracket",
    "a",
    "a",
    "p",
    "u",
    "u",
    "U",
    "b",
    "escape",
    "k",
    "c",
    "slash",
    "f",
    "f",
    "3",
    "j",
    "j",
    "j",
    "s",
]


async def test_every_key_is_saved_before_the_next(tmp_path):
    app = make_app(tmp_path)
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        for i, key in enumerate(SCRIPT):
            await pilot.press(key)
            if isinstance(app.screen, CommandPalette):
                await pilot.press("escape")
                await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
            assert_saved_matches_memory(app, f"key {i} ({key!r})")
            seen.update(q["status"] for q in saved(app)["questions"])
            app.clock.advance(1.5)
        # The script did something: every mark, probes, a note, bookmarks, a recording mark.
        assert seen == {"pending", "asked", "probed", "skipped", "covered"}
        data = saved(app)
        assert any(q["probes_used"] for q in data["questions"])
        assert [q["note"] for q in data["questions"] if q["note"]] == ["hi\nx"]
        assert [b["label"] for b in data["bookmarks"]] == ["ok", ""]
        assert "recording_offset_seconds" in data["session"]

"""Every key of the README's key table, driven through Textual's Pilot.

Each test checks both the session in memory (`app.session`) and the session file on
disk (`saved(app)`), because the README promises that every key that changes something
is saved before the next key is handled.

The demo guide (guides/demo.yaml) has, in order:
  About you:      role, how-many-days-a-week-998711
  Working days:   typical-day (2 probes), tools, how-does-working-from-home-5fbe52
                  (optional)
  ... The space:  where-do-you-usually-work-87d605 (1 probe)
with an introduction before the first question and a closing after the last.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from guide_factory import bundled
from helpers import FIXED_NOW, REPO, FakeClock, session_to_dict
from textual import events
from textual.command import CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.widgets import Input, OptionList
from tui_helpers import (
    NARROW,
    SIZE,
    make_app,
    question,
    record_notifications,
    saved,
    screen_lines,
    screen_text,
    status,
    wait_until,
)

from prompter.session.resume import load_session
from prompter.tui.app import PrompterApp
from prompter.tui.interview import InterviewScreen
from prompter.tui.screens import HelpScreen, StartScreen, WrapUpScreen

ROLE = "role"
DAYS = "how-many-days-a-week-998711"
TYPICAL = "typical-day"
TOOLS = "tools"
AFFECT = "how-does-working-from-home-5fbe52"  # optional
WHERE = "where-do-you-usually-work-87d605"  # the last question
ORDER = [ROLE, DAYS, TYPICAL, TOOLS, AFFECT, WHERE]
TYPICAL_PROBES = ["When do you start and finish?", "How do you keep in touch with colleagues?"]


# ------------------------------------------------------------------- helpers


def view_text(app) -> str:
    """What the question pane shows (plain text, unwrapped)."""
    return str(app.screen.query_one("#question").render())


def statuses(data: dict) -> dict[str, str]:
    return {q["id"]: q["status"] for q in data["questions"]}


def mem_status(app, qid: str) -> str:
    return app.session.question_state(qid).status


def current(app) -> str:
    return app.session.current


def disk_current(app) -> str:
    return saved(app)["session"]["current_question"]


def interview(app) -> InterviewScreen:
    screen = app.screen
    assert isinstance(screen, InterviewScreen), f"not the interview screen: {screen!r}"
    return screen


async def goto_question(pilot, qid: str) -> None:
    """From the introduction, press j until `qid` is the current question."""
    app = pilot.app
    await pilot.press("j")
    for _ in range(len(ORDER)):
        if current(app) == qid:
            return
        await pilot.press("j")
    raise AssertionError(f"never reached {qid}")


async def type_text(pilot, text: str) -> None:
    """Type `text` key by key as a terminal would send it.

    Pilot's `press` drops characters whose key name is not a Unicode name (emoji), so
    those are sent as the Key event a terminal gives: the key name and the character.
    """
    for ch in text:
        if ch == "\n":
            await pilot.press("enter")
        elif ch.isalnum() and ch.isascii() or ch == " ":
            await pilot.press(ch)
        else:
            key = _character_to_key(ch)
            event = events.Key(key, ch)
            event.set_sender(pilot.app)
            pilot.app._driver.send_message(event)
            await pilot.pause()


def palette_hits(app) -> list[str]:
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def palette_choose(pilot, words: str, expect: str) -> None:
    """In an open command palette, type `words`, wait for a hit containing `expect`
    to be the first one, and choose it with enter."""
    await type_text(pilot, words)
    await wait_until(
        pilot,
        lambda: any(expect in h for h in palette_hits(pilot.app)[:1]),
        what=f"a first hit with {expect!r}",
    )
    await pilot.press("enter")
    await pilot.pause()


def assert_saved_matches_memory(app, context: str = "") -> None:
    """The file on disk holds exactly what the session holds now."""
    disk = saved(app)
    mem = session_to_dict(app.session)
    for key in ("status", "probes_used", "note"):
        assert [q[key] for q in disk["questions"]] == [q[key] for q in mem["questions"]], (
            f"{key} differs after {context}"
        )
    assert disk["bookmarks"] == mem["bookmarks"], f"bookmarks differ after {context}"
    assert disk["events"] == mem["events"], f"events differ after {context}"
    for key in ("current_question", "paused", "state", "recording_offset_seconds"):
        assert disk["session"].get(key) == mem["session"].get(key), (
            f"session.{key} differs after {context}"
        )


# ------------------------------------------------------------ j / k, stops


@pytest.mark.parametrize("keys", [[], ["j", "a"]])
async def test_footer_shows_the_keys_from_the_start(tmp_path, keys):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        hints = ("a Ask", "p Probe", "s Skip", "c Cover", "n Note", "? Help", "q Wrap up")
        # The footer is mounted just after the first frame: wait until it is drawn.
        await wait_until(
            pilot, lambda: all(h in screen_lines(app)[-1] for h in hints), what="the footer's keys"
        )
        footer = screen_lines(app)[-1]
        for hint in hints:
            assert hint in footer


async def test_footer_shows_the_keys_after_a_dialog(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "question_mark", "escape")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for hint in ("a Ask", "p Probe", "s Skip", "c Cover", "n Note", "? Help", "q Wrap up"):
            assert hint in footer


async def test_starts_on_the_introduction_and_saves_at_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        assert "Introduction (read aloud)" in view_text(app)
        assert "Thank you for taking part" in view_text(app)
        data = saved(app)
        assert data["session"]["state"] == "in_progress"
        assert data["session"]["participant"] == "P01"
        assert data["session"]["interviewer"] == "AB"
        assert data["session"]["started_at"] == FIXED_NOW
        assert set(statuses(data).values()) == {"pending"}
        assert app.session_path.parent == tmp_path


@pytest.mark.parametrize("key", ["j", "down"])
async def test_next_goes_through_every_question_then_the_closing(tmp_path, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)  # introduction -> first question
        for qid in ORDER:
            assert current(app) == qid
            assert disk_current(app) == qid
            assert bundled("demo").question(qid).text in view_text(app)
            await pilot.press(key)
        assert "Closing (read aloud)" in view_text(app)
        assert current(app) == WHERE  # the closing keeps the last question current
        await pilot.press(key)  # pressing on at the closing stays there
        assert "Closing (read aloud)" in view_text(app)
        assert current(app) == WHERE
        assert set(statuses(saved(app)).values()) == {"pending"}  # moving marks nothing


@pytest.mark.parametrize("key", ["k", "up"])
async def test_previous_goes_back_to_the_introduction(tmp_path, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TOOLS)
        for qid in reversed(ORDER[: ORDER.index(TOOLS)]):
            await pilot.press(key)
            assert current(app) == qid
            assert disk_current(app) == qid
        await pilot.press(key)
        assert "Introduction (read aloud)" in view_text(app)
        await pilot.press(key)  # nothing before the introduction
        assert "Introduction (read aloud)" in view_text(app)
        await pilot.press("j")
        assert current(app) == ROLE
        assert bundled("demo").question(ROLE).text in view_text(app)


async def test_back_from_the_closing_to_the_last_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, WHERE)
        await pilot.press("j")
        assert "Closing (read aloud)" in view_text(app)
        await pilot.press("k")
        assert current(app) == WHERE
        assert bundled("demo").question(WHERE).text in view_text(app)


@pytest.mark.parametrize("where", ["introduction", "closing"])
async def test_marks_at_the_introduction_and_closing_do_nothing_and_say_so(tmp_path, where):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        if where == "closing":
            await goto_question(pilot, WHERE)
            await pilot.press("j")
        heading = "Introduction" if where == "introduction" else "Closing"
        assert f"{heading} (read aloud)" in view_text(app)
        before = saved(app)
        said = record_notifications(app)
        for key in ["a", "p", "s", "c", "1", "n"]:
            await pilot.press(key)
            assert said, f"{key} at the {where} said nothing"
            assert f"The {where} is read aloud" in said[-1]
            said.clear()
            assert f"{heading} (read aloud)" in view_text(app), f"{key} left the {where}"
        assert not app.screen.query_one("#note").display  # n did not open the editor
        after = saved(app)
        assert statuses(after) == statuses(before)
        assert set(statuses(after).values()) == {"pending"}
        assert [q["probes_used"] for q in after["questions"]] == [[]] * len(ORDER)
        assert [e["action"] for e in after["events"]] == [e["action"] for e in before["events"]]
        assert all(app.session.question_state(q).status == "pending" for q in ORDER)


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


# ---------------------------------------------------------------- sections


async def test_square_brackets_move_between_sections(tmp_path):
    # [ and ] go between top-level sections: "The space" is a sub-section of
    # "Working days", so ] from Working days has nowhere to go.
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.press("right_square_bracket")
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        await pilot.press("right_square_bracket")  # no top-level section after Working days
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        await pilot.press("left_square_bracket")
        assert current(app) == ROLE and disk_current(app) == ROLE
        await goto_question(pilot, WHERE)  # inside the sub-section
        await pilot.press("left_square_bracket")  # to the start of its top-level section
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        await pilot.press("j", "j")
        assert current(app) == AFFECT
        await pilot.press("left_square_bracket")  # to the start of this section
        assert current(app) == TYPICAL
        await pilot.press("left_square_bracket")
        assert current(app) == ROLE and disk_current(app) == ROLE
        assert set(statuses(saved(app)).values()) == {"pending"}  # moving marks nothing


async def test_curly_brackets_move_between_sub_sections(tmp_path):
    # { and } go between sections at any level: a sub-section counts.
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.press("right_curly_bracket")
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        await pilot.press("right_curly_bracket")  # into "The space"
        assert current(app) == WHERE and disk_current(app) == WHERE
        await pilot.press("right_curly_bracket")  # no section after the last
        assert current(app) == WHERE
        await pilot.press("left_curly_bracket")  # back to the section before it
        assert current(app) == TYPICAL and disk_current(app) == TYPICAL
        await pilot.press("j", "j")
        assert current(app) == AFFECT
        await pilot.press("left_curly_bracket")  # to the start of this section
        assert current(app) == TYPICAL
        await pilot.press("left_curly_bracket")
        assert current(app) == ROLE and disk_current(app) == ROLE
        await pilot.press("}", "}")  # by character too
        assert current(app) == WHERE
        await pilot.press("{")
        assert current(app) == TYPICAL


async def test_square_bracket_keys_by_character(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "]")
        assert current(app) == TYPICAL
        await pilot.press("[")
        assert current(app) == ROLE


async def test_next_section_from_the_closing_returns_to_a_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, WHERE)
        await pilot.press("j", "left_square_bracket")
        assert current(app) == TYPICAL
        assert bundled("demo").question(TYPICAL).text in view_text(app)


# -------------------------------------------------------------- find, palette


async def test_slash_finds_a_question_by_its_words(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.press("slash")
        assert isinstance(app.screen, CommandPalette)
        await palette_choose(pilot, "tools equipment", "Which tools or equipment")
        assert isinstance(app.screen, InterviewScreen)
        assert current(app) == TOOLS
        assert disk_current(app) == TOOLS
        assert bundled("demo").question(TOOLS).text in view_text(app)


async def test_slash_from_the_introduction_jumps_to_the_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("/")
        await palette_choose(pilot, "where do you", "Where do you usually work")
        assert current(app) == WHERE
        assert "Introduction" not in view_text(app)
        await pilot.press("a")  # a question now: marks work
        assert status(saved(app), WHERE) == "asked"


async def test_slash_escape_changes_nothing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "slash")
        await type_text(pilot, "tools")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        assert current(app) == ROLE and disk_current(app) == ROLE


async def test_ctrl_p_jumps_to_a_section(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await palette_choose(pilot, "The space", "Working days › The space")
        assert isinstance(app.screen, InterviewScreen)
        assert current(app) == WHERE  # the section's first question
        assert disk_current(app) == WHERE


async def test_ctrl_p_jumps_to_a_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "ctrl+p")
        await palette_choose(pilot, "rest of your day", "affect the rest of your day")
        assert current(app) == AFFECT and disk_current(app) == AFFECT


# ------------------------------------------------------------- focus mode


async def test_f_focus_mode_hides_the_outline(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, TOOLS)
        sidebar = app.screen.query_one("#sidebar")
        outline_line = "· Which tools or equipm"
        assert sidebar.display and outline_line in screen_text(app)
        await pilot.press("f")
        assert not sidebar.display
        assert outline_line not in screen_text(app)
        assert bundled("demo").question(TOOLS).text in screen_text(app)
        await pilot.press("a")  # keys still work in focus mode
        assert status(saved(app), TOOLS) == "asked"
        await pilot.press("f")
        assert sidebar.display
        assert "✓ Which tools or equipm" in screen_text(app)


# ------------------------------------------------------------------ help

# The help screen, row by row: keys as shown -> description. Written out here, not
# derived from the bindings, so that a binding whose description changes or disappears,
# or a row the help screen loses, fails the test.
HELP_ROWS = {
    "j/↓ k/↑": "Next / previous question (section headings are not stops)",
    "?": "This help: every key",
    "a": "Mark asked; stays on the question while the answer comes",
    "p": "Mark probed (asked and followed up); stays",
    "s": "Mark skipped, then move to the next question",
    "c": "Mark covered (answered earlier without being asked), then move on",
    "1-9": "Toggle probe N as used (the question becomes probed)",
    "g": "Choose a branch: g, then its number (g1, g2…, shown under the question); goes to "
    "its section and marks what it passes over not applicable",
    "t": "Tick a checklist item: t, the probe's number, the item's letter (t1a)",
    "x": "Mark not applicable (did not apply to this participant), then move on",
    "X": "Mark the rest of this section not applicable, then go to the next section",
    "n": "Edit this question's note; escape goes back and keeps it",
    "u U": "Undo / redo the last mark, probe, note, bookmark, recording mark",
    "b": "Bookmark this moment, then type an optional label",
    "r": "Mark 'recording started' to line times up with the recording",
    "z": "Pause or resume the clock",
    "[ ]": "Previous / next top-level section",
    "{ }": "Previous / next sub-section",
    "/": "Find a question by words of its text and jump to it",
    "f": "Focus mode: only the current question, for a narrow window",
    "pgup pgdn": "Scroll a long question up / down",
    "q": "Wrap up: tallies, pending core questions; enter finishes",
    "ctrl+p": "Command palette: jump to a question or section; theme",
    "ctrl+q": "Leave now (ctrl+c too); everything is saved, resume it later",
}

# Keys the help names only in a row's description, not in its key cell.
HELP_KEYS_IN_DESCRIPTIONS = {"ctrl+c": "ctrl+q"}


# The help's short names for keys the README spells out.
HELP_ABBREVIATIONS = {"pgup": "pageup", "pgdn": "pagedown"}


def help_keys(cell: str) -> set[str]:
    """The keys of one help row ('j/↓ k/↑' is j, ↓, k and ↑; '/' is the slash key)."""
    keys = {cell} if cell == "/" else set(re.split(r"[ /]+", cell.strip()))
    return {HELP_ABBREVIATIONS.get(k, k) for k in keys}


def readme_keys() -> set[str]:
    """Every key the README's key table documents (its first column, in backticks;
    '`1` to `9`' and '`1`-`9`' are the row 1-9)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("## Keys", 1)[1].split("\n\n", 2)[1]
    keys: set[str] = set()
    for line in table.splitlines()[2:]:
        cell = re.sub(r"`1`(?: to |-)`9`", "`1-9`", line.split("|")[1])
        keys |= set(re.findall(r"`([^`]+)`", cell))
    return keys


async def help_rows(pilot) -> dict[str, str]:
    await pilot.press("question_mark")
    app = pilot.app
    assert isinstance(app.screen, HelpScreen)
    rows = {}
    # One row per key: a key cell and a description cell side by side ...
    for row in app.screen.query(".help-row"):
        key, description = (str(cell.render()).strip() for cell in row.children)
        rows[key] = description
    if not rows:  # ... or one line per key in a single text.
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for line in text.splitlines():
            m = re.match(r"\s*(\S+)  (\S.*)$", line)
            if m:
                rows[m.group(1)] = m.group(2)
    return rows


async def test_help_lists_every_binding_with_its_description(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        rows = await help_rows(pilot)
        assert rows == HELP_ROWS
        # Every key the interview screen binds has a row (1-9 share one).
        shown = set().union(*map(help_keys, rows)) | {str(n) for n in range(1, 10)}
        names = {
            "down": "↓",
            "up": "↑",
            "left_square_bracket": "[",
            "right_square_bracket": "]",
            "left_curly_bracket": "{",
            "right_curly_bracket": "}",
            "slash": "/",
            "question_mark": "?",
        }
        for b in InterviewScreen.BINDINGS:
            for key in b.key.split(","):
                assert names.get(key, key) in shown, f"help lacks the key {key}"
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


def test_the_readme_documents_the_keys_of_the_help_screen():
    in_cells = set().union(*map(help_keys, HELP_ROWS))
    for key, row in HELP_KEYS_IN_DESCRIPTIONS.items():
        assert key in HELP_ROWS[row], f"the help's {row} row does not name {key}"
    assert readme_keys() == in_cells | set(HELP_KEYS_IN_DESCRIPTIONS)


async def test_help_names_the_page_keys(tmp_path):
    # The help writes pageup/pagedown short, on one row; they are the scroll keys.
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        rows = await help_rows(pilot)
        assert rows.get("pgup pgdn") == "Scroll a long question up / down"
        assert help_keys("pgup pgdn") == {"pageup", "pagedown"}
        bound = {b.id: b.key for b in InterviewScreen.BINDINGS}
        assert (bound["scroll.up"], bound["scroll.down"]) == ("pageup", "pagedown")


@pytest.mark.parametrize("close", ["escape", "question_mark", "q"])
async def test_help_closes_and_keys_work_again(tmp_path, close):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("a")  # the help is modal: a does not mark behind it
        assert status(saved(app), ROLE) == "pending"
        await pilot.press(close)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.state == "in_progress"
        await pilot.press("a")
        assert status(saved(app), ROLE) == "asked"


# ---------------------------------------------------------------- wrap-up


def wrapup_choices(app) -> list[tuple[str | None, str, bool]]:
    options = app.screen.query_one("#wrapup-choices", OptionList)
    out = []
    for i in range(options.option_count):
        o = options.get_option_at_index(i)
        out.append((o.id, str(o.prompt), o.disabled))
    return out


async def test_q_shows_tallies_and_pending_core_questions(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "j", "s", "p")  # role asked, days skipped, typical probed
        app.clock.advance(125)
        await pilot.press("q")
        assert isinstance(app.screen, WrapUpScreen)
        summary = str(app.screen.query_one("#wrapup-summary").render())
        for part in (
            "1 asked",
            "1 probed",
            "1 skipped",
            "0 covered",
            "3 pending",
            "Time: 2:05 of 15:00 planned",
        ):
            assert part in summary, part
        choices = wrapup_choices(app)
        assert choices[0][0] == WrapUpScreen.FINISH
        pending = [text for qid, text, disabled in choices if qid and qid != "--finish--"]
        # Pending core questions only: the optional one is not listed.
        g = bundled("demo")
        assert pending == [f"· {g.question(q).text}" for q in (TOOLS, WHERE)]
        assert any("2 core question(s) still pending" in text for _, text, _ in choices)


async def test_q_then_enter_finishes_and_exits(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        app.clock.advance(60)
        await pilot.press("q", "enter")
        await pilot.pause()
    assert app.return_value == 0
    assert app.session.state == "finished"
    data = saved(app)
    assert data["session"]["state"] == "finished"
    ended = data["session"]["ended_at"]
    assert isinstance(ended, datetime) and ended.tzinfo is not None
    assert data["session"]["elapsed_seconds"] == 60.0
    assert status(data, ROLE) == "asked"
    assert data["events"][-1]["action"] == "finish"


async def test_q_then_escape_returns_to_the_interview(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "q")
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.state == "in_progress"
        data = saved(app)
        assert data["session"]["state"] == "in_progress"
        assert "ended_at" not in data["session"]
        assert current(app) == ROLE
        await pilot.press("a")  # the screen has the keys again
        assert status(saved(app), ROLE) == "pending"


async def test_q_choosing_a_pending_question_goes_back_to_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await goto_question(pilot, AFFECT)
        await pilot.press("q")
        options = app.screen.query_one("#wrapup-choices", OptionList)
        target = wrapup_choices(app)[2][0]
        assert target == ROLE  # the first pending core question
        await pilot.press("down")
        assert options.get_option_at_index(options.highlighted).id == ROLE
        await pilot.press("enter")
        assert isinstance(app.screen, InterviewScreen)
        assert current(app) == ROLE and disk_current(app) == ROLE
        assert app.session.state == "in_progress"
        assert saved(app)["session"]["state"] == "in_progress"
        await pilot.press("a")
        assert status(saved(app), ROLE) == "asked"


async def test_q_from_the_introduction_with_nothing_asked(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert isinstance(app.screen, WrapUpScreen)
        assert len([c for c in wrapup_choices(app) if c[0] not in (None, "--finish--")]) == 5
        await pilot.press("escape")
        assert "Introduction (read aloud)" in view_text(app)


# -------------------------------------------------------------- leaving


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_leave_at_once_saves_and_stays_in_progress(tmp_path, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "j", "p")
        app.clock.advance(33)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_value == 0
    assert app.session.state == "in_progress"
    data = saved(app)
    assert data["session"]["state"] == "in_progress"
    assert "ended_at" not in data["session"]
    assert data["session"]["elapsed_seconds"] == 33.0  # saved on the way out
    assert status(data, ROLE) == "asked" and status(data, DAYS) == "probed"
    assert data["session"]["current_question"] == DAYS


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_leave_while_typing_a_note_keeps_the_note(tmp_path, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "n")
        await type_text(pilot, "half a thought")
        await pilot.press(key)
        await pilot.pause()
    assert app.return_value == 0
    assert question(saved(app), ROLE)["note"] == "half a thought"


@pytest.mark.parametrize(
    "screen,key",
    [("q", "ctrl+q"), ("question_mark", "ctrl+c"), ("slash", "ctrl+q"), ("b", "ctrl+c")],
)
async def test_leave_from_any_dialog(tmp_path, screen, key):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", screen)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_value == 0
    data = saved(app)
    assert data["session"]["state"] == "in_progress"
    assert status(data, ROLE) == "asked"


# ------------------------------------------------------------ start screen


async def test_start_screen_refuses_an_invalid_id_then_starts(tmp_path):
    app = make_app(tmp_path, participant=None, interviewer="")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        assert app.focused is app.screen.query_one("#start-participant", Input)
        await type_text(pilot, "P 01/x")
        await pilot.press("enter")
        assert isinstance(app.screen, StartScreen)
        error = str(app.screen.query_one("#start-error").render())
        assert "participant id" in error and "P 01/x" in error
        assert app.session is None and app.session_path is None
        assert list(tmp_path.iterdir()) == []  # no file, no folder content
        assert app.focused is app.screen.query_one("#start-participant", Input)
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "P02")
        await pilot.press("tab")
        await type_text(pilot, "CD")
        await pilot.press("tab")
        await type_text(pilot, "Leeds")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "Introduction (read aloud)" in view_text(app)
        data = saved(app)
        assert data["session"]["participant"] == "P02"
        assert data["session"]["interviewer"] == "CD"
        assert data["session"]["extra"] == {"site": "Leeds"}
        assert app.session_path.name.startswith("P02_2026-11-25_1430")
        await pilot.press("j", "a")  # the interview has the keys now
        assert status(saved(app), ROLE) == "asked"


async def test_start_screen_focuses_the_id_field(tmp_path):
    app = make_app(tmp_path, participant=None, interviewer="")
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.screen.query_one("#start-participant", Input)
        await type_text(pilot, "P03")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert saved(app)["session"]["participant"] == "P03"


async def test_start_screen_error_is_on_screen(tmp_path):
    app = make_app(tmp_path, participant=None, interviewer="")
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "P 01")
        await pilot.press("enter")
        await pilot.pause()
        assert "participant id" in str(app.screen.query_one("#start-error").render())
        assert "participant id" in screen_text(app)


async def test_start_screen_empty_id_is_refused(tmp_path):
    app = make_app(tmp_path, participant=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, StartScreen)
        assert "empty" in str(app.screen.query_one("#start-error").render())
        assert list(tmp_path.iterdir()) == []


async def test_start_screen_prefills_the_interviewer_and_escape_quits(tmp_path):
    app = make_app(tmp_path, participant=None, interviewer="AB", extra={"mode": "video"})
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#start-interviewer", Input).value == "AB"
        assert app.screen.query_one("#start-mode", Input).value == "video"
        await pilot.press("escape")
        await pilot.pause()
    assert app.session is None
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ resume


async def test_resume_continues_where_it_stopped(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "j", "s")  # role asked, days skipped -> typical-day
        await pilot.press("1", "n")
        await type_text(pilot, "kept")
        await pilot.press("escape")
        app.clock.advance(90)
        await pilot.press("b", "escape", "ctrl+q")
        await pilot.pause()
    path = app.session_path
    assert saved(app)["session"]["state"] == "in_progress"

    clock = FakeClock(5000.0)
    session, recon = load_session(path, bundled("demo"), clock=clock)
    assert not recon.changed
    again = PrompterApp(bundled("demo"), session=session, session_path=path, notice="Resumed")
    said = record_notifications(again)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Resumed" in said
        # Straight back on the question it stopped at, not the introduction.
        assert again.session.current == TYPICAL
        assert bundled("demo").question(TYPICAL).text in view_text(again)
        assert "Introduction" not in view_text(again)
        assert again.session.question_state(ROLE).status == "asked"
        assert again.session.question_state(TYPICAL).note == "kept"
        assert again.session.elapsed == 90.0  # the clock goes on from the recorded time
        clock.advance(10)
        await pilot.press("a")  # probed -> asked
        data = saved(again)
        assert again.session_path == path  # the same file, replaced
        assert status(data, TYPICAL) == "asked"
        assert status(data, ROLE) == "asked" and status(data, DAYS) == "skipped"
        assert question(data, TYPICAL)["probes_used"] == [TYPICAL_PROBES[0]]
        assert data["session"]["elapsed_seconds"] == 100.0
        assert len(data["bookmarks"]) == 1
        assert any(e["action"] == "resume" for e in data["events"])
        await pilot.press("u")  # the undo history starts at the resume
        assert status(saved(again), TYPICAL) == "probed"
        await pilot.press("u")
        assert question(saved(again), TYPICAL)["note"] == "kept"  # nothing older to undo
        await pilot.press("q", "enter")
        await pilot.pause()
    assert saved(again)["session"]["state"] == "finished"
    assert sorted(p.name for p in tmp_path.glob("*.toml")) == [path.name]


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


# ----------------------------------------------------- a narrow terminal


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "guide,qid",
    [
        ("demo", TYPICAL),
        ("resilience-hub-wider-stakeholders", "ca.ri.confidence"),
    ],
)
async def test_narrow_terminal_hides_the_outline_and_shows_the_whole_question(tmp_path, guide, qid):
    app = make_app(tmp_path, guide=guide)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("j")
        interview(app).goto(qid)
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        text = bundled(guide).question(qid).text
        assert text in view_text(app)
        lines = screen_lines(app)
        assert len(lines) == NARROW[1] and all(len(line) <= NARROW[0] for line in lines)
        # The whole text is drawn, word by word, on the visible screen.
        assert normalised(text) in normalised("\n".join(lines))
        # Keys work as at full width.
        await pilot.press("a")
        assert status(saved(app), qid) == "asked"


async def test_pagedown_and_pageup_scroll_a_long_question(tmp_path):
    # ca.ri.confidence has six probes: at 60x20 the last one is below the fold.
    app = make_app(tmp_path, guide="resilience-hub-wider-stakeholders")
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("j")
        interview(app).goto("ca.ri.confidence")
        await pilot.pause()
        q = bundled("resilience-hub-wider-stakeholders").question("ca.ri.confidence")
        last_probe = normalised(q.probes[-1].text)
        scroll = app.screen.query_one("#guide")
        assert scroll.scroll_y == 0
        assert last_probe not in normalised(screen_text(app))
        for _ in range(5):
            await pilot.press("pagedown")
            if last_probe in normalised(screen_text(app)):
                break
        assert scroll.scroll_y > 0
        assert last_probe in normalised(screen_text(app))
        before = saved(app)
        for _ in range(5):
            await pilot.press("pageup")
        assert scroll.scroll_y == 0
        assert normalised(q.text) in normalised(screen_text(app))
        # Scrolling changes nothing in the interview.
        assert saved(app)["questions"] == before["questions"]
        assert current(app) == "ca.ri.confidence"


async def test_widening_the_terminal_brings_the_outline_back(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("j")
        assert not app.screen.query_one("#sidebar").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one("#sidebar").display

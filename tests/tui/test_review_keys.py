"""Every key of the review screen (`prompter review`), pressed as a user would with
Pilot: moving (j/k and the arrows, ]/[, w, /), correcting (enter and the picker, x), the
late note (n), undo and redo (u/U), the help (?), leaving (q, ctrl+q); read-only that
only looks; the user's keymap. The file on disk is read back after every change."""

from __future__ import annotations

import pytest
from review_app import cue_here, lines, on_disk, review_app
from review_fixture import AFFECT, STRAY, TOOLS, WHERE
from textual import events
from tui_helpers import SIZE, record_notifications, wait_until

from prompter.errors import UsageError
from prompter.tui.keymap import check_keymap
from prompter.tui.review_dialogs import FindCue, LateNote, QuestionPicker, ReviewHelp

# The demo call's cues: 0-2 before the first question, role 3-5, days 6-7, typical-day
# 8-10, tools 11-14 (14: the stray answer), affect 15-16, where 17-19, after 20.
FIRST = {3: "role", 6: "days", 8: "typical", 11: TOOLS, 15: AFFECT, 17: WHERE, 20: None}


@pytest.fixture
def make(tmp_path):
    apps = []

    def make(**kw):
        app = review_app(tmp_path / f"call{len(apps)}", **kw)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.review.close()


async def test_j_k_and_the_arrows_move_one_cue_over_the_headings(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        assert cue_here(app) == 0
        await pilot.press("j", "j", "j")  # over the heading of role
        assert cue_here(app) == 3
        await pilot.press("down")
        assert cue_here(app) == 4
        await pilot.press("k", "up")
        assert cue_here(app) == 2
        assert "Great. This is a short interview" in "\n".join(lines(app)[-5:])


async def test_brackets_go_from_boundary_to_boundary(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert cue_here(app) == 3
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert cue_here(app) == 8
        await pilot.press("j")
        await pilot.press("left_square_bracket")
        assert cue_here(app) == 8  # the start of this question
        await pilot.press("left_square_bracket")
        assert cue_here(app) == 6
        for _ in range(9):
            await pilot.press("right_square_bracket")
        assert cue_here(app) == 20  # the last: it stays


async def test_w_goes_to_the_next_unsure_boundary_and_round_again(make):
    app = make()
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert cue_here(app) == 15
        assert app.review.rows[app.review.row_of_cue[15] - 1].weak
        assert any(line.startswith("? ") and AFFECT in line for line in lines(app))
        await pilot.press("w")
        assert cue_here(app) == 15 and said[-1] == "Back to the first unsure boundary."


async def test_slash_finds_a_cue_by_its_words_whole_words_first(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, FindCue)
        await pilot.press(*"change")  # a whole word of cue 14, a part of none before it
        found = app.screen.query_one("#find-list")
        assert found.highlighted_option.id == str(STRAY)
        ids = [found.get_option_at_index(n).id for n in range(found.option_count)]
        assert ids == [str(STRAY), "15"]  # then "changes": a part of a word
        await pilot.press(*["backspace"] * 6, *"ch")  # parts of words: every cue with them
        assert found.option_count > 3
        await pilot.press("escape")
        assert cue_here(app) == 0
        await pilot.press("slash", *"the dog", "down", "enter")
        assert not isinstance(app.screen, FindCue)
        assert cue_here(app) == 16  # "I walk the dog" (the only one)


async def test_enter_makes_a_question_start_at_the_cue(make):
    app = make()
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"biggest change", "enter")
        assert cue_here(app) == STRAY and app.review.question_of(STRAY) == TOOLS
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionPicker)
        await pilot.press(*AFFECT, "enter")
        assert not isinstance(app.screen, QuestionPicker)
        assert app.review.question_of(STRAY) == AFFECT
        assert [app.review.question_of(i) for i in (13, 15)] == [TOOLS, AFFECT]  # no other
        (c,) = on_disk(app)["corrections"]  # saved at once
        assert (c["question"], c["cue_start"]) == (AFFECT, app.call.cues[STRAY][0])
        assert said[-1] == f"{AFFECT} from 1:04 to the next boundary; u undoes."
        assert cue_here(app) == STRAY
        assert any(line.startswith("✎ ") and AFFECT in line for line in lines(app))
        # Words pick a question too; escape cancels.
        await pilot.press("k", "enter", *"tools equipment")
        assert app.screen.query_one("#picker-list").highlighted_option.id == TOOLS
        await pilot.press("escape")
        assert len(on_disk(app)["corrections"]) == 1


async def test_x_makes_no_question_from_the_cue_to_the_next_boundary(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "j", "x")  # the answer to affect: small talk, say
        assert app.review.question_of(16) is None
        assert app.review.question_of(15) == AFFECT and app.review.question_of(17) == WHERE
        assert on_disk(app)["corrections"][0]["question"] == ""
        assert any(line.strip() == "(no question)" for line in lines(app))
        await pilot.press("x")  # already so
        assert len(on_disk(app)["corrections"]) == 1


async def test_n_writes_a_late_note_on_the_cues_question(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # cue 0: no question, no note
        assert not isinstance(app.screen, LateNote)
        await pilot.press("right_square_bracket", "n")
        assert isinstance(app.screen, LateNote)
        await pilot.press(*"analyst, 4 years", "escape")
        assert not isinstance(app.screen, LateNote)
        data = on_disk(app)
        assert next(q for q in data["questions"] if q["id"] == "role")["note"] == "analyst, 4 years"
        assert data["events"][-1]["action"] == "late_note"
        assert data["session"]["state"] == "finished"
        assert "note: analyst, 4 years" in "\n".join(lines(app)[-4:])


async def test_a_burst_of_keys_takes_effect_in_the_order_typed(make):
    # A fast typist: n, the note, escape and j all read before the first is handled.
    # The j goes to the cue list after the note is closed, not into the note.
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        start = cue_here(app)
        for key, character in [("n", "n"), ("a", "a"), ("b", "b"), ("escape", "\x1b"), ("j", "j")]:
            app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: cue_here(app) == start + 1, what="the cursor on")
        assert not isinstance(app.screen, LateNote)
        assert app.review.note("role") == "ab"


async def test_u_and_shift_u_undo_and_redo(make):
    app = make()
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert said[-1] == "Nothing to undo."
        await pilot.press("w", "k", "x")
        assert app.review.question_of(STRAY) is None
        await pilot.press("u")
        assert app.review.question_of(STRAY) == TOOLS and "corrections" not in on_disk(app)
        assert said[-1] == "Undone: no question from 1:04."
        await pilot.press("U")
        assert app.review.question_of(STRAY) is None and len(on_disk(app)["corrections"]) == 1
        await pilot.press("U")
        assert said[-1] == "Nothing to redo."


async def test_question_mark_shows_every_key(make):
    app = make(keymap={"review.weak": "v"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReviewHelp)
        rows = {
            str(r.children[0].render()): str(r.children[1].render())
            for r in app.screen.query(".help-row")
        }
        assert rows["v"].startswith("Next boundary the aligner was unsure of")
        assert rows["enter"].startswith("A question starts here")
        assert rows["j/↓ k/↑"] == "Next / previous cue (headings are not stops)"
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewHelp)
        await pilot.press("v")  # the remapped key works
        assert cue_here(app) == 15


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_q_and_ctrl_q_leave(make, key):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
    assert app.return_value == 0


async def test_read_only_only_looks(make):
    app = make(read_only=True)
    said = record_notifications(app)
    before = app.review.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "enter", "x", "n", "u")
        assert not isinstance(app.screen, (QuestionPicker, LateNote))
        assert said[-1].startswith("Read only: nothing changes")
        assert "read only" in lines(app)[0]
        await pilot.press("j", "slash", *"dog", "enter")
        assert cue_here(app) == 16  # moving and finding still work
    assert app.review.path.read_bytes() == before


def test_a_keymap_may_name_review_ids_and_a_clash_is_refused(tmp_path):
    check_keymap({"review.weak": "v", "mark.asked": "enter"})  # the interview knows them
    with pytest.raises(UsageError, match="unknown binding id 'review.wek'"):
        review_app(tmp_path / "a", keymap={"review.wek": "v"}).review.close()
    with pytest.raises(UsageError, match="'j' is given to both"):
        review_app(tmp_path / "b", keymap={"review.weak": "j"}).review.close()


def test_the_docs_key_table_names_every_binding_of_the_screen():
    """docs/transcripts.md's Review table: every key the screen binds, and no other."""
    import re
    from pathlib import Path

    from prompter.tui import review_keys
    from prompter.tui.screens import key_label

    docs = Path(__file__).resolve().parents[2] / "docs" / "transcripts.md"
    table = docs.read_text(encoding="utf-8").split("| key | action | binding id", 1)[1]
    rows = [line for line in table.split("\n\n", 1)[0].splitlines()[2:]]
    documented = {k for line in rows for k in re.findall(r"`([^`]+)`", line.split("|")[1])}
    ids = {i for line in rows for i in re.findall(r"`(review\.[^`]+)`", line.split("|")[3])}
    bound = {key_label(k) for b in review_keys.BINDINGS for k in b.key.split(",")}
    bound |= {"ctrl+q", "ctrl+c"}
    assert documented == bound
    assert ids == {b.id for b in review_keys.BINDINGS}


async def test_ctrl_q_keeps_a_late_note_being_written(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "n", *"walks the dog")
        assert isinstance(app.screen, LateNote)
        await pilot.press("ctrl+q")
        await pilot.pause()
    data = on_disk(app)
    assert next(q for q in data["questions"] if q["id"] == AFFECT)["note"] == "walks the dog"

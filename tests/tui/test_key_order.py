"""Keys take effect in the order they were typed, even when they all arrive at once.

`burst` hands keys to the app the way the terminal's reader does when it reads them
together on a busy machine: every key is in the app's queue before the first has been
routed. Pilot's `press` waits after each key, so it never shows this; a real terminal
under load does (tests/e2e/test_keys_under_load.py). The demo guide: introduction,
then role, how-many-days-a-week-998711, ...
"""

from __future__ import annotations

from textual import events
from textual.command import CommandList
from textual.keys import _character_to_key
from tui_helpers import SIZE, make_app, question, saved, wait_until

from prompter.tui.commands import best_question
from prompter.tui.screens import HelpScreen, WrapUpScreen

ROLE = "role"
DAYS = "how-many-days-a-week-998711"
CHARACTERS = {"escape": "\x1b", "enter": "\r", "backspace": "\x7f", "space": " "}


def burst(app, *keys) -> None:
    """Keys (names, single characters, or `events.Paste`) all queued for the app at once."""
    for key in keys:
        if isinstance(key, events.Paste):
            app.post_message(key)
        elif len(key) == 1:
            app.post_message(events.Key(_character_to_key(key) if not key.isalnum() else key, key))
        else:
            app.post_message(events.Key(key, CHARACTERS.get(key)))


async def test_a_note_typed_closed_and_left_in_one_burst(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        # backspace is the editor's binding: it ran after the keys typed after it
        burst(app, "n", "a", "b", "backspace", "c", "escape", "j")
        await wait_until(pilot, lambda: app.session.current == DAYS, what="on the next question")
        assert app.session.question_state(ROLE).note == "ac"
        assert app.session.question_state(ROLE).status == "pending"
        await pilot.pause()
        assert question(saved(app), ROLE)["note"] == "ac"


async def test_a_paste_stays_in_its_place_among_the_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        burst(app, "n", "a", events.Paste("pasted"), "z", "escape", "j")
        await wait_until(pilot, lambda: app.session.current == DAYS, what="on the next question")
        assert app.session.question_state(ROLE).note == "apastedz"


async def test_a_label_typed_and_its_enter_then_a_mark(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        burst(app, "b", *"quick sad", "enter", "a")
        await wait_until(
            pilot, lambda: app.session.question_state(ROLE).status == "asked", what="role asked"
        )
        assert [b.label for b in app.session.bookmarks] == ["quick sad"]


async def test_escape_then_q_after_the_help_wraps_up(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        burst(app, "escape", "q")
        await wait_until(pilot, lambda: isinstance(app.screen, WrapUpScreen), what="the wrap-up")


async def test_a_find_typed_in_one_burst_lands_on_its_question(tmp_path):
    app = make_app(tmp_path, guide="resilience-hub-wider-stakeholders")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        burst(app, "n", *"noted", "escape", "slash", *"confidence", "enter")
        await wait_until(
            pilot, lambda: app.session.current == "ca.ri.confidence", what="the question found"
        )
        assert app.session.question_state("about.role").note == "noted"


async def test_enter_takes_the_hit_chosen_once_the_person_moves_through_them(tmp_path):
    app = make_app(tmp_path, guide="resilience-hub-wider-stakeholders")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "slash", *"right people")
        hits = app.screen.query_one(CommandList)
        # The person reads the hits, then chooses the second.
        best = app.session.guide.question(best_question(app.session, "right people")).text
        await wait_until(
            pilot,
            lambda: hits.option_count > 1 and hits.get_option_at_index(0).hit.text == best,
            what="the hits shown",
        )
        second = hits.get_option_at_index(1).hit.text
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.session.current_question.text == second)

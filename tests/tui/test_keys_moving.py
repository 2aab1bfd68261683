"""Keys of the interview screen that move: j and k with their stops (the introduction,
the closing), sections and sub-sections, find, the palette, focus mode, and a narrow
terminal. Driven through Textual's Pilot on the demo guide (its layout: demo_keys.py).
"""

from __future__ import annotations

import pytest
from demo_keys import (
    AFFECT,
    ORDER,
    ROLE,
    TOOLS,
    TYPICAL,
    WHERE,
    current,
    disk_current,
    goto_question,
    interview,
    palette_choose,
    statuses,
    type_text,
    view_text,
)
from guide_factory import bundled
from helpers import FIXED_NOW
from textual.command import CommandPalette
from tui_helpers import (
    NARROW,
    SIZE,
    make_app,
    record_notifications,
    saved,
    screen_lines,
    screen_text,
    status,
    wait_until,
)

from prompter.tui.interview import InterviewScreen

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

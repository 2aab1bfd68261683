"""The interview screen with a branching guide, driven by Textual's Pilot: g1/g2 choose a
branch (jump, not-applicable marks, one undo), x and X mark not applicable, t1a ticks a
checklist item, checks show ticked, a section's condition, description and guidance
show on entering it, "Ask if:" before a question, and [bracketed] guidance apart in
the introduction. After each key the saved file must match the session."""

from __future__ import annotations

import pytest
from branch_guide import branch_guide
from helpers import FIXED_NOW, FakeClock
from tui_helpers import SIZE, record_notifications, saved, screen_text, wait_until

from prompter.tui.app import PrompterApp
from prompter.tui.interview import InterviewScreen
from prompter.tui.screens import HelpScreen, WrapUpScreen

ORDER = ["consent", "recording", "visited", "role", "first-look", "find", "anything"]


@pytest.fixture
def app(tmp_path):
    return PrompterApp(
        branch_guide(tmp_path),
        participant="P01",
        interviewer="AB",
        sessions_dir=tmp_path / "sessions",
        clock=FakeClock(),
        now=FIXED_NOW,
    )


def view_text(app) -> str:
    return str(app.screen.query_one("#question").render())


def on_disk(app) -> dict[str, str]:
    return {q["id"]: q["status"] for q in saved(app)["questions"]}


def in_memory(app) -> dict[str, str]:
    return {q: app.session.question_state(q).status for q in ORDER}


async def reach(pilot, qid: str) -> None:
    """From the introduction, j until `qid` is current."""
    await pilot.press("j")
    while pilot.app.session.current != qid:
        await pilot.press("j")


async def test_choosing_a_branch_jumps_marks_and_undoes_in_one_step(app):
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, "visited")
        text = view_text(app)
        assert "Ask if: Only if they use the internet" in text
        assert "→ g1 Visited the site · g2 Not visited" in text
        await pilot.press("g")
        assert "Branch: 1 Visited the site · 2 Not visited" in said[-1]
        await pilot.press("2")
        assert app.session.current == "anything"
        assert (
            on_disk(app)
            == in_memory(app)
            == {
                "consent": "pending",
                "recording": "pending",
                "visited": "asked",
                "role": "not_applicable",
                "first-look": "not_applicable",
                "find": "not_applicable",
                "anything": "pending",
            }
        )
        assert "3 question(s) passed over marked not applicable" in said[-1]
        assert saved(app)["events"][-2]["action"] == "branch"
        # The outline shows the questions passed over as not applicable.
        await wait_until(
            pilot,
            lambda: screen_text(app).count("–") >= 3,
            what="three not-applicable glyphs in the outline",
        )

        await pilot.press("u")
        assert app.session.current == "visited"
        assert set(on_disk(app).values()) == set(in_memory(app).values()) == {"pending"}
        assert said[-1] == "Undone: branch on 3/7."

        await pilot.press("g", "7")  # no branch 7: nothing changes, and it says so
        assert "No branch '7'" in said[-1] and app.session.current == "visited"
        await pilot.press("g", "escape", "a")  # escape cancels; keys work again after
        assert on_disk(app)["visited"] == "asked"


async def test_x_marks_not_applicable_and_moves_on_and_X_does_the_rest(app):
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, "consent")
        await pilot.press("x")
        assert app.session.current == "recording"
        assert on_disk(app)["consent"] == "not_applicable"
        await reach(pilot, "visited")
        await pilot.press("X")  # visited and role, then the next section
        assert app.session.current == "first-look"
        assert on_disk(app) == in_memory(app)
        assert [on_disk(app)[q] for q in ("visited", "role", "first-look")] == [
            "not_applicable",
            "not_applicable",
            "pending",
        ]
        await pilot.press("u")
        assert on_disk(app)["visited"] == on_disk(app)["role"] == "pending"
        assert on_disk(app)["consent"] == "not_applicable"


async def test_checklist_items_are_ticked_with_t_number_letter(app):
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, "role")
        assert "a ☐ Email" in view_text(app) and "c ☐ Video calls" in view_text(app)
        await pilot.press("t", "1", "c")
        assert "c ☑ Video calls" in view_text(app)
        data = saved(app)
        entry = next(q for q in data["questions"] if q["id"] == "role")
        assert entry["items_ticked"] == ["Video calls"] and entry["status"] == "probed"
        await pilot.press("t", "2")  # probe 2 is no checklist: the sequence ends
        assert "Probe 2 is not a checklist." in said[-1]
        await pilot.press("t", "1", "a", "t", "1", "c")
        entry = next(q for q in saved(app)["questions"] if q["id"] == "role")
        assert entry["items_ticked"] == ["Email"]
        assert app.session.question_state("role").items_ticked == ("Email",)
        await pilot.press("u")
        entry = next(q for q in saved(app)["questions"] if q["id"] == "role")
        assert entry["items_ticked"] == ["Email", "Video calls"]


async def test_a_check_is_ticked_and_the_wrap_up_lists_unticked_checks_first(app):
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, "consent")
        assert "☐ Consent obtained" in view_text(app)
        assert "NOT TICKED   CHECK" in view_text(app)
        await pilot.press("a")
        assert "☑ Consent obtained" in view_text(app) and "TICKED   CHECK" in view_text(app)
        assert on_disk(app)["consent"] == "asked"
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, WrapUpScreen), what="wrap-up")
        choices = app.screen.query_one("#wrapup-choices")
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert prompts[1:3] == [
            "1 check(s) not ticked; choose one to go back:",
            "☐ Recording started",
        ]
        assert "core question(s) still pending" in prompts[3]
        assert not any("Consent" in p for p in prompts)


async def test_entering_a_section_shows_its_condition_description_and_guidance(app):
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, "visited")
        text = view_text(app)
        assert "Who they are." in text
        assert 'Say "first, a few questions about you"' in text
        assert "Have you visited the new site?" in text and "**" not in text
        await pilot.press("g", "1")
        text = view_text(app)
        assert app.session.current == "first-look"
        assert "Ask if: Only if they visited the site" in text
        assert "Now I'd like to move on to the site itself." in text
        await pilot.press("j")
        assert "Now I'd like to move on" not in view_text(app)  # only on entering


async def test_introduction_guidance_apart_and_keys_in_the_help(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = view_text(app)
        assert "Thank you for taking part." in text
        assert "Start the recorder now." in text and "[Start" not in text
        content = app.screen.query_one("#question").render()
        spans = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
        assert "bold" in spans.get("taking part", "")
        assert "italic" in spans.get("Start the recorder now.", "")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        help_text = screen_text(app)
        assert "Choose a branch: g, then its number" in help_text
        assert "Tick a checklist item" in help_text
        assert "Mark not applicable" in help_text
        ids = {b.id for b in InterviewScreen.BINDINGS}
        assert {"branch", "tick", "mark.not_applicable", "rest_not_applicable"} <= ids


async def test_the_footer_offers_g_and_t_only_where_they_apply(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await reach(pilot, "consent")
        await wait_until(
            pilot, lambda: "Note" in screen_text(app).splitlines()[-1], what="the footer"
        )
        assert "Branch" not in screen_text(app).splitlines()[-1]
        await reach(pilot, "visited")
        await wait_until(
            pilot, lambda: "Branch" in screen_text(app).splitlines()[-1], what="g in the footer"
        )
        await pilot.press("j")
        await wait_until(
            pilot, lambda: "Tick item" in screen_text(app).splitlines()[-1], what="t in the footer"
        )
        assert "Branch" not in screen_text(app).splitlines()[-1]
        await pilot.press("g")  # not offered here: nothing happens, the next key works
        await pilot.press("a")
        assert app.session.question_state("role").status == "asked"

"""SVG snapshots of the screens (pytest-textual-snapshot).

Stable run to run: a fake clock that only the test moves (every time on screen is 0:00,
or 1:05 where the test moves it by hand), a fixed start time, a temporary sessions folder
(its path is never on screen), and no blinking cursor. Regenerate with `pytest -n 0
tests/tui/test_tui_snapshots.py --snapshot-update` only for a deliberate change of the
screen, and look at every changed SVG in tests/tui/__snapshots__/test_tui_snapshots/
before committing it.

In Textual 8 these must be plain (non-async) test functions.
"""

from __future__ import annotations

from branch_guide import write_guide
from textual.widgets import Input, TextArea
from tui_helpers import NARROW, SIZE, make_app

from prompter.guide import load_guide
from prompter.tui.interview import InterviewScreen

# role asked; days skipped (moves on); tools covered (moves on); back to typical-day:
# probe 2 used (probed). Every mark is in the outline and the tallies.
A_FEW_MARKS = ["j", "a", "j", "s", "j", "c", "k", "k", "2"]
HUB = "resilience-hub-wider-stakeholders"


def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def test_introduction(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE)


def test_demo_after_a_few_marks(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=A_FEW_MARKS, terminal_size=SIZE)


def test_demo_after_a_few_marks_narrow(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=A_FEW_MARKS, terminal_size=NARROW)


def test_demo_with_a_note(snap_compare, tmp_path):
    async def note(pilot) -> None:
        await pilot.press("j", "j", "j", "j", "a", "n")
        no_blink(pilot)
        await pilot.press(*"cites a second screen", "escape")

    assert snap_compare(make_app(tmp_path), run_before=note, terminal_size=SIZE)


def test_demo_note_editor_open(snap_compare, tmp_path):
    async def note(pilot) -> None:
        await pilot.press("j", "n")
        no_blink(pilot)
        await pilot.press(*"typing a note")

    assert snap_compare(make_app(tmp_path), run_before=note, terminal_size=SIZE)


def test_closing(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["j"] * 7, terminal_size=SIZE)


def test_resilience_hub_question_with_probes_and_guidance(snap_compare, tmp_path):
    # coh.indiv.understanding: the fifth question, with guidance and a probe.
    async def to_question(pilot) -> None:
        await pilot.press("j", "a", "j", "p", "j", "a", "j", "j")
        assert pilot.app.session.current == "coh.indiv.understanding"

    assert snap_compare(
        make_app(tmp_path, guide=HUB),
        run_before=to_question,
        terminal_size=SIZE,
    )


def test_resilience_hub_long_question_narrow(snap_compare, tmp_path):
    # ca.ri.confidence: a long question with six probes, in a half-width window.
    async def to_question(pilot) -> None:
        await pilot.pause()  # the screen composed, as when a person first looks at it
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        screen.goto("ca.ri.confidence")

    assert snap_compare(
        make_app(tmp_path, guide=HUB),
        run_before=to_question,
        terminal_size=NARROW,
    )


def test_help_screen(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["j", "question_mark"], terminal_size=SIZE)


def test_help_screen_narrow(snap_compare, tmp_path):
    """At 60 columns the hint at the foot says whole how to see more and how to close."""
    assert snap_compare(make_app(tmp_path), press=["j", "question_mark"], terminal_size=NARROW)


def test_wrap_up_screen(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=[*A_FEW_MARKS, "q"], terminal_size=SIZE)


def test_start_screen(snap_compare, tmp_path):
    app = make_app(tmp_path, participant=None, interviewer="AB")
    assert snap_compare(app, run_before=no_blink, terminal_size=SIZE)


def test_start_screen_invalid_id(snap_compare, tmp_path):
    async def invalid(pilot) -> None:
        no_blink(pilot)
        await pilot.press(*"P 01", "enter")

    app = make_app(tmp_path, participant=None, interviewer="AB")
    assert snap_compare(app, run_before=invalid, terminal_size=SIZE)


def test_focus_mode(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=[*A_FEW_MARKS, "f"], terminal_size=SIZE)


# ------------------------------------------------ the top line with a section budget


def after_r(pilot_keys: tuple[str, ...] = ()):
    """Into the first question, 65 s on the clock, `r` (the recording mark) and `a`."""

    async def run(pilot):
        await pilot.press("j")
        pilot.app.clock.advance(65)
        await pilot.press("r", "a", *pilot_keys)
        await pilot.pause()

    return run


def test_budget_after_r_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, guide=HUB), run_before=after_r(), terminal_size=SIZE)


def test_budget_after_r_60x20(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, guide=HUB), run_before=after_r(), terminal_size=NARROW)


def test_focus_mode_keeps_the_top_line(snap_compare, tmp_path):
    assert snap_compare(
        make_app(tmp_path, guide=HUB), run_before=after_r(("f",)), terminal_size=NARROW
    )


# ------------------------------- late in an interview: two-digit counts, a checklist


def site_study(folder):
    """Forty questions in a section with a long name and a budget; the 26th, `tools`,
    has a checklist probe."""
    lines = []
    for n in range(1, 41):
        if n == 26:
            lines += [
                "      - id: tools",
                "        text: Which of these tools do you use to keep in touch with your team?",
                "        probes:",
                "          - {text: Tick each one they name, checklist: true,",
                "             probes: [Email, Chat, Video calls, Phone]}",
                "          - How has that changed since you started?",
            ]
        else:
            lines.append(f"      - {{id: q{n:02d}, text: 'How does your team handle part {n}?'}}")
    text = (
        "title: Site study\nminutes: 60\nsections:\n"
        "  - title: Working arrangements and routines\n    minutes: 20\n    questions:\n"
        + "\n".join(lines)
        + "\n  - title: Closing\n    questions:\n      - {id: anything, text: Anything else?}\n"
    )
    return load_guide(write_guide(folder, text, "site-study.yaml"))


def late(*more: str):
    """The recording marked 0:13 in; 12 asked, 10 probed, 3 skipped; on the checklist
    question at 4:50."""

    async def run(pilot):
        pilot.app.clock.advance(13)
        await pilot.press("r", *["a", "j"] * 12, *["p", "j"] * 10, "s", "s")
        pilot.app.clock.advance(277)
        await pilot.press("s", *more)  # the line drawn again at 4:50
        assert pilot.app.session.current == "tools"
        await pilot.pause()

    return run


def test_late_with_a_checklist_60x20(snap_compare, tmp_path):
    app = make_app(tmp_path, guide=site_study(tmp_path))
    assert snap_compare(app, run_before=late(), terminal_size=NARROW)


def test_late_with_a_checklist_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, guide=site_study(tmp_path))
    assert snap_compare(app, run_before=late(), terminal_size=SIZE)


def test_late_in_focus_mode_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, guide=site_study(tmp_path))
    assert snap_compare(app, run_before=late("f"), terminal_size=SIZE)

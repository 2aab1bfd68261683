"""Keys of the interview's other screens: help (every binding, as the README's key
table lists it), wrap-up, leaving, the start screen and resuming. Driven through
Textual's Pilot on the demo guide (its layout: demo_keys.py).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from demo_keys import (
    AFFECT,
    DAYS,
    ROLE,
    TOOLS,
    TYPICAL,
    TYPICAL_PROBES,
    WHERE,
    current,
    disk_current,
    goto_question,
    type_text,
    view_text,
)
from guide_factory import bundled
from helpers import REPO, FakeClock
from textual.widgets import Input, OptionList
from tui_helpers import (
    SIZE,
    make_app,
    question,
    record_notifications,
    saved,
    screen_lines,
    screen_text,
    status,
)

from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter
from prompter.tui.app import PrompterApp
from prompter.tui.interview import InterviewScreen
from prompter.tui.screens import HelpScreen, StartScreen, WrapUpScreen

# ------------------------------------------------------------------ help

# The help screen, row by row: keys as shown -> description. Written out here, not
# derived from the bindings, so that a binding whose description changes or disappears,
# or a row the help screen loses, fails the test.
HELP_ROWS = {
    "j/↓ k/↑": "Next / previous question (section headings are not stops)",
    "?": "This help: every key",
    "a": "Mark asked; stays on the question while the answer comes",
    "p": "Mark probed (asked and followed up); stays on the question",
    "s": "Mark skipped, then move to the next question",
    "c": "Mark covered (answered earlier without being asked), then move on",
    "1-9": "Toggle probe N as used (the question becomes probed)",
    "g": "Choose a branch: g, then its number (g1, g2…, shown under the question); goes to "
    "its section and marks what it passes over not applicable",
    "t": "Tick a checklist item: t, the probe's number, the item's letter (t1a)",
    "x": "Mark not applicable (did not apply to this participant), then move on",
    "X": "Mark the rest of this section not applicable and go past it; again at once: "
    "the rest of its top-level section too",
    "S": "Mark the rest of this section skipped and go past it; again at once: the rest "
    "of its top-level section too",
    "n": "Edit this question's note; escape goes back and keeps it",
    "u U": "Undo / redo the last mark, probe, note, bookmark, recording mark",
    "b": "Bookmark this moment, then type an optional label",
    "r": "Mark 'recording started' to line times up with the recording",
    "R": "After a resume: the recording did not run while prompter was closed (again: it did)",
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


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 50)])
async def test_the_help_s_columns_never_touch(tmp_path, size):
    # Long keys from a keymap too: "ctrl+pgup/alt+up ctrl+pgdn" is wider than the column
    # may be, and wraps in it.
    keymap = {"scroll.up": "ctrl+pageup,alt+up", "scroll.down": "ctrl+pagedown"}
    app = make_app(tmp_path, keymap=keymap)
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "question_mark")
        lines = screen_lines(app)
        shown = app.screen.query_one("#help-keys").region
        checked = 0
        for row in app.screen.query(".help-row"):
            key, description = row.children
            for y in range(key.region.y, key.region.bottom):
                if shown.y <= y < shown.bottom:
                    gap = lines[y][key.region.x : description.region.x]
                    assert gap.endswith("  "), (y, lines[y])  # two blank cells at least
                    checked += 1
        assert checked >= 5


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


async def test_a_read_only_wrap_up_offers_only_leaving(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a", "ctrl+q")
    path = app.session_path
    before = path.read_bytes()
    session, _ = load_session(path, bundled("demo"), clock=FakeClock(), log_resume=False)
    writer = SessionWriter(session, path, resume=True, read_only=True)
    looking = PrompterApp(bundled("demo"), session=session, writer=writer)
    async with looking.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert isinstance(looking.screen, WrapUpScreen)
        choices = wrapup_choices(looking)
        assert [c for c in choices if not c[2]] == [
            (WrapUpScreen.LEAVE, "Leave (read-only: nothing is saved)", False)
        ]
        assert "Finish" not in str(choices)
        assert any("core question(s) still pending:" in text for _, text, _ in choices), choices
        await pilot.press("enter")
        await pilot.pause()
    assert looking.return_value == 0 and session.state == "in_progress"
    assert path.read_bytes() == before


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

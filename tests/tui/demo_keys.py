"""What the key tests of the interview screen share: the demo guide's question ids in
order, and reading the screen, the session and its file back.

The demo guide (guides/demo.yaml) has, in order:
  About you:      role, how-many-days-a-week-998711
  Working days:   typical-day (2 probes), tools, how-does-working-from-home-5fbe52
                  (optional)
  ... The space:  where-do-you-usually-work-87d605 (1 probe)
with an introduction before the first question and a closing after the last.
"""

from __future__ import annotations

from helpers import session_to_dict
from textual import events
from textual.command import CommandList
from textual.keys import _character_to_key
from tui_helpers import (
    saved,
    wait_until,
)

from prompter.tui.interview import InterviewScreen

ROLE = "role"
DAYS = "how-many-days-a-week-998711"
TYPICAL = "typical-day"
TOOLS = "tools"
AFFECT = "how-does-working-from-home-5fbe52"  # optional
WHERE = "where-do-you-usually-work-87d605"  # the last question
ORDER = [ROLE, DAYS, TYPICAL, TOOLS, AFFECT, WHERE]
TYPICAL_PROBES = ["When do you start and finish?", "How do you keep in touch with colleagues?"]


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

"""Find (`/`) and the palette rank what a person means first: the words as a phrase,
then every word whole, then parts of words, then fuzzy matches; ties in guide order."""

from __future__ import annotations

import time

import pytest
from textual.command import CommandList, CommandPalette
from tui_helpers import SIZE, make_app, saved

from prompter.tui.commands import match_tier

HUB = "resilience-hub-wider-stakeholders"


def hits(app) -> list[str]:
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def find(pilot, query: str) -> list[str]:
    """Press /, type `query`, and return the hits once the list has settled."""
    await pilot.press("slash")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*[("space" if c == " " else c) for c in query])
    deadline = time.monotonic() + 10
    seen: list[str] = []
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        now = hits(pilot.app)
        if now and now == seen:
            return now
        seen = now
    raise AssertionError(f"the palette's hits for {query!r} never settled: {seen[:3]}")


@pytest.mark.parametrize(
    "query,expected",
    [
        ("confidence", "have confidence in"),
        ("right people", "Do you think the right people were involved"),
    ],
)
async def test_find_lands_on_the_question_a_person_means(tmp_path, query, expected):
    app = make_app(tmp_path, guide=HUB)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        found = await find(pilot, query)
        assert expected in found[0], found[:3]
        await pilot.press("enter")
        await pilot.pause()
        qid = app.session.current
        assert expected in app.session.guide.question(qid).text
        assert saved(app)["session"]["current_question"] == qid


def test_tiers():
    assert match_tier("right people", "Do you think the right people were involved?") == 0
    assert match_tier("people right", "Do you think the right people were involved?") == 1
    assert match_tier("confid", "have confidence in") == 2
    assert match_tier("confidence", "what do you see as its value") is None

"""The introduction and the closing are no question: the session records when the
screen leaves the questions for them and comes back (`introduction`, `closing` and
`begin` events), the time spent there is no question's, and the timeline (and so every
transcript export) has no question current there."""

from __future__ import annotations

from tui_helpers import SIZE, make_app, saved

from prompter.session.timeline import question_spans

ROLE = "role"
LAST = "where-do-you-usually-work-87d605"


async def test_the_introduction_and_the_closing_belong_to_no_question(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.clock.advance(30)  # the introduction is read aloud
        await pilot.press("j")  # the first question
        app.clock.advance(20)
        await pilot.press("a")
        for _ in range(6):  # through the rest to the closing
            app.clock.advance(5)
            await pilot.press("j")
        app.clock.advance(40)  # the closing is read
        await pilot.press("k")  # back to the last question for a moment
        app.clock.advance(3)
        await pilot.press("j")
        app.clock.advance(7)
        data = saved(app)

    actions = [(e["action"], e["at_seconds"]) for e in data["events"]]
    assert actions[:4] == [("start", 0.0), ("introduction", 0.0), ("begin", 30.0), ("mark", 50.0)]
    assert ("closing", 80.0) in actions and ("begin", 120.0) in actions
    assert actions[-1] == ("closing", 123.0)
    on = {q["id"]: q["seconds_on_question"] for q in data["questions"]}
    assert on[ROLE] == 25.0  # not the 30 s of the introduction
    assert on[LAST] == 5.0 + 3.0  # not the closing's 40 + 7 s

    timeline = question_spans(data["events"], None, end=data["session"]["elapsed_seconds"])
    assert timeline.first_keyed
    assert (timeline.spans[0].question, timeline.spans[0].start) == (ROLE, 30.0)
    last_spans = [(s.start, s.end) for s in timeline.spans_of(LAST)]
    assert last_spans == [(75.0, 80.0), (120.0, 123.0)]
    assert timeline.spans[-1].end == 123.0  # the final closing is no question's


def test_a_file_from_before_these_events_reads_as_before():
    """Old files have no `begin`: the first question is current from the start, and the
    aligner knows it was not raised by a key."""
    events = [
        {"at_seconds": 0.0, "action": "start", "question": "a"},
        {"at_seconds": 12.0, "action": "goto", "question": "b", "value": "next"},
    ]
    timeline = question_spans(events, None, end=20.0)
    assert not timeline.first_keyed
    assert [(s.question, s.start, s.end) for s in timeline.spans] == [
        ("a", 0.0, 12.0),
        ("b", 12.0, 20.0),
    ]

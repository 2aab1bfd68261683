"""X and S: the rest of this section not applicable, or skipped, then on past it; the
same key again at once marks the rest of the top-level section too (issue 23).

The bundled Resilience Hub guide: Coherence holds the sub-sections Communal
specification (needs and agreement: coh.comm.needs, coh.comm.agreement), Individual
specification (coh.indiv.understanding), Differentiation, ...; Cognitive Participation
follows (cp.init.right-people first)."""

from __future__ import annotations

from tui_helpers import SIZE, make_app, record_notifications, saved

HUB = "resilience-hub-wider-stakeholders"


def coherence(app) -> list[str]:
    return [q.id for q in app.session.guide.questions if q.section_path[0] == "Coherence"]


def on_disk(app) -> dict[str, str]:
    return {q["id"]: q["status"] for q in saved(app)["questions"]}


def in_memory(app) -> dict[str, str]:
    return {q.id: app.session.question_state(q.id).status for q in app.session.guide.questions}


async def to_coherence(pilot) -> None:
    await pilot.press("j", "right_square_bracket")
    assert pilot.app.session.current == "coh.comm.needs"


async def test_X_then_X_again_marks_the_rest_of_the_top_level_section(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await to_coherence(pilot)
        await pilot.press("X")  # the sub-section: needs and agreement
        assert app.session.current == "coh.indiv.understanding"
        assert "2 question(s) marked not applicable; X again: the rest of Coherence" in said[-1]
        await pilot.press("X")  # again at once: the rest of Coherence
        assert app.session.current == "cp.init.right-people"
        assert {on_disk(app)[q] for q in coherence(app)} == {"not_applicable"}
        assert (
            said[-1]
            == f"Coherence: {len(coherence(app)) - 2} question(s) marked not applicable; u undoes."
        )
        assert on_disk(app) == in_memory(app)
        assert on_disk(app)["cp.init.right-people"] == "pending"
        await pilot.press("u")  # one step: the widening
        assert on_disk(app)["coh.indiv.understanding"] == "pending"
        assert on_disk(app)["coh.comm.needs"] == on_disk(app)["coh.comm.agreement"]
        assert on_disk(app)["coh.comm.needs"] == "not_applicable"


async def test_S_marks_the_rest_skipped_and_anything_between_keeps_it_to_the_sub_section(
    tmp_path,
):
    app = make_app(tmp_path, guide=HUB)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await to_coherence(pilot)
        await pilot.press("S")
        assert app.session.current == "coh.indiv.understanding"
        assert "S again: the rest of Coherence" in said[-1]
        await pilot.press("j", "k", "S")  # moved between: S is this sub-section's again
        assert app.session.current == "coh.diff.usual-ways"
        status = on_disk(app)
        assert [status[q] for q in coherence(app)[:4]] == ["skipped"] * 3 + ["pending"]
        assert saved(app)["events"][-2]["action"] == "rest_skipped"


async def test_X_at_the_end_of_a_top_level_section_goes_on_to_the_next(tmp_path):
    app = make_app(tmp_path, guide=HUB)
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await to_coherence(pilot)
        last = coherence(app)[-1]
        app.screen.goto(last)
        await pilot.press("X")  # the last sub-section of Coherence: no "again" to offer
        assert app.session.current == "cp.init.right-people"
        assert "again" not in said[-1]
        await pilot.press("X")  # the next section's first sub-section, as usual
        assert on_disk(app)["cp.init.right-people"] == "not_applicable"
        assert on_disk(app)["coh.comm.needs"] == "pending"

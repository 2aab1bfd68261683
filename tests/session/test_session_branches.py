"""The session core's routing: `not_applicable`, `choose_branch`, the rest of a section not
applicable, checklist ticks, checks on the wrap-up, and what the file records of it all;
each saved with the real writer, read back strictly and resumed."""

from __future__ import annotations

import re
import tomllib

import pytest
import tomli_w
from branch_guide import BRANCH_GUIDE, branch_guide, write_guide
from guide_factory import bundled
from helpers import FIXED_NOW, FakeClock

from prompter.errors import SessionFileError
from prompter.guide import load_guide
from prompter.session import STATUSES, Session
from prompter.session.read import read_session_file, validate_session_data
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter

ORDER = ["consent", "recording", "visited", "role", "first-look", "find", "anything"]


@pytest.fixture
def guide(tmp_path):
    return branch_guide(tmp_path)


def new_session(guide) -> Session:
    return Session(guide, "P01", clock=FakeClock(), now=FIXED_NOW)


_writers: dict[int, SessionWriter] = {}


def save(session: Session, folder):
    """Save with the session's one writer (its render cache re-renders only what changed,
    as on screen); returns the file's path."""
    writer = _writers.get(id(session))
    if writer is None or writer.session is not session:
        folder.mkdir(parents=True, exist_ok=True)
        writer = _writers[id(session)] = SessionWriter(session, folder / f"{session.id}.toml")
    writer.save()
    return writer.path


def saved(session: Session, folder) -> dict:
    """Save, and read the file back as every command reads it."""
    return read_session_file(save(session, folder))


def statuses(data: dict) -> dict[str, str]:
    return {q["id"]: q["status"] for q in data["questions"]}


def entry(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def test_not_applicable_is_the_last_status_and_is_not_pending(guide):
    assert STATUSES[-1] == "not_applicable" and STATUSES[:5] == (
        "pending",
        "asked",
        "probed",
        "skipped",
        "covered",
    )
    s = new_session(guide)
    s.goto("role")
    assert "role" in [q.id for q in s.pending_core()]
    s.mark("not_applicable")
    assert "role" not in [q.id for q in s.pending_core()]
    assert s.tallies()["not_applicable"] == 1
    s.mark("not_applicable")  # the same mark again clears it, as for every status
    assert s.question_state("role").status == "pending"


def test_choosing_a_branch_jumps_marks_what_it_passes_and_undoes_in_one_step(guide, tmp_path):
    s = new_session(guide)
    s.goto("visited")
    saved(s, tmp_path / "sessions")  # so that the next save renders only what changed
    assert s.choose_branch(2)  # Not visited -> Closing / Wrap-up
    assert s.current == "anything"
    data = saved(s, tmp_path / "sessions")
    assert statuses(data) == {
        "consent": "pending",
        "recording": "pending",
        "visited": "asked",
        "role": "not_applicable",
        "first-look": "not_applicable",
        "find": "not_applicable",
        "anything": "pending",
    }
    actions = [(e["action"], e["question"], e.get("value")) for e in data["events"]][-2:]
    assert actions == [("branch", "visited", "Not visited"), ("goto", "anything", "branch")]

    assert s.undo()  # one step takes back every mark, and goes back to the question
    assert s.current == "visited"
    data = saved(s, tmp_path / "sessions")
    assert set(statuses(data).values()) == {"pending"}
    assert data["events"][-1]["action"] == "undo" and data["events"][-1]["value"] == "branch"
    assert not s.undo()

    assert s.redo()
    assert statuses(saved(s, tmp_path / "sessions"))["find"] == "not_applicable"


def test_a_branch_keeps_questions_already_marked_and_a_branch_back_marks_none(guide):
    s = new_session(guide)
    s.goto("role")
    s.mark("asked")
    s.goto("visited")
    s.choose_branch(1)  # Visited -> General usability test: passes over `role` only
    assert s.current == "first-look"
    assert s.question_state("role").status == "asked"
    s.goto("anything")
    assert not s.choose_branch(1)  # no branches here


def test_a_branch_back_marks_nothing(tmp_path):
    loop = load_guide(
        write_guide(tmp_path, BRANCH_GUIDE.replace("to: Closing / Wrap-up", "to: Before we start"))
    )
    s = new_session(loop)
    s.goto("visited")
    assert s.choose_branch(2)
    assert s.current == "consent"
    assert [s.question_state(q).status for q in ORDER] == [
        "pending",
        "pending",
        "asked",
        "pending",
        "pending",
        "pending",
        "pending",
    ]


def test_rest_of_section_not_applicable_is_one_step(guide, tmp_path):
    s = new_session(guide)
    s.goto("first-look")
    s.mark("asked")
    assert s.rest_of_section() == 1  # `find` only: first-look is asked
    s.goto("visited")
    assert s.rest_of_section() == 2  # visited and role
    data = saved(s, tmp_path / "sessions")
    assert [statuses(data)[q] for q in ORDER] == [
        "pending",
        "pending",
        "not_applicable",
        "not_applicable",
        "asked",
        "not_applicable",
        "pending",
    ]
    assert data["events"][-1]["action"] == "rest_not_applicable"
    assert data["events"][-1]["value"] == "2"
    s.undo()
    data = saved(s, tmp_path / "sessions")
    assert statuses(data)["visited"] == statuses(data)["role"] == "pending"
    assert statuses(data)["find"] == "not_applicable"
    assert s.rest_of_section() == 2
    s.goto("first-look")
    s.mark("not_applicable")
    s.mark("not_applicable")


def test_the_rest_of_a_top_level_section_skipped_is_one_step(tmp_path):
    # Coherence: Communal specification (needs and agreement) with two questions, then
    # Individual specification, Differentiation, ... (sub-sections).
    hub = bundled("resilience-hub-wider-stakeholders")
    coherence = [q.id for q in hub.questions if q.section_path[0] == "Coherence"]
    s = new_session(hub)
    s.goto("coh.comm.agreement")
    assert s.rest_of_section("skipped") == 1  # the sub-section: this question only
    s.goto("coh.indiv.understanding")
    s.mark("asked")
    s.goto("coh.comm.needs")
    assert s.rest_of_section("skipped", top_level=True) == len(coherence) - 2
    data = saved(s, tmp_path / "sessions")
    assert [statuses(data)[q] for q in coherence].count("skipped") == len(coherence) - 1
    assert statuses(data)["coh.indiv.understanding"] == "asked"
    assert statuses(data)["about.role"] == statuses(data)["cp.init.timing"] == "pending"
    assert (data["events"][-1]["action"], data["events"][-1]["value"]) == (
        "rest_skipped",
        str(len(coherence) - 2),
    )
    s.undo()
    assert s.question_state("coh.comm.needs").status == "pending"
    assert s.question_state("coh.comm.agreement").status == "skipped"  # the step before
    s.redo()
    data = saved(s, tmp_path / "sessions")
    assert data["events"][-1]["value"] == "rest_skipped"  # redo names what it redid
    resumed = load_session(save(s, tmp_path / "sessions"), hub, clock=FakeClock())[0]
    assert [resumed.question_state(q).status for q in coherence] == [
        s.question_state(q).status for q in coherence
    ]


def test_checklist_ticks_are_saved_undone_and_resumed(guide, tmp_path):
    s = new_session(guide)
    s.goto("role")
    assert not s.tick(2, 1)  # probe 2 is not a checklist
    assert not s.tick(1, 4)  # it has three items
    assert s.tick(1, 3) and s.tick(1, 1)
    st = s.question_state("role")
    assert st.items_ticked == ("Email", "Video calls")  # in the checklist's order
    assert st.status == "probed" and st.probes_used == ("Which of these tools do you use?",)
    assert s.tick(1, 1)  # untick
    data = saved(s, tmp_path / "sessions")
    assert entry(data, "role")["items_ticked"] == ["Video calls"]
    assert [e["action"] for e in data["events"][-3:]] == ["tick", "tick", "untick"]
    s.undo()
    path = save(s, tmp_path / "sessions")
    assert entry(read_session_file(path), "role")["items_ticked"] == ["Email", "Video calls"]
    resumed, _ = load_session(path, guide, clock=FakeClock())
    assert resumed.question_state("role").items_ticked == ("Email", "Video calls")


def test_checks_are_listed_until_ticked(guide):
    s = new_session(guide)
    assert [q.id for q in s.pending_checks()] == ["consent", "recording"]
    assert "consent" not in [q.id for q in s.pending_core()]
    s.mark("asked")  # ticks `consent`
    assert [q.id for q in s.pending_checks()] == ["recording"]


def test_the_file_records_what_the_screen_showed(guide, tmp_path):
    data = saved(new_session(guide), tmp_path / "sessions")
    visited = entry(data, "visited")
    assert visited["kind"] == "question" and entry(data, "consent")["kind"] == "check"
    assert visited["condition"] == "Only if they use the internet"
    assert visited["branches"] == [
        ["Visited the site", "General usability test"],
        ["Not visited", "Closing", "Wrap-up"],
    ]
    role = entry(data, "role")
    assert role["sub_prompts"] == [["Email", "Chat", "Video calls"], []]
    assert role["checklists"] == ["Which of these tools do you use?"]
    assert role["items_ticked"] == []
    assert "condition" not in role and "branches" not in role


def test_older_files_without_the_new_keys_still_resume(guide, tmp_path):
    s = new_session(guide)
    s.goto("role")
    s.tick(1, 2)
    path = save(s, tmp_path / "sessions")
    old = tomllib.loads(path.read_text())
    for q in old["questions"]:
        for key in (
            "kind",
            "condition",
            "guidance",
            "branches",
            "sub_prompts",
            "checklists",
            "items_ticked",
        ):
            q.pop(key, None)
    assert validate_session_data(old) == []
    older = tmp_path / "older.toml"
    older.write_text(tomli_w.dumps(old))
    resumed, _ = load_session(older, guide, clock=FakeClock())
    assert resumed.question_state("role").status == "probed"
    assert resumed.question_state("role").items_ticked == ()


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("kind", "quiz", "questions[2].kind is 'quiz'; expected one of question, check"),
        ("branches", [["only a label"]], "questions[2].branches must be an array of [label"),
        ("sub_prompts", ["flat"], "questions[2].sub_prompts must be an array of arrays"),
        ("items_ticked", "Email", "questions[2].items_ticked must be an array of strings"),
        ("condition", 3, "questions[2].condition must be a string"),
    ],
)
def test_the_strict_check_refuses_bad_new_keys(guide, tmp_path, key, value, message):
    path = save(new_session(guide), tmp_path / "sessions")
    data = tomllib.loads(path.read_text())
    data["questions"][2][key] = value
    assert any(message in p for p in validate_session_data(data))
    bad = tmp_path / "bad.toml"
    bad.write_text(tomli_w.dumps(data))
    with pytest.raises(SessionFileError, match=re.escape(f"bad.toml: {message}")):
        read_session_file(bad)

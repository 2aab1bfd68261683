"""The guide format's routing and interviewer aids: `condition`, `branches`, `kind: check`,
checklist probes, section `guidance`, the 9-probe limit, and the markup helper; checked
through `load_guide`, `prompter validate` and the JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from branch_guide import BRANCH_GUIDE, branch_guide, write_guide

from prompter.cli import main
from prompter.errors import GuideError
from prompter.guide import Branch, load_guide
from prompter.guide.markup import plain, script_parts, spans
from prompter.guide.schema import SCHEMA_PATH


def test_the_new_keys_become_the_model(tmp_path):
    g = branch_guide(tmp_path)
    visited = g.question("visited")
    assert visited.condition == "Only if they use the internet"
    assert visited.branches == (
        Branch("Visited the site", ("General usability test",)),
        Branch("Not visited", ("Closing", "Wrap-up")),
    )
    assert g.question("consent").kind == "check" and visited.kind == "question"
    tools = g.question("role").probes[0]
    assert tools.checklist and tools.items == ("Email", "Chat", "Video calls")
    assert not g.question("role").probes[1].checklist
    section = g.section(("General usability test",))
    assert section.condition == "Only if they visited the site"
    assert section.guidance == "Now I'd like to move on to the site itself."
    assert g.section(("Screening",)).description == "Who they are."


def validate(tmp_path, text: str, capsys) -> tuple[int, list[str]]:
    path = write_guide(tmp_path, text)
    code = main(["validate", str(path)])
    return code, capsys.readouterr().err.splitlines()


def test_validate_reports_a_bad_branch_target_with_position_and_hint(tmp_path, capsys):
    bad = BRANCH_GUIDE.replace("to: General usability test", "to: Genral usability tests")
    code, lines = validate(tmp_path, bad, capsys)
    assert code == 1
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "Genral" in t)
    col = bad.splitlines()[line - 1].index("Genral") + 1
    assert f"guide.yaml:{line}:{col}: unknown branch target 'Genral usability tests'" in lines[0]
    assert "did you mean 'General usability test'?" in lines[0]


def test_a_branch_path_must_name_one_section(tmp_path, capsys):
    bad = BRANCH_GUIDE.replace("to: Closing / Wrap-up", "to: Closing / Nowhere")
    code, lines = validate(tmp_path, bad, capsys)
    assert code == 1 and "unknown branch target 'Closing / Nowhere'" in lines[0]
    twice = BRANCH_GUIDE.replace("title: Wrap-up", "title: Screening").replace(
        "Closing / Wrap-up", "Screening"
    )
    with pytest.raises(GuideError) as e:
        load_guide(write_guide(tmp_path, twice))
    assert "ambiguous branch target 'Screening'" in str(e.value)
    assert "'Closing / Screening'" in str(e.value)


def test_a_branch_backwards_is_fine(tmp_path):
    loop = BRANCH_GUIDE.replace("to: Closing / Wrap-up", "to: Before we start")
    assert load_guide(write_guide(tmp_path, loop)).question("visited").branches[1].to == (
        "Before we start",
    )


def test_more_than_nine_probes_is_an_error_with_a_hint(tmp_path, capsys):
    probes = ", ".join(f"P{i}?" for i in range(10))
    bad = BRANCH_GUIDE.replace(
        "            text: Anything else?",
        f"            text: Anything else?\n            probes: [{probes}]",
    )
    code, lines = validate(tmp_path, bad, capsys)
    assert code == 1
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "P9?" in t)
    col = bad.splitlines()[line - 1].index("[") + 1
    assert lines == [
        f"{tmp_path / 'guide.yaml'}:{line}:{col}: 10 probes on one question; "
        "at most 9 (keys 1-9): nest some as sub-prompts of a probe, or split "
        "the question"
    ]


def test_unknown_keys_and_bad_values_are_reported_with_positions(tmp_path, capsys):
    bad = (
        BRANCH_GUIDE.replace("kind: check, priority", "kind: chek, priority")
        .replace("checklist: true", "checklist: yes please")
        .replace("    guidance: Now I'd", "    guidanse: Now I'd")
        .replace("{label: Not visited,", "{lable: Not visited,")
    )
    code, lines = validate(tmp_path, bad, capsys)
    assert code == 1
    text = "\n".join(lines)
    assert "kind must be 'question' or 'check', not 'chek'" in text
    assert "checklist must be true or false, not text" in text
    assert "unknown key 'guidanse' in a section; did you mean 'guidance'?" in text
    assert "unknown key 'lable' in a branch; did you mean 'label'?" in text
    assert all(line.startswith(f"{tmp_path / 'guide.yaml'}:") for line in lines)
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)


def test_a_checklist_needs_items_and_sub_prompts_have_none(tmp_path):
    no_items = BRANCH_GUIDE.replace("probes: [Email, Chat, Video calls]", "guidance: none")
    with pytest.raises(GuideError, match="a checklist probe needs items"):
        load_guide(write_guide(tmp_path, no_items))
    nested = BRANCH_GUIDE.replace(
        "probes: [Email, Chat, Video calls]", "probes: [{text: Email, checklist: true}]"
    )
    with pytest.raises(GuideError, match="a sub-prompt cannot have checklist"):
        load_guide(write_guide(tmp_path, nested))


def test_schema_and_loader_agree_on_the_new_keys(tmp_path):
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    good = yaml.safe_load(BRANCH_GUIDE)
    load_guide(write_guide(tmp_path, BRANCH_GUIDE))
    assert list(validator.iter_errors(good)) == []
    screening = good["sections"][1]
    for bad_question in (
        {**screening["questions"][0], "kind": "chek"},
        {**screening["questions"][0], "branches": [{"label": "x"}]},
        {**screening["questions"][0], "branches": [{"label": "x", "to": "y", "goto": "z"}]},
        {**screening["questions"][1], "probes": [f"P{i}" for i in range(10)]},
        {**screening["questions"][1], "probes": [{"text": "p", "checklist": "yes please"}]},
    ):
        bad = {**good, "sections": [{**screening, "questions": [bad_question]}]}
        assert not validator.is_valid(bad), bad_question
        with pytest.raises(GuideError):
            load_guide(write_guide(tmp_path, yaml.safe_dump(bad)))


def test_markup_spans_and_plain_text():
    assert spans("Have you **visited** the _new_ site?") == [
        ("Have you ", ""),
        ("visited", "bold"),
        (" the ", ""),
        ("new", "italic"),
        (" site?", ""),
    ]
    assert spans("**_both_** and file_name and 2 * 3 ** 4") == [
        ("both", "bold italic"),
        (" and file_name and 2 * 3 ** 4", ""),
    ]
    assert plain("Have you **visited** the _new_ site?") == "Have you visited the new site?"
    assert plain("no marks at all") == "no marks at all"


def test_script_guidance_in_square_brackets(tmp_path):
    g = branch_guide(tmp_path)
    assert script_parts(g.introduction) == [
        ("say", "Thank you for **taking part**."),
        ("guidance", "Start the recorder now."),
    ]
    folded = "Hello.\n[Start the\nrecorder.]\nThen we begin.\n[never closed"
    assert script_parts(folded) == [
        ("say", "Hello."),
        ("guidance", "Start the\nrecorder."),
        ("say", "Then we begin."),
        ("say", "[never closed"),
    ]

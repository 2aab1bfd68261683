"""The guide model and loader: what a valid guide becomes, and where problems are reported."""

import json
import textwrap

import jsonschema
import pytest
import yaml

from prompter.errors import GuideError
from prompter.guide import ID_PATTERN, derive_id, load_guide
from prompter.guide.model import MAX_NODES
from prompter.guide.schema import SCHEMA_PATH

GUIDE = """\
title: Working from home
version: 1.2
minutes: 30
introduction: |
  Thank you for taking part.
closing: That is everything.
codebook:
  - name: Setting
    description: Where work happens.
    color: "#1F77B4"
    codes:
      - name: Space
      - name: Tools
  - name: Wellbeing
sections:
  - title: About you
    minutes: 5
    questions:
      - id: role
        text: Could you tell me about your role?
        guidance: (Keep this short.)
  - title: Days
    codes: [Setting]
    sections:
      - title: The space
        codes: [Setting/Space]
        questions:
          - text: Where do you work?
            probes:
              - Do you share it?
              - text: What would help?
                guidance: (If time allows)
                examples: [a desk, quiet]
                probes: ["Who pays?"]
            examples:
              - kitchen table
              - text: a separate room
                examples: [spare bedroom]
            priority: optional
      - title: Tools
        questions:
          - text: Which tools matter?
            codes: [Tools, Wellbeing]
"""


def write(tmp_path, text, name="guide.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path, text):
    with pytest.raises(GuideError) as info:
        load_guide(write(tmp_path, text))
    return [str(p) for p in info.value.problems]


def test_valid_guide_builds_the_whole_model(tmp_path):
    path = write(tmp_path, GUIDE)
    guide = load_guide(path)
    assert guide.title == "Working from home"
    assert guide.version == "1.2"
    assert guide.minutes == 30
    assert guide.introduction == "Thank you for taking part."
    assert guide.path == str(path)
    assert len(guide.sha256) == 64
    assert [s.title for s in guide.all_sections] == ["About you", "Days", "The space", "Tools"]
    assert [q.id for q in guide.questions][0] == "role"
    where = guide.questions[1]
    assert where.section_path == ("Days", "The space")
    assert where.codes == ("Setting", "Setting/Space")
    assert where.probe_texts == ("Do you share it?", "What would help?")
    assert where.probes[1].guidance == "(If time allows)"
    assert [e.text for e in where.probes[1].examples] == ["a desk", "quiet"]
    assert where.probes[1].probes[0].text == "Who pays?"
    assert where.examples[1].examples == ("spare bedroom",)
    assert where.priority == "optional"
    assert where.id == derive_id("Where do you work?")
    tools = guide.questions[2]
    assert tools.codes == ("Setting", "Setting/Tools", "Wellbeing")
    assert list(guide.codes) == ["Setting", "Setting/Space", "Setting/Tools", "Wellbeing"]
    assert guide.codes["Setting"].color == "#1F77B4"
    assert guide.question("role").guidance == "(Keep this short.)"
    assert guide.section(("Days", "Tools")).questions == (tools,)


def test_derived_ids_depend_on_the_text_alone():
    a = derive_id("Could you tell me briefly about your job role?")
    assert a.startswith("could-you-tell-me-briefly-") and ID_PATTERN.match(a)
    # Case and white space do not change it; wording does.
    assert derive_id("  could you TELL me briefly\nabout your job role? ") == a
    assert derive_id("Could you tell me briefly about your job?") != a
    assert derive_id("2020: how was it?").startswith("q-2020-")
    assert derive_id("¿Qué tal?").startswith("que-tal-")
    assert ID_PATTERN.match(derive_id("漢字"))


def test_reordering_and_inserting_questions_keeps_derived_ids(tmp_path):
    first = """\
        title: x
        sections:
          - title: A
            questions: [{text: One?}, {text: Two?}]
          - title: B
            questions: [{text: Three?}]
        """
    second = """\
        title: x
        sections:
          - title: B
            questions: [{text: New?}, {text: Three?}]
          - title: A
            questions: [{text: Two?}, {text: Inserted?}, {text: One?}]
        """
    before = {q.text: q.id for q in load_guide(write(tmp_path, first)).questions}
    after = {q.text: q.id for q in load_guide(write(tmp_path, second, "b.yaml")).questions}
    assert before == {t: after[t] for t in before}


def test_every_problem_is_reported_with_its_position(tmp_path):
    found = problems(
        tmp_path,
        """\
        title: [x]
        titel: y
        sections:
          - title: S
            minutes: -3
            codes: [Nope]
            questions:
              - text: Hello?
                probs: [one]
                priority: high
              - text: Hello?
        """,
    )
    path = str(tmp_path / "guide.yaml")
    assert found == [
        f"{path}:1:8: title must be text, not a list",
        f"{path}:2:1: unknown key 'titel' in the guide; did you mean 'title'?",
        f"{path}:5:14: minutes must be a positive number of minutes",
        f"{path}:6:13: unknown code 'Nope': the guide has no codebook",
        f"{path}:9:9: unknown key 'probs' in a question; did you mean 'probes'?",
        f"{path}:10:19: priority must be 'core' or 'optional', not 'high'",
        f"{path}:11:15: another question has the same text (derived id "
        f"'{derive_id('Hello?')}', line 8): give them explicit ids",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("title: x\nsections: []\n", "2:11: the guide has no sections"),
        ("title: x\nsections:\n  - title: s\n", "3:5: section 's' has no questions"),
        (
            "title: x\ntitle: y\nsections: [{title: s, questions: [{text: q}]}]\n",
            "2:1: duplicate key 'title' in the guide (first at line 1)",
        ),
        ("- a\n", "1:1: a guide must be a mapping with 'title' and 'sections', not a list"),
        (
            "title: x\nsections: [{title: s, questions: [{text: q, id: a b}]}]\n",
            "id 'a b' is not valid",
        ),
        (
            "title: x\ncodebook: [{name: A, codes: [{name: X}]}, {name: B, codes: [{name: X}]}]\n"
            "sections: [{title: s, codes: [X], questions: [{text: q}]}]\n",
            "ambiguous code 'X': write one of 'A/X', 'B/X'",
        ),
        (
            "title: x\nsections: [{title: s, questions: [{text: !!python/name:os.system ''}]}]\n",
            "2:42: YAML tag '!!python/name:os.system' is not allowed",
        ),
        ("title: x\n---\ntitle: y\n", "2:1: YAML syntax error: more than one YAML document"),
        ("title: 'x\n", "YAML syntax error"),
    ],
)
def test_single_problems(tmp_path, text, expected):
    assert any(expected in p for p in problems(tmp_path, text)), problems(tmp_path, text)


def test_sections_nest_eight_levels_not_nine(tmp_path):
    def nested(levels):
        inner = "{title: q, questions: [{text: deepest}]}"
        for i in range(levels - 1):
            inner = f"{{title: s{i}, sections: [{inner}]}}"
        return f"title: x\nsections: [{inner}]\n"

    assert load_guide(write(tmp_path, nested(8))).questions[0].text == "deepest"
    assert any("nested deeper than 8" in p for p in problems(tmp_path, nested(9)))


def test_alias_bomb_is_refused_without_expanding(tmp_path):
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    found = problems(tmp_path, "\n".join(lines) + "\ntitle: *a9\n")
    assert len(found) == 1 and f"expands to more than {MAX_NODES:,} nodes" in found[0]


def test_harmless_aliases_are_allowed(tmp_path):
    guide = load_guide(
        write(
            tmp_path,
            """\
        title: x
        sections:
          - title: s
            questions:
              - {id: a, text: First?, probes: &common [Why?, How?]}
              - {id: b, text: Second?, probes: *common}
        """,
        )
    )
    assert guide.question("b").probe_texts == ("Why?", "How?")


def test_bundled_and_example_guides_match_the_json_schema(tmp_path):
    from prompter.guide.bundled import bundled_guides

    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in [write(tmp_path, GUIDE), *bundled_guides()]:
        load_guide(path)  # valid for the loader ...
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path  # ... and for the schema


def test_json_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    good = yaml.safe_load(GUIDE)
    assert validator.is_valid(good)
    for bad in (
        {**good, "titel": "x"},
        {**good, "sections": []},
        {**good, "minutes": -1},
        {**good, "codebook": [{"name": "A/B"}]},
    ):
        assert not validator.is_valid(bad)

"""The time planned for the introduction and the closing (`introduction_minutes`,
`closing_minutes`, issue 24): loaded, checked with file:line:column like every number
of minutes, in the JSON Schema, and the complete example of docs/guide-format.md (which
shows them) loads and matches the schema."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from helpers import REPO

from prompter.errors import GuideError
from prompter.guide import load_guide
from prompter.guide.schema import SCHEMA_PATH

GUIDE = """\
title: Remote teaching
minutes: 50
introduction: Thank you for taking part.
introduction_minutes: 5
closing: That is everything.
closing_minutes: 2.5
sections:
  - title: Teaching online
    minutes: 40
    questions:
      - text: How has your teaching changed?
"""


def _write(tmp_path, text: str):
    path = tmp_path / "guide.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path) -> list[str]:
    with pytest.raises(GuideError) as e:
        load_guide(path)
    return [str(p) for p in e.value.problems]


def test_the_budgets_are_loaded(tmp_path):
    guide = load_guide(_write(tmp_path, GUIDE))
    assert (guide.introduction_minutes, guide.closing_minutes, guide.minutes) == (5, 2.5, 50)
    bare = load_guide(_write(tmp_path, re.sub(r"\w+_minutes: .*\n", "", GUIDE)))
    assert (bare.introduction_minutes, bare.closing_minutes) == (None, None)


@pytest.mark.parametrize(
    ("line", "value", "message"),
    [
        (4, "soon", "introduction_minutes must be a number of minutes, not text"),
        (4, "0", "introduction_minutes must be a positive number of minutes"),
        (6, "-3", "closing_minutes must be a positive number of minutes"),
        (6, "[5]", "closing_minutes must be a number of minutes, not a list"),
    ],
)
def test_a_bad_budget_is_reported_where_it_is(tmp_path, line, value, message):
    lines = GUIDE.splitlines(keepends=True)
    key = lines[line - 1].split(":")[0]
    lines[line - 1] = f"{key}: {value}\n"
    path = _write(tmp_path, "".join(lines))
    assert _problems(path) == [f"{path}:{line}:{len(key) + 3}: {message}"]


def test_a_misspelt_budget_gets_a_did_you_mean(tmp_path):
    path = _write(tmp_path, GUIDE.replace("closing_minutes", "closing_minute"))
    assert _problems(path) == [
        f"{path}:6:1: unknown key 'closing_minute' in the guide; did you mean 'closing_minutes'?"
    ]


def test_the_schema_knows_the_budgets():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    good = yaml.safe_load(GUIDE)
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "closing_minutes": 0})
    assert not validator.is_valid({**good, "introduction_minutes": "5"})


def test_the_complete_example_of_the_guide_format_loads_and_matches_the_schema(tmp_path):
    doc = (REPO / "docs" / "guide-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    guide = load_guide(_write(tmp_path, example))
    assert (guide.introduction_minutes, guide.closing_minutes) == (2, 3)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    assert list(validator.iter_errors(yaml.safe_load(example))) == []

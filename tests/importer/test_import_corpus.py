"""Every corpus guide imported as a user would (`prompter import FILE -o OUT`) gives its
committed expected YAML, and that YAML loads with `load_guide` (what `run` uses).

To refresh the expected files after a deliberate change of a rule, run with
PROMPTER_UPDATE_IMPORT_EXPECTED=1, then read the diff before committing it."""

from __future__ import annotations

import json
import os
import re

import jsonschema
import pytest
import yaml
from import_corpus import GUIDES_24, args, expected, names, source

from prompter.cli import main
from prompter.guide import load_guide
from prompter.guide.schema import SCHEMA_PATH

SCHEMA = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))

UPDATE = os.environ.get("PROMPTER_UPDATE_IMPORT_EXPECTED") == "1"


@pytest.mark.parametrize("name", names())
def test_corpus_guide_imports_to_its_expected_yaml(name, tmp_path, capsys):
    src = source(name, tmp_path)
    out = tmp_path / "guide.yaml"
    assert main(["import", str(src), "-o", str(out), *args(name)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"imported {src} -> {out}: ")
    text = out.read_text(encoding="utf-8")
    if UPDATE:
        expected(name).write_text(text, encoding="utf-8")
    assert text == expected(name).read_text(encoding="utf-8")
    guide = load_guide(out)
    assert guide.questions
    # ... and matches the guide format's JSON Schema (prompter schema), new keys and all
    assert list(SCHEMA.iter_errors(yaml.safe_load(text))) == []
    # the summary counts what the guide holds
    probes = sum(len(q.probes) for q in guide.questions)
    assert f"{len(guide.questions)} questions, {probes} probes" in err
    # every guess in the file is in the summary, with its place
    for line in text.splitlines():
        if line.strip().startswith("# guessed: "):
            message = line.strip()[len("# guessed: ") :].rsplit(" (", 1)[0]
            assert message in err


def test_each_guide_of_issue_24_is_the_same_guide_in_markdown_and_word(tmp_path):
    # the six guides written in both forms (docx_guides.py) import alike, but for where
    # each guess was made (a line of the Markdown, a paragraph of the Word file)
    assert len(GUIDES_24) >= 6
    for word in GUIDES_24:
        md = word.removesuffix("-word")
        texts = [
            re.sub(r" \((?:line|paragraph) \d+\)", "", expected(n).read_text(encoding="utf-8"))
            for n in (f"{md}.md", f"{word}.docx")
        ]
        assert texts[0].split("\n", 1)[1] == texts[1].split("\n", 1)[1], word


@pytest.mark.parametrize("name", names())
def test_validate_or_run_on_a_corpus_guide_points_at_import(name, tmp_path, capsys):
    src = source(name, tmp_path)
    assert main(["validate", str(src)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"not a YAML guide; make a guide from it with: prompter import {src}" in err


def test_corpus_is_varied_enough():
    all_names = names()
    assert len(all_names) >= 12
    assert sum(n.endswith(".docx") for n in all_names) >= 5
    assert sum(n.endswith(".md") for n in all_names) >= 3
    assert sum(n.endswith(".txt") for n in all_names) >= 3

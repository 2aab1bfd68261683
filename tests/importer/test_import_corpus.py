"""Every corpus guide imported as a user would (`prompter import FILE -o OUT`) gives its
committed expected YAML, and that YAML loads with `load_guide` (what `run` uses).

To refresh the expected files after a deliberate change of a rule, run with
PROMPTER_UPDATE_IMPORT_EXPECTED=1, then read the diff before committing it."""

from __future__ import annotations

import os

import pytest
from import_corpus import args, expected, names, source

from prompter.cli import main
from prompter.guide import load_guide

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
    # the summary counts what the guide holds
    probes = sum(len(q.probes) for q in guide.questions)
    assert f"{len(guide.questions)} questions, {probes} probes" in err
    # every guess in the file is in the summary, with its place
    for line in text.splitlines():
        if line.strip().startswith("# guessed: "):
            message = line.strip()[len("# guessed: ") :].rsplit(" (", 1)[0]
            assert message in err


def test_corpus_is_varied_enough():
    all_names = names()
    assert len(all_names) >= 12
    assert sum(n.endswith(".docx") for n in all_names) >= 5
    assert sum(n.endswith(".md") for n in all_names) >= 3
    assert sum(n.endswith(".txt") for n in all_names) >= 3

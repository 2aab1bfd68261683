"""A topic guide that `prompter import` reads (Word, Markdown, text) given to `validate` or
`run` where a YAML guide is expected: one line that says what it is and the command that
makes a guide of it (issue 24: they said "contains NUL bytes" and "YAML syntax error").
A YAML guide under such a name still loads."""

from __future__ import annotations

import docx
import pytest
from helpers import DATA, run_prompter

from prompter.cli import main

GUIDE_MD = DATA / "import" / "library-screener.md"


def _one_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_validate_a_word_document(tmp_path, capsys):
    path = tmp_path / "Topic guide v3.docx"
    d = docx.Document()
    d.add_paragraph("Remote teaching interview guide", style="Title")
    d.add_paragraph("How has your teaching changed?", style="List Number")
    d.save(path)
    assert main(["validate", str(path)]) == 1
    assert _one_line(capsys) == (
        f"{path}: a Word document (.docx), not a YAML guide; make a guide from it with: "
        f"prompter import '{path}' -o '{tmp_path / 'Topic guide v3.yaml'}'\n"
    )


@pytest.mark.parametrize("name", ["guide.md", "guide.markdown", "guide.txt"])
def test_validate_a_markdown_or_text_guide(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(GUIDE_MD.read_bytes())  # a YAML syntax error, read as YAML
    assert main(["validate", str(path)]) == 1
    assert _one_line(capsys) == (
        f"{path}: a Markdown or text topic guide, not a YAML guide; make a guide from it "
        f"with: prompter import {path} -o {tmp_path / 'guide.yaml'}\n"
    )


def test_validate_an_old_word_file(tmp_path, capsys):
    path = tmp_path / "guide.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert main(["validate", str(path)]) == 1
    assert _one_line(capsys) == (
        f"{path}: an old Word .doc file, not a YAML guide: save it as .docx in Word, then "
        f"run: prompter import {tmp_path / 'guide.docx'} -o {tmp_path / 'guide.yaml'}\n"
    )


def test_a_yaml_guide_named_md_still_loads(tmp_path, capsys):
    path = tmp_path / "guide.md"
    path.write_text("title: T\nsections:\n  - title: S\n    questions:\n      - text: Q?\n")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f'ok {path}: "T"')


def test_run_points_at_import_before_anything_starts(tmp_path):
    path = tmp_path / "guide.docx"
    d = docx.Document()
    d.add_paragraph("What do you think?", style="List Number")
    d.save(path)
    r = run_prompter("run", path, "-p", "P01", cwd=tmp_path)
    assert not r.hung and r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        f"{path}: a Word document (.docx), not a YAML guide; make a guide from it with: "
        f"prompter import {path} -o {tmp_path / 'guide.yaml'}\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide.docx"]  # no session

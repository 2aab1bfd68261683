"""Importing a small guide written in a test, as a user would (`prompter import FILE -o
OUT`), and reading the result back as `prompter run` would: the helpers of the rule
tests of tests/importer/."""

from __future__ import annotations

from prompter.cli import main
from prompter.guide import load_guide


def imported(tmp_path, capsys, text: str, name: str = "g.md"):
    """(the guide loaded, standard error, the YAML) of `text` imported from `name`."""
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    return load_guide(out), capsys.readouterr().err, out.read_text(encoding="utf-8")


def imported_docx(tmp_path, capsys, document, name: str = "g.docx"):
    """As `imported`, for a python-docx `document` saved as `name`."""
    src = tmp_path / name
    document.save(src)
    out = tmp_path / "out.yaml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    return load_guide(out), capsys.readouterr().err, out.read_text(encoding="utf-8")

"""The worked example of docs/analysis.md is real: the script that makes it still runs,
every command in it succeeds, its .qdpx validates against Project.xsd, and the docs show
what the script prints today."""

import contextlib
import importlib.util
import io
import os
import zipfile
from pathlib import Path

import xmlschema

REPO = Path(__file__).resolve().parents[2]
XSD = REPO / "tests" / "data" / "refi-qda" / "Project.xsd"


def _example():
    spec = importlib.util.spec_from_file_location(
        "worked_example", REPO / "docs" / "examples" / "worked_example.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worked_example_runs_and_its_project_is_valid(tmp_path, monkeypatch):
    example = _example()
    monkeypatch.chdir(tmp_path)
    path = example.interview(Path("."))
    Path("P01.vtt").write_text(example.TRANSCRIPT, encoding="utf-8")
    example.run("transcript", "attach", str(path), "P01.vtt")
    example.run("export", "sessions", "--format", "qdpx", "-o", "study.qdpx")
    with zipfile.ZipFile("study.qdpx") as z:
        xmlschema.XMLSchema(str(XSD)).validate(z.read("project.qde").decode("utf-8"))
        assert any(n.startswith("Sources/") for n in z.namelist())


def test_the_docs_show_what_the_example_prints(monkeypatch):
    example = _example()
    cwd = os.getcwd()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            example.main_()
    finally:
        os.chdir(cwd)  # the script works in a temporary folder it leaves
    docs = (REPO / "docs" / "analysis.md").read_text(encoding="utf-8")
    printed = out.getvalue().replace("\r\n", "\n").strip()  # the CSV's line ends
    assert printed and printed in docs

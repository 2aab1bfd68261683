"""The core never imports textual: non-screen modules and commands stay fast and headless."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import prompter

REPO = Path(__file__).resolve().parent.parent
# Every module of the package outside the screen (prompter.tui), found by walking it,
# so that a new module is guarded without being listed here.
PURE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(prompter.__path__, "prompter.")
    # __main__ runs the command line when imported; the commands are tested below.
    if not m.name.startswith("prompter.tui") and m.name != "prompter.__main__"
)


def loaded_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    return set(out.split())


def test_the_walk_finds_the_core():
    assert {
        "prompter.cli",
        "prompter.commands.interview",
        "prompter.output",
        "prompter.guide.load",
        "prompter.session.writer",
        "prompter.analysis.tally",
    } <= set(PURE_MODULES)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_does_not_import_textual(module):
    modules = loaded_modules(f"import {module}")
    assert module in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "demo"],
        ["schema"],
        ["--version"],
        ["tally", "tests/data"],
        ["export", "demo", "--format", "qdc"],
    ],
)
def test_non_screen_commands_do_not_import_textual(argv):
    code = (
        "import sys, runpy\nsys.argv = ['prompter', *%r]\n"
        "try:\n    runpy.run_module('prompter', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
    ) % (argv,)
    assert "textual" not in loaded_modules(code)

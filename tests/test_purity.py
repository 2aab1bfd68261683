"""The core never imports textual: non-screen modules and commands stay fast and headless."""

import subprocess
import sys

import pytest

PURE_MODULES = ["prompter", "prompter.cli", "prompter.errors", "prompter.guide",
                "prompter.guideload", "prompter.bundled", "prompter.schema",
                "prompter.session", "prompter.sessionfile", "prompter.timefmt",
                "prompter.analysis.read", "prompter.analysis.tally", "prompter.analysis.export",
                "prompter.analysis.qdc", "prompter.analysis.commands"]


def loaded_modules(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_does_not_import_textual(module):
    modules = loaded_modules(f"import {module}")
    assert module in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


@pytest.mark.parametrize("argv", [["validate", "demo"], ["schema"], ["--version"],
                                  ["tally", "tests/data"], ["export", "demo", "--format", "qdc"]])
def test_non_screen_commands_do_not_import_textual(argv):
    code = ("import sys, runpy\nsys.argv = ['prompter', *%r]\n"
            "try:\n    runpy.run_module('prompter', run_name='__main__')\n"
            "except SystemExit:\n    pass\n") % (argv,)
    assert "textual" not in loaded_modules(code)

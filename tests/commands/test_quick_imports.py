"""Quick commands import only what they use: `prompter --version`, `prompter validate`
and `prompter tally FILE` run in a fresh interpreter (through `prompter.cli.main`, as
the installed script calls it) and list the modules they loaded. The command modules'
`register()` brings argparse-level things only; the importer's rules, the transcript
readers, the study report, Rich and Textual come when a command uses them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from analysis_fixtures import bundled, write_sessions

MARK = "@@modules@@"
PROBE = (
    "import json, sys\n"
    "from prompter.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    f"print({MARK!r} + json.dumps([code, sorted(sys.modules)]), file=sys.stderr)\n"
)
# What only other commands' handlers need (the command modules in prompter.commands
# register with argparse alone).
NEVER_QUICK = (
    "prompter.importer",
    "prompter.transcript",
    "prompter.study",
    "prompter.report",
    "prompter.tui",
    "textual",
    "rich",
)


def loaded(*argv: str) -> tuple[int, list[str], str]:
    r = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120
    )
    err, _, tail = r.stderr.rpartition(MARK)
    code, modules = json.loads(tail)
    return code, modules, r.stdout


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith(NEVER_QUICK)]


def test_version_loads_no_command():
    code, modules, out = loaded("--version")
    assert code == 0 and out.startswith("prompter ")
    assert not [
        m
        for m in modules
        if m.startswith("prompter.") and m != "prompter.errors" and m != "prompter.cli"
    ]
    assert "argparse" not in modules


def test_validate_loads_the_guide_reader_only():
    code, modules, out = loaded("validate", "demo")
    assert code == 0 and "demo" in out
    assert "prompter.guide.load" in modules
    assert heavy(modules) == []
    assert not [
        m
        for m in modules
        if m.startswith(
            (
                "prompter.commands.analysis",
                "prompter.analysis.read",
                "prompter.session.model",
            )
        )
    ]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_tally_of_one_file_loads_the_reader_and_counter_only(tmp_path, fmt):
    (path,) = write_sessions(tmp_path, bundled(), 1)
    code, modules, out = loaded("tally", str(path), "--format", fmt)
    assert code == 0 and "coh.comm.needs" in out
    assert "prompter.analysis.tally" in modules
    assert heavy(modules) == []
    assert not [
        m
        for m in modules
        if m.startswith(("prompter.analysis.export", "concurrent", "multiprocessing"))
    ]


# Stdlib modules the tally of a file once imported only to make a temporary name:
# `secrets` (with `hmac`, `hashlib`, OpenSSL's `_hashlib`, `random`), milliseconds at
# every start.
NOT_FOR_A_TALLY = ("secrets", "hmac", "hashlib", "_hashlib", "random")


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_tally_of_one_file_loads_no_hashing_or_random(tmp_path, fmt):
    (path,) = write_sessions(tmp_path, bundled(), 1)
    code, modules, out = loaded("tally", str(path), "--format", fmt, "--by", "session")
    assert code == 0 and "P000_2026-03-02_0900" in out
    assert [m for m in NOT_FOR_A_TALLY if m in modules] == []
    # Each format brings its own writer only (the probe itself imports json).
    assert ("csv" in modules) == (fmt == "csv")


def test_the_table_brings_rich_when_it_is_drawn(tmp_path):
    (path,) = write_sessions(tmp_path, bundled(), 1)
    code, modules, out = loaded("tally", str(path))
    assert code == 0 and "rich.console" in modules  # the check above can see Rich
    assert not [m for m in modules if m.startswith(("prompter.importer.rules", "textual"))]


def test_tally_parses_with_one_toml_parser(tmp_path):
    # With the compiled tomli installed (the `fast` extra), the standard library's
    # tomllib is not imported as well: one parser, not two.
    pytest.importorskip("tomli", reason="the fast extra (tomli) is not installed")
    (path,) = write_sessions(tmp_path, bundled(), 1)
    code, modules, _ = loaded("tally", str(path), "--format", "json")
    assert code == 0 and "tomli" in modules and "tomllib" not in modules

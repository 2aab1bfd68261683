"""The door of the command line (prompter/cli.py): help, version, an unknown command, errors
that stop before the screen starts, the command table and the one parser a command builds,
and the collector paused at start-up."""

import pytest
from helpers import run_prompter as prompter

from prompter import __version__


def test_version_and_help():
    assert prompter("--version").stdout.strip() == f"prompter {__version__}"
    out = prompter("--help").stdout
    for command in ("run", "resume", "validate", "schema", "tally", "export"):
        assert f"    {command}" in out


def test_a_usage_error_exits_2():
    r = prompter("validate")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "word,said",
    [
        ("talley", "did you mean 'tally'?"),
        ("frobnicate", "the commands are"),
    ],
)
def test_an_unknown_command_says_so(capsys, word, said):
    from prompter.cli import main

    assert main([word]) == 2
    err = capsys.readouterr().err
    assert f"unknown command '{word}'" in err and said in err and "no such file" not in err


def test_a_sessions_folder_that_cannot_be_made_stops_before_the_screen(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    for target in (blocker, blocker / "sub"):
        r = prompter("run", "demo", "--participant", "P01", "--sessions-dir", str(target))
        assert r.returncode == 1, r.stderr
        assert r.stderr.startswith(f"prompter: {target}") and r.stderr.count("\n") == 1
        assert "Traceback" not in r.stderr + r.stdout


def test_a_bad_participant_id_exits_2_and_creates_nothing(tmp_path):
    r = prompter("run", "demo", "--participant", "../escape", "--sessions-dir", str(tmp_path / "s"))
    assert r.returncode == 2 and "participant id" in r.stderr
    assert not (tmp_path / "s").exists()


def test_the_command_table_names_what_each_module_registers():
    import argparse
    from importlib import import_module

    from prompter import cli

    for name, commands in cli.COMMAND_MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers(dest="command")
        assert tuple(import_module(name).register(sub)) == commands, name
    assert len(set(cli.COMMANDS)) == len(cli.COMMANDS)


def test_a_command_builds_only_its_own_parser():
    code = (
        "import sys\nfrom prompter.cli import build_parser\nbuild_parser(only='run')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('prompter.importer', "
        "'prompter.transcript', 'prompter.study', 'prompter.analysis', 'prompter.commands.'))))"
    )
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "['prompter.commands.interview']"


def test_start_up_pauses_the_collector_and_always_gives_it_back(tmp_path, capsys):
    # `run` and `resume` start without cyclic collection (start-up builds much and frees
    # little); whatever ends them, the collector is on again for whoever called main().
    import gc

    from prompter.cli import main

    for argv in (
        ["run", "demo", "-p", "P01", "-d", str(tmp_path)],  # no terminal here: exit 2
        ["run", "no-such-guide.yaml", "-p", "P01", "-d", str(tmp_path)],  # exit 1
        ["resume", str(tmp_path / "missing.toml")],
    ):
        assert main(argv) in (1, 2)
        assert gc.isenabled()
    capsys.readouterr()

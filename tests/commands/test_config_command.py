"""The user config file on the command line: `prompter config path`, one clear line for a
bad config, a keymap clash that ends `run` with one line and exit 2, and the defaults
`run` takes from it. (The keymap on the screen: tests/tui/test_keymap.py.)"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from helpers import DEADLINE
from pty_terminal import EOF, Terminal

from prompter.cli import main
from prompter.config import ConfigError, load_config
from prompter.session.read import read_session_file

ROLE = "role"


def test_config_path_prints_where_the_file_is(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PROMPTER_CONFIG", str(tmp_path / "mine.toml"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "mine.toml")


def test_config_path_without_the_variable_is_in_the_user_config_folder(monkeypatch, capsys):
    monkeypatch.delenv("PROMPTER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent/xdg")
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == "/nonexistent/xdg/prompter/config.toml"


@pytest.mark.parametrize(
    "text,message",
    [
        ("theme = [", "not valid TOML"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("[keymap]\nnext = 3", "[keymap] maps binding ids to keys"),
        ("escape_delay_ms = 0", "'escape_delay_ms' must be a whole number of milliseconds"),
        ("escape_delay_ms = 'short'", "from 1 to 1000"),
        ("escape_delay_ms = true", "from 1 to 1000"),
        ("escape_delay_ms = 2.5", "from 1 to 1000"),
        ("escape_delay_ms = 1001", "from 1 to 1000"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)
    monkeypatch.setenv("PROMPTER_CONFIG", str(path))
    assert main(["config", "path"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and message in err


def spawn(home: Path, config: Path, *args: str) -> Terminal:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PROMPTER_CONFIG": str(config),
    }
    return Terminal(
        ["run", "demo", "--participant", "P01", *args],
        size=(24, 80),
        env=env,
        timeout=DEADLINE,
        cwd=home,
    )


@pytest.mark.slow
def test_a_clash_in_the_config_ends_with_one_line_and_exit_2(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"mark.asked" = "s"\n')
    child = spawn(tmp_path, config, "--sessions-dir", str(tmp_path / "s"))
    child.expect(EOF)
    assert child.finish() == 2
    out = child.text()
    assert "prompter: keymap: 's' is given to both" in out and "Traceback" not in out


@pytest.mark.slow
def test_run_takes_its_defaults_from_the_config(tmp_path):
    sessions = tmp_path / "interviews"
    config = tmp_path / "config.toml"
    config.write_text(
        f'interviewer = "ZZ"\nsessions_dir = "{sessions}"\n'
        'theme = "prompter-high-contrast"\n[keymap]\n"mark.asked" = "e"\n'
    )
    child = spawn(tmp_path, config)
    try:
        child.expect("Introduction")
        child.send("j")
        child.send("e")
        child.expect("✓ ASKED")
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()
    (path,) = sessions.glob("*.toml")
    data = read_session_file(path)
    assert data["session"]["interviewer"] == "ZZ"
    assert [q["status"] for q in data["questions"] if q["id"] == ROLE] == ["asked"]


def test_the_escape_delay_is_read_from_the_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("escape_delay_ms = 250\n")
    assert load_config(path).escape_delay_ms == 250
    path.write_text("")
    assert load_config(path).escape_delay_ms is None


@pytest.mark.slow
def test_the_escape_delay_from_the_config_is_the_screen_s(tmp_path):
    # A second's wait: an escape and the rest of an arrow key's sequence 0.3 s after it
    # are still the arrow (at the default 50 ms they would be escape, [ and D).
    config = tmp_path / "config.toml"
    sessions = tmp_path / "s"
    config.write_text("escape_delay_ms = 1000\n")
    child = spawn(tmp_path, config, "--sessions-dir", str(sessions))
    try:
        child.expect("Introduction")
        child.send("jnab")
        child.expect("escape returns to the guide")
        child.send("\x1b")
        time.sleep(0.3)  # the gap under test, well within the second
        child.send("[DX\x1b")  # left, X, then escape alone
        deadline = time.monotonic() + DEADLINE
        while True:
            data = read_session_file(next(sessions.glob("*.toml")))
            note = next(q["note"] for q in data["questions"] if q["id"] == ROLE)
            if note == "aXb" and any(e["action"] == "note" for e in data["events"]):
                break
            assert time.monotonic() < deadline, f"the note is {note!r}"
            time.sleep(0.02)  # polling interval, not a synchronisation
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()

"""Security: private files, no escape from the sessions folder, no code in guides,
no network.

- Session files are 0600 and a sessions folder that prompter creates is 0700,
  whatever the umask, through a real interview on the screen; an existing
  folder's permissions are left alone.
- A participant id can never place a file outside the sessions folder: path
  separators, dot names, NUL, overlong ids, drive letters and Unicode
  lookalikes are refused with one clear line (exit status 2) before anything is
  created; a symlink planted where the file would go is never followed.
- YAML is never loaded unsafely: guides with `!!python/...` tags are refused and
  their commands never run (a marker file they would create stays absent); no
  module of the package calls an unsafe YAML loader.
- No network: `validate`, a whole interview driven through Textual's Pilot, and
  the real commands in child processes under an audit hook (`sys.addaudithook`)
  that records any socket connection, name lookup or internet socket.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from guide_factory import bundled
from helpers import FIXED_NOW, REPO, FakeClock, process_group_alive, run, run_prompter, wait_until

from prompter.cli import main
from prompter.session.paths import new_session_path
from prompter.session.read import read_session_file
from prompter.tui.app import PrompterApp

PACKAGE = REPO / "prompter"
GUIDE = bundled("demo")
TIMEOUT = 30


def mode(p: Path) -> int:
    return stat.S_IMODE(p.lstat().st_mode)


def tree(folder: Path) -> list[str]:
    """Every path under `folder`, relative, sorted (symlinks not followed)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def umask():
    """Set a umask for the test (the old one is restored)."""
    old = os.umask(0o022)

    def set_(value: int) -> None:
        os.umask(value)

    yield set_
    os.umask(old)


async def interview(app: PrompterApp, keys=("j", "a", "j", "s", "n", "h", "i", "escape")):
    async with app.run_test(size=(80, 24)) as pilot:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("ctrl+q")
    return app


# ------------------------------------------------------------------ permissions


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
async def test_an_interview_makes_a_private_folder_and_file(tmp_path, umask, mask):
    umask(mask)
    sessions = tmp_path / "new" / "sessions"
    app = await interview(
        PrompterApp(
            GUIDE, participant="P01", sessions_dir=sessions, clock=FakeClock(), now=FIXED_NOW
        )
    )
    path = app.session_path
    assert path is not None and path.parent == sessions
    assert mode(tmp_path / "new") == 0o700
    assert mode(sessions) == 0o700
    assert mode(path) == 0o600
    data = read_session_file(path)
    assert data["questions"][0]["status"] == "asked"
    # No temporary file left behind, and none readable by others at any time. The hidden
    # one-writer lock file lives as long as the process (the command removes it at exit).
    lock = path.with_name(f".{path.name}.lock")
    assert sorted(p.name for p in sessions.iterdir()) == sorted([path.name, lock.name])
    assert mode(lock) == 0o600


async def test_an_existing_folder_is_not_chmodded(tmp_path, umask):
    umask(0o022)
    sessions = tmp_path / "shared"
    sessions.mkdir()
    sessions.chmod(0o755)
    app = await interview(
        PrompterApp(
            GUIDE, participant="P01", sessions_dir=sessions, clock=FakeClock(), now=FIXED_NOW
        )
    )
    assert mode(sessions) == 0o755
    assert mode(app.session_path) == 0o600


async def test_a_resumed_file_stays_private(tmp_path, umask):
    from prompter.session.resume import load_session

    umask(0o000)
    app = await interview(
        PrompterApp(
            GUIDE, participant="P01", sessions_dir=tmp_path, clock=FakeClock(), now=FIXED_NOW
        )
    )
    path = app.session_path
    path.chmod(0o644)  # someone loosened it; the next save writes a new private file
    session, _ = load_session(path, GUIDE, clock=FakeClock())
    resumed = PrompterApp(GUIDE, session=session, session_path=path, clock=FakeClock())
    await interview(resumed, keys=("p",))
    assert mode(path) == 0o600
    data = read_session_file(path)
    statuses = {q["id"]: q["status"] for q in data["questions"]}
    assert statuses[data["session"]["current_question"]] == "probed"  # the resumed key
    assert statuses["role"] == "asked"  # and the earlier ones kept


# ------------------------------------------------------------------ participant ids

BAD_IDS = {
    "parent folder": "../x",
    "deep parent": "../../../../../../tmp/x",
    "separator": "a/b",
    "absolute": "/tmp/x",
    "backslash": "a\\b",
    "drive letter": "C:\\x",
    "drive relative": "C:x",
    "hidden": ".hidden",
    "dot": ".",
    "dot dot": "..",
    "too long": "x" * 65,
    "empty": "",
    "space": "P 01",
    "newline": "P01\nx",
    "escape sequence": "P01\x1b[2J",
    "NUL": "P01\x00",
    "Cyrillic lookalike": "Р01",  # U+0420
    "fullwidth digit": "P０1",
    "division slash": "a\u2215b",
    "fraction slash": "a\u2044b",
    "fullwidth solidus": "a\uff0fb",
    "right-to-left override": "P01\u202etxt.exe",
    "zero-width space": "P\u200b01",
    "combining accent": "Pe\u030101",
    "tilde home": "~root",
    "glob": "P*",
}


@pytest.mark.parametrize("name", sorted(BAD_IDS))
def test_bad_participant_ids_are_refused_by_the_cli(tmp_path, capsys, name):
    pid = BAD_IDS[name]
    sessions = tmp_path / "sessions"
    before = tree(tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(["run", "demo", "--participant", pid, "--sessions-dir", str(sessions)])
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("prompter: participant id"), lines[0]
    assert "\x1b" not in err and "\x00" not in err
    assert out == ""
    assert tree(tmp_path) == before  # nothing created, not even the sessions folder


@pytest.mark.parametrize("pid", ["../x", "a/b", ".hidden", "x" * 65, "C:\\x", "Р01"])
def test_bad_participant_ids_are_refused_by_the_command(tmp_path, pid):
    """The installed command (argv cannot carry NUL: that case is in-process above)."""
    sessions = tmp_path / "inner" / "sessions"
    (tmp_path / "inner").mkdir()
    r = run_prompter(
        "run",
        "demo",
        "--participant",
        pid,
        "--sessions-dir",
        sessions,
        cwd=tmp_path / "inner",
        timeout=TIMEOUT,
    )
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "participant id" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert tree(tmp_path) == ["inner"]


@pytest.mark.parametrize("pid", ["P01", "p-01_a.b", "A" * 64, "x"])
def test_good_ids_stay_inside_the_folder(tmp_path, pid):
    path = new_session_path(tmp_path / "s", pid, FIXED_NOW)
    assert path.parent == tmp_path / "s"
    assert path.resolve().parent == (tmp_path / "s").resolve()
    assert path.name.startswith(pid + "_") and path.suffix == ".toml"


async def test_the_start_screen_refuses_a_path_as_participant(tmp_path):
    sessions = tmp_path / "sessions"
    app = PrompterApp(
        GUIDE, participant=None, sessions_dir=sessions, clock=FakeClock(), now=FIXED_NOW
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for ch in "../x":
            await pilot.press({"/": "slash", ".": "full_stop"}.get(ch, ch))
        assert app.screen.query_one("#start-participant").value == "../x"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is None
        error = app.screen.query_one("#start-error")
        assert "contains a path separator" in str(error.render())
        await pilot.press("ctrl+q")
    assert not sessions.exists()
    assert tree(tmp_path) == []


async def test_a_planted_symlink_is_never_followed(tmp_path):
    """A link where the session file would go (to a file outside) is left alone: the
    session goes to the next free name and the outside file is never created."""
    sessions = tmp_path / "sessions"
    sessions.mkdir(mode=0o700)
    outside = tmp_path / "outside.toml"
    name = f"P01_{FIXED_NOW:%Y-%m-%d_%H%M}.toml"
    (sessions / name).symlink_to(outside)
    app = await interview(
        PrompterApp(
            GUIDE, participant="P01", sessions_dir=sessions, clock=FakeClock(), now=FIXED_NOW
        )
    )
    assert not outside.exists()
    assert app.session_path.name == f"P01_{FIXED_NOW:%Y-%m-%d_%H%M}_2.toml"
    assert (sessions / name).is_symlink()
    assert mode(app.session_path) == 0o600


# ------------------------------------------------------------------ YAML

UNSAFE_TAGS = {
    "object/apply": 'title: !!python/object/apply:os.system ["{cmd}"]\n',
    "object/apply in a question": "title: T\nsections:\n  - title: S\n    questions:\n"
    '      - text: !!python/object/apply:os.system ["{cmd}"]\n',
    "object/new": 'title: !!python/object/new:subprocess.Popen [["sh", "-c", "{cmd}"]]\n',
    "name": "title: !!python/name:os.system\n",
    "module": "title: !!python/module:os\n",
    "apply with kwds": "title: !!python/object/apply:subprocess.check_call\n"
    '  args: [["sh", "-c", "{cmd}"]]\n',
}
SECTIONS = "sections:\n  - title: About you\n    questions:\n      - text: How are you?\n"


@pytest.mark.parametrize("name", sorted(UNSAFE_TAGS))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_unsafe_yaml_never_runs(tmp_path, name, command):
    marker = tmp_path / "MARKER"
    body = UNSAFE_TAGS[name].format(cmd=f"touch {marker}")
    if "sections:" not in body:
        body += SECTIONS
    guide = tmp_path / "evil.yaml"
    guide.write_text(body, encoding="utf-8")
    args = (
        ["validate", guide]
        if command == "validate"
        else ["run", guide, "--participant", "P01", "--sessions-dir", tmp_path / "s"]
    )
    r = run_prompter(*args, cwd=tmp_path, timeout=TIMEOUT)
    # A shell the guide started would be in the command's process group: wait until
    # everything in that group has ended, then look for its mark.
    wait_until(lambda: not process_group_alive(r.pid), "the command's process group to end")
    assert not marker.exists(), "the guide's command ran"
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and str(guide) in r.stderr
    assert not (tmp_path / "s").exists()


def test_no_module_loads_yaml_unsafely():
    """Every YAML load in the package goes through a safe loader."""
    unsafe = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}
    unsafe_loaders = {
        "Loader",
        "UnsafeLoader",
        "FullLoader",
        "CLoader",
        "CUnsafeLoader",
        "CFullLoader",
    }
    problems = []
    for py in sorted(PACKAGE.rglob("*.py")):
        tree_ = ast.parse(py.read_text(encoding="utf-8"), filename=str(py))
        for node in ast.walk(tree_):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
            ):
                if node.attr in unsafe:
                    problems.append(f"{py.relative_to(REPO)}:{node.lineno}: yaml.{node.attr}")
                if node.attr in unsafe_loaders:
                    problems.append(f"{py.relative_to(REPO)}:{node.lineno}: yaml.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "yaml":
                for alias in node.names:
                    if alias.name in unsafe | unsafe_loaders:
                        problems.append(
                            f"{py.relative_to(REPO)}:{node.lineno}: from yaml import {alias.name}"
                        )
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ network


class NoNetwork:
    """Socket functions that fail the test, recording each attempt."""

    def __init__(self, monkeypatch):
        self.attempts: list[str] = []
        for owner, name in [
            (socket.socket, "connect"),
            (socket.socket, "connect_ex"),
            (socket.socket, "sendto"),
            (socket, "create_connection"),
            (socket, "getaddrinfo"),
            (socket, "gethostbyname"),
            (socket, "gethostbyname_ex"),
            (socket, "gethostbyaddr"),
        ]:
            monkeypatch.setattr(owner, name, self._refuse(name))

    def _refuse(self, name):
        def refuse(*args, **kwargs):
            self.attempts.append(
                f"{name}{args[1:] if name.startswith(('connect', 'send')) else args}"
            )
            raise OSError(f"network use in a test: {name}")

        return refuse


def test_validate_uses_no_network(monkeypatch, capsys):
    net = NoNetwork(monkeypatch)
    assert main(["validate", "demo", "resilience-hub-wider-stakeholders"]) == 0
    assert net.attempts == []


async def test_a_whole_interview_uses_no_network(tmp_path, monkeypatch):
    net = NoNetwork(monkeypatch)
    app = PrompterApp(
        GUIDE, participant="P01", sessions_dir=tmp_path, clock=FakeClock(), now=FIXED_NOW
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for key in [
            "j",
            "a",
            "j",
            "s",
            "1",
            "2",
            "n",
            "o",
            "k",
            "escape",
            "b",
            "x",
            "enter",
            "r",
            "z",
            "z",
            "u",
            "U",
            "question_mark",
            "escape",
            "ctrl+p",
            "escape",
            "f",
            "f",
            "q",
        ]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter")  # wrap-up: finish
        await pilot.pause()
    data = read_session_file(app.session_path)
    assert data["session"]["state"] == "finished"
    assert net.attempts == []


AUDIT = r"""
import json, os, socket, sys
LOG = os.environ["PROMPTER_AUDIT_LOG"]
WATCH = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
         "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "socket.bind",
         "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect",
         "webbrowser.open"}
def hook(event, args):
    bad = event in WATCH
    if event == "socket.__new__" and len(args) > 1 and args[1] in (socket.AF_INET, socket.AF_INET6):
        bad = True
    if bad:
        with open(LOG, "a") as f:
            f.write(json.dumps([event, repr(args)[:200]]) + "\n")
        raise RuntimeError(f"network use: {event}")
sys.addaudithook(hook)
sys.argv = ["prompter", *sys.argv[1:]]
from prompter.cli import main
sys.exit(main())
"""


def audited(tmp_path: Path) -> tuple[list[str], dict]:
    wrapper = tmp_path / "audited_prompter.py"
    wrapper.write_text(AUDIT, encoding="utf-8")
    log = tmp_path / "audit.log"
    env = {**os.environ, "PROMPTER_AUDIT_LOG": str(log), "TERM": "xterm-256color"}
    return [sys.executable, str(wrapper)], env


def audit_log(tmp_path: Path) -> list:
    log = tmp_path / "audit.log"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_commands_use_no_network_under_an_audit_hook(tmp_path):
    cmd, env = audited(tmp_path)
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    from prompter.session import Session
    from prompter.session.writer import save_session

    for p in ("P01", "P02"):
        s = Session(GUIDE, p, now=FIXED_NOW, clock=FakeClock())
        s.mark("asked")
        save_session(s, sessions / f"{p}.toml")
    runs = [
        ["validate", "demo"],
        ["schema"],
        ["tally", str(sessions)],
        ["export", str(sessions), "--format", "csv"],
        ["export", "demo", "--format", "qdc"],
    ]
    for args in runs:  # every command must be there: a missing one fails, not skips
        r = run(cmd + args, cwd=tmp_path, env=env, timeout=TIMEOUT)
        assert r.returncode == 0, (args, r.stderr[-1500:])
    assert audit_log(tmp_path) == []


@pytest.mark.slow
def test_an_interview_in_a_terminal_uses_no_network(tmp_path, terminals):
    cmd, env = audited(tmp_path)
    sessions = tmp_path / "sessions"
    child = terminals(
        cmd[1:] + ["run", "demo", "--participant", "P01", "--sessions-dir", str(sessions)],
        program=cmd[0],
        env=env,
        timeout=TIMEOUT,
    )
    child.expect("saved")
    child.send("jajs12")  # the screen runs typed-ahead keys in order
    child.send("q")
    child.expect("Finish the interview")
    child.send("\r")
    assert child.finish() == 0
    files = sorted(sessions.glob("*.toml"))
    assert len(files) == 1
    assert read_session_file(files[0])["session"]["state"] == "finished"
    assert audit_log(tmp_path) == []


def test_the_audit_hook_does_catch_a_connection(tmp_path):
    """The hook works: a connection attempt in the same wrapper is recorded."""
    cmd, env = audited(tmp_path)
    code = (
        AUDIT.split("sys.argv")[0]
        + "\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=0.01)\n"
        "except Exception:\n    pass\n"
    )
    run([sys.executable, "-c", code], env=env, timeout=TIMEOUT)
    assert audit_log(tmp_path), "the audit hook recorded nothing"

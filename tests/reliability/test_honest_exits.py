"""Case 2 of issue #10: honest exits. When the last save fails, the interview goes to an
emergency copy (0600), the exit says plainly that the session file was NOT saved and where
the copy is, the status is 3, and `resume` takes the copy. A sessions folder that can
never hold a save is refused before the interview starts."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pexpect
import pytest
from reliability_kit import ENV, TIMEOUT, leave, see, spawn

from prompter.cli import main
from prompter.session.read import read_session_file

HERE = Path(__file__).parent


def test_a_full_disk_at_the_end_gives_an_emergency_copy_and_exit_3(tmp_path):
    folder = tmp_path / "sessions"
    flag = tmp_path / "disk-is-full"
    env = dict(ENV, FULL_FLAG=str(flag), FULL_DIR=str(folder), XDG_DATA_HOME=str(tmp_path / "data"))
    child = pexpect.spawn(
        sys.executable,
        [str(HERE / "full_disk_prompter.py"), "run", "demo", "-p", "P01", "-d", str(folder)],
        dimensions=(24, 80),
        env=env,
        timeout=TIMEOUT,
        encoding="utf-8",
    )
    child.delaybeforesend = None
    child.expect("Introduction")
    child.send("j")
    child.send("a")
    see(child, "✓1")
    [path] = folder.glob("*.toml")
    flag.touch()  # the disk fills up
    child.send("j")
    child.send("s")
    see(child, "NOT SAVED")
    child.send("q")
    see(child, "Finish the interview")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    out = child.before
    assert child.exitstatus == 3, out
    assert "Interview finished" not in out
    assert f"the session file {path} was NOT saved (No space left on device)" in out
    data = read_session_file(path)
    assert data["session"]["state"] == "in_progress"  # as the file says

    [copy] = (tmp_path / "data" / "prompter" / "emergency").glob("*.toml")
    assert f"emergency copy: {copy}" in out
    assert f"prompter resume {copy}" in out
    # Issue 22, finding 14: the exit line names the file that holds everything.
    assert out.strip().splitlines()[-1] == f"Continue it with: prompter resume {copy}"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    saved = read_session_file(copy)
    assert saved["session"]["state"] == "finished"
    assert [q["status"] for q in saved["questions"][:2]] == ["asked", "skipped"]

    flag.unlink()
    again = spawn("resume", str(copy))  # the copy is a session file like any other
    again.expect("Resumed")
    again.send("c")
    see(again, "≈1")
    assert "Continue it with" in leave(again)
    assert read_session_file(copy)["session"]["state"] == "in_progress"


def _refused(capsys, argv) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_a_read_only_sessions_folder_is_refused_before_the_interview(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o700)
    folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes anyway: refuse the creation as the kernel would
        real_open = os.open

        def open_(path, flags, *args, **kw):
            if Path(path).parent == folder and flags & os.O_CREAT:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return real_open(path, flags, *args, **kw)

        monkeypatch.setattr(os, "open", open_)
    err = _refused(capsys, ["run", "demo", "-p", "P01", "-d", str(folder)])
    assert err.startswith(f"prompter: {folder}: cannot save session files here: ")
    assert "Permission denied" in err
    folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_a_sessions_folder_that_is_a_file_is_refused(tmp_path, capsys):
    folder = tmp_path / "sessions"
    folder.write_text("not a folder")
    err = _refused(capsys, ["run", "demo", "-p", "P01", "-d", str(folder)])
    assert err == f"prompter: {folder}: is not a folder; cannot keep sessions there\n"


@pytest.mark.parametrize("call", ["fchmod", "chmod"])
def test_a_file_system_whose_chmod_fails_is_refused(tmp_path, capsys, monkeypatch, call):
    # fchmod: every save sets 0600 on its file; chmod: a new folder is set to 0700.
    folder = tmp_path / "sessions"
    if call == "fchmod":
        folder.mkdir(mode=0o700)

    def refuse(*args, **kw):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, call, refuse)
    err = _refused(capsys, ["run", "demo", "-p", "P01", "-d", str(folder)])
    assert err.startswith(f"prompter: {folder}: ") and "Operation not permitted" in err
    assert not folder.exists() or list(folder.iterdir()) == []


def test_resume_in_a_folder_that_cannot_be_saved_to_is_refused(tmp_path, capsys, monkeypatch):
    from reliability_kit import write_session

    path = write_session(tmp_path)
    before = path.read_bytes()

    def refuse(*args, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("prompter.session.atomic.os.fsync", refuse)
    err = _refused(capsys, ["resume", str(path)])
    assert "cannot save session files here: No space left on device" in err
    assert path.read_bytes() == before

"""Case 1 of issue #10: one writer per session file. A second `prompter resume` of a file
that a running prompter has open is refused, naming the holder; `--read-only` looks
without writing; a killed holder leaves no stale lock. Real processes throughout."""

from __future__ import annotations

import os
import signal

import pexpect
from reliability_kit import leave, run, see, spawn, write_session

from prompter.session.lock import lock_path
from prompter.session.read import read_session_file


def test_a_second_resume_is_refused_and_names_the_holder(tmp_path):
    path = write_session(tmp_path)
    first = spawn("resume", str(path))
    first.expect("Resumed")
    before = path.read_bytes()

    second = run("resume", str(path))
    assert second.returncode == 1
    assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
    assert f"pid {first.pid}, since " in second.stderr
    assert "--read-only" in second.stderr
    assert path.read_bytes() == before  # the second one wrote nothing

    first.send("c")  # the first window goes on, and its change is the one on disk
    see(first, "≈1")
    out = leave(first)
    assert "Continue it with" in out
    assert read_session_file(path)["questions"][0]["status"] == "covered"
    assert not lock_path(path).exists()  # a clean exit removes its lock file


def test_read_only_opens_a_locked_file_and_never_writes(tmp_path):
    path = write_session(tmp_path, finished=True)
    holder = spawn("resume", str(path))
    holder.expect("Resumed")
    before = path.read_bytes()

    looker = spawn("resume", "--read-only", str(path))
    looker.expect("Read-only")
    looker.send("c")  # a change on screen, kept in memory only
    see(looker, "≈1")
    out = leave(looker)
    assert "Read-only: nothing was saved" in out
    assert path.read_bytes() == before
    leave(holder)
    assert path.read_bytes() == before  # the holder only looked (case 3)


def test_read_only_of_an_interview_in_progress_writes_nothing(tmp_path):
    path = write_session(tmp_path)
    before = path.read_bytes()
    looker = spawn("resume", "--read-only", str(path))
    looker.expect("Read-only")
    looker.send("j")
    looker.send("s")
    see(looker, "✗1")
    assert "Read-only: nothing was saved" in leave(looker)
    assert path.read_bytes() == before
    assert not lock_path(path).exists()  # read-only takes no lock


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    path = write_session(tmp_path)
    holder = spawn("resume", str(path))
    holder.expect("Resumed")
    assert run("resume", str(path)).returncode == 1
    os.kill(holder.pid, signal.SIGKILL)
    holder.expect(pexpect.EOF)
    holder.close()
    assert lock_path(path).exists()  # left behind by SIGKILL, but nobody holds it
    # The lock is taken before the terminal is asked for: exit 2 here means it was free.
    after = run("resume", str(path))
    assert after.returncode == 2 and "needs a terminal" in after.stderr
    again = spawn("resume", str(path))
    again.expect("Resumed")
    leave(again)


def test_two_runs_for_one_participant_in_one_minute_get_two_files(tmp_path):
    folder = tmp_path / "s"
    first = spawn("run", "demo", "-p", "P01", "-d", str(folder))
    first.expect("Introduction")
    second = spawn("run", "demo", "-p", "P01", "-d", str(folder))
    second.expect("Introduction")
    leave(first)
    leave(second)
    files = sorted(p.name for p in folder.glob("*.toml"))
    assert len(files) == 2, files


def test_a_deleted_lock_file_lets_no_second_writer_in(tmp_path):
    # Issue 22, finding 10: the hidden lock file removed during an interview (a tidy-up
    # of dot files) let a second writer in, and the last writer won. The session file
    # itself is locked too, and the lock moves with every save to the new file.
    path = write_session(tmp_path)
    holder = spawn("resume", str(path))
    holder.expect("Resumed")
    for key, shown in (("c", "≈1"), ("s", "✗1")):  # before and after a save (a new file)
        lock_path(path).unlink(missing_ok=True)
        second = run("resume", str(path))
        assert second.returncode == 1, second.stderr
        assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
        assert "open in another prompter" in second.stderr
        assert "lock file" in second.stderr and "was removed" in second.stderr
        assert not lock_path(path).exists()  # the refused one leaves nothing behind
        holder.send(key)
        see(holder, shown)
    assert "Continue it with" in leave(holder)
    statuses = [q["status"] for q in read_session_file(path)["questions"]]
    assert "covered" in statuses and "skipped" in statuses  # the holder's saves stood
    # Free again: the lock is taken before the terminal is asked for (exit 2 here).
    after = run("resume", str(path))
    assert after.returncode == 2 and "needs a terminal" in after.stderr

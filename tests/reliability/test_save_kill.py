"""Kill a process with SIGKILL while it saves, again and again: the session file
must always parse and hold a complete state, the old one or the new one."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from guide_factory import generated_guide
from helpers import DEADLINE, FIXED_NOW, SUPPORT, FakeClock

pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
    # Seconds of saving in a tight loop, forked: on the worker of the tests in real
    # terminals (tests/conftest.py), so that it never competes with one of them.
    pytest.mark.xdist_group("e2e"),
]

NOTED = 5  # questions whose note carries the save counter
GUIDE = generated_guide(120)  # built once: forked children inherit it


def child_main(path: str, report_fd: int, ready_fd: int | None = None) -> None:
    """Resume (or start) the session at `path`, then save for ever, one counter step a save.

    Every save sets the notes of the first NOTED questions to the counter `k`; after
    each save returns, `k` is reported on `report_fd`.
    """
    from prompter.session import Session
    from prompter.session.resume import load_session
    from prompter.session.writer import SessionWriter

    guide = GUIDE
    clock = FakeClock()
    p = Path(path)
    if p.exists():
        s, _ = load_session(p, guide, clock=clock, log_resume=False)
        k = int(s.question_state(guide.questions[0].id).note)
        writer = SessionWriter(s, p, resume=True)
    else:
        s = Session(guide, "P01", clock=clock, now=FIXED_NOW, session_id=p.stem)
        k = 0
        writer = SessionWriter(s, p)
    if ready_fd is not None:
        os.write(ready_fd, b"r")  # set up: from now on it saves
    while True:
        k += 1
        for q in guide.questions[:NOTED]:
            s.goto(q.id)
            s.set_note(str(k))
        clock.advance(1)
        s.mark("asked")
        if len(s.events) > 400:  # keep the file a realistic size
            del s.events[:200]
        writer.save()
        os.write(report_fd, f"{k}\n".encode())


def check_file(path: Path, reported: list[int], previous: int) -> int:
    """The file parses, is one complete state, and is the last reported save or the next."""
    if not path.exists():
        assert not reported and previous == 0, "the file vanished after a save"
        return previous
    with open(path, "rb") as f:
        data = tomllib.load(f)  # raises on a truncated or half-written file
    notes = {q["note"] for q in data["questions"][:NOTED]}
    assert len(notes) == 1, f"a mixture of states: {notes}"
    k = int(notes.pop() or 0)
    last = reported[-1] if reported else previous
    assert k in (last, last + 1), f"file holds save {k}, last completed save was {last}"
    assert data["session"]["elapsed_seconds"] == k  # the clock moves 1 s a save
    from prompter.session.read import read_session_file

    read_session_file(path)  # and passes the full validation
    return k


def read_reports(fd: int) -> list[int]:
    chunks = []
    while True:
        try:
            b = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not b:
            break
        chunks.append(b)
    return [int(x) for x in b"".join(chunks).split()]


def no_stray_files(folder: Path, path: Path) -> None:
    assert sorted(p.name for p in folder.glob("*.toml")) == [path.name]
    strays = [p for p in folder.iterdir() if p != path]
    assert all(p.name.startswith(f".{path.name}.tmp-") for p in strays), strays


def kill_loop(folder: Path, seed: int = 20261125) -> tuple[int, int, int]:
    """Fork a saving child and SIGKILL it at random moments, checking the file after
    each kill; returns (kills, last save seen, saves reported)."""
    rng = random.Random(seed)
    path = folder / "P01_2026-11-25_1430.toml"
    k = 0
    kills = 0
    total_reports = 0
    # At least 30 kills however slow the machine; up to 60 while it is quick.
    deadline = time.monotonic() + 20
    while kills < 30 or (kills < 60 and time.monotonic() < deadline):
        r, w = os.pipe()
        ready_r, ready_w = os.pipe()
        os.set_blocking(r, False)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            try:
                os.close(r)
                os.close(ready_r)
                child_main(str(path), w, ready_w)
            finally:
                os._exit(1)
        os.close(w)
        os.close(ready_w)
        # Kill at a random moment of the saving, not of the set-up: on a loaded
        # machine the set-up alone can outlast the random delay.
        ready, _, _ = select.select([ready_r], [], [], DEADLINE)
        assert ready and os.read(ready_r, 1) == b"r", "the child never finished its set-up"
        os.close(ready_r)
        time.sleep(rng.uniform(0.005, 0.05))  # the random moment of the kill
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        reported = read_reports(r)
        os.close(r)
        total_reports += len(reported)
        k = check_file(path, reported, k)
        kills += 1
    no_stray_files(folder, path)
    return kills, k, total_reports


# The child imports this module (tests/reliability) and the shared helpers (tests/support).
CHILD_PATH = [str(Path(__file__).parent), str(SUPPORT)]

KILL_LOOP = """
import sys
sys.path[:0] = {paths!r}
from pathlib import Path
from test_save_kill import kill_loop
print(*kill_loop(Path({folder!r})))
"""


def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path):
    # The forking runs in a fresh interpreter: forking pytest itself, which has
    # threads left by other tests, can give a child that deadlocks on a lock
    # some thread held at the fork, and so never saves.
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o700)
    code = KILL_LOOP.format(paths=CHILD_PATH, folder=str(folder))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    kills, k, total_reports = map(int, run.stdout.split())
    assert kills >= 30
    assert k >= 5 and total_reports >= 5  # saves really happened between the kills

    # The next writer sweeps the temporary files that killed saves left behind.
    from prompter.session.resume import load_session
    from prompter.session.writer import SessionWriter

    path = folder / "P01_2026-11-25_1430.toml"
    s, _ = load_session(path, GUIDE, clock=FakeClock())
    SessionWriter(s, path, resume=True).save()
    assert [p.name for p in folder.iterdir()] == [path.name]


CHILD = """
import sys
sys.path[:0] = {paths!r}
from test_save_kill import child_main
child_main({path!r}, {report}, {ready})  # says ready once it is set up and about to save
"""


def test_sigkill_of_a_separate_interpreter(tmp_path):
    """The same with a freshly started Python (no fork): a few kills."""
    rng = random.Random(7)
    path = tmp_path / "P02_2026-11-25_1430.toml"
    k = 0
    for _ in range(4):
        r, w = os.pipe()
        ready_r, ready_w = os.pipe()
        code = CHILD.format(paths=CHILD_PATH, path=str(path), report=w, ready=ready_w)
        proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=(w, ready_w))
        os.close(w)
        os.close(ready_w)
        ready, _, _ = select.select([ready_r], [], [], DEADLINE)
        assert ready and os.read(ready_r, 1) == b"r", "the child never finished its set-up"
        os.close(ready_r)
        # Once it has saved (reported, not read here): a fresh interpreter's first save
        # alone can outlast the random delay on a loaded machine (both cores busy).
        saved, _, _ = select.select([r], [], [], DEADLINE)
        assert saved, "the child never saved"
        time.sleep(rng.uniform(0.02, 0.08))  # the random moment of the kill
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.set_blocking(r, False)
        reported = read_reports(r)
        os.close(r)
        k = check_file(path, reported, k)
    assert k > 0
    no_stray_files(tmp_path, path)

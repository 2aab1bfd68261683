"""What every test folder shares: the repository's paths, the one fake monotonic clock and
the one fixed "now", waiting on a condition, and the one runner of the installed
`prompter` command.

Importable from any test folder (`pythonpath = ["tests/support"]` in pyproject.toml).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
DATA = TESTS / "data"
# This folder: the shared helpers, for a child Python that imports them (put it on sys.path).
SUPPORT = TESTS / "support"
# The console script pip installed next to this interpreter: what a user runs.
PROMPTER = Path(sys.executable).parent / "prompter"

# The one start time of the tests' sessions (file names read P01_2026-11-25_1430.toml).
FIXED_NOW = datetime(2026, 11, 25, 14, 30, 0, tzinfo=timezone(timedelta(hours=1)))

# How long a test waits for something that takes milliseconds when the machine is idle;
# generous, so a busy machine (xdist workers, other jobs) slows a test but never fails it.
DEADLINE = 30.0


class FakeClock:
    """A monotonic clock for tests: `clock()` reads it, `clock.advance(s)` moves it on."""

    def __init__(self, start: float = 1000.0):
        self.t = float(start)

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.t += seconds


T = TypeVar("T")


def wait_until(
    check: Callable[[], T],
    what: str,
    timeout: float = DEADLINE,
    describe: Callable[[], str] | None = None,
) -> T:
    """Poll `check()` until it returns something true, and return that; fail naming `what`
    (and `describe()`, the last thing seen) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            seen = f"; last seen: {describe()}" if describe else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{seen}")
        time.sleep(0.02)  # polling interval, not a synchronisation


def child_env(**overrides: str) -> dict[str, str]:
    """This process's environment minus what would change how a child `prompter` behaves
    (a sessions folder, a terminal size, Textual's driver), plus `overrides`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PROMPTER_SESSIONS_DIR", "COLUMNS", "LINES", "TEXTUAL_DRIVER")
        and not k.startswith("TEXTUAL")
    }
    env.update(TERM="xterm-256color", PYTHONDONTWRITEBYTECODE="1")
    env.update(overrides)
    return env


@dataclass
class Result:
    """How a child process ended."""

    returncode: int | None  # None: still running after the timeout, so it was killed
    stdout: str
    stderr: str
    seconds: float
    pid: int  # also the id of its process group, which anything it started stays in
    maxrss_kib: int | None = None  # peak resident set size (Linux, with measure_rss=True)

    @property
    def hung(self) -> bool:
        return self.returncode is None


# Runs a command and reports its exit code and peak RSS. The command is started from
# this small process, not from pytest: on Linux a child's ru_maxrss includes the
# resident size of the process it was forked from, which for pytest can itself be
# hundreds of megabytes.
_RSS_LAUNCHER = r"""
import os, sys
report, cmd = sys.argv[1], sys.argv[2:]
pid = os.posix_spawn(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run(
    cmd: list,
    *,
    cwd: Path | str | None = None,
    env: dict | None = None,
    timeout: float = DEADLINE,
    measure_rss: bool = False,
) -> Result:
    """Run `cmd` to completion with no standard input, in its own process group.

    After `timeout` seconds the whole group is killed and `returncode` is None (the
    caller says what a hang means). Output is decoded as UTF-8, bad bytes replaced.
    """
    cmd = [str(c) for c in cmd]
    env = child_env() if env is None else env
    measure = measure_rss and sys.platform.startswith("linux")
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report"
        launch = [sys.executable, "-c", _RSS_LAUNCHER, str(report), *cmd] if measure else cmd
        proc = subprocess.Popen(
            launch,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=timeout)
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            returncode = None
        seconds = time.monotonic() - t0
        maxrss = None
        if measure and returncode is not None:
            assert returncode == 0 and report.exists(), "the RSS launcher failed"
            code, rss = report.read_text().split()
            returncode, maxrss = int(code), int(rss)
    return Result(
        returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        seconds,
        proc.pid,
        maxrss,
    )


def run_prompter(*args, **kw) -> Result:
    """The installed `prompter ARGS`, as a user runs it (keywords as for `run`)."""
    return run([PROMPTER, *args], **kw)


def process_group_alive(pgid: int) -> bool:
    """Whether any process of the group `pgid` still exists."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def session_to_dict(session) -> dict:
    """The whole session file as a dict, built from the session's entries without TOML:
    what `tomllib` must give back when it reads the file the writer wrote."""
    from prompter.session import render
    from prompter.vocabulary import SCHEMA_VERSION

    questions = [
        render.question_entry(
            render.static_question(q), render.dynamic_key(session, q.id), removed=False
        )
        for q in session.guide.questions
    ]
    questions += [
        render.question_entry(render.static_removed(r), render.dynamic_key(session, r.id), True)
        for r in session.removed.values()
    ]
    sections = zip(session.guide.all_sections, session.section_times(), strict=True)
    data = {
        "schema_version": SCHEMA_VERSION,
        "session": render.session_table(session),
        "guide": render.guide_table(session.guide),
        "questions": questions,
        "sections": [render.section_entry(s, t[1]) for s, t in sections],
        "codes": render.code_entries(session.guide),
        "bookmarks": [render.bookmark_entry(b) for b in session.bookmarks],
        "events": [render.event_entry(ev) for ev in session.events],
    }
    if session.transcript is not None:
        data["transcript"] = session.transcript
    return data

"""End to end: the installed `prompter` in a real pseudo-terminal, driven key by key.

Each test starts the console script (`prompter`, beside this Python) in an 80x24
pseudo-terminal that a thread reads all the time (`pty_terminal.Terminal`), types keys
as a person would and checks both what the screen shows and what the session file holds:

- a whole short interview, through `q` and `enter`;
- SIGKILL at seeded random moments of scripted interviews (24 kills): after each
  kill the file parses, holds every mark the screen had shown, and is
  `in_progress`; `prompter resume` then carries on from it;
- SIGHUP (the terminal closed, or the signal) and SIGTERM: saved, `in_progress`,
  the process gone within a second;
- the terminal resized during an interview (80x24, 60x20, 120x40);
- the terminal closed, or SIGTERM, while the screen is still being built.

What the screen shows is read from the program's output with the escape
sequences stripped: the status line's tallies (`✓1 ✚0 ✗0 ≈0 ·5`, or `✓1·5` on a
narrow line) are redrawn after every key that changes a mark, and only after the
change was saved, so a mark counts as "shown" once tallies that differ from every
earlier state have been drawn. The resize test reads the rendered screen from tmux instead.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from e2e_kit import (
    ALT_SCREEN,
    ENV,
    EXIT_POLL,
    FIGURES,
    GUIDE,
    IDS,
    KEY_TIMEOUT,
    STARTUP_TIMEOUT,
    TALLY,
    N,
    State,
    Term,
    assert_no_traceback,
    file_state,
    last_tallies,
    only_session_file,
    peak_rss_kib,
    run_args,
)
from helpers import PROMPTER, wait_until

from prompter.session.read import read_session_file

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


@pytest.fixture
def terms(terminals):
    """Start `prompter ARGS` in a terminal with `terms(args)`; killed at the end."""
    return lambda args, **kw: terminals(args, cls=Term, env=ENV, timeout=KEY_TIMEOUT, **kw)


# --------------------------------------------------------------- a whole interview


def test_a_whole_interview_through_q_and_enter(terms, tmp_path):
    t = terms(run_args(tmp_path / "sessions"))
    assert t.started() == (0, 0, 0, 0, N)
    t.wait_text("Introduction (read aloud)")
    state = State.fresh()

    def key(k: str) -> None:
        nonlocal state
        before = state.tallies()
        state = state.press(k)
        m = t.mark()
        t.send(k)
        if state.tallies() != before:
            t.wait_tallies(state.tallies(), m)

    m = t.mark()
    key("j")  # the introduction, then the first question
    t.wait_text(GUIDE.questions[0].text, m)
    key("a")  # asked; stays
    key("j")
    key("s")  # skipped: moves on to typical-day
    assert IDS[state.i] == "typical-day"
    key("1")  # probe 1: probed
    key("2")
    m = t.mark()
    t.send("n")  # a note, typed like a person once the editor is open
    t.wait_text("escape returns to the guide", m)
    m = t.mark()
    for ch in "late starts":
        t.send(ch)
    t.wait_text("late starts", m)
    m = t.mark()
    t.send("\x1b")  # escape: back to the guide, the note kept
    t.wait_text("note: late starts", m)
    key("j")
    key("c")  # covered: moves on
    key("p")
    rss = peak_rss_kib(t.pid)
    if rss:
        FIGURES["peak RSS of an interview (MiB)"] = round(rss / 1024, 1)
        print(f"\npeak RSS of prompter during the interview: {rss / 1024:.1f} MiB")
    m = t.mark()
    t.send("q")
    t.wait_text("Finish the interview and save", m)
    t.send("\r")
    assert t.finish() == 0
    out = t.text()
    assert_no_traceback(out)
    path = only_session_file(tmp_path / "sessions")
    assert f"Interview finished. Session file: {path}" in " ".join(out.split())
    data = read_session_file(path)
    assert data["session"]["state"] == "finished"
    assert "ended_at" in data["session"]
    assert file_state(data)[1:] == state.saved_part()[1:]
    notes = {q["id"]: q["note"] for q in data["questions"]}
    assert notes["typical-day"] == "late starts"
    assert [e["action"] for e in data["events"]].count("finish") == 1
    assert (path.stat().st_mode & 0o777) == 0o600


# --------------------------------------------------------------- SIGKILL


def _random_script(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("jjjkaapscc1122") for _ in range(n))


def _run_until_killed(
    t: Term, state: State, script: str, rng: random.Random, kill_after: int | None
) -> tuple[list[State], int, tuple | None]:
    """Type `script` into `t`, then SIGKILL it at a random moment.

    kill_after=None kills during start-up. Returns the states after each key sent
    (states[0] = the start), the index of the last state known to be shown, and
    the last tallies the screen showed.
    """
    states = [state]
    shown = 0
    if kill_after is None:
        time.sleep(rng.uniform(0.0, 0.3))  # the random moment of the kill
        os.kill(t.pid, signal.SIGKILL)
        t.wait_for(lambda: t.eof, 10, "the end of output after SIGKILL")
        return states, 0, t.tallies()
    assert t.started() == state.tallies(), "the screen does not show the saved marks"
    for k in script[:kill_after]:
        m = t.mark()
        t.send(k)
        states.append(states[-1].press(k))
        new = states[-1].tallies()
        # A key is shown once its tallies are drawn, if they differ from every state
        # that could still be on screen.
        confirmable = all(s.tallies() != new for s in states[shown:-1])
        if confirmable and rng.random() < 0.6:
            t.wait_tallies(new, m)
            shown = len(states) - 1
        else:
            time.sleep(rng.uniform(0, 0.03))  # a random gap between keys
    time.sleep(rng.uniform(0, 0.06))  # the random moment of the kill
    os.kill(t.pid, signal.SIGKILL)
    t.wait_for(lambda: t.eof, 10, "the end of output after SIGKILL")
    return states, shown, t.tallies()


def test_sigkill_at_random_moments_loses_nothing_shown(terms, tmp_path):
    rng = random.Random(20261125)
    interviews, per_interview = 3, 8
    kills = resumed = 0
    lost_in_flight = 0
    t_start = time.monotonic()
    for n in range(interviews):
        folder = tmp_path / f"interview{n}"
        path: Path | None = None
        state = State.fresh()
        for p in range(per_interview):
            args = run_args(folder) if path is None else ["resume", path]
            t = terms(args)
            script = _random_script(rng, rng.randint(3, 9))
            kill_after = None if rng.random() < 0.15 else rng.randint(0, len(script))
            states, shown, last = _run_until_killed(t, state, script, rng, kill_after)
            kills += 1
            if path is None:
                path = only_session_file(folder)
                if path is None:  # killed before the first save: nothing was shown
                    assert last is None
                    continue
            else:
                resumed += 1
            data = read_session_file(path)  # parses and validates
            assert data["session"]["state"] == "in_progress"
            # The last tallies drawn belong to a state at or after the last confirmed one;
            # the earliest such state is a lower bound on what was shown.
            low = shown
            if last is not None:
                matching = [j for j in range(shown, len(states)) if states[j].tallies() == last]
                assert matching, f"the screen showed {last}, no state of the model has it"
                low = matching[0]
            found = file_state(data)
            candidates = [j for j in range(low, len(states)) if states[j].saved_part() == found]
            assert candidates, (
                f"kill {kills}: the file holds {found}, but the screen had shown state {low} "
                f"of {len(states) - 1} keys ({script[: len(states) - 1]!r}): "
                f"{[s.saved_part() for s in states[low:]]}"
            )
            lost_in_flight = max(lost_in_flight, len(states) - 1 - candidates[-1])
            state = State.from_file(data)

        # The last resume carries on: one more mark, then ctrl+q.
        assert path is not None
        t = terms(["resume", path])
        assert t.started() == state.tallies()
        m = t.mark()
        key = "a" if state.status[state.i] != "asked" else "p"
        after = state.press(key)
        t.send(key)
        t.wait_tallies(after.tallies(), m)
        t.send("\x11")  # ctrl+q
        assert t.finish() == 0
        assert_no_traceback(t.text())
        data = read_session_file(path)
        assert data["session"]["state"] == "in_progress"
        assert file_state(data) == after.saved_part()
        assert "resume" in [e["action"] for e in data["events"]]
        assert "prompter resume" in t.text()
    assert kills >= 20
    FIGURES["sigkill"] = dict(
        kills=kills,
        resumed_after_kill=resumed,
        seconds=round(time.monotonic() - t_start, 1),
        max_unshown_keys_lost=lost_in_flight,
    )
    print(f"\nSIGKILL: {FIGURES['sigkill']}")


# --------------------------------------------------------------- SIGHUP, SIGTERM


def _interview_with_open_note(t: Term) -> None:
    assert t.started() == (0, 0, 0, 0, N)
    m = t.mark()
    t.send("j")
    t.wait_text(GUIDE.questions[0].text, m)
    m = t.mark()
    t.send("a")
    t.wait_tallies((1, 0, 0, 0, N - 1), m)
    m = t.mark()
    t.send("n")
    t.wait_text("escape returns to the guide", m)
    m = t.mark()
    t.send("half typed")
    t.wait_text("half typed", m)


@pytest.mark.parametrize("how", ["SIGHUP", "terminal closed", "SIGTERM"])
def test_hangup_and_term_save_and_leave(terms, tmp_path, how):
    folder = tmp_path / "sessions"
    t = terms(run_args(folder))
    _interview_with_open_note(t)
    t0 = time.monotonic()
    if how == "terminal closed":
        t.close_terminal()  # the master side: what closing the window does
    else:
        os.kill(t.pid, getattr(signal, how))
    gone = t.wait_gone(EXIT_POLL)
    assert gone is not None, f"still running {EXIT_POLL} s after {how}"
    FIGURES[f"exit after {how}"] = round(gone, 3)
    print(f"\n{how}: gone after {gone:.3f} s")
    if how != "terminal closed":
        t.wait_eof()
        assert_no_traceback(t.text())
    data = read_session_file(only_session_file(folder))
    assert data["session"]["state"] == "in_progress"
    first = data["questions"][0]
    assert first["status"] == "asked"
    assert first["note"] == "half typed"  # the open note's draft, saved as typed
    assert gone <= EXIT_POLL
    assert time.monotonic() - t0 < EXIT_POLL + 1


# --------------------------------------------------------------- resize


def test_resize_with_pexpect_keeps_working(terms, tmp_path):
    folder = tmp_path / "sessions"
    t = terms(run_args(folder))
    assert t.started() == (0, 0, 0, 0, N)
    m = t.mark()
    t.send("jj")
    # The question wraps differently at each width: look for its start and its number.
    question = GUIDE.questions[1].text[:25]
    t.wait_text(question, m)
    tallies = (0, 0, 0, 0, N)
    for rows, cols in ((20, 60), (40, 120), (24, 80)):
        m = t.mark()
        t.setwinsize(rows, cols)
        t.wait_for(
            lambda: question in t.text(m) and f"2/{N}" in t.text(m),
            KEY_TIMEOUT,
            f"the question redrawn at {cols}x{rows}",
        )
        assert t.isalive()
        m = t.mark()
        t.send("a")
        tallies = (0, 0, 0, 0, N) if tallies[0] else (1, 0, 0, 0, N - 1)
        t.wait_tallies(tallies, m)
    t.send("\x11")
    assert t.finish() == 0
    assert_no_traceback(t.text())


class Tmux:
    """A private tmux server, for the rendered screen (`capture-pane`)."""

    def __init__(self, folder: Path):
        # Required, not optional: a machine without tmux fails these tests.
        assert shutil.which("tmux"), "tmux is not installed (apt-get install tmux)"
        self.socket = folder / "tmux.sock"

    def __call__(self, *args: str, check: bool = True) -> str:
        r = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
            env=ENV,
        )
        if check and r.returncode:
            raise AssertionError(f"tmux {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def wait_screen(self, pred, what: str, timeout: float = KEY_TIMEOUT) -> str:
        seen = {"screen": ""}

        def shows() -> str | None:
            seen["screen"] = s = self.screen()
            return s if pred(s) else None

        return wait_until(shows, what, timeout, lambda: "the screen:\n" + seen["screen"])

    def question(self) -> str:
        """The words of the question pane (right of the outline, or the whole screen)."""
        return " ".join(
            " ".join(line.split("▕")[-1] for line in self.screen().splitlines()).split()
        )

    def kill_server(self) -> None:
        self("kill-server", check=False)


def _tmux_command(folder: Path) -> str:
    import shlex

    return " ".join(shlex.quote(str(a)) for a in [PROMPTER, *run_args(folder)])


def test_resize_keeps_the_current_question_on_screen(tmp_path):
    folder = tmp_path / "sessions"
    tmux = Tmux(tmp_path)
    try:
        tmux(
            "new-session", "-d", "-s", "t", "-x", "80", "-y", "24", f"exec {_tmux_command(folder)}"
        )
        tmux("set-option", "-t", "t", "remain-on-exit", "on")
        tmux.wait_screen(lambda s: TALLY.search(s), "the status line", STARTUP_TIMEOUT)
        tmux("send-keys", "-t", "t", "j", "j")
        question = GUIDE.questions[1].text
        tmux.wait_screen(lambda s: question in tmux.question(), "the question")
        marks = 0
        for cols, rows in ((60, 20), (120, 40), (80, 24)):
            tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))
            # Wait for the layout of the new size, not a frame drawn before the app
            # saw it: below 70 columns the outline gives way to the question; wider,
            # the outline is back and the lines use the new width.
            screen = tmux.wait_screen(
                lambda s, c=cols, r=rows: (
                    len(s.splitlines()) <= r
                    and question in tmux.question()
                    and TALLY.search(s)
                    and max(map(len, s.splitlines())) <= c
                    and ("Working days" in s) == (c >= 70)
                    and (c <= 80 or max(map(len, s.splitlines())) > 80)
                ),
                f"the question at {cols}x{rows}, the outline {'shown' if cols >= 70 else 'hidden'}",
            )
            assert tmux("display", "-p", "-t", "t", "#{pane_dead}").strip() == "0"
            assert "Traceback" not in screen
            tmux("send-keys", "-t", "t", "a")
            marks += 1
            want = (marks % 2, 0, 0, 0, N - marks % 2)
            tmux.wait_screen(
                lambda s, w=want: last_tallies(s.splitlines()[0]) == w,
                f"the tallies {want} at {cols}x{rows}",
            )
        tmux("send-keys", "-t", "t", "C-q")
        # The exit message's first line may have scrolled above the window (where the
        # cursor was after three resizes): the pane's history is read too.
        wait_until(
            lambda: "Session file" in tmux("capture-pane", "-p", "-S", "-100", "-t", "t"),
            "the exit message",
            KEY_TIMEOUT,
        )
        data = read_session_file(only_session_file(folder))
        assert data["questions"][1]["status"] == ("asked" if marks % 2 else "pending")
    finally:
        tmux.kill_server()


# --------------------------------------------------------------- dying terminals


def _pids_running(needle: str) -> list[int]:
    """`prompter` processes whose command line contains `needle` (a unique temporary path)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                argv = (d / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            if any(a.endswith("prompter") for a in argv[:2]) and needle in argv:
                pids.append(int(d.name))
    return pids


def _py_spy(pid: int) -> str:
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists():
        return ""
    r = subprocess.run(
        [str(spy), "dump", "--pid", str(pid)], capture_output=True, text=True, timeout=20
    )
    return r.stdout[-2500:]


# The bugs the next tests caught, now fixed (prompter/tui/app.py, interview.py):
# - terminal gone while the screen is drawn: Textual's writer thread dies on EIO, its bounded
#   queue fills and the event loop blocks for ever in Queue.put, so the SIGHUP/SIGTERM
#   handlers never run (fix: a driver whose output swallows OSError)
# - the terminal closed while prompter leaves: the kernel sends SIGCONT with SIGHUP, Textual's
#   SIGCONT handler restarts application mode (a new non-daemon input thread) although nothing
#   was suspended, and that thread spins for ever on the dead terminal so the interpreter
#   never exits (fix: restart on SIGCONT only after our own SIGTSTP)
# - keys typed right after n reach the interview screen's bindings before the note editor is
#   open and focused (the app forwards each queued key to the screen at once, the 'note'
#   binding runs later, and Widget.focus is deferred): 's' skips the question and moves on,
#   'a' marks it asked, and the note loses them
# - a signal while the interview screen is being built: exit() races InterviewScreen's
#   on_mount/_mount_the_rest, which raise NoMatches/MountError, and Textual prints a traceback
#   (fix: return from them when app._exit is set)


def test_terminal_closed_while_starting_never_leaves_a_process(terms, tmp_path):
    """Closing the window while the first screen is drawn: the process must still end."""
    for n, delay in enumerate((0.02, 0.03, 0.04, 0.01, 0.05, 0.06)):
        folder = tmp_path / f"s{n}"
        t = terms(run_args(folder))
        t.wait_for(lambda: ALT_SCREEN in t.raw, STARTUP_TIMEOUT, "the alternate screen")
        time.sleep(delay)  # the moment the window closes
        t.close_terminal()
        gone = t.wait_gone(EXIT_POLL)
        if gone is None:
            stack = _py_spy(t.pid)
            t.kill()
            pytest.fail(
                f"still running {EXIT_POLL} s after the terminal was closed "
                f"{delay * 1000:.0f} ms into the screen:\n{stack}"
            )
        path = only_session_file(folder)
        if path is not None:
            assert read_session_file(path)["session"]["state"] == "in_progress"


def test_signal_while_starting_prints_no_traceback(terms, tmp_path):
    problems = []
    for n in range(6):
        folder = tmp_path / f"s{n}"
        t = terms(run_args(folder))
        t.wait_for(lambda: ALT_SCREEN in t.raw, STARTUP_TIMEOUT, "the alternate screen")
        time.sleep(0.006 * n)  # the moment of the signal
        os.kill(t.pid, signal.SIGTERM)
        gone = t.wait_gone(EXIT_POLL)
        t.wait_for(lambda: t.eof, 5, "the end of output")
        out = t.text()
        if gone is None or "Traceback" in out:
            error = re.findall(r"^\w*(?:Error|NoMatches)\w*: .*$", out, re.M)
            problems.append(
                f"SIGTERM {6 * n} ms into the screen: "
                f"{'hang' if gone is None else error or 'traceback'}"
            )
        path = only_session_file(folder)
        if path is not None:
            assert read_session_file(path)["session"]["state"] == "in_progress"
    assert not problems, "\n".join(problems)


def test_tmux_kill_server_leaves_no_orphan(tmp_path):
    """The lead's observation: `tmux new -d "prompter ...; sleep 30"`, then
    `tmux kill-server`, left prompter running with PPID 1 for minutes."""
    orphans = []
    for n, delay in enumerate((0.02, 0.03, 0.01, 0.04)):
        if orphans:
            break  # one is enough to fail; each costs EXIT_POLL seconds
        folder = tmp_path / f"s{n}"
        tmux = Tmux(tmp_path / f"t{n}")
        (tmp_path / f"t{n}").mkdir()
        try:
            tmux(
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "80",
                "-y",
                "24",
                f"{_tmux_command(folder)}; sleep 30",
            )
            wait_until(
                lambda: (
                    tmux("display", "-p", "-t", "t", "#{alternate_on}", check=False).strip() == "1"
                ),
                "prompter to start its screen",
                STARTUP_TIMEOUT,
            )
            time.sleep(delay)  # the moment of the kill-server
        finally:
            tmux.kill_server()
        deadline = time.monotonic() + EXIT_POLL
        while _pids_running(str(folder)) and time.monotonic() < deadline:
            time.sleep(0.02)  # polling interval: gone within EXIT_POLL, or an orphan
        for pid in _pids_running(str(folder)):
            orphans.append(f"{delay * 1000:.0f} ms: pid {pid}\n{_py_spy(pid)}")
            os.kill(pid, signal.SIGKILL)
    assert not orphans, "prompter outlived tmux kill-server:\n" + "\n".join(orphans)


def test_terminal_closed_while_leaving_never_leaves_a_process(terms, tmp_path):
    """SIGTERM while the terminal is slow to read, then the window closes: still gone."""
    for n in range(5):
        folder = tmp_path / f"s{n}"
        t = terms(run_args(folder))
        t.started()
        t.pause_reading()
        t.send("jk" * 40)  # output nobody reads: the terminal falls behind
        # until its buffer is full (Linux's line discipline holds 4095 bytes)
        wait_until(lambda: t.unread() >= 4000, "the terminal's buffer to fill")
        os.kill(t.pid, signal.SIGTERM)
        time.sleep(0.3)  # the moment the window closes, while prompter leaves
        t.close_terminal()
        if t.wait_gone(EXIT_POLL) is None:
            stack = _py_spy(t.pid)
            t.kill()
            pytest.fail(
                f"still running {EXIT_POLL} s after SIGTERM and the terminal "
                f"closing (trial {n}):\n{stack}"
            )
        assert read_session_file(only_session_file(folder))["session"]["state"] == "in_progress"


def test_keys_typed_right_after_n_are_never_taken_as_marks(terms, tmp_path):
    """A quick typist's note must never turn into marks; ideally it is all in the note."""
    folder = tmp_path / "sessions"
    t = terms(run_args(folder))
    t.started()
    m = t.mark()
    t.send("jjj")
    t.wait_text(f"3/{N}", m)
    m = t.mark()
    t.send("nsaid so")  # a quick typist: the note's first letters come with the n
    t.wait_text("Back to the guide", m)  # the note editor's footer: n opened it
    m = t.mark()
    t.send("\x1b")  # handled after every key typed before it (keys run in typed order)
    t.wait_text("a Ask", m)  # the guide's footer again: the escape is done, so ctrl+q
    t.send("\x11")  # cannot merge with it into alt+ctrl+q
    assert t.finish() == 0
    data = read_session_file(only_session_file(folder))
    assert [x["status"] for x in data["questions"]] == ["pending"] * N
    assert data["session"]["current_question"] == "typical-day"
    note = {x["id"]: x["note"] for x in data["questions"]}["typical-day"]
    assert "said so".endswith(note), note  # what is kept is the end of what was typed

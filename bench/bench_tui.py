"""Start-up time and key-to-disk latency of the interview screen, in a real pseudo-terminal.

    python bench/bench_tui.py [--runs 15] [--keys 500]

1. Start-up: from spawning the process to the first question (or the introduction)
   on screen, against a bare Textual app that shows one line of text, measured
   alternately in the same run; reported as medians and their ratio.
2. Key to disk: for 500 keys that each change the session, pressed 0.1 s apart as a
   person would, the time from writing the key to the pty until the session file has
   been replaced (a new inode), polled.

Figures go into docs/benchmarks.md by hand, with the date and the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pexpect

BIN = Path(sys.executable).parent
ENV = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("bare-app-ready")

    Bare().run()
""")


def time_to_text(argv: list[str], marker: str) -> float:
    """Seconds from spawn until `marker` appears in the terminal output."""
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], dimensions=(24, 80), env=ENV, timeout=30)
    try:
        child.expect_exact(marker)
        return time.perf_counter() - start
    finally:
        child.terminate(force=True)


def bench_startup(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP)
        bare_argv = [str(BIN / "python"), str(bare_script)]
        prompter_argv = [str(BIN / "prompter"), "run", "--participant", "BENCH",
                         "--sessions-dir", tmp]
        bare, ours = [], []
        time_to_text(bare_argv, "bare-app-ready")  # warm the file cache for both
        time_to_text(prompter_argv, "Introduction")
        for _ in range(runs):
            bare.append(time_to_text(bare_argv, "bare-app-ready"))
            ours.append(time_to_text(prompter_argv, "Introduction"))
    b, o = statistics.median(bare), statistics.median(ours)
    return {"bare_ms": b * 1000, "prompter_ms": o * 1000, "ratio": o / b}


def bench_keys(n_keys: int, gap: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        child = pexpect.spawn(str(BIN / "prompter"),
                              ["run", "demo", "--participant", "BENCH", "--sessions-dir", tmp],
                              dimensions=(24, 80), env=ENV, timeout=30)
        child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
        child.expect_exact("Introduction")
        path = next(Path(tmp).glob("*.toml"))
        inode = path.stat().st_ino
        child.send("j")  # to the first question
        inode = _wait_for_new_inode(path, inode)
        # Each key changes the session: a toggles asked/pending, j and k move.
        keys = ("a", "j", "a", "k")
        latencies = []
        for i in range(n_keys):
            # A person presses a key, then looks up: let the screen settle in between.
            time.sleep(gap)
            _drain(child)
            start = time.perf_counter()
            child.send(keys[i % len(keys)])
            inode = _wait_for_new_inode(path, inode)
            latencies.append(time.perf_counter() - start)
            _drain(child)
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    latencies.sort()
    return {
        "keys": n_keys,
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def _drain(child: pexpect.spawn) -> None:
    """Read what the app wrote, so that a full pty buffer never blocks it."""
    try:
        while True:
            child.read_nonblocking(1_000_000, timeout=0.001)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pass


def _wait_for_new_inode(path: Path, old: int | None, timeout: float = 5.0) -> int:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            inode = path.stat().st_ino
        except FileNotFoundError:
            continue
        if inode != old:
            return inode
    raise TimeoutError("the session file was not replaced after a key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keys", type=int, default=500)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between keys")
    args = parser.parse_args()
    s = bench_startup(args.runs)
    print(f"start-up, median of {args.runs}: bare Textual app {s['bare_ms']:.0f} ms, "
          f"prompter (Resilience Hub guide) {s['prompter_ms']:.0f} ms, "
          f"ratio {s['ratio']:.2f}")
    k = bench_keys(args.keys, args.gap)
    print(f"key to saved file over {k['keys']} keys: median {k['median_ms']:.1f} ms, "
          f"p99 {k['p99_ms']:.1f} ms, max {k['max_ms']:.1f} ms")


if __name__ == "__main__":
    main()

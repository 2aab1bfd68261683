"""Start-up time and key-to-disk latency of the interview screen, in a real pseudo-terminal.

    python bench/bench_tui.py [--runs 15] [--keys 500] [--large 2000]

1. Start-up: from spawning the process to the first question (or the introduction)
   on screen, against a bare Textual app that shows one line of text, measured
   alternately in the same run; reported as medians and their ratio.
2. Key to disk: for 500 keys that each change the session, pressed 0.1 s apart as a
   person would, the time from writing the key to the pty until the key is on disk,
   polled: the session file replaced (a new inode). Key to screen: until the first
   bytes of the redrawn screen.

3. With --large N, both again with a generated guide of N questions (sections of ten,
   three probes each), in the same run: N = 2,000 is the guide cap (a key to disk
   well under 16 ms there).

Figures go into docs/benchmarks.md by hand, with the date and the machine.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pexpect

BIN = Path(sys.executable).parent
ENV = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
# Byte-code as an installed package has it: compiled once, into a cache of the bench's own.
# With PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every start would compile the
# modules edited since the last compile again, which no user pays (and the bare app not).
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV["PYTHONPYCACHEPREFIX"] = PYCACHE = os.path.join(
    tempfile.gettempdir(), f"prompter-bench-pycache-{os.getpid()}"
)
atexit.register(shutil.rmtree, PYCACHE, ignore_errors=True)

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


def large_guide(n: int, folder: Path) -> Path:
    """A guide of `n` questions: sections of ten, three probes and a code each."""
    lines = ["title: Large guide", "codebook:"]
    lines += [f"  - name: Theme {t}" for t in range(6)]
    lines.append("sections:")
    for s in range(0, n, 10):
        lines += [f"  - title: Section {s // 10}", "    minutes: 3", "    questions:"]
        for q in range(s, min(n, s + 10)):
            lines += [
                f"      - text: 'Question {q}: how does your organisation handle topic {q}?'",
                f"        codes: [Theme {q % 6}]",
                "        probes:",
            ]
            lines += [f"          - 'Probe {k} of question {q}: an example?'" for k in range(3)]
    path = folder / f"large-{n}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def bench_startup(
    runs: int, guide: str = "resilience-hub-wider-stakeholders", marker: str = "Introduction"
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP)
        bare_argv = [str(BIN / "python"), str(bare_script)]
        prompter_argv = [
            str(BIN / "prompter"),
            "run",
            guide,
            "--participant",
            "BENCH",
            "--sessions-dir",
            tmp,
        ]
        bare, ours = [], []
        time_to_text(bare_argv, "bare-app-ready")  # warm the file cache for both
        time_to_text(prompter_argv, marker)
        for _ in range(runs):
            bare.append(time_to_text(bare_argv, "bare-app-ready"))
            ours.append(time_to_text(prompter_argv, marker))
    b, o = statistics.median(bare), statistics.median(ours)
    return {"bare_ms": b * 1000, "prompter_ms": o * 1000, "ratio": o / b}


def bench_keys(n_keys: int, gap: float, guide: str = "demo", marker: str = "Introduction") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        child = pexpect.spawn(
            str(BIN / "prompter"),
            ["run", guide, "--participant", "BENCH", "--sessions-dir", tmp],
            dimensions=(24, 80),
            env=ENV,
            timeout=30,
        )
        child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
        child.expect_exact(marker)
        path = next(Path(tmp).glob("*.toml"))
        seen = _on_disk(path)
        if marker == "Introduction":
            child.send("j")  # to the first question
            seen = _wait_for_change(path, seen)
        # Each key changes the session: a toggles asked/pending, j and k move.
        keys = ("a", "j", "a", "k")
        latencies, to_screen = [], []
        for i in range(n_keys):
            # A person presses a key, then looks up: let the screen settle in between.
            time.sleep(gap)
            _drain(child)
            seen = _on_disk(path)  # now: what the previous key was still writing is not this one
            start = time.perf_counter()
            child.send(keys[i % len(keys)])
            seen = _wait_for_change(path, seen)
            latencies.append(time.perf_counter() - start)
            # The first bytes of the redrawn screen (the save comes first, by design).
            child.read_nonblocking(1_000_000, timeout=5)
            to_screen.append(time.perf_counter() - start)
            _drain(child)
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    latencies.sort()
    return {
        "keys": n_keys,
        "screen_median_ms": statistics.median(to_screen) * 1000,
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


def _on_disk(path: Path) -> int | None:
    """The session file's inode: a save replaces the file (a new inode)."""
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _wait_for_change(path: Path, old: int | None, timeout: float = 5.0) -> int:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = _on_disk(path)
        if now is not None and now != old:
            return now
    raise TimeoutError("the session file did not change after a key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keys", type=int, default=500)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between keys")
    parser.add_argument(
        "--large",
        type=int,
        default=0,
        metavar="N",
        help="also measure with a generated guide of N questions",
    )
    args = parser.parse_args()
    s = bench_startup(args.runs)
    print(
        f"start-up, median of {args.runs}: bare Textual app {s['bare_ms']:.0f} ms, "
        f"prompter (Resilience Hub guide) {s['prompter_ms']:.0f} ms, "
        f"ratio {s['ratio']:.2f}"
    )
    k = bench_keys(args.keys, args.gap)
    print(
        f"key to saved file over {k['keys']} keys: median {k['median_ms']:.1f} ms, "
        f"p99 {k['p99_ms']:.1f} ms, max {k['max_ms']:.1f} ms; "
        f"to the screen: median {k['screen_median_ms']:.1f} ms"
    )
    if args.large:
        with tempfile.TemporaryDirectory() as tmp:
            guide = str(large_guide(args.large, Path(tmp)))
            first = "Question 0"
            s2 = bench_startup(args.runs, guide, first)
            print(
                f"start-up with {args.large} questions, median of {args.runs}: bare "
                f"{s2['bare_ms']:.0f} ms, prompter {s2['prompter_ms']:.0f} ms, "
                f"ratio {s2['ratio']:.2f}"
            )
            k2 = bench_keys(args.keys, args.gap, guide, first)
            print(
                f"key to saved file with {args.large} questions: median "
                f"{k2['median_ms']:.1f} ms ({k2['median_ms'] / k['median_ms']:.2f}x the "
                f"demo guide), p99 {k2['p99_ms']:.1f} ms; to the screen: median "
                f"{k2['screen_median_ms']:.1f} ms "
                f"({k2['screen_median_ms'] / k['screen_median_ms']:.2f}x)"
            )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

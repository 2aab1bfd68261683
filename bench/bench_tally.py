"""Benchmark: `prompter tally` over 2,000 session files of the bundled guide, against
the floor of parsing the same files with the standard library's `tomllib` alone.

    python bench/bench_tally.py [--files 2000] [--repeat 5] [--keep DIR]

The session files are made by the real session core (tests/support/analysis_fixtures.py)
in a temporary folder. Everything runs in this one process after a warm-up read
of every file (so the page cache is warm for all alike), in `--repeat` rounds
that each time the floor and then the tally; a time is the best of its rounds,
a ratio the median of the rounds' own ratios:

- floor: read each file and parse it with `tomllib` (nothing else);
- tally: find the files, read, parse (tomli where installed) and validate each,
  filter, count by question and render the JSON: as by default (a process
  pool where cores are idle), with a pool on every core, with one process;
  once more (one round, for scale) with `tomllib` in place of tomli;
- the command itself, `python -m prompter tally DIR --format json`, in a fresh
  interpreter (start-up and imports included).

The result is printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the shared test helpers

TARGET = 0.6


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def floor(files: list[Path]) -> None:
    for p in files:
        with open(p, "rb") as f:
            tomllib.load(f)


def make_files(folder: Path, n: int) -> list[Path]:
    from analysis_fixtures import bundled, write_sessions

    return write_sessions(folder, bundled(), n)


def tally_once(folder: Path, jobs: int | None, read_module) -> int:
    from prompter.analysis import tally as t

    loaded = read_module.load_sessions([folder], read_module.Filters(), jobs=jobs)
    result = t.tally(loaded.sessions, "question")
    t.to_json(result)
    return len(loaded.sessions)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="make (or reuse) the files here and keep them")
    args = ap.parse_args()

    tmp = None
    if args.keep:
        folder = args.keep
        files = sorted(folder.glob("*.toml"))
        if len(files) != args.files:
            shutil.rmtree(folder, ignore_errors=True)
            files = make_files(folder, args.files)
    else:
        tmp = tempfile.mkdtemp(prefix="prompter-bench-")
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = make_files(folder, args.files)
        print(
            f"made {len(files)} session files in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )
    try:
        size = sum(p.stat().st_size for p in files)
        from prompter.analysis import read

        # Warm-up: every file read once, every code path imported.
        floor(files)
        assert tally_once(folder, 1, read) == len(files)

        # Rounds interleave the floor and the tally, so that a machine whose load
        # changes during the run (other work on it) weighs on both alike; each
        # figure is the best of its rounds, and the ratio the median of the
        # rounds' own ratios.
        jobs = read.cores()
        names = ["floor", "default", "pool", "one"]
        fns = {
            "floor": lambda: floor(files),
            "default": lambda: tally_once(folder, None, read),
            "pool": lambda: tally_once(folder, jobs, read),
            "one": lambda: tally_once(folder, 1, read),
        }
        times = {n: [] for n in names}
        for r in range(args.repeat):
            for n in names:
                times[n].append(best(fns[n], 1))
            print(
                f"round {r + 1}: " + ", ".join(f"{n} {times[n][-1]:.2f} s" for n in names),
                file=sys.stderr,
            )
        t_floor = min(times["floor"])
        ratios = {
            n: statistics.median(t / f for t, f in zip(times[n], times["floor"], strict=True))
            for n in names
        }
        rows = [
            ("floor: read + tomllib.load, 1 process", t_floor, 1.0),
            (
                f"tally, {read.PARSER}, the default (a pool where cores are idle)",
                min(times["default"]),
                ratios["default"],
            ),
            (
                f"tally, {read.PARSER}, {jobs} processes (`--jobs {jobs}`)",
                min(times["pool"]),
                ratios["pool"],
            ),
            (f"tally, {read.PARSER}, 1 process (`--jobs 1`)", min(times["one"]), ratios["one"]),
        ]

        # The fallback: tomli made unimportable, the reader reloaded (one round: for scale).
        saved = sys.modules.get("tomli")
        sys.modules["tomli"] = None
        try:
            slow = importlib.reload(read)
            assert slow.PARSER == "tomllib"
            f0 = best(lambda: floor(files), 1)
            t1 = best(lambda: tally_once(folder, jobs, slow), 1)
            rows.append((f"tally, tomllib fallback, {jobs} processes", t1, t1 / f0))
            f0 = best(lambda: floor(files), 1)
            t1 = best(lambda: tally_once(folder, 1, slow), 1)
            rows.append(("tally, tomllib fallback, 1 process", t1, t1 / f0))
        finally:
            if saved is None:
                sys.modules.pop("tomli", None)
            else:
                sys.modules["tomli"] = saved
            importlib.reload(read)

        from prompter import cli

        if "tally" in cli.COMMANDS:

            def command():
                r = subprocess.run(
                    [sys.executable, "-m", "prompter", "tally", str(folder), "--format", "json"],
                    capture_output=True,
                    cwd=ROOT,
                )
                assert r.returncode == 0, r.stderr

            f0 = best(lambda: floor(files), 1)
            t1 = best(command, 1)
            rows.append(
                (
                    "`python -m prompter tally DIR --format json`, a fresh interpreter "
                    "(start-up included)",
                    t1,
                    t1 / f0,
                )
            )

        print(
            f"\n{len(files)} session files of the bundled guide, "
            f"{size / len(files) / 1024:.0f} KiB each on average; "
            f"Python {platform.python_version()}, {platform.machine()}, "
            f"{os.cpu_count()} cores; {args.repeat} rounds.\n"
        )
        print("| what | seconds | ms per file | ratio to the floor |")
        print("|---|---:|---:|---:|")
        for what, secs, ratio in rows:
            print(f"| {what} | {secs:.2f} | {secs / len(files) * 1000:.2f} | {ratio:.2f} |")
        ratio = ratios["default"]
        verdict = "met" if ratio <= TARGET else "NOT met"
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"\nTarget: tally at most {TARGET} times the floor: {verdict} ({ratio:.2f}). "
            f"Load average at the end: {load:.1f}."
        )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

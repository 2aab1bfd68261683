"""Benchmark: `prompter tally` over 2,000 session files of the bundled guide, against
the floor of parsing the same files with the standard library's `tomllib` alone.

    python bench/bench_tally.py [--files 2000] [--repeat 5] [--keep DIR]

The session files are made by the real session core (tests/analysis_fixtures.py)
in a temporary folder. Every figure is the best of `--repeat` runs, measured in
this one process after a warm-up read of every file (so the page cache is warm
for all of them alike):

- floor: read each file and parse it with `tomllib` (nothing else);
- tally: find the files, read, parse (tomli where installed) and validate each,
  filter, count by question and render the JSON, with the default process
  pool, then with one process, then with `tomllib` in place of tomli;
- the command itself, `python -m prompter tally DIR --format json`, in a fresh
  interpreter (start-up and imports included), where the command is wired in.

The result is printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

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
        print(f"made {len(files)} session files in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
    try:
        size = sum(p.stat().st_size for p in files)
        from prompter.analysis import read

        # Warm-up: every file read once, every code path imported.
        floor(files)
        assert tally_once(folder, 1, read) == len(files)

        rows = []
        t_floor = best(lambda: floor(files), args.repeat)
        rows.append(("floor: read + tomllib.load, 1 process", t_floor))
        print(f"floor {t_floor:.3f} s", file=sys.stderr)
        jobs = read.default_jobs()
        t_pool = best(lambda: tally_once(folder, None, read), args.repeat)
        rows.append((f"tally, {read.PARSER}, {jobs} processes (default)", t_pool))
        print(f"tally {t_pool:.3f} s ({t_pool / t_floor:.2f})", file=sys.stderr)
        t_one = best(lambda: tally_once(folder, 1, read), args.repeat)
        rows.append((f"tally, {read.PARSER}, 1 process", t_one))

        # The fallback: tomli made unimportable, the reader reloaded.
        saved = sys.modules.get("tomli")
        sys.modules["tomli"] = None
        try:
            slow = importlib.reload(read)
            assert slow.PARSER == "tomllib"
            rows.append((f"tally, tomllib fallback, {jobs} processes",
                         best(lambda: tally_once(folder, None, slow), args.repeat)))
            rows.append(("tally, tomllib fallback, 1 process",
                         best(lambda: tally_once(folder, 1, slow), args.repeat)))
        finally:
            if saved is None:
                sys.modules.pop("tomli", None)
            else:
                sys.modules["tomli"] = saved
            importlib.reload(read)

        from prompter import cli

        if "tally" in cli.COMMANDS:
            def command():
                r = subprocess.run([sys.executable, "-m", "prompter", "tally", str(folder),
                                    "--format", "json"], capture_output=True, cwd=ROOT)
                assert r.returncode == 0, r.stderr
            rows.append(("`python -m prompter tally DIR --format json` (fresh interpreter)",
                         best(command, args.repeat)))

        print(f"\n{len(files)} session files of the bundled guide, {size / len(files) / 1024:.0f} KiB "
              f"each on average; Python {platform.python_version()}, {platform.machine()}, "
              f"{os.cpu_count()} cores; best of {args.repeat} runs.\n")
        print("| what | seconds | ms per file | ratio to the floor |")
        print("|---|---:|---:|---:|")
        for what, secs in rows:
            print(f"| {what} | {secs:.3f} | {secs / len(files) * 1000:.2f} | {secs / t_floor:.2f} |")
        ratio = t_pool / t_floor
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(f"\nTarget: tally at most {TARGET} times the floor: {verdict} ({ratio:.2f}).")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

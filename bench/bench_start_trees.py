"""Start-up of `prompter run` from several source trees, interleaved in one run against the
bare Textual app (bench_tui.py's measure: spawn to the first screen in a real pty):

    git archive main prompter guides | tar -x -C /tmp/before   # one folder per variant
    python bench/bench_start_trees.py --runs 41 /tmp/before /tmp/after

Each tree is put first on PYTHONPATH, so the variants share this venv and differ only in
prompter's code. A round runs the bare app and every tree once, in turn (reversed every
other round); all share one PROMPTER_CACHE_DIR, warmed (byte-code and cache entries) first.
On a shared, noisy machine compare medians within a run, not across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_tui as tui

CODE = "import sys; from prompter.cli import main; sys.exit(main())"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("--guide", default="resilience-hub-wider-stakeholders")
    args = ap.parse_args()
    base = dict(tui.ENV)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(tui.BARE_APP)
        run = ["run", args.guide, "--participant", "BENCH", "--sessions-dir", tmp]
        cache = str(Path(tmp) / "cache")
        variants = {"bare app": ({}, [str(tui.BIN / "python"), str(bare)], "bare-app-ready")}
        for tree in args.trees:
            env = {"PYTHONPATH": str(tree.resolve()), "PROMPTER_CACHE_DIR": cache}
            variants[str(tree)] = (env, [str(tui.BIN / "python"), "-c", CODE, *run], "Introduction")
        times: dict[str, list[float]] = {name: [] for name in variants}
        os.chdir(tmp)  # not the checkout: `python -c` puts the current folder on sys.path first
        for i in range(-2, args.runs):  # two rounds of warming up, not counted
            for name in list(variants)[:: 1 if i % 2 else -1]:
                env, argv, marker = variants[name]
                tui.ENV = {**base, **env}
                took = tui.time_to_text(argv, marker)
                if i >= 0:
                    times[name].append(took)
    bare_ms = statistics.median(times["bare app"]) * 1000
    load = os.getloadavg()
    print(f"{args.runs} interleaved rounds; load average at the end {load[0]:.1f} (1 min)")
    print(f"{load[1]:.1f} (5 min); medians, with the first and third quartiles:")
    for name, ts in times.items():
        q1, med, q3 = (x * 1000 for x in statistics.quantiles(ts, n=4))
        print(f"  {name}: {med:.0f} ms ({q1:.0f}-{q3:.0f}), {med / bare_ms:.2f} x the bare app")


if __name__ == "__main__":
    main()

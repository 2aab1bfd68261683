"""Benchmark: `prompter overview` over 200 sessions x 80 questions, opened and scrolled,
against a bare Textual app doing the same in the same run.

    python bench/bench_overview.py [--sessions 200] [--questions 80] [--runs 5]

The sessions are made by the real session core (tests/support/analysis_fixtures.py) on a
generated guide (tests/support/guide_factory.py) and read with `load_sessions`, once, before
the timing: the study is built and the screen opened and scrolled in each round.
Both apps run headless (`App.run_test`, 80x24): a round times from the start of
`run_test` until the first screen is up, then 100 key presses that scroll (page
down, page up, right, left, end, home) each followed by a pause for the screen to
settle. The bare app shows one line of text and gets the same presses. Times are
the median of the rounds, the ratio the median of the rounds' own ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))

from analysis_fixtures import write_sessions  # noqa: E402
from guide_factory import generated_guide  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

from prompter.analysis.read import load_sessions  # noqa: E402
from prompter.study import build_study  # noqa: E402
from prompter.tui.overview import OverviewApp  # noqa: E402

KEYS = [
    "pagedown",
    "pagedown",
    "right",
    "right",
    "right",
    "pageup",
    "end",
    "home",
    "left",
    "down",
] * 10


class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")


async def drive(make) -> tuple[float, float]:
    """(seconds to open, seconds for the key presses) of the app `make()` returns."""
    start = time.perf_counter()
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        opened = time.perf_counter()
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
        done = time.perf_counter()
    return opened - start, done - opened


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--questions", type=int, default=80)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        guide = generated_guide(a.questions, probes=1)
        write_sessions(Path(tmp), guide, a.sessions)
        sessions = load_sessions([tmp], jobs=1).sessions
    rounds = []
    for _ in range(a.runs):
        bare = asyncio.run(drive(Bare))
        t0 = time.perf_counter()
        study = build_study(sessions)
        built = time.perf_counter() - t0
        ours = asyncio.run(drive(lambda s=study: OverviewApp(s)))
        rounds.append((bare, ours, built))
    med = statistics.median
    bare_open, bare_keys = med(r[0][0] for r in rounds), med(r[0][1] for r in rounds)
    ours_open, ours_keys = med(r[1][0] for r in rounds), med(r[1][1] for r in rounds)
    build = med(r[2] for r in rounds)
    open_ratio = med((r[2] + r[1][0]) / r[0][0] for r in rounds)
    key_ratio = med(r[1][1] / r[0][1] for r in rounds)
    print(f"{len(sessions)} sessions x {a.questions} questions, {a.runs} rounds, {len(KEYS)} keys")
    print("| | bare Textual app | overview | ratio |")
    print("|---|---:|---:|---:|")
    print(
        f"| open (overview: build the study {build * 1000:.0f} ms + screen) | "
        f"{bare_open * 1000:.0f} ms | {(build + ours_open) * 1000:.0f} ms | "
        f"{open_ratio:.2f}x |"
    )
    print(
        f"| {len(KEYS)} scrolling keys | {bare_keys * 1000:.0f} ms "
        f"({bare_keys / len(KEYS) * 1000:.1f} ms/key) | {ours_keys * 1000:.0f} ms "
        f"({ours_keys / len(KEYS) * 1000:.1f} ms/key) | {key_ratio:.2f}x |"
    )


if __name__ == "__main__":
    main()

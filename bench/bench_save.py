"""How long one save of a session takes: `python bench/bench_save.py [--quick]`.

For the bundled guide (47 questions) and a generated 1,000-question guide,
each at the start of an interview and with 500 events behind it, it times
over N saves (each after one action: the clock moves on and the note of the
current question changes, as when the interviewer types a note; so the event
log grows by N during a measure):

  save         SessionWriter.save(): render + atomic write (temp file, fsync,
               rename, fsync of the folder) -- what the screen pays per action
  render       session_to_toml() alone (incremental: unchanged entries are cached)
  uncached     session_to_toml() without the writer's cache -- the whole file
               rendered from scratch by tomli-w, the cost without the cache
  write+fsync  write_atomic() of the same bytes, no rendering
  first save   the first save of a session (nothing cached yet: at the start
               and after a resume), median / worst of 5

and prints the median and the 99th percentile in milliseconds, as a Markdown
table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the shared test helpers

from guide_factory import FIXED_NOW, FakeClock, generated_guide  # noqa: E402

from prompter.guide import load_guide  # noqa: E402
from prompter.session import Session  # noqa: E402
from prompter.session.atomic import write_atomic
from prompter.session.render import RenderCache, session_to_toml
from prompter.session.writer import SessionWriter

BUNDLED = ROOT / "guides" / "resilience-hub-wider-stakeholders.yaml"


def interview(guide, events: int) -> tuple[Session, FakeClock]:
    """A session with about `events` events of a plausible interview behind it."""
    clock = FakeClock()
    s = Session(
        guide, "P01", "Interviewer", {"site": "Leeds", "mode": "video"}, clock=clock, now=FIXED_NOW
    )
    s.mark_recording()
    i = 0
    while len(s.events) < events:
        clock.advance(20)
        step = i % 8
        if step == 0:
            s.mark("asked")
        elif step == 1:
            s.toggle_probe(1)
        elif step == 2:
            s.set_note(
                f'Participant {i}: talked about the hub, "in their words"; follow up later.\nSecond line.'
            )
        elif step == 3:
            s.toggle_probe(2)
        elif step == 4 and i % 24 == 4:
            s.add_bookmark(f"quote {i}")
        elif step == 5:
            if not s.next():
                s.goto(guide.questions[0].id)
        elif step == 6:
            s.toggle_pause()
            clock.advance(5)
            s.toggle_pause()
        else:
            s.set_note(s.question_state(s.current).note + " more")
        i += 1
    return s, clock


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def stats(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return statistics.median(ms), p99


def scenario(name: str, guide, events: int, n: int, folder: Path) -> list[str]:
    path = folder / f"{name.replace(' ', '_').replace(',', '')}.toml"

    def measure(kind: str) -> list[float]:
        """A fresh session for each measure, so that each starts from `events` events."""
        s, clock = interview(guide, events)
        w = SessionWriter(s, path.with_name(f"{kind}-{path.name}"))
        w.save()  # the first save renders everything; the screen pays it once
        counter = [0]

        def act():
            counter[0] += 1
            clock.advance(1.5)
            s.set_note(f"typed note {counter[0]}")

        def save():
            act()
            w.save()

        cache = RenderCache(s)
        session_to_toml(s, cache)

        def render():
            act()
            session_to_toml(s, cache)

        def dumps():
            act()
            session_to_toml(s)

        if kind == "first":
            out = []
            for i in range(5):
                s2, _ = interview(guide, events)
                w2 = SessionWriter(s2, path.with_name(f"first{i}-{path.name}"))
                out += timed(w2.save, 1)
            return out
        if kind == "write":
            data = session_to_toml(s).encode()
            measure.size = len(data)
            measure.events = len(s.events)
            return timed(lambda: write_atomic(w.path, data), n)
        return timed({"save": save, "render": render, "dumps": dumps}[kind], n)

    results = [measure(k) for k in ("save", "render", "dumps", "write", "first")]
    label = (
        f"{name}: {len(guide.questions)} questions, {measure.events} events, "
        f"{measure.size / 1024:.0f} KiB"
    )
    return [label, *(f"{m:.2f} / {p:.2f}" for m, p in map(stats, results))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--dir", help="folder to write in (default: a temporary folder)")
    args = ap.parse_args(argv)
    n_small, n_big = (30, 10) if args.quick else (200, 60)

    try:
        bundled = load_guide(BUNDLED)
        bname = "bundled guide"
    except Exception as e:  # the loader is someone else's; fall back to a generated guide
        print(f"(could not load {BUNDLED.name}: {e}; using a generated 60-question guide)")
        bundled = generated_guide(60)
        bname = "generated 60"
    big = generated_guide(1000)

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        rows = [
            scenario(f"{bname}, start", bundled, 0, n_small, folder),
            scenario(f"{bname}, end", bundled, 500, n_small, folder),
            scenario("generated 1,000, start", big, 0, n_big, folder),
            scenario("generated 1,000, end", big, 500, n_big, folder),
        ]
    print(
        f"# {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}; "
        f"ms, median / p99 over {n_small} (bundled) and {n_big} (1,000) saves"
    )
    print()
    print("| session | save | render (cached) | render (uncached) | write+fsync | first save |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

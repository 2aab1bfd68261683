"""Cost of one key in the session core, against the guide's size:
`python bench/bench_key_cost.py [--rounds 3] [--keys 200] [N ...]` (default: 47 1000 2000).

For each size, a generated guide of N questions (tests/support/guide_factory.py), a session on
a fake clock, and `--keys` keys: each an action (a mark or a move), the writer's save
(the whole file, written atomically and fsynced) and what the status line asks each
second (tallies, section times). Prints, per size, the median milliseconds per key and
of the save alone (key to disk), the 99th percentile and the maximum of the save, and
the ratio to the first size (the bundled guide's size), each the median over `--rounds`
rounds that take the sizes in turn, so that a busy machine weighs on every size alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from guide_factory import FIXED_NOW, FakeClock, generated_guide  # noqa: E402

from prompter.session import Session  # noqa: E402
from prompter.session.lock import SessionLock  # noqa: E402
from prompter.session.writer import SessionWriter  # noqa: E402


def one_round(n: int, keys: int) -> dict:
    clock = FakeClock()
    session = Session(generated_guide(n), "P01", clock=clock, now=FIXED_NOW)
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:  # the disk the sessions go on
        path = Path(tmp) / "P01.toml"
        writer = SessionWriter(session, path, lock=SessionLock.acquire(path))
        writer.save()
        per_key, saves = [], []
        for i in range(keys):
            start = time.perf_counter()
            clock.advance(5)
            session.mark("asked") if i % 2 else session.next()
            before_save = time.perf_counter()
            writer.save()
            saved = time.perf_counter()
            session.tallies()
            session.section_times()
            per_key.append(time.perf_counter() - start)
            saves.append(saved - before_save)
        size = path.stat().st_size
        writer.close()
    saves.sort()
    return {
        "key": statistics.median(per_key) * 1000,
        "save": statistics.median(saves) * 1000,
        "save_p99": saves[int(len(saves) * 0.99) - 1] * 1000,
        "save_max": saves[-1] * 1000,
        "size": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[47, 1000, 2000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    runs: dict[int, list[dict]] = {}
    for _ in range(args.rounds):
        for n in args.sizes:
            runs.setdefault(n, []).append(one_round(n, args.keys))

    def med(n, key):
        return statistics.median(r[key] for r in runs[n])

    first = args.sizes[0]
    print(f"load average {os.getloadavg()[0]:.2f}; median of {args.rounds} rounds")
    for n in args.sizes:
        key, save = med(n, "key"), med(n, "save")
        print(
            f"  {n:>6} questions ({med(n, 'size') / 1024:6.0f} KiB): "
            f"{key:6.2f} ms per key ({key / med(first, 'key'):.2f}x), "
            f"save {save:6.2f} ms ({save / med(first, 'save'):.2f}x), "
            f"save p99 {med(n, 'save_p99'):6.2f} ms, max {med(n, 'save_max'):6.2f} ms"
        )


if __name__ == "__main__":
    main()

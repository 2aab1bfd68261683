"""Cost of one key in the session core, against the guide's size:
`python bench/bench_key_cost.py [--rounds 3] [--keys 200] [N ...]` (default: 47 5000).

For each size, a generated guide of N questions (tests/guide_factory.py), a session on
a fake clock, and `--keys` keys: each an action (a mark or a move), the writer's save
and what the status line asks each second (tallies, section times). The writer holds
the file's lock, as `prompter run`'s does, so that a large file is saved through its
journal (prompter/session/journal.py); the same loop with the journal turned off
(the whole file written on every key) is measured beside it. Prints, per size, the
median milliseconds per key and of the save alone (key to disk), the 99th percentile
and the maximum of the save (a compaction: the whole file written), and the ratio to the first size (the bundled
guide's size), each the median over `--rounds` rounds that take the sizes in turn, so
that a busy machine weighs on every size alike.
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
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from guide_factory import FIXED_NOW, FakeClock, generated_guide  # noqa: E402

from prompter.session import Session  # noqa: E402
from prompter.session.lock import SessionLock  # noqa: E402
from prompter.session.writer import JOURNAL_THRESHOLD, SessionWriter  # noqa: E402


def one_round(n: int, keys: int, journal: bool) -> dict:
    clock = FakeClock()
    session = Session(generated_guide(n), "P01", clock=clock, now=FIXED_NOW)
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:  # the disk the sessions go on
        path = Path(tmp) / "P01.toml"
        writer = SessionWriter(
            session,
            path,
            lock=SessionLock.acquire(path),
            journal_threshold=JOURNAL_THRESHOLD if journal else None,
        )
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
        whole = writer.whole_saves - 1
        writer.close()
    saves.sort()
    return {
        "key": statistics.median(per_key) * 1000,
        "save": statistics.median(saves) * 1000,
        "save_p99": saves[int(len(saves) * 0.99) - 1] * 1000,
        "save_max": saves[-1] * 1000,
        "size": size,
        "whole": whole,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[47, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    runs: dict[tuple[int, bool], list[dict]] = {}
    for _ in range(args.rounds):
        for n in args.sizes:
            for journal in (True, False):
                runs.setdefault((n, journal), []).append(one_round(n, args.keys, journal))

    def med(n, journal, key):
        return statistics.median(r[key] for r in runs[(n, journal)])

    first = args.sizes[0]
    print(f"load average {os.getloadavg()[0]:.2f}; median of {args.rounds} rounds")
    for journal in (True, False):
        print("with the journal (as prompter run):" if journal else "whole file every key:")
        for n in args.sizes:
            key, save = med(n, journal, "key"), med(n, journal, "save")
            print(
                f"  {n:>6} questions ({med(n, journal, 'size') / 1024:6.0f} KiB): "
                f"{key:6.2f} ms per key ({key / med(first, True, 'key'):.2f}x), "
                f"save {save:6.2f} ms ({save / med(first, True, 'save'):.2f}x), "
                f"save p99 {med(n, journal, 'save_p99'):6.2f} ms, "
                f"max {med(n, journal, 'save_max'):6.2f} ms, "
                f"{med(n, journal, 'whole'):.0f} whole saves of {args.keys}"
            )


if __name__ == "__main__":
    main()

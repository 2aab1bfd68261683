"""CPU cost of one key in the session core, against the guide's size:
`python bench/bench_key_cost.py [N ...]` (default: 47 5000).

For each size, a generated guide of N questions (tests/guide_factory.py), a session on
a fake clock, and 200 keys: each an action (a mark or a move), the writer's save (render
with its cache, atomic write, fsync) and what the status line asks each second (tallies,
section times). Prints the median milliseconds per key. The floor is the same loop
with the bundled guide's size in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from guide_factory import FIXED_NOW, FakeClock, generated_guide  # noqa: E402

from prompter.session import Session  # noqa: E402
from prompter.session.writer import SessionWriter  # noqa: E402


def per_key_ms(n: int, keys: int = 200) -> float:
    clock = FakeClock()
    session = Session(generated_guide(n), "P01", clock=clock, now=FIXED_NOW)
    with tempfile.TemporaryDirectory() as tmp:
        writer = SessionWriter(session, Path(tmp) / "P01.toml")
        writer.save()
        times = []
        for i in range(keys):
            start = time.perf_counter()
            clock.advance(5)
            session.mark("asked") if i % 2 else session.next()
            writer.save()
            session.tallies()
            session.section_times()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [47, 5000]
    floor = per_key_ms(sizes[0])
    for n in sizes:
        ms = floor if n == sizes[0] else per_key_ms(n)
        print(f"{n:>6} questions: {ms:6.2f} ms per key ({ms / floor:.2f}x {sizes[0]} questions)")


if __name__ == "__main__":
    main()

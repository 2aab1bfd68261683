"""What the one-writer lock and the emergency copy cost: `python bench/bench_reliability.py`.

lock          SessionLock.acquire() + release() of a session file, median of 1,000
refusal       `prompter resume F` while another process holds F's lock: the whole
              command, interpreter start included, until it exits 1 (median of 5)
emergency     SessionWriter.emergency_copy() of the demo session with 200 events, and of
              one with a 1 MB note (median of 5)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from prompter.guide import load_guide  # noqa: E402
from prompter.guide.bundled import resolve_guide  # noqa: E402
from prompter.session.lock import SessionLock  # noqa: E402
from prompter.session.model import Session  # noqa: E402
from prompter.session.writer import SessionWriter  # noqa: E402

PROMPTER = Path(sys.executable).parent / "prompter"


def median_ms(f, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    guide = load_guide(resolve_guide("demo"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "P01_x.toml"
        session = Session(guide, "P01", session_id="P01_x")
        for i in range(100):
            session.mark("asked")
            session.next() if i % 2 else session.previous()
        SessionWriter(session, path).save()
        lock_ms = median_ms(lambda: SessionLock.acquire(path).release(), 1000)

        held = SessionLock.acquire(path)
        refusal_ms = median_ms(
            lambda: subprocess.run(
                [str(PROMPTER), "resume", str(path)], capture_output=True, stdin=subprocess.DEVNULL
            ),
            5,
        )
        held.release()

        import os

        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        writer = SessionWriter(session, path, resume=True)
        small_ms = median_ms(writer.emergency_copy, 5)
        session.set_note("pasted " * (2**20 // 7))
        big_ms = median_ms(writer.emergency_copy, 5)
    print("| what | time |")
    print("|---|---:|")
    print(f"| take and release the lock | {lock_ms:.3f} ms |")
    print(f"| `prompter resume` refused by a held lock (whole command) | {refusal_ms:.0f} ms |")
    print(f"| emergency copy, demo session, 200 events | {small_ms:.1f} ms |")
    print(f"| emergency copy, with a 1 MB note | {big_ms:.1f} ms |")


if __name__ == "__main__":
    main()

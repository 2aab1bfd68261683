"""A pasted 1 MB note, then typing: `python bench/bench_paste.py [--rounds N]`.

The interviewer pastes 1 MB into a note, then N times opens the note, types 5 keys (each
saved at once, as the screen does) and closes it (one `note` event each time). Printed:
the time of one key's save (median and worst of the last round) and the file's size,
with `note` events that hold the whole note (as before issue #10) and with the compact
value (`sha256:HEX (N characters)` for notes over NOTE_VALUE_MAX characters).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from prompter.guide import load_guide  # noqa: E402
from prompter.guide.bundled import resolve_guide  # noqa: E402
from prompter.session import model  # noqa: E402
from prompter.session.model import Session  # noqa: E402
from prompter.session.writer import SessionWriter  # noqa: E402


def measure(rounds: int, compact: bool) -> tuple[float, float, int]:
    model.NOTE_VALUE_MAX = 1000 if compact else 10**12
    guide = load_guide(resolve_guide("demo"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "P01_x.toml"
        session = Session(guide, "P01", session_id="P01_x")
        writer = SessionWriter(session, path)
        note = "pasted text " * (2**20 // 12)
        session.edit_note(note)
        writer.save()
        session.set_note(note)
        writer.save()
        times: list[float] = []
        for _ in range(rounds):
            times = []
            for key in "abcde":
                note += key
                t0 = time.perf_counter()
                session.edit_note(note)
                writer.save()
                times.append(time.perf_counter() - t0)
            session.set_note(note)
            writer.save()
        return statistics.median(times), max(times), path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    print(f"| note events | one key's save, median | worst | file after {rounds} edits |")
    print("|---|---:|---:|---:|")
    for compact in (False, True):
        med, worst, size = measure(rounds, compact)
        what = "compact (sha256 over 1000 characters)" if compact else "whole note (before)"
        print(f"| {what} | {med * 1000:.0f} ms | {worst * 1000:.0f} ms | {size / 2**20:.1f} MiB |")


if __name__ == "__main__":
    main()

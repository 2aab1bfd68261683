"""Benchmark: `prompter export --format qdpx --transcripts DIR` over 200 sessions of the
bundled guide, each with an hour-long transcript (~9,000 words), against reading and
parsing the same files.

    python bench/bench_qdpx.py [--sessions 200] [--words 9000] [--repeat 3]

The sessions are made by the real session core (tests/support/analysis_fixtures.py) and last
about an hour; each transcript is a WebVTT file whose cues cover the session's
recording time. After a warm-up (page cache warm for all alike), each round times:

- floor: read and parse every session file (`load_sessions`, with its event log,
  one process) and every transcript (`read_transcript`): what any export must do;
- export: the command, in this process (`prompter.cli.main`), writing the .qdpx.

A time is the best of the rounds; the ratio is the median of the rounds' ratios.
Printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the shared test helpers

WORDS = (
    "we",
    "the",
    "team",
    "hub",
    "people",
    "really",
    "started",
    "because",
    "community",
    "volunteers",
    "meeting",
    "kitchen",
    "résumé",
    "funding",
    "honestly",
    "week",
    "🙂",
)


def vtt(seconds: float, words: int, rng: random.Random) -> str:
    """A WebVTT transcript of `words` words spread over `seconds` of recording."""
    cues = max(1, words // 15)
    step = seconds / cues
    out = ["WEBVTT", ""]
    for i in range(cues):
        a, b = i * step, i * step + step * 0.9
        who = "Interviewer" if i % 3 == 0 else "Participant"
        text = " ".join(rng.choice(WORDS) for _ in range(15))
        out += [f"{_t(a)} --> {_t(b)}", f"<v {who}>{text}", ""]
    return "\n".join(out)


def _t(s: float) -> str:
    ms = round(s * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def make(folder: Path, n: int, words: int) -> tuple[Path, Path]:
    from analysis_fixtures import bundled, make_session

    from prompter.session.writer import save_session

    sessions, transcripts = folder / "sessions", folder / "transcripts"
    sessions.mkdir()
    transcripts.mkdir()
    guide = bundled()
    rng = random.Random(7)
    total_words = 0
    for i in range(n):
        s = make_session(guide, i, participant=f"P{i:03d}", actions=150, finish=True)
        save_session(s, sessions / f"{s.id}.toml")
        text = vtt(max(60.0, s.elapsed), words, rng)
        total_words += len(text.split())
        (transcripts / f"{s.id}.vtt").write_text(text, encoding="utf-8")
    return sessions, transcripts


def floor(sessions: Path, transcripts: Path) -> None:
    from prompter.analysis.read import load_sessions
    from prompter.transcript import read_transcript

    loaded = load_sessions([sessions], jobs=1, keep_events=True)
    assert loaded.sessions and not loaded.skipped
    for p in sorted(transcripts.iterdir()):
        read_transcript(p)


def export(sessions: Path, transcripts: Path, out: Path) -> None:
    from prompter.cli import main

    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(
            [
                "export",
                str(sessions),
                "--format",
                "qdpx",
                "--transcripts",
                str(transcripts),
                "--jobs",
                "1",
                "-o",
                str(out),
            ]
        )
    assert status == 0, err.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--words", type=int, default=9000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        sessions, transcripts = make(tmp, a.sessions, a.words)
        made = time.perf_counter() - t0
        out = tmp / "study.qdpx"
        floor(sessions, transcripts)  # warm-up: page cache and imports for both
        export(sessions, transcripts, out)
        floors, exports = [], []
        for _ in range(a.repeat):
            t = time.perf_counter()
            floor(sessions, transcripts)
            floors.append(time.perf_counter() - t)
            t = time.perf_counter()
            export(sessions, transcripts, out)
            exports.append(time.perf_counter() - t)
        size = out.stat().st_size
        tbytes = sum(p.stat().st_size for p in transcripts.iterdir())
        sbytes = sum(p.stat().st_size for p in sessions.iterdir())
    ratio = statistics.median(e / f for e, f in zip(exports, floors, strict=True))
    print(
        f"{a.sessions} sessions ({sbytes / 1e6:.1f} MB), {a.sessions} transcripts of "
        f"~{a.words} words ({tbytes / 1e6:.1f} MB); made in {made:.0f} s; "
        f"{platform.python_version()}, {platform.machine()}\n"
    )
    print("| | best of rounds | |")
    print("|---|---:|---:|")
    print(
        f"| floor: read and parse the sessions (with their logs) and the transcripts | "
        f"{min(floors):.2f} s | 1.00x |"
    )
    print(
        f"| `export --format qdpx --transcripts DIR -o study.qdpx` | {min(exports):.2f} s | "
        f"{ratio:.2f}x |"
    )
    print(
        f"\n.qdpx written: {size / 1e6:.1f} MB; rounds: floor "
        f"{', '.join(f'{x:.2f}' for x in floors)} s; export "
        f"{', '.join(f'{x:.2f}' for x in exports)} s"
    )


if __name__ == "__main__":
    main()

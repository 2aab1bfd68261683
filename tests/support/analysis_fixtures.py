"""The one session factory: sessions made by the real session core, for any test and the
benchmarks.

`make_session(guide, seed, ...)` drives a `prompter.session.Session` through a
seeded random sequence of the actions the screen performs (go to a question,
mark it, use probes, write notes, bookmark, mark the recording, pause, undo,
redo, finish; chosen by `interview_driver.busy_actions` and done by its `apply`)
and `write_sessions(...)` saves such sessions with
`prompter.session.writer.save_session`, exactly as an interview would.
`marked_session(guide, participant, marks, ...)` is a session with the given marks and
one of every other kind of entry. Nothing here writes TOML by hand; hostile files are
made in the tests themselves.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from guide_factory import bundled
from helpers import FakeClock
from interview_driver import apply, busy_actions

from prompter.guide import Guide
from prompter.session import Session
from prompter.session.writer import save_session

__all__ = ["bundled", "make_session", "marked_session", "save", "write_sessions"]

BASE_TIME = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone(timedelta(hours=0)))
INTERVIEWERS = ("AB", "CD", "EF")
NOTES = (
    "Talked about the first weeks of the pandemic.",
    'Said "it just made sense", laughing; felt the Hub was for everyone',
    "Mixed views, see recording",
    "Line one\nline two, with a comma",
    'Ünïcödé — fine; semi;colons; and "quotes"',
    "",
)


def make_session(
    guide: Guide,
    seed: int,
    *,
    participant: str | None = None,
    interviewer: str | None = None,
    started_at: datetime | None = None,
    actions: int | None = None,
    finish: bool | None = None,
    extra: dict[str, str] | None = None,
) -> Session:
    """A session of `guide` after a seeded random sequence of actions."""
    rng = random.Random(seed)
    clock = FakeClock(100.0)
    participant = participant or f"P{seed:03d}"
    interviewer = interviewer if interviewer is not None else rng.choice(INTERVIEWERS)
    started_at = started_at or BASE_TIME + timedelta(days=seed % 40, minutes=7 * (seed % 60))
    s = Session(
        guide,
        participant,
        interviewer,
        extra or {"site": rng.choice(["Leeds", "York"])},
        clock=clock,
        now=started_at,
        wallclock=lambda: started_at,
    )
    qids = [q.id for q in guide.questions]
    n = actions if actions is not None else rng.randint(len(qids), 4 * len(qids))
    for action in busy_actions(rng, qids, n, NOTES, str(seed)):
        apply(s, clock, action)
    if s.paused:
        s.toggle_pause()
    if finish if finish is not None else rng.random() < 0.8:
        clock.t += 5
        s.finish(started_at + timedelta(seconds=s.elapsed))
    return s


def marked_session(
    guide: Guide, participant: str, marks: dict[str, str], *, now: datetime, note: str = ""
) -> Session:
    """A session of `guide` with `marks` ({question id: status}), a probe, a note,
    a bookmark and the recording mark: every kind of entry the file can hold."""
    clock = FakeClock(100.0)
    s = Session(guide, participant, "AB", {"site": "Leeds"}, clock=clock, now=now)
    s.mark_recording()
    for qid, status in marks.items():
        s.goto(qid)
        clock.t += 12.5
        s.mark(status)
    s.goto("typical-day")
    s.toggle_probe(1)
    s.set_note(note or f"note of {participant}")
    s.add_bookmark("a moment")
    clock.t += 3
    return s


def write_sessions(folder: Path, guide: Guide, count: int, *, seed: int = 0, **kw) -> list[Path]:
    """`count` session files of `guide` in `folder` (seeds seed..seed+count-1)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(seed, seed + count):
        s = make_session(guide, i, **kw)
        path = folder / f"{s.id}.toml"
        save_session(s, path)
        paths.append(path)
    return paths


def save(session: Session, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{session.id}.toml")
    save_session(session, path)
    return path


def run_command(argv: list[str], columns: int = 120) -> tuple[int, str, str]:
    """Run `prompter tally|export ...` in this process through
    `prompter.commands.analysis`; returns (exit status, stdout, stderr).

    Tables are drawn `columns` wide whatever this process's terminal is (none under
    pytest-xdist): $COLUMNS is pinned for the call.
    """
    import argparse
    import contextlib
    import io
    import os

    from prompter.commands.analysis import register

    parser = argparse.ArgumentParser(prog="prompter")
    handlers = register(parser.add_subparsers(dest="command"))
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                args = parser.parse_args(argv)
                status = handlers[args.command](args)
            except SystemExit as e:
                status = e.code
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    out.flush()
    return status, out.buffer.getvalue().decode("utf-8"), err.getvalue()

"""The one driver of made-up interviews: the actions an interviewer can take, how each is
done to a `Session`, and the ways to choose them: hypothesis strategies for the property
tests, and seeded `random.Random` lists for what committed files pin down (the golden
session files: `random_actions`; the analysis's sessions, whose numbers the study
snapshots and the benchmarks show: `busy_actions`, through `analysis_fixtures`).

An action is a tuple: its name, then its arguments. `apply(session, clock, action)` does
it the way the screen does (the screen calls the same methods); an action that does not
apply (a probe the question lacks, a label with no bookmark) changes nothing.
`Interview` does actions one at a time and tells what each did (`Step`), for a test
that follows along with its own oracle; it has one action more, ("resume",).

Used by: tests/session/test_session_properties.py, test_render_incremental.py,
test_timeline_properties.py and test_golden_files.py, tests/tui/test_golden_keys.py,
and analysis_fixtures.make_session (every analysis, study and command test's sessions).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from helpers import FIXED_NOW, FakeClock
from hypothesis import strategies as st

from prompter.commands.interview import _closed_for
from prompter.guide import Guide
from prompter.session import STATUSES, Session
from prompter.session.read import read_session_file
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter, save_session

# Texts that have broken writers and readers of TOML, terminals or XML before.
SPECIAL = [
    '"',
    "'",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "😀",
    "👩🏽‍🔬",
    "שלום",
    "مرحبا",
    "\u202e",
    "\u200f",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    '"""',
    "'''",
    "[[events]]",
    "a = 1",
    "#",
    "\ufeff",
]

MOVES = ("next", "previous", "next_section", "previous_section")
ENDS = ("undo", "redo", "finish", "reopen")


class WallClock:
    """Wall-clock time that follows a FakeClock (pauses and recording marks read it)."""

    def __init__(self, clock: FakeClock, start: datetime = FIXED_NOW):
        self.clock, self.start, self.t0 = clock, start, clock.t

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.t - self.t0)


def new_session(guide: Guide, clock: FakeClock, **kw) -> Session:
    """A session of participant P01 with interviewer Ann at FIXED_NOW, on `clock`."""
    kw.setdefault("wallclock", WallClock(clock))
    return Session(guide, "P01", "Ann", {"site": "Leeds"}, clock=clock, now=FIXED_NOW, **kw)


def apply(s: Session, clock: FakeClock, action: tuple) -> None:
    """Do one action to `s` (advancing `clock` is an action too)."""
    name, *args = action
    if name == "advance":
        clock.advance(args[0])
    elif name == "goto":
        if args[0] in s.guide.question_index:
            s.goto(args[0])
    elif name in MOVES:
        getattr(s, name)()
    elif name == "pause":
        s.toggle_pause()
    elif name == "mark":
        s.mark(args[0])
    elif name == "probe":
        s.toggle_probe(args[0])
    elif name == "tick":
        s.tick(*args)
    elif name == "branch":
        s.choose_branch(args[0])
    elif name in ("rest_not_applicable", "rest_skipped"):  # args: (top_level,) or none
        s.rest_of_section(name.removeprefix("rest_"), *args)
    elif name == "note":
        s.set_note(args[0])
    elif name == "edit":  # the keystrokes of a note being typed
        for text in args[0]:
            s.edit_note(text)
    elif name == "bookmark":
        s.add_bookmark(args[0])
    elif name == "label":
        if s.bookmarks:
            s.label_bookmark(s.bookmarks[-1], args[0])
    elif name == "recording":
        s.mark_recording()
    elif name in ENDS:
        getattr(s, name)()
    else:
        raise ValueError(f"unknown action {name!r}")


@dataclass
class Step:
    """What one action did, as seen from outside the session."""

    action: tuple
    events: range  # the indices of the events it logged
    was_paused: bool  # before it
    state_before: str  # "in_progress" or "finished"
    moved: bool  # the current question changed


class Interview:
    """A session driven one action at a time: `do(action)` does it with `apply` and returns
    what it did (a `Step`); `session` is the session being driven.

    ("resume",) is an action here: the session is saved to `path` and read back, as `prompter
    resume` reads it, and the interview goes on with the session read (a finished one is
    opened again, as the screen does at the first change). `clock` is the monotonic clock
    of the session (callable, with `advance`), `wallclock` its wall clock.
    """

    def __init__(
        self,
        session: Session,
        clock,
        *,
        path: Path | None = None,
        wallclock: Callable[[], datetime] | None = None,
    ):
        self.session, self.clock, self.path, self.wallclock = session, clock, path, wallclock

    def do(self, action: tuple) -> Step:
        s = self.session
        before_n, before_q, was_paused, state = len(s.events), s.current, s.paused, s.state
        if action[0] == "resume":
            save_session(s, self.path)
            s, _ = load_session(self.path, s.guide, clock=self.clock, wallclock=self.wallclock)
            if s.state == "finished":
                s.reopen()
            self.session = s
        else:
            apply(s, self.clock, action)
        return Step(
            action, range(before_n, len(s.events)), was_paused, state, s.current != before_q
        )


# ------------------------------------------------------------------ hypothesis

texts = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(SPECIAL)), max_size=8).map("".join)


def data_actions(ids: list[str]):
    """Actions that change recorded data (undoable)."""
    return st.one_of(
        st.tuples(st.just("mark"), st.sampled_from(STATUSES)),
        st.tuples(st.just("probe"), st.integers(0, 4)),
        st.tuples(st.just("tick"), st.integers(1, 2), st.integers(1, 3)),
        st.tuples(st.just("branch"), st.integers(1, 2)),
        st.just(("rest_not_applicable",)),
        st.tuples(st.sampled_from(["rest_not_applicable", "rest_skipped"]), st.booleans()),
        st.tuples(st.just("note"), texts),
        st.tuples(st.just("bookmark"), texts),
        st.tuples(st.just("label"), texts),
        st.just(("recording",)),
    )


def other_actions(ids: list[str]):
    """Actions that only move or keep time."""
    return st.one_of(
        st.tuples(st.just("advance"), st.floats(0, 900, allow_nan=False)),
        st.tuples(st.just("advance"), st.sampled_from([0.0004, 0.0005, 0.0015, 1 / 3, 1e-9])),
        st.tuples(st.just("goto"), st.sampled_from(ids)),
        st.sampled_from([(m,) for m in MOVES] + [("pause",)]),
    )


edits = st.tuples(st.just("edit"), st.lists(texts, min_size=1, max_size=4))


def no_undo_actions(ids: list[str]):
    return st.one_of(data_actions(ids), other_actions(ids), edits)


def any_actions(ids: list[str]):
    return st.one_of(no_undo_actions(ids), st.sampled_from([(e,) for e in ENDS]))


def timed_actions(ids: list[str]):
    """Actions on a time line of whole milliseconds (for an oracle that is exact to the
    millisecond), with few data changes, undo and redo, finishing, and ("resume",): for
    `Interview`."""
    short = st.text(max_size=5)
    return st.one_of(
        st.integers(0, 600_000).map(lambda ms: ("advance", ms / 1000)),
        st.sampled_from([0, 1, 2, 499, 500, 1000]).map(lambda ms: ("advance", ms / 1000)),
        st.tuples(st.just("goto"), st.sampled_from(ids)),
        st.sampled_from(
            [
                ("next",),
                ("previous",),
                ("next_section",),
                ("pause",),
                ("pause",),
                ("recording",),
                ("undo",),
                ("redo",),
                ("finish",),
                ("resume",),
            ]
        ),
        st.tuples(st.just("mark"), st.sampled_from(STATUSES)),
        st.tuples(st.just("probe"), st.integers(1, 2)),
        st.tuples(st.just("note"), short),
        st.tuples(st.just("bookmark"), short),
        st.tuples(st.just("label"), short),
    )


# ------------------------------------------------------------------------------ seeded


def random_actions(guide: Guide, seed: int, n: int) -> list[tuple]:
    """`n` actions chosen by `random.Random(seed)`: the same list on every machine and
    Python (only `random()`, `randrange()` and `choice()` of the stable API are used)."""
    rng = random.Random(seed)
    ids = [q.id for q in guide.questions]

    def text() -> str:
        parts = [rng.choice(SPECIAL) if rng.random() < 0.3 else "" for _ in range(3)]
        words = rng.choice(["", "ok", "good quote", "Hub helped; see 12:30", "ÅÄÖ café"])
        return words + "".join(parts)

    out: list[tuple] = []
    for _ in range(n):
        r = rng.randrange(100)
        if r < 25:
            out.append(("advance", rng.choice([0.5, 3.25, 17.0, 61.125, 0.0004, 1 / 3])))
        elif r < 35:
            out.append((rng.choice(MOVES),))
        elif r < 40:
            out.append(("goto", rng.choice(ids)))
        elif r < 55:
            out.append(("mark", rng.choice(STATUSES)))
        elif r < 62:
            out.append(("probe", rng.randrange(1, 4)))
        elif r < 65:
            out.append(("tick", rng.randrange(1, 3), rng.randrange(1, 4)))
        elif r < 67:
            out.append(("branch", rng.randrange(1, 3)))
        elif r < 68:
            out.append(("rest_not_applicable",))
        elif r < 73:
            out.append(("note", text()))
        elif r < 77:
            out.append(("edit", [text() for _ in range(rng.randrange(1, 4))]))
        elif r < 80:
            out.append(("bookmark", text()))
        elif r < 82:
            out.append(("label", text()))
        elif r < 84:
            out.append(("recording",))
        elif r < 88:
            out.append(("pause",))
        elif r < 94:
            out.append(("undo",))
        elif r < 97:
            out.append(("redo",))
        elif r < 99:
            out.append(("finish",))
        else:
            out.append(("reopen",))
    return out


BOOKMARK_LABELS = ("quote", "", "follow up", "good example")


def busy_actions(rng: random.Random, ids: Sequence[str], n: int, notes: Sequence[str], tag: str):
    """`n` steps of a busy interview, for the analysis's sessions (`analysis_fixtures.
    make_session`): each some seconds after the last (0.5 to 90), then a move, a mark (never
    back to pending), a probe, a note (one of `notes`, half of them with " (`tag`)"), a
    bookmark, the recording mark, a pause, an undo or a redo. `rng` is drawn from in the
    same order as ever: a seed gives the same sessions, and so the same study snapshots."""
    out: list[tuple] = []
    for _ in range(n):
        out.append(("advance", rng.uniform(0.5, 90.0)))
        r = rng.random()
        if r < 0.25:
            out.append(("next",))
        elif r < 0.32:
            out.append(("goto", rng.choice(ids)))
        elif r < 0.60:
            out.append(("mark", rng.choice(STATUSES[1:])))
        elif r < 0.72:
            out.append(("probe", rng.randint(1, 4)))
        elif r < 0.82:
            out.append(("note", rng.choice(notes) + (f" ({tag})" if rng.random() < 0.5 else "")))
        elif r < 0.86:
            out.append(("bookmark", rng.choice(BOOKMARK_LABELS)))
        elif r < 0.88:
            out.append(("recording",))
        elif r < 0.90:
            out.append(("pause",))
        elif r < 0.95:
            out.append(("undo",))
        else:
            out.append(("redo",))
    return out


# ------------------------------------------------------ leaving and coming back


def left_running(guide, folder, *, paused: bool = False):
    """An interview marked at 0, 10 s in, saved, then closed without a pause (unless
    `paused`)."""
    clock = FakeClock()
    s = new_session(guide, clock)
    writer = SessionWriter(s, folder / "s.toml")
    s.mark_recording()
    clock.advance(10)
    s.mark("asked")
    if paused:
        s.toggle_pause()
    writer.save()
    return writer.path


def resumed(guide, path, closed_for: float):
    """The session resumed `closed_for` seconds of wall-clock time after its last save."""
    data = read_session_file(path)
    clock = FakeClock(9000.0)  # a new process: a new monotonic clock
    wall = WallClock(clock, data["session"]["saved_at"] + timedelta(seconds=closed_for))
    session, _ = load_session(path, guide, clock=clock, wallclock=wall, log_resume=True)
    return session, clock, _closed_for(session, data["session"])

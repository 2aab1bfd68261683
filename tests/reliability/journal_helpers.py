"""Helpers of the journal tests (test_journal.py): an interview driven through the real
session core and `SessionWriter` (with its lock, as `prompter run` has it) with a low
journal threshold, the actions a person can take, crash and resume."""

from __future__ import annotations

import os
from pathlib import Path

from guide_factory import FIXED_NOW, FakeClock, generated_guide
from hypothesis import strategies as st

from prompter.session import STATUSES, Session
from prompter.session.journal import journal_path
from prompter.session.lock import SessionLock
from prompter.session.render import session_to_dict
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter

GUIDE = generated_guide(40, per_section=4, sections_per_part=3)
IDS = [q.id for q in GUIDE.questions]

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(["", "\n", '"""', "[[events]]", "#record 1 2 00000000\n", "\x1b[31m"])

ACTIONS = st.one_of(
    st.tuples(st.just("mark"), st.sampled_from(STATUSES)),
    st.tuples(st.just("probe"), st.integers(0, 3)),
    st.tuples(st.just("note"), texts),
    st.tuples(st.just("edit"), texts),
    st.tuples(st.just("bookmark"), texts),
    st.tuples(st.just("label"), texts),
    st.tuples(st.just("advance"), st.floats(0, 600, allow_nan=False)),
    st.tuples(st.just("goto"), st.sampled_from(IDS)),
    st.sampled_from(
        [
            ("next",),
            ("previous",),
            ("next_section",),
            ("previous_section",),
            ("pause",),
            ("recording",),
            ("undo",),
            ("redo",),
            ("rest_not_applicable",),
            ("finish",),
            ("reopen",),
            ("compact",),
            ("crash",),
            ("leave",),
        ]
    ),
)


class Interview:
    """A session of `guide` saved to `folder/P01.toml` by a writer holding the file's lock,
    journaling from `threshold` bytes on, compacting after `max_records` records."""

    def __init__(self, folder: Path, guide=GUIDE, *, threshold=0, max_records=200, lock=True):
        self.guide = guide
        self.clock = FakeClock()
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.path = Path(folder) / "P01.toml"
        self.threshold, self.max_records, self.locked = threshold, max_records, lock
        self.session = Session(guide, "P01", clock=self.clock, now=FIXED_NOW)
        self.writer = self._writer(resume=False)
        self.writer.save()

    def _writer(self, *, resume: bool) -> SessionWriter:
        return SessionWriter(
            self.session,
            self.path,
            resume=resume,
            lock=SessionLock.acquire(self.path) if self.locked else None,
            journal_threshold=self.threshold,
            journal_max_records=self.max_records,
        )

    @property
    def journal(self) -> Path:
        return journal_path(self.path)

    def state(self) -> dict:
        """The session as its file must read (what the screen shows)."""
        return session_to_dict(self.session)

    def crash(self) -> None:
        """The process dies: nothing more is written, the kernel drops the lock."""
        if self.writer.lock is not None:
            self.writer.lock.release()
        if self.writer._journal.fd is not None:
            os.close(self.writer._journal.fd)
        self.writer = None

    def resume(self) -> None:
        """`prompter resume`: read the file (and its journal), save at once."""
        self.session, _ = load_session(self.path, self.guide, clock=self.clock)
        self.writer = self._writer(resume=True)
        self.writer.save()

    def do(self, action: tuple) -> None:
        """One action, then the save that follows it on screen."""
        apply(self, action)
        if self.writer is None:
            self.resume()
        else:
            self.writer.save()


def apply(iv: Interview, action: tuple) -> None:
    s = iv.session
    name, *args = action
    if name == "advance":
        iv.clock.advance(args[0])
    elif name == "goto":
        s.goto(args[0])
    elif name in ("next", "previous", "next_section", "previous_section", "undo", "redo"):
        getattr(s, name)()
    elif name == "pause":
        s.toggle_pause()
    elif name == "recording":
        s.mark_recording()
    elif name == "mark":
        s.mark(args[0])
    elif name == "probe":
        s.toggle_probe(args[0])
    elif name == "note":
        s.set_note(args[0])
    elif name == "edit":
        s.edit_note(args[0])
    elif name == "bookmark":
        s.add_bookmark(args[0])
    elif name == "label":
        if s.bookmarks:
            s.label_bookmark(s.bookmarks[-1], args[0])
    elif name == "rest_not_applicable":
        s.rest_of_section_not_applicable()
    elif name == "finish":
        s.finish()
    elif name == "reopen":
        s.reopen()
    elif name == "compact":
        iv.writer.compact()
    elif name == "crash":
        iv.crash()
    elif name == "leave":
        iv.writer.close()
        iv.writer = None
    else:
        raise AssertionError(name)

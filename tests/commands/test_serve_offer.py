"""Issue 22, finding 4 (in process): which interview a new page of `prompter serve`
offers to carry on. The newest in progress, saved since the server started, of the
served guide and participant, that no other prompter has open (its lock is then held
for the page). The real server: tests/reliability/test_serve_limits.py."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest
from guide_factory import FakeClock, demo_guide
from helpers import FIXED_NOW

from prompter.commands.serve import interview_to_offer
from prompter.session import Session
from prompter.session.lock import SessionLock, SessionLocked
from prompter.session.writer import SessionWriter


def _saved(folder, participant, minute, *, finished=False, mtime=None):
    s = Session(demo_guide(), participant, clock=FakeClock(), now=FIXED_NOW.replace(minute=minute))
    s.mark("asked")
    if finished:
        s.finish()
    path = folder / f"{s.id}.toml"
    SessionWriter(s, path).save()
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def folder(tmp_path):
    return tmp_path


def test_the_newest_in_progress_of_the_participant(folder):
    since = time.time() - 60
    _saved(folder, "P01", 1, mtime=since + 1)
    newest = _saved(folder, "P01", 2, mtime=since + 2)
    _saved(folder, "P01", 3, mtime=since + 3, finished=True)
    _saved(folder, "P02", 4, mtime=since + 4)
    _saved(folder, "P01", 5, mtime=since - 1)  # before the server started
    offer = interview_to_offer(folder, demo_guide(), "P01", since)
    assert offer.path == newest and offer.session.participant == "P01"
    with pytest.raises(SessionLocked):  # held for the page while it asks
        SessionLock.acquire(newest)
    offer.lock.release()


def test_without_a_participant_any_of_this_server(folder):
    since = time.time() - 60
    path = _saved(folder, "P02", 4, mtime=since + 4)
    offer = interview_to_offer(folder, demo_guide(), None, since)
    assert offer.path == path
    offer.lock.release()


def test_none_open_elsewhere_or_of_another_guide(folder):
    since = time.time() - 60
    held = _saved(folder, "P01", 1, mtime=since + 1)
    lock = SessionLock.acquire(held)  # another page has it
    (folder / "P01_x.emergency-20261125-143000.toml").write_bytes(held.read_bytes())
    other = replace(demo_guide(), sha256="0" * 64)
    _saved(folder, "P01", 2, mtime=since + 2)
    assert interview_to_offer(folder, other, "P01", since) is None
    offer = interview_to_offer(folder, demo_guide(), "P01", since)
    assert offer.path.name.startswith("P01_2026-11-25_1402")
    offer.lock.release()
    lock.release()
    assert interview_to_offer(folder / "missing", demo_guide(), "P01", since) is None

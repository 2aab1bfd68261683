"""Issue 22, finding 10 (in process): the one-writer lock holds when its lock file is
deleted, because the session file itself is locked too, and the lock moves to each new
file a save puts under the name (or stays, where the save fails). Two locks in one
process conflict as in two (flock locks belong to the open file). The real processes:
tests/reliability/test_one_writer.py."""

from __future__ import annotations

import errno
import os

import pytest
from guide_factory import demo_guide

from prompter.session import Session
from prompter.session.edit import save_data
from prompter.session.lock import SessionLock, SessionLocked, lock_path
from prompter.session.read import read_session_file
from prompter.session.writer import SessionSaveError, SessionWriter


def _writer(tmp_path):
    path = tmp_path / "P01_x.toml"
    session = Session(demo_guide(), "P01", session_id="P01_x")
    SessionWriter(session, path).save()
    lock = SessionLock.acquire(path)
    return SessionWriter(session, path, resume=True, lock=lock), path


def _refused(path) -> str:
    lock_path(path).unlink(missing_ok=True)
    with pytest.raises(SessionLocked) as e:
        SessionLock.acquire(path)
    assert not lock_path(path).exists()  # the refused one made nothing that stays
    return str(e.value)


def test_a_deleted_lock_file_still_refuses_a_second_writer(tmp_path):
    writer, path = _writer(tmp_path)
    assert "its lock file .P01_x.toml.lock was removed" in _refused(path)
    writer.session.mark("asked")
    before = os.stat(path).st_ino
    writer.save()
    assert os.stat(path).st_ino != before  # a new file under the name, locked in turn
    _refused(path)
    writer.close()
    SessionLock.acquire(path).release()  # free once the writer has gone


def test_an_edit_saved_after_the_interview_keeps_the_lock_on_the_new_file(tmp_path):
    # A review's save (session.edit.save_data) replaces the file as the writer does.
    writer, path = _writer(tmp_path)
    writer.close()
    lock = SessionLock.acquire(path)
    data = read_session_file(path)
    data["questions"][0]["note"] = "added after the call"
    before = os.stat(path).st_ino
    save_data(path, data, lock=lock)
    assert os.stat(path).st_ino != before
    _refused(path)
    lock.release()
    SessionLock.acquire(path).release()


def test_a_failed_save_keeps_the_lock_on_the_file_that_stays(tmp_path, monkeypatch):
    writer, path = _writer(tmp_path)

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("prompter.session.atomic.os.replace", full)
    writer.session.mark("asked")
    with pytest.raises(SessionSaveError):
        writer.save()
    monkeypatch.undo()
    _refused(path)
    writer.close()


def test_release_leaves_another_processs_lock_file_alone(tmp_path):
    writer, path = _writer(tmp_path)
    lock_path(path).unlink()
    lock_path(path).write_text("someone else's")  # made again meanwhile
    writer.close()
    assert lock_path(path).read_text() == "someone else's"

"""Issue 22, finding 3 (in process): the folders of an emergency copy are tried in order,
each on its own (the user's data folder, the sessions folder's parent, the home folder,
temp last), so that one that cannot even be named never stops the others; and the
ending is decided (copy made, status set) before a word is said, whatever saying it
does. The real processes: tests/reliability/test_emergency_path.py."""

from __future__ import annotations

import io
import stat
import tempfile

import pytest
from guide_factory import demo_guide

from prompter.errors import EXIT_NOT_SAVED
from prompter.session import Session
from prompter.session.ending import settle, tell
from prompter.session.read import read_session_file
from prompter.session.writer import SessionWriter


def _no_temp_folder():
    raise FileNotFoundError(2, "No usable temporary directory found")


@pytest.fixture
def failing(tmp_path, monkeypatch):
    """A writer whose saves fail (its sessions folder is gone), with one mark in memory;
    every emergency folder unusable until a test gives it room."""
    for name in ("data", "home", "temp"):
        (tmp_path / name).write_text("a file, not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(tempfile, "gettempdir", _no_temp_folder)
    study = tmp_path / "study"
    study.mkdir()
    (study / "prompter-emergency").write_text("a file, not a folder")
    session = Session(demo_guide(), "P01", session_id="P01_x")
    session.mark("asked")
    writer = SessionWriter(session, study / "gone" / "P01_x.toml")
    assert not writer.try_save()
    return writer, tmp_path


def _copy_in(ending, folder):
    assert ending.status == EXIT_NOT_SAVED
    [copy] = folder.glob("P01_x.emergency-*.toml")
    assert ending.kept_in == str(copy)
    assert ending.lines[-1][1] == f"Continue it with: prompter resume {copy}"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert read_session_file(copy)["questions"][0]["status"] == "asked"
    return copy


def test_the_data_folder_first(failing, tmp_path):
    writer, _ = failing
    (tmp_path / "data").unlink()
    _copy_in(settle(writer), tmp_path / "data" / "prompter" / "emergency")


def test_then_beside_the_sessions_folder(failing, tmp_path):
    writer, _ = failing
    (tmp_path / "study" / "prompter-emergency").unlink()
    _copy_in(settle(writer), tmp_path / "study" / "prompter-emergency")


def test_then_the_home_folder(failing, tmp_path):
    writer, _ = failing
    (tmp_path / "home").unlink()
    _copy_in(settle(writer), tmp_path / "home" / "prompter-emergency")


def test_temp_last(failing, tmp_path, monkeypatch):
    writer, _ = failing
    (tmp_path / "temp").unlink()
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "temp"))
    copy = _copy_in(settle(writer), next((tmp_path / "temp").iterdir()))
    assert copy.parent.name.startswith("prompter-emergency-")


def test_no_folder_at_all_is_said_and_still_exit_3(failing):
    writer, _ = failing
    ending = settle(writer)
    assert ending.status == EXIT_NOT_SAVED and ending.kept_in is None
    text = ending.text()
    assert "was NOT saved" in text and "no emergency copy could be written" in text
    assert "what was not saved is lost" in text
    for name in ("data", "study/prompter-emergency", "home"):
        assert name.split("/")[-1] in text  # each folder tried is named, with why not


def test_a_report_that_cannot_be_said_changes_nothing(failing, tmp_path):
    writer, _ = failing
    (tmp_path / "data").unlink()

    class Gone(io.StringIO):
        def write(self, text):
            raise OSError(5, "Input/output error")  # EIO: the terminal is gone

    ending = settle(writer)  # the copy is made before anything is said
    assert list((tmp_path / "data" / "prompter" / "emergency").glob("*.toml"))
    assert tell(ending, out=Gone(), err=Gone()) is False
    assert ending.status == EXIT_NOT_SAVED

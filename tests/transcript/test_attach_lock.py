"""`prompter transcript attach` is refused while an interview has the session open: the
interview's next save would otherwise drop the table without a word."""

import pytest
from guide_factory import FIXED_NOW, FakeClock, demo_guide

from prompter.session import Session
from prompter.session.lock import SessionLock, SessionLocked
from prompter.session.read import read_session_file
from prompter.session.writer import save_session
from prompter.transcript.attach import attach_transcript

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Hello there.\n"


def test_attach_waits_for_no_one_and_is_refused_while_the_session_is_open(tmp_path):
    path = tmp_path / "P01.toml"
    save_session(Session(demo_guide(), "P01", clock=FakeClock(), now=FIXED_NOW), path)
    vtt = tmp_path / "P01.vtt"
    vtt.write_text(VTT)
    lock = SessionLock.acquire(path)  # as a running interview holds it
    try:
        with pytest.raises(SessionLocked):
            attach_transcript(path, vtt)
        assert "transcript" not in read_session_file(path)
    finally:
        lock.release()
    attach_transcript(path, vtt)
    assert read_session_file(path)["transcript"]["format"]

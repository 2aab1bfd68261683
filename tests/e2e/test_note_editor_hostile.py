"""The note editor on notes from a session file (issue 22, findings 6 and 7), in a real
terminal: a control sequence in a note never reaches the terminal raw, and opening and
closing the editor on a note leaves it byte for byte (looking changes nothing: a
finished interview stays finished)."""

from __future__ import annotations

import pytest
from guide_factory import bundled
from helpers import child_env
from pty_terminal import EOF, Terminal

from prompter.session import Session
from prompter.session.writer import SessionWriter

pytestmark = pytest.mark.slow

# Every character the editor's text would split lines on or rewrite, and sequences
# that would retitle the window, clear the screen or set the clipboard.
LAYOUT = "one\vtwo\fthree\r\nfour\rfive\x1csix\x85seven\u2028eight\u2029nine\ttab\nend"
HOSTILE = "title\x1b]0;PWNED\x07 clear\x1b[2J clip\x1b]52;c;aGk=\x07 csi\x9b31m rtl\u202eevil"


def write_session(folder, note: str, *, finished: bool):
    session = Session(bundled("demo"), "P01", session_id="P01_x")
    session.set_note(note)
    session.mark("asked")
    if finished:
        session.finish()
    path = folder / "P01_x.toml"
    SessionWriter(session, path).save()
    return path


def resume(folder, path) -> Terminal:
    env = child_env(HOME=str(folder), PROMPTER_CONFIG=str(folder / "none.toml"))
    return Terminal(["resume", str(path)], size=(24, 80), env=env)


@pytest.mark.parametrize("note", [LAYOUT, HOSTILE], ids=["layout", "hostile"])
def test_opening_and_closing_the_note_changes_nothing(tmp_path, note):
    path = write_session(tmp_path, note, finished=True)
    before = path.read_bytes()
    child = resume(tmp_path, path)
    try:
        child.wait_text("Resumed")
        since = child.mark()
        child.send("n")
        child.wait_text("escape returns to the guide", since)
        since = child.mark()
        child.send("\x1b")
        child.wait_text("a Ask", since)  # the guide's footer: the note is closed
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()
    assert "Nothing was changed; the session file is as it was" in child.text()
    assert path.read_bytes() == before


def test_a_control_sequence_in_a_note_never_reaches_the_terminal(tmp_path):
    path = write_session(tmp_path, HOSTILE, finished=False)
    child = resume(tmp_path, path)
    try:
        child.wait_text("Resumed")
        since = child.mark()
        child.send("n")
        child.wait_text("escape returns to the guide", since)
        child.wait_text("␛]0;PWNED", since)  # shown, as a picture of the escape
        child.send("\x1b")
        child.sendcontrol("q")
        child.expect(EOF)
    finally:
        child.finish()
    for raw in ("\x1b]0;PWNED", "\x1b[2J clip", "\x1b]52;", "\x9b31m", "\u202eevil"):
        assert raw not in child.raw

"""Case 9 of issue #10: a long pasted note is not written again into the event log with
every later edit. A `note` event holds the note only up to NOTE_VALUE_MAX characters, else
'sha256:HEX (N characters)'; the note itself is in [[questions]], so the file stays
self-contained and its size does not grow by the note's length per edit."""

from __future__ import annotations

import hashlib

from reliability_kit import demo_guide

from prompter.session import Session
from prompter.session.model import NOTE_VALUE_MAX
from prompter.session.read import read_session_file
from prompter.session.writer import SessionWriter


def test_a_pasted_megabyte_is_stored_once(tmp_path):
    session = Session(demo_guide(), "P01", session_id="P01_x")
    path = tmp_path / "P01_x.toml"
    writer = SessionWriter(session, path)
    note = "pasted " * (2**20 // 7)
    session.set_note(note)
    writer.save()
    size = path.stat().st_size
    for key in "abcdefghij":  # ten more edits of the note, each ended (one event each)
        note += key
        session.edit_note(note)
        writer.save()
        session.set_note(note)
        writer.save()
    assert path.stat().st_size < size + 10_000  # was: + 10 MB, one copy per event
    data = read_session_file(path)
    assert data["questions"][0]["note"] == note  # the note itself, whole
    values = [e["value"] for e in data["events"] if e["action"] == "note"]
    assert len(values) == 11
    digest = hashlib.sha256(note.encode()).hexdigest()
    assert values[-1] == f"sha256:{digest} ({len(note)} characters)"


def test_a_short_note_is_still_in_its_event():
    session = Session(demo_guide(), "P01")
    short = "x" * NOTE_VALUE_MAX
    session.set_note(short)
    assert session.events[-1].value == short
    session.set_note(short + "y")
    assert session.events[-1].value.startswith("sha256:")

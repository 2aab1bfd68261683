"""Changing a session file after the interview (`prompter review`): a late note, and
writing the file's parsed data back (pure Python; no textual).

The interview writes its file from a `Session`; after it, the file itself is the
record, and a change is made to its parsed data and written back whole, in the
session writer's layout, atomically (`write_atomic`), under the session's lock (the
caller holds it: `prompter.session.lock.SessionLock`). Nothing else in the file
moves: a finished session stays finished, its clock and `saved_at` are as they were.
"""

from __future__ import annotations

import os
import tomllib
from datetime import datetime

import tomli_w

from prompter.errors import SessionFileError, reason
from prompter.session.atomic import write_atomic
from prompter.session.render import entries_text
from prompter.session.state import clean_text, note_event_value


def _is_tables(v) -> bool:
    return type(v) is list and bool(v) and all(type(x) is dict for x in v)


def data_text(data: dict) -> str:
    """A parsed session file as its text, in the layout the session writer uses: the top
    keys and tables, then each array of tables entry by entry under its `[[name]]`."""
    head = {k: v for k, v in data.items() if not _is_tables(v)}
    parts = [tomli_w.dumps(head)]
    parts += [entries_text(k, v) for k, v in data.items() if _is_tables(v)]
    return "".join(parts)


def save_data(path: str | os.PathLike, data: dict, *, lock=None) -> None:
    """Write `data` (a parsed session file) to `path` atomically; the `lock` held on it
    (a SessionLock) moves to the new file. SessionFileError, the file untouched, if it
    cannot be written or would not read back the same."""
    text = data_text(data)
    if tomllib.loads(text) != data:  # never write a file that reads back differently
        raise SessionFileError(f"{path}: cannot be written back unchanged; nothing saved")
    try:
        write_atomic(path, text.encode("utf-8"), lock=lock)
    except OSError as e:
        raise SessionFileError(f"{path}: cannot save: {reason(e)}") from None


def late_note_value(note: str, when: datetime) -> str:
    """The value of a `late_note` event: the wall-clock time, "; " and the note as a
    `note` event holds it (the note itself, or its SHA-256 and length if long)."""
    return f"{when.isoformat(timespec='seconds')}; {note_event_value(note)}"


def set_late_note(data: dict, qid: str, note: str, when: datetime) -> bool:
    """Give question `qid` of `data` (a parsed session file) the note `note`, written
    after the interview at wall-clock time `when`: its `[[questions]]` note, and a
    `late_note` event at the session's last time (its `elapsed_seconds`). Returns
    whether the note changed. KeyError for a question the file does not have."""
    entry = next((q for q in data["questions"] if q["id"] == qid), None)
    if entry is None:
        raise KeyError(qid)
    note = clean_text(note)
    if entry.get("note", "") == note:
        return False
    entry["note"] = note
    event = {
        "at_seconds": data["session"]["elapsed_seconds"],
        "action": "late_note",
        "question": qid,
        "value": late_note_value(note, when),
    }
    events = data.get("events")
    if type(events) is list:
        events.append(event)
    else:
        data["events"] = [event]
    return True

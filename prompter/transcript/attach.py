"""A transcript recorded in its session file (`[transcript]`), found again by exports;
or found in a folder by the session's id or participant."""

from __future__ import annotations

import os
import re
from pathlib import Path

from prompter.session.edit import save_data
from prompter.session.lock import SessionLock
from prompter.session.read import read_session_file
from prompter.transcript.model import Transcript, TranscriptError
from prompter.transcript.read import FORMATS, SUFFIXES, read_transcript

MAX_SHIFT = 24 * 3600.0
_SESSION_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}_\d{4}")  # a day: any larger shift is a mistake


def _path_for(session_path: Path, transcript_path: Path) -> str:
    """The transcript's path relative to the session file's folder where possible."""
    target = transcript_path.resolve()
    try:
        return os.path.relpath(target, session_path.resolve().parent)
    except ValueError:  # another drive (Windows)
        return str(target)


def attach_transcript(
    session_path, transcript_path, shift: float = 0.0, align: str = "text"
) -> Transcript:
    """Read the transcript (refused if unreadable) and record it in the session file's
    `[transcript]` table: path, sha256, shift_seconds, format, align (how its cues go to
    questions). The file is rewritten atomically (0600), every other key as it was."""
    session_path, transcript_path = Path(session_path), Path(transcript_path)
    if not -MAX_SHIFT <= shift <= MAX_SHIFT:
        raise TranscriptError(transcript_path, f"--shift {shift:g} is more than a day")
    # One writer per session file: refused while an interview has it open (its next save
    # would drop the table), as a second `prompter resume` is.
    lock = SessionLock.acquire(session_path)
    try:
        return _attach(session_path, transcript_path, shift, align, lock)
    finally:
        lock.release()


def _attach(
    session_path: Path, transcript_path: Path, shift: float, align: str, lock
) -> Transcript:
    data = read_session_file(session_path)
    transcript = read_transcript(transcript_path)
    data["transcript"] = {
        "path": _path_for(session_path, transcript_path),
        "sha256": transcript.sha256,
        "shift_seconds": float(shift),
        "format": transcript.format,
        "align": align,
    }
    save_data(
        session_path, data, lock=lock
    )  # in the writer's layout; refused if not read back the same
    return transcript


def _is_shift(value) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and -MAX_SHIFT <= value <= MAX_SHIFT
    )


def attached_shift(data: dict) -> float:
    """The shift of the transcript attached to a session (`transcript attach --shift`):
    how far the recording had run when `r` was pressed; 0.0 if none or unusable.
    Recording times plus it are the recording file's own clock."""
    t = data.get("transcript")
    shift = t.get("shift_seconds", 0.0) if isinstance(t, dict) else 0.0
    return float(shift) if _is_shift(shift) else 0.0


def attached_transcript(session_path, data: dict) -> tuple[Transcript, float] | None:
    """The transcript a session file records, read and checked against its sha256, and
    its shift; None if none is attached. TranscriptError if it is gone or changed."""
    t = data.get("transcript")
    if not isinstance(t, dict):
        return None
    path, sha, shift = t.get("path"), t.get("sha256"), t.get("shift_seconds", 0.0)
    if not isinstance(path, str) or not path or not isinstance(sha, str):
        raise TranscriptError(session_path, "[transcript] needs a path and a sha256")
    if not _is_shift(shift):
        raise TranscriptError(
            session_path,
            "[transcript].shift_seconds must be a number of seconds (at most a day either way)",
        )
    where = Path(session_path).parent / path
    import hashlib

    from prompter.transcript.read import read_bytes

    # Checked before it is parsed: a session file cannot make us read another file.
    if hashlib.sha256(read_bytes(where)).hexdigest() != sha.lower():
        raise TranscriptError(
            where, "has changed since it was attached (sha256 differs); attach it again"
        )
    form = t.get("format") if t.get("format") in FORMATS else None
    return read_transcript(where, form), float(shift)


def find_transcript(record, transcripts_dir) -> Path | None:
    """A transcript in `transcripts_dir` for a session: its file name (without suffix) is
    the session id, or starts with it, or is the participant id, or starts with it and
    a separator (`P07 transcript.vtt`). The best kind of match wins; two equally good
    matches are refused (TranscriptError)."""
    folder = Path(transcripts_dir)
    try:
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        )
    except OSError as e:
        raise TranscriptError(folder, f"cannot list the folder: {e.strerror or e}") from None
    sid = record.id.casefold()
    who = record.participant.casefold()

    def after(stem: str, prefix: str) -> str | None:
        """What follows `prefix` and a separator in `stem` (None if it does not start so)."""
        if stem.startswith(prefix) and stem[len(prefix) : len(prefix) + 1] in ("", *"._- "):
            return stem[len(prefix) + 1 :]
        return None

    ranks = [
        lambda stem: stem == sid,
        lambda stem: after(stem, sid) is not None,
        lambda stem: stem == who,
        # Not another session of the same participant (P07_2026-12-01_1000.vtt).
        lambda stem: after(stem, who) is not None and not _SESSION_STAMP.match(after(stem, who)),
    ]
    for rank in ranks:
        found = [p for p in files if rank(p.stem.casefold())]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(p.name for p in found[:3])
            raise TranscriptError(folder, f"several transcripts match {record.id}: {names}")
    return None

"""Reading a transcript file safely, whatever it is: regular files only, never waited
on, bounded in size, text decoded strictly; then the reader for its form."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from prompter.transcript.model import Reading, Transcript, TranscriptError

# A two-hour call's transcript is well under a megabyte; this refuses runaway input.
MAX_BYTES = 32 * 1024 * 1024
FORMATS = ("vtt", "srt", "sbv", "docx", "text")
SUFFIXES = {
    ".vtt": "vtt",
    ".srt": "srt",
    ".sbv": "sbv",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
}


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes; TranscriptError for a folder, a FIFO, a device, a huge file."""
    from prompter import files

    try:
        return files.read_regular(path, MAX_BYTES)
    except files.NotReadable as e:
        raise TranscriptError(
            path,
            {
                files.MISSING: "no such file",
                files.FOLDER: "is a folder, not a transcript",
                files.SPECIAL: "not a regular file; not a transcript",
                files.DENIED: "permission denied",
                files.TOO_LARGE: f"larger than {MAX_BYTES // 2**20} MiB; not a transcript",
            }.get(e.kind)
            or f"cannot read: {e.error.strerror or e.error}",
        ) from None


def decode_text(raw: bytes, path) -> str:
    """UTF-8 (or UTF-16 with its byte order mark) text, new lines as '\\n'."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptError(path, "not a text file (bad UTF-16)") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            raise TranscriptError(path, "not a text file (not UTF-8)", line) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise TranscriptError(path, "not a text file (binary data)", text.count("\n", 0, nul) + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff(raw: bytes, path) -> str:
    """The form of a transcript: from its name, else from its first bytes."""
    by_name = SUFFIXES.get(Path(path).suffix.lower())
    if by_name:
        return by_name
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    head = raw[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"WEBVTT"):
        return "vtt"
    if head[:1].isdigit() and b"-->" in raw[:256]:
        return "srt"
    from prompter.transcript.forms.sbv import FIRST_LINE

    if FIRST_LINE.match(head.split(b"\n", 1)[0]):
        return "sbv"
    return "text"


def read_transcript(path: str | os.PathLike, form: str | None = None) -> Transcript:
    """Read a transcript (form: vtt, srt, sbv, docx or text; by default from its name and
    content). TranscriptError, naming the file and the line, for anything unusable.
    Cues that cannot be taken are left out and counted (`Transcript.skipped`), as are
    the transcription tool's own lines (`Transcript.dropped`)."""
    raw = read_bytes(path)
    form = form or sniff(raw, path)
    reading = Reading()
    if form == "docx":
        from prompter.transcript.forms.docx import read_docx

        cues = read_docx(raw, path, reading)
    else:
        text = decode_text(raw, path)
        if form == "vtt":
            from prompter.transcript.forms.vtt import read_vtt

            cues = read_vtt(text, path, reading)
        elif form == "srt":
            from prompter.transcript.forms.srt import read_srt

            cues = read_srt(text, path, reading)
        elif form == "sbv":
            from prompter.transcript.forms.sbv import read_sbv

            cues = read_sbv(text, path, reading)
        else:
            from prompter.transcript.forms.plain import read_plain

            cues = read_plain(text, path, reading)
    _enough(cues, reading, path, form)
    return Transcript(
        str(path), form, cues, hashlib.sha256(raw).hexdigest(), reading.skipped, reading.dropped
    )


def _enough(cues: list, reading: Reading, path, form: str) -> None:
    """Refuse a transcript with no cues, or more cues that cannot be taken than can: a
    file mostly broken is no transcript to cut at the questions."""
    skipped = reading.skipped
    if skipped and len(skipped) > len(cues):
        first = skipped[0]
        what = (
            "no cue could be read"
            if not cues
            else f"more cues cannot be read ({len(skipped)}) than can ({len(cues)})"
        )
        raise TranscriptError(path, f"{what}; the first: {first.reason}", first.line, first.where)
    if not cues:
        raise TranscriptError(path, f"no cues found (read as {form})")

"""Microsoft Teams transcripts saved as .docx: after a title, a date and a duration,
each turn is a line "Speaker Name   0:03" (two or more spaces, then m:ss or h:mm:ss)
followed by what was said; Rev's "Speaker Name (00:03):" is read too. The older Teams
layout, "0:0:3.12 --> 0:0:8.4", then the speaker's name, then the text, is read too.
A turn ends where the next begins. A turn whose time cannot be taken is left out and
counted, and so are Teams' own lines ("Ana Díaz stopped transcription")."""

from __future__ import annotations

import io
import re
import zipfile

from prompter.transcript.forms.blocks import is_tool_line
from prompter.transcript.forms.plain import REV
from prompter.transcript.model import Cue, Reading, TranscriptError
from prompter.transcript.times import parse_clock

# Inside the zip (checked from its directory before anything is inflated): far more than
# any transcript, whose text part is a few MiB even for a day of calls.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_DOCUMENT_XML = 32 * 1024 * 1024
HEADER = re.compile(r"^(?P<speaker>\S.*?)(?:\s{2,}|\t)(?P<time>\d{1,4}:\d{1,2}(?::\d{1,2})?)\s*$")
OLD_TIMING = re.compile(r"^\s*(\d+:\d+:\d+(?:\.\d+)?)\s*-->\s*(\d+:\d+:\d+(?:\.\d+)?)\s*$")


def _lines(raw: bytes, path) -> list[tuple[int, str]]:
    """(paragraph number, line) of the document's text, soft line breaks splitting lines."""
    from prompter import archive

    try:
        archive.check(raw, archive.Bounds(MAX_UNPACKED, MAX_DOCUMENT_XML), "word/document.xml")
    except archive.Refused as e:
        raise TranscriptError(
            path,
            {
                archive.NOT_ZIP: "not a .docx file (not a zip archive)",
                archive.DAMAGED: "not a .docx file (not a zip archive)",
                archive.TOO_LARGE: "a .docx that unpacks to more than 256 MiB; refused",
                archive.BOMB: f"a .docx with a part that would inflate {e.ratio:,} times "
                "(a zip bomb?); refused",
                archive.PART_TOO_LARGE: "a .docx whose text is larger than "
                f"{MAX_DOCUMENT_XML // 2**20} MiB; refused",
                archive.NO_PART: "not a Word document (no word/document.xml)",
                archive.ENCRYPTED: "an encrypted Word document; save it without a password",
            }.get(e.kind, f"not a Word document ({e.kind})"),
        ) from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs = [p.text for p in document.paragraphs]
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise TranscriptError(path, f"not a Word document ({type(e).__name__})") from None
    except Exception as e:  # lxml's and python-docx's own errors: one line, never a traceback
        raise TranscriptError(path, f"not a readable Word document ({type(e).__name__})") from None
    return [
        (n, line.strip())
        for n, text in enumerate(paragraphs, 1)
        for line in text.split("\n")
        if line.strip()
    ]


def _seconds(text: str, path, n: int) -> float:
    return parse_clock(text, path, n, fraction=False, where="paragraph")


def read_docx(raw: bytes, path, reading: Reading) -> list[Cue]:
    lines = [(n, line) for n, line in _lines(raw, path) if not _tool_line(n, line, reading)]
    if any(OLD_TIMING.match(line) for _, line in lines):
        return _old_layout(lines, path, reading)
    turns: list[list] = []  # [start, speaker, texts, paragraph, stamp]
    taking = True  # False on the lines of a turn left out
    for n, line in lines:
        m = HEADER.match(line) or REV.match(line)
        if m is None:
            if turns and taking:
                turns[-1][2].append(line)
            continue  # lines before the first turn: the title, the date, the duration
        taking = False
        try:
            start = _seconds(m.group("time"), path, n)
        except TranscriptError as e:
            reading.skip(n, e.reason, "paragraph")
            continue
        if turns and start < turns[-1][0]:
            reading.skip(
                n,
                f"time goes back ({m.group('time')} after {turns[-1][4]} in paragraph "
                f"{turns[-1][3]})",
                "paragraph",
            )
            continue
        speaker = m.group("speaker" if m.re is HEADER else "rest").strip()
        body = m.group("body") if m.re is REV else None
        turns.append([start, speaker, [body.strip()] if body else [], n, m.group("time")])
        taking = True
    if not turns and not reading.skipped:
        raise TranscriptError(
            path,
            "no turns found (expected lines such as 'Speaker Name   0:03' followed by the text)",
        )
    return [
        Cue(start, turns[i + 1][0] if i + 1 < len(turns) else start, speaker, " ".join(texts), n)
        for i, (start, speaker, texts, n, _) in enumerate(turns)
    ]


def _tool_line(n: int, line: str, reading: Reading) -> bool:
    """True (and counted) for a line of the tool's own: Teams' "… stopped transcription"."""
    if is_tool_line(line):
        reading.drop(n, line, "paragraph")
        return True
    return False


def _old_layout(lines: list[tuple[int, str]], path, reading: Reading) -> list[Cue]:
    cues: list[Cue] = []
    i = 0
    while i < len(lines):
        n, line = lines[i]
        m = OLD_TIMING.match(line)
        i += 1
        if not m:
            continue
        body = []
        while i < len(lines) and not OLD_TIMING.match(lines[i][1]):
            body.append(lines[i][1])
            i += 1
        try:
            start = parse_clock(m.group(1), path, n, fraction=False, where="paragraph")
            end = parse_clock(m.group(2), path, n, fraction=False, where="paragraph")
        except TranscriptError as e:
            reading.skip(n, e.reason, "paragraph")
            continue
        if end < start:
            reading.skip(n, "cue ends before it starts", "paragraph")
            continue
        if cues and start < cues[-1].start:
            reading.skip(
                n, f"starts before the cue before it (paragraph {cues[-1].line})", "paragraph"
            )
            continue
        speaker = body.pop(0) if len(body) > 1 else ""
        cues.append(Cue(start, end, speaker, " ".join(body), n))
    return cues

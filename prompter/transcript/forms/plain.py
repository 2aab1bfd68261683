"""Plain text with time stamps, as note-takers and transcription services write it:

    [00:01:02] Ana: text...          (a stamp in brackets, m:ss or h:mm:ss, then the turn)
    00:01:02 Ana Díaz                 (a stamp h:mm:ss and a name, the text on the lines after)
    Ana Díaz  1:02                    (a name, two spaces and a stamp: Otter's layout)

Lines without a stamp continue the turn before; lines before the first stamp (a title)
are left out. A turn ends where the next begins; the last has no length.
"""

from __future__ import annotations

import re

from prompter.transcript.model import Cue, TranscriptError
from prompter.transcript.times import parse_clock, split_speaker

_T = r"\d{1,4}:\d{1,4}(?::\d{1,2})?(?:[.,]\d{1,3})?"
BRACKET = re.compile(rf"^\[(?P<time>{_T})\]\s*(?P<rest>.*)$")
_HMS = r"\d{1,4}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
LEADING = re.compile(rf"^(?P<time>{_HMS})(?:\s+(?P<rest>.*))?$")
TRAILING = re.compile(rf"^(?P<rest>\S.*?)(?:\s{{2,}}|\t)(?P<time>{_T})\s*$")
# Something that means to be a stamp but is not a good one: refused with its line.
LOOKS_STAMPED = re.compile(r"^\[\s*[\d:.,]+\s*\]|^\d{1,4}:\d{1,2}:\d{1,2}\b")


def read_plain(text: str, path) -> list[Cue]:
    turns: list[list] = []  # [start, speaker, texts, line, name_needs_text]
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        m = BRACKET.match(line) or LEADING.match(line) or TRAILING.match(line)
        if m is None and LOOKS_STAMPED.match(line):
            raise TranscriptError(path, f"bad time stamp in '{line[:40]}'", n)
        if m is None:
            if turns:
                turns[-1][2].append(line)
            continue
        start = parse_clock(m.group("time"), path, n, fraction=False)
        if turns and start < turns[-1][0]:
            raise TranscriptError(
                path, f"time goes back ({m.group('time')} after an earlier stamp)", n
            )
        rest = (m.group("rest") or "").strip()
        if m.re is BRACKET:
            speaker, body = split_speaker(rest)
            turns.append([start, speaker, [body] if body else [], n, False])
        elif m.re is TRAILING:
            turns.append([start, rest, [], n, False])
        else:
            speaker, body = split_speaker(rest)
            if body and speaker:
                turns.append([start, speaker, [body], n, False])
            else:  # "00:01:02 Ana Díaz": a name if text follows, else the text itself
                turns.append([start, rest, [], n, True])
    if not turns:
        raise TranscriptError(
            path,
            "no time stamps found (expected [00:01:02] or 00:01:02 Speaker at the start of lines)",
        )
    cues = []
    for i, (start, speaker, texts, n, name_needs_text) in enumerate(turns):
        if name_needs_text and not texts:
            speaker, texts = "", [speaker] if speaker else []
        end = turns[i + 1][0] if i + 1 < len(turns) else start
        cues.append(Cue(start, end, speaker, " ".join(texts), n))
    return cues

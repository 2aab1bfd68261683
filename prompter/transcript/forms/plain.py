"""Plain text with time stamps, as note-takers and transcription services write it:

    [00:01:02] Ana: text...          (a stamp in brackets, m:ss or h:mm:ss, then the turn)
    00:01:02 Ana Díaz                 (a stamp h:mm:ss and a name, the text on the lines after)
    Ana Díaz  1:02                    (a name, two spaces and a stamp: Otter's layout)
    1:02                              (a stamp alone: Otter's, without speakers)
    Ana Díaz (01:02):                 (a name, the stamp in brackets, a colon: Rev's layout)

Lines without a stamp continue the turn before; lines before the first stamp (a title)
are left out. A turn ends where the next begins; the last has no length. A turn whose
stamp cannot be taken (a bad stamp, a time that goes back) is left out with its lines
and counted; so are the transcription tool's own lines ("Transcribed by …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prompter.transcript.forms.blocks import is_tool_line
from prompter.transcript.model import Cue, Reading, TranscriptError
from prompter.transcript.times import parse_clock, split_speaker

_T = r"\d{1,4}:\d{1,4}(?::\d{1,2})?(?:[.,]\d{1,3})?"
BRACKET = re.compile(rf"^\[(?P<time>{_T})\]\s*(?P<rest>.*)$")
_HMS = r"\d{1,4}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
LEADING = re.compile(rf"^(?P<time>{_HMS})(?:\s+(?P<rest>.*))?$")
TRAILING = re.compile(rf"^(?P<rest>\S.*?)(?:\s{{2,}}|\t)(?P<time>{_T})\s*$")
BARE = re.compile(r"^(?P<time>\d{1,4}:\d{1,2})(?P<rest>)$")
# Rev: "Speaker 1 (00:01):" or "Ana Díaz (01:02:03):", the text after it or on the
# lines after. The name has no brackets, so that "(laughs)" never starts a turn.
REV = re.compile(rf"^(?P<rest>[^\s()][^()]{{0,79}}?)\s+\((?P<time>{_T})\):(?:\s+(?P<body>.*))?$")
# Something that means to be a stamp but is not a good one: left out with its line.
# ("[laughs]" and "[inaudible 00:01:02]" do not: a stamp starts with its digits).
LOOKS_STAMPED = re.compile(
    r"^\[\s*\d{1,4}:[^\]\s]{0,12}\s*\]|^\d{1,4}:\d{1,2}:\d{1,2}\b"
    r"|^[^\s()][^()]{0,79}?\s+\(\d{1,4}:[^)\s]{0,12}\):"
)


@dataclass
class _Turn:
    start: float
    stamp: str
    line: int
    speaker: str
    texts: list[str] = field(default_factory=list)
    name_needs_text: bool = False  # "00:01:02 Ana Díaz": a name if text follows


def _turn(m: re.Match, start: float, n: int) -> _Turn:
    rest = (m.group("rest") or "").strip()
    if m.re in (TRAILING, BARE):
        return _Turn(start, m.group("time"), n, rest)
    if m.re is REV:
        body = (m.group("body") or "").strip()
        return _Turn(start, m.group("time"), n, rest, [body] if body else [])
    speaker, body = split_speaker(rest)
    if m.re is BRACKET or (body and speaker):
        return _Turn(start, m.group("time"), n, speaker, [body] if body else [])
    return _Turn(start, m.group("time"), n, rest, [], True)


def stamped(line: str) -> re.Match | None:
    """The stamp that starts a turn on this line, in whichever layout, or None."""
    for layout in (BRACKET, LEADING, TRAILING, BARE, REV):
        m = layout.match(line)
        if m:
            return m
    return None


def read_plain(text: str, path, reading: Reading) -> list[Cue]:
    turns: list[_Turn] = []
    taking = True  # False on the lines of a turn left out
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if is_tool_line(line):
            reading.drop(n, line)
            continue
        m = stamped(line)
        if m is None and LOOKS_STAMPED.match(line):
            reading.skip(n, f"bad time stamp in '{line[:40]}'")
            taking = False
            continue
        if m is None:
            if turns and taking:
                turns[-1].texts.append(line)
            continue
        try:
            start = parse_clock(m.group("time"), path, n, fraction=False)
        except TranscriptError as e:
            reading.skip(n, e.reason)
            taking = False
            continue
        if turns and start < turns[-1].start:
            before = turns[-1]
            reading.skip(
                n, f"time goes back ({m.group('time')} after {before.stamp} at line {before.line})"
            )
            taking = False
            continue
        turns.append(_turn(m, start, n))
        taking = True
    if not turns and not reading.skipped:
        raise TranscriptError(
            path,
            "no time stamps found (expected [00:01:02] or 00:01:02 Speaker at the start of lines)",
        )
    cues = []
    for i, t in enumerate(turns):
        if t.name_needs_text and not t.texts:
            t.speaker, t.texts = "", [t.speaker] if t.speaker else []
        end = turns[i + 1].start if i + 1 < len(turns) else t.start
        cues.append(Cue(t.start, end, t.speaker, " ".join(t.texts), t.line))
    return cues

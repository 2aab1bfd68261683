"""Time stamps as transcripts write them, checked strictly: a bad one names its line."""

from __future__ import annotations

import re

from prompter.transcript.model import TranscriptError

# h:mm:ss.mmm (WebVTT), hh:mm:ss,mmm (SRT), mm:ss.mmm; the fraction is optional where
# `fraction` is False (plain text, Teams: 0:03, 1:02:03).
_CLOCK = re.compile(r"(?:(\d{1,4}):)?(\d{1,4}):(\d{1,2})(?:[.,](\d{1,3}))?\Z")


def parse_clock(text: str, path, line: int, *, fraction: bool = True, where: str = "line") -> float:
    """Seconds of a time stamp; TranscriptError naming `path` and `line` if it is not one."""
    m = _CLOCK.match(text.strip())
    if not m or (fraction and m.group(4) is None):
        raise TranscriptError(path, f"bad time stamp '{text.strip()[:40]}'", line, where)
    hours, minutes, seconds, frac = m.groups()
    # Minutes go past 59 only without hours (75:03 is 75 minutes in some tools).
    if (hours is not None and int(minutes) > 59) or int(seconds) > 59:
        raise TranscriptError(
            path,
            f"bad time stamp '{text.strip()[:40]}' (minutes and seconds go up to 59)",
            line,
            where,
        )
    ms = int((frac or "0").ljust(3, "0"))
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) + ms / 1000


ARROW = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")


def parse_timing(text: str, path, line: int) -> tuple[float, float]:
    """(start, end) of a cue timing line `START --> END [settings]`; end before start is refused."""
    m = ARROW.match(text)
    if not m:
        raise TranscriptError(path, "bad cue timing (expected START --> END)", line)
    start = parse_clock(m.group(1), path, line)
    end = parse_clock(m.group(2), path, line)
    if end < start:
        raise TranscriptError(
            path, f"cue ends before it starts ({m.group(2)} < {m.group(1)})", line
        )
    return start, end


_SPEAKER = re.compile(r"^([^\s:<>\[\]\d][^:<>\[\]\n]{0,39}?):\s+(\S.*)\Z", re.DOTALL)


def split_speaker(text: str) -> tuple[str, str]:
    """'Ana Díaz: well...' -> ('Ana Díaz', 'well...'); text without a name -> ('', text)."""
    m = _SPEAKER.match(text)
    if m and len(m.group(1).split()) <= 5:
        return m.group(1).strip(), m.group(2).strip()
    return "", text.strip()

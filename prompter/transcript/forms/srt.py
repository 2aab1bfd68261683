"""SubRip (.srt): parsed with the `srt` library, after a check of every cue timing of
ours (it accepts 75 seconds and ends before starts); `Name: ` starts a speaker's text."""

from __future__ import annotations

import re

from prompter.transcript.model import Cue, TranscriptError
from prompter.transcript.times import parse_timing, split_speaker

_TAGS = re.compile(r"</?(?:i|b|u|font)\b[^>]*>", re.IGNORECASE)


def read_srt(text: str, path) -> list[Cue]:
    import srt

    timings = [
        (n, *parse_timing(line, path, n))
        for n, line in enumerate(text.split("\n"), 1)
        if "-->" in line
    ]
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as e:
        line = text.count("\n", 0, e.expected_start) + 1
        raise TranscriptError(
            path, "not an SRT cue (expected a number, then START --> END)", line
        ) from None
    if len(subs) != len(timings):
        raise TranscriptError(
            path, "cue blocks that SRT does not allow (a cue timing inside a cue's text?)"
        )
    cues = []
    for (line, start, end), sub in zip(timings, subs, strict=True):
        speaker, body = split_speaker(_TAGS.sub("", sub.content))
        cues.append(Cue(start, end, speaker, body, line))
    return cues

"""SubRip (.srt): parsed with the `srt` library, after a check of every cue of ours (it
accepts 75 seconds and ends before starts, and glues a block without a time line onto
the cue before): a cue that cannot be taken is left out and counted with its line.
`Name: ` starts a speaker's text."""

from __future__ import annotations

import re

from prompter.transcript.forms.blocks import Block, speech, take_blocks, time_line
from prompter.transcript.model import Cue, Reading, TranscriptError
from prompter.transcript.times import parse_timing, split_speaker

_TAGS = re.compile(r"</?(?:i|b|u|font)\b[^>]*>", re.IGNORECASE)


def read_srt(text: str, path, reading: Reading) -> list[Cue]:
    import srt

    def timing(block: Block) -> tuple[int, float, float]:
        first, rows = block
        at = time_line(block, path)
        if at == 1 and not rows[0].strip().isdigit():
            raise TranscriptError(
                path, "not an SRT cue (expected a number, then START --> END)", first
            )
        return at, *parse_timing(rows[at], path, first + at)

    lines = text.split("\n")
    timings = take_blocks(lines, path, reading, timing)
    kept = "\n".join(lines)
    try:
        subs = list(srt.parse(kept))
    except srt.SRTParseError as e:
        line = kept.count("\n", 0, e.expected_start) + 1
        raise TranscriptError(
            path, "not an SRT cue (expected a number, then START --> END)", line
        ) from None
    if len(subs) != len(timings):
        raise TranscriptError(
            path, "cue blocks that SRT does not allow (a cue timing inside a cue's text?)"
        )
    cues = []
    for (line, start, end), sub in zip(timings, subs, strict=True):
        said = speech(_TAGS.sub("", sub.content), line + 1, reading)
        if said is not None:
            cues.append(Cue(start, end, *split_speaker(said), line))
    return cues

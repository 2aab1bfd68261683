"""YouTube's SubViewer (.sbv): blocks of a time line `0:00:01.000,0:00:03.500` and the
text, a blank line between. Speakers from `Name: ` at the start of the text, after
YouTube's `>>` mark of a new speaker.

Read here rather than by webvtt-py's SubViewer reader: that drops a block whose time
line is missing or broken, and one without text, without a word, and takes `0:61:00`
and a cue that ends before it starts; every check would be ours, and what is left is
a few lines."""

from __future__ import annotations

import re

from prompter.transcript.forms.blocks import Block, speech, take_blocks
from prompter.transcript.model import Cue, Reading, TranscriptError
from prompter.transcript.times import parse_clock, split_speaker

TIMING = re.compile(r"^\s*(\d[^,\s]*),(\d[^,\s]*)\s*$")
# What the form is known by, for a file of another name: its first line.
FIRST_LINE = re.compile(rb"^\s*\d{1,2}:\d{2}:\d{2}\.\d{3},\d{1,2}:\d{2}:\d{2}\.\d{3}\s*$")
_NEW_SPEAKER = re.compile(r"^\s*(?:>>|&gt;&gt;)\s*")


def read_sbv(text: str, path, reading: Reading) -> list[Cue]:
    def timing(block: Block) -> tuple[int, float, float]:
        first, rows = block
        m = TIMING.match(rows[0])
        if m is None:
            raise TranscriptError(
                path,
                "no time line (START,END such as 0:00:01.000,0:00:03.500) before the text",
                first,
            )
        start = parse_clock(m.group(1), path, first)
        end = parse_clock(m.group(2), path, first)
        if end < start:
            raise TranscriptError(
                path, f"cue ends before it starts ({m.group(2)} < {m.group(1)})", first
            )
        return 0, start, end

    lines = text.split("\n")
    cues = []
    for line, start, end in take_blocks(lines, path, reading, timing):
        rows = []
        for row in lines[line:]:  # the text: the block's lines after its time line
            if not row.strip():
                break
            rows.append(row)
        said = speech("\n".join(rows), line + 1, reading)
        if said is not None:
            speaker, said = split_speaker(_NEW_SPEAKER.sub("", said))
            cues.append(Cue(start, end, speaker, said, line))
    return cues

"""WebVTT (Zoom, Teams, Otter, most recorders): parsed with webvtt-py, after a check of
every cue timing of ours, so that a cue that cannot be taken (no time line, a bad or
backwards time, a start before the cue before it) is left out and counted with its
line (webvtt-py alone drops a block without a time line without a word). Speakers come
from voice spans (`<v Ana Díaz>`) or from a `Name: ` at the start of the text."""

from __future__ import annotations

import html

from prompter.transcript.forms.blocks import Block, speech, take_blocks, time_line
from prompter.transcript.model import Cue, Reading, TranscriptError
from prompter.transcript.times import parse_timing, split_speaker


def read_vtt(text: str, path, reading: Reading) -> list[Cue]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise TranscriptError(path, "not a WebVTT file (the first line must be WEBVTT)", 1)

    def not_a_cue(block: Block) -> bool:
        """The header (WEBVTT and its lines), NOTE, STYLE and REGION blocks."""
        first, rows = block
        return first == 1 or (
            rows[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in rows[0]
        )

    def timing(block: Block) -> tuple[int, float, float]:
        first, rows = block
        at = time_line(block, path)  # after an id, or first
        return at, *parse_timing(rows[at], path, first + at)

    timings = take_blocks(lines, path, reading, timing, not_a_cue)
    try:
        captions = webvtt.from_string("\n".join(lines)).captions
    except (MalformedFileError, MalformedCaptionError) as e:
        raise TranscriptError(path, f"not a WebVTT file the reader understands: {e}") from None
    if len(captions) != len(timings):
        raise TranscriptError(
            path, "cue blocks that WebVTT does not allow (a cue timing inside a cue's text?)"
        )
    cues = []
    for (line, start, end), cap in zip(timings, captions, strict=True):
        said = speech(html.unescape(cap.text), line + 1, reading)
        if said is None:
            continue
        speaker, said = cap.voice or "", said.strip()
        if not speaker:
            speaker, said = split_speaker(said)
        cues.append(Cue(start, end, html.unescape(speaker).strip(), said, line))
    return cues

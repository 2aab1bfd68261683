"""WebVTT (Zoom, Teams, Otter, most recorders): parsed with webvtt-py, after a check of
every cue timing of ours, so that a bad one is reported with its line. Speakers come
from voice spans (`<v Ana Díaz>`) or from a `Name: ` at the start of the text."""

from __future__ import annotations

import html

from prompter.transcript.model import Cue, TranscriptError
from prompter.transcript.times import parse_timing, split_speaker


def _timing_lines(text: str, path) -> list[tuple[int, float, float]]:
    """(line, start, end) of every cue, checked strictly, in file order."""
    out = []
    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise TranscriptError(path, "not a WebVTT file (the first line must be WEBVTT)", 1)
    skip = True  # the header block, then NOTE, STYLE and REGION blocks
    for n, line in enumerate(lines, 1):
        if not line.strip():
            skip = False
            continue
        if not skip and line.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in line:
            skip = True
        if not skip and "-->" in line:
            start, end = parse_timing(line, path, n)
            out.append((n, start, end))
    return out


def read_vtt(text: str, path) -> list[Cue]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    timings = _timing_lines(text, path)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as e:
        raise TranscriptError(path, f"not a WebVTT file the reader understands: {e}") from None
    if len(captions) != len(timings):
        raise TranscriptError(
            path, "cue blocks that WebVTT does not allow (a cue timing inside a cue's text?)"
        )
    cues = []
    for (line, start, end), cap in zip(timings, captions, strict=True):
        body = html.unescape(cap.text).strip()
        speaker = cap.voice or ""
        if not speaker:
            speaker, body = split_speaker(body)
        cues.append(Cue(start, end, html.unescape(speaker).strip(), body, line))
    return cues

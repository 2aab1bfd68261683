"""What the subtitle readers (WebVTT, SRT, SubViewer) share: a file in blocks of lines
(cues between blank lines), each checked on its own, so that a cue that cannot be taken
is left out and counted with its line rather than refusing the file or vanishing; and
the lines transcription tools write about themselves, which are not speech."""

from __future__ import annotations

import re
from collections.abc import Callable

from prompter.transcript.model import Reading, TranscriptError

Block = tuple[int, list[str]]  # (number of its first line, its lines)


def blocks(lines: list[str]) -> list[Block]:
    """Every run of non-blank lines, with the number of its first line."""
    out: list[Block] = []
    current: list[str] = []
    first = 0
    for n, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                first = n
            current.append(line)
        elif current:
            out.append((first, current))
            current = []
    if current:
        out.append((first, current))
    return out


def time_line(block: Block, path) -> int:
    """Which of a cue block's first two lines is its time line (START --> END): the
    first, or the second after a number or id; TranscriptError if neither."""
    first, rows = block
    at = next((i for i, row in enumerate(rows[:2]) if "-->" in row), None)
    if at is None:
        raise TranscriptError(path, "no time line (START --> END) before the text", first)
    return at


def take_blocks(
    lines: list[str],
    path,
    reading: Reading,
    timing: Callable[[Block], tuple[int, float, float]],
    ignore: Callable[[Block], bool] = lambda block: False,
) -> list[tuple[int, float, float]]:
    """(line of its time, start, end) of every block that can be taken, in file order.

    `timing(block)` gives (index of its time line, start, end) or raises TranscriptError
    with the line. A block that cannot be taken, or starts before the cue before it, is
    counted in `reading` and blanked in `lines`, so that a library parsing `lines`
    afterwards never sees it and every line keeps its number. `ignore`: blocks that
    are not cues (a header, a NOTE)."""
    kept: list[tuple[int, float, float]] = []
    for block in blocks(lines):
        first, rows = block
        if ignore(block):
            continue
        try:
            at, start, end = timing(block)
            if kept and start < kept[-1][1]:
                raise TranscriptError(
                    path, f"starts before the cue before it (line {kept[-1][0]})", first + at
                )
        except TranscriptError as e:
            reading.skip(e.line or first, e.reason)
            lines[first - 1 : first - 1 + len(rows)] = [""] * len(rows)
            continue
        kept.append((first + at, start, end))
    return kept


# Otter's footer on the exports of its free plans.
_OTTER = re.compile(r"transcribed by (?:https?://)?(?:www\.)?otter\.ai/?", re.IGNORECASE)
_TEAMS = ("started transcription", "stopped transcription")  # the same length


def is_tool_line(line: str) -> bool:
    """True for a line a transcription tool wrote about itself: Otter's "Transcribed by
    https://otter.ai", Teams' "Ana Díaz started transcription" and "… stopped
    transcription" (a capitalised name of at most six words and nothing after it: a
    participant saying so would not be laid out so)."""
    text = " ".join(line.split())
    if _OTTER.fullmatch(text):
        return True
    if not text.endswith(_TEAMS):
        return False
    name = text[: -len(_TEAMS[0])].split()
    return 1 <= len(name) <= 6 and name[0][:1].isupper() and ":" not in text


def speech(text: str, line: int, reading: Reading) -> str | None:
    """A cue's text (its first line at `line` of the file) less the tool's own lines,
    each counted in `reading`; None where those were all it had."""
    parts = text.split("\n")
    said = []
    for i, part in enumerate(parts):
        if is_tool_line(part):
            reading.drop(line + i, part)
        else:
            said.append(part)
    if len(said) < len(parts) and not "".join(said).strip():
        return None
    return "\n".join(said)

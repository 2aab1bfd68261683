"""Chapters of a call's recording, one per question span, for media tools:
WebVTT chapters, an Audacity label track, an FFmpeg metadata file and a YouTube-style
list of time stamps (docs/transcripts.md, "Chapters"). Times are recording times
(prompter.session.timeline), never negative. With a transcript, a chapter is where its
question's speech is in the transcript as cut (the aligner, then review's corrections);
without, where the keys put the question. A chapter under 2 s (a question passed
through) goes to a neighbour; bookmarks become labels where the format has them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from prompter.session.timeline import Timeline, timeline_of
from prompter.text import one_line
from prompter.timefmt import clock
from prompter.transcript.attach import attached_shift

STYLES = ("vtt", "audacity", "ffmetadata", "youtube")
TITLE_CHARS = 60
YOUTUBE_MIN_SECONDS = 10  # YouTube ignores chapters shorter than this
# Shorter than this, a chapter is a question passed through on the way to another (a
# burst of keys): no one would jump to it, and players show it as clutter.
MIN_SECONDS = 2.0


@dataclass(frozen=True)
class Chapter:
    start: float  # recording seconds, never negative
    end: float
    title: str
    question: str = ""


def _touch(end: float, start: float) -> bool:
    return abs(start - end) < 1e-6


def merged(chapters: list[Chapter]) -> tuple[list[Chapter], list[Chapter]]:
    """(chapters, left out): a chapter shorter than MIN_SECONDS goes to the one before it
    where they touch, else to the one after (at the recording's start, or after the
    introduction); one that touches neither is left out, unless it is the only one. Two
    touching chapters of one question (a question passed through between them) become
    one."""
    out: list[Chapter] = []
    left_out: list[Chapter] = []
    waiting: Chapter | None = None  # a short chapter for the one after it
    for c in chapters:
        if waiting is not None:
            if _touch(waiting.end, c.start):
                c = replace(c, start=waiting.start)
            else:
                left_out.append(waiting)
            waiting = None
        joins = bool(out) and _touch(out[-1].end, c.start)
        if joins and (c.end - c.start < MIN_SECONDS or c.question == out[-1].question):
            out[-1] = replace(out[-1], end=c.end)
        elif c.end - c.start < MIN_SECONDS:
            waiting = c
        else:
            out.append(c)
    if waiting is not None:
        (left_out if out else out).append(waiting)
    return out, left_out


def short(text: str, n: int = TITLE_CHARS) -> str:
    text = one_line(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _chapter(question: str, start: float, end: float, texts: dict) -> Chapter:
    return Chapter(start, end, one_line(f"{question}: {short(texts.get(question, ''))}"), question)


def cut_spans(cues: list, labels: list, texts: dict) -> list[Chapter]:
    """A chapter per run of cues of one question in a transcript as cut (by the aligner,
    then review's corrections): from its first cue to where the next question's speech
    begins, or to its own last cue's end where speech of no question follows. Cue times
    are the recording file's own clock already."""
    out: list[Chapter] = []
    for i, (cue, label) in enumerate(zip(cues, labels, strict=True)):
        if label is None:
            continue
        if i and labels[i - 1] == label:
            out[-1] = replace(out[-1], end=max(out[-1].end, cue.end))
            continue
        if out:  # the run before ends where this begins (cues may overlap)
            end = cue.start if labels[i - 1] is not None else min(out[-1].end, cue.start)
            out[-1] = replace(out[-1], end=end)
        out.append(_chapter(label, max(0.0, cue.start), cue.end, texts))
    return [c for c in out if c.end > c.start]


def _chapters(data: dict, timeline: Timeline, cut: tuple[list, list] | None = None):
    """(chapters, bookmarks, chapters left out, bookmarks left out), in the recording
    file's own clock (an attached transcript's shift added). With `cut` (the cues of a
    transcript in order and each one's question or None), chapters follow the transcript
    as cut, not the keys."""
    texts = {q["id"]: q["text"] for q in data["questions"]}
    shift = attached_shift(data)
    if cut is not None:
        spans = cut_spans(*cut, texts)
    else:
        spans = []
        for span in timeline.spans:
            start, end = max(0.0, span.rec_start + shift), span.rec_end + shift
            if end > start:
                spans.append(_chapter(span.question, start, end, texts))
    chapters, left_out = merged(spans)
    marks = [
        Chapter(b.rec + shift, b.rec + shift, one_line(b.value) or "bookmark")
        for b in timeline.of_action("bookmark")
    ]
    early = [b for b in marks if b.start < 0]
    kept = sorted((b for b in marks if b.start >= 0), key=lambda b: b.start)
    return chapters, kept, left_out, early


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _vtt_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("-->", "→")


def to_vtt(chapters: list[Chapter], marks: list[Chapter]) -> str:
    out = ["WEBVTT", ""]
    for n, c in enumerate(chapters, 1):
        out += [str(n), f"{_vtt_time(c.start)} --> {_vtt_time(c.end)}", _vtt_text(c.title), ""]
    for b in marks:  # NOTE blocks: players ignore them, people and scripts can read them
        out += [f"NOTE bookmark {_vtt_time(b.start)} {_vtt_text(b.title)}", ""]
    return "\n".join(out)


def to_audacity(chapters: list[Chapter], marks: list[Chapter]) -> str:
    """Tab-separated labels: regions for the chapters, points for the bookmarks."""
    rows = sorted(chapters + marks, key=lambda c: (c.start, c.end))
    return "".join(f"{c.start:.6f}\t{c.end:.6f}\t{c.title.replace(chr(9), ' ')}\n" for c in rows)


def _ff_escape(text: str) -> str:
    for ch in "\\=;#\n":
        text = text.replace(ch, "\\" + ch)
    return text


def to_ffmetadata(chapters: list[Chapter], title: str) -> str:
    out = [";FFMETADATA1", f"title={_ff_escape(title)}", ""]
    for c in chapters:
        out += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(c.start * 1000)}",
            f"END={round(c.end * 1000)}",
            f"title={_ff_escape(c.title)}",
            "",
        ]
    return "\n".join(out)


def to_youtube(chapters: list[Chapter]) -> str:
    """'0:00 Title' lines: the first at 0:00, none shorter than YouTube allows (a short one
    is left to the chapter before it)."""
    kept: list[Chapter] = []
    for c in chapters:
        if kept and c.end - c.start < YOUTUBE_MIN_SECONDS:
            continue
        kept.append(c)
    return "".join(f"{clock(0 if n == 0 else c.start)} {c.title}\n" for n, c in enumerate(kept))


def render(data: dict, style: str, cut: tuple[list, list] | None = None) -> tuple[str, list[str]]:
    """The chapters file of one session (read with its events) and notes for the user;
    `cut`: see `_chapters`."""
    timeline = timeline_of(data)
    chapters, marks, left_out, early = _chapters(data, timeline, cut)
    notes = list(timeline.notes)
    if timeline.assumed_start and cut is None:
        notes.append(
            "no recording mark (r) in this session: chapters are timed from the session's start"
        )
    if left_out:
        n = len(left_out)
        where = ", ".join(f"{c.question} at {clock(c.start)}" for c in left_out[:3])
        notes.append(
            f"{n} chapter{'s' * (n != 1)} shorter than {MIN_SECONDS:g} s and next to no other "
            f"left out: {where}"
        )
    if early:
        n = len(early)
        notes.append(f"{n} bookmark{'s' * (n != 1)} made before the recording started left out")
    if style == "vtt":
        text = to_vtt(chapters, marks)
    elif style == "audacity":
        text = to_audacity(chapters, marks)
    elif style == "ffmetadata":
        text = to_ffmetadata(chapters, data["session"]["id"])
    else:
        text = to_youtube(chapters)
    return text, notes

"""Chapters of a call's recording, one per question span, for media tools:
WebVTT chapters, an Audacity label track, an FFmpeg metadata file and a YouTube-style
list of time stamps (docs/transcripts.md, "Chapters"). Times are recording times
(prompter.session.timeline); bookmarks become labels where the format has them."""

from __future__ import annotations

from dataclasses import dataclass

from prompter.session.timeline import Timeline, question_spans
from prompter.text import one_line
from prompter.timefmt import clock

STYLES = ("vtt", "audacity", "ffmetadata", "youtube")
TITLE_CHARS = 60
YOUTUBE_MIN_SECONDS = 10  # YouTube ignores chapters shorter than this


@dataclass(frozen=True)
class Chapter:
    start: float  # recording seconds, never negative
    end: float
    title: str


def short(text: str, n: int = TITLE_CHARS) -> str:
    text = one_line(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def timeline_of(data: dict) -> Timeline:
    """The timeline of a session file read with its events."""
    s = data["session"]
    return question_spans(
        data.get("events", []), s.get("recording_offset_seconds"), end=s["elapsed_seconds"]
    )


def chapters_of(data: dict, timeline: Timeline) -> tuple[list[Chapter], list[Chapter]]:
    """(chapters, bookmarks) of a session: spans that reach into the recording, cut at 0."""
    texts = {q["id"]: q["text"] for q in data["questions"]}
    chapters = []
    for span in timeline.spans:
        start, end = max(0.0, span.rec_start), span.rec_end
        if end > start:
            title = f"{span.question}: {short(texts.get(span.question, ''))}"
            chapters.append(Chapter(start, end, one_line(title)))
    marks = [
        Chapter(b.rec, b.rec, one_line(b.value) or "bookmark")
        for b in timeline.of_action("bookmark")
        if b.rec >= 0
    ]
    return chapters, sorted(marks, key=lambda b: b.start)


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


def render(data: dict, style: str) -> tuple[str, list[str]]:
    """The chapters file of one session (read with its events) and notes for the user."""
    timeline = timeline_of(data)
    chapters, marks = chapters_of(data, timeline)
    notes = list(timeline.notes)
    if timeline.assumed_start:
        notes.append(
            "no recording mark (r) in this session: chapters are timed from the session's start"
        )
    if style == "vtt":
        text = to_vtt(chapters, marks)
    elif style == "audacity":
        text = to_audacity(chapters, marks)
    elif style == "ffmetadata":
        text = to_ffmetadata(chapters, data["session"]["id"])
    else:
        text = to_youtube(chapters)
    return text, notes

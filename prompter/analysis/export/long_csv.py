"""The long CSV: one row per session and question, for pandas or R (RFC 4180).

The fixed columns (CSV_COLUMNS) come first, then one `extra_KEY` column per key
of the sessions' `[session.extra]` metadata (`prompter run -x KEY=VALUE`), in the
order first seen, empty for sessions without it."""

from __future__ import annotations

import csv
import io
import re

from prompter.analysis.read import SessionRecord
from prompter.guide.markup import plain
from prompter.text import LIST_SEP, SECTION_SEP
from prompter.timefmt import clock, hhmmss

CSV_COLUMNS = (
    "session_id",
    "participant",
    "interviewer",
    "started_at",
    "guide_title",
    "guide_version",
    "question_id",
    "section",
    "question_text",
    "codes",
    "priority",
    "status",
    "probes_used",
    "note",
    "first_marked_seconds",
    "seconds_on_question",
    "recording_time",
    "removed",
    "bookmarks",
    "state",
    "duration_seconds",
    "kind",
    "items_ticked",
)
# From the session's timeline and its transcript (attached or found), where there is one.
TIMELINE_COLUMNS = ("recording_start", "recording_end", "transcript")
EXTRA_PREFIX = "extra_"


def _num(v) -> str:
    """A number of seconds as written in the file ('' where there is none)."""
    if v is None:
        return ""
    return repr(float(v)) if isinstance(v, float) else str(v)


# A cell that begins with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets; notes, -x values and transcripts come from people, some of them third
# parties (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number or time (a recording time before the recording: -00:00:05) is a value,
# never a formula: it stays a number for the spreadsheet.
_SIGNED_VALUE = re.compile(r"[-+]\d+(?:[.:]\d+)*")


def neutral(cell):
    """`cell` as a spreadsheet shows it as text: OWASP's prefix, an apostrophe, before
    a cell that would be run as a formula; every other cell as it is."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        if not _SIGNED_VALUE.fullmatch(cell):
            return "'" + cell
    return cell


class _NeutralWriter:
    """A csv writer whose cells are never run as formulas (see `neutral`)."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutral(c) for c in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(buf, raw: bool = False):
    """RFC 4180; with `raw`, cells exactly as written (for pandas and R), else with the
    cells a spreadsheet would run as formulas neutralised (docs/analysis.md)."""
    writer = csv.writer(buf, lineterminator="\r\n")
    return writer if raw else _NeutralWriter(writer)


def extra_keys(sessions: list[SessionRecord]) -> list[str]:
    """The `[session.extra]` keys of `sessions`, each once, in the order first seen."""
    keys: dict[str, None] = {}
    for rec in sessions:
        keys.update(dict.fromkeys(rec.data["session"].get("extra") or {}))
    return list(keys)


def columns(extra: list[str]) -> list[str]:
    return [*CSV_COLUMNS, *TIMELINE_COLUMNS, *(EXTRA_PREFIX + k for k in extra)]


def spoken_text(cues) -> str:
    """Cues as text, one per line, each with its speaker."""
    return "\n".join(f"{c.speaker}: {c.text}" if c.speaker else c.text for c in cues)


def recording_clock(rec: SessionRecord, st=None):
    """Session seconds -> recording seconds of a session, or None where no recording time
    is known: by its recording mark; without one, from the session's start where a
    transcript was lined up with it (as `transcript attach` lines it up, and says so)."""
    from prompter.transcript.attach import attached_shift

    shift = attached_shift(rec.data)  # the recording file's own clock
    if rec.data["session"].get("recording_offset_seconds") is not None:
        clock = rec.recording_time
    elif st is not None:
        clock = st.timeline.recording_time
    else:
        return None
    return clock if not shift else (lambda s: None if clock(s) is None else clock(s) + shift)


def recording_cell(seconds: float | None) -> str:
    """hh:mm:ss into the recording; a moment before it started is at its start (00:00:00),
    never negative; '' where unknown."""
    return "" if seconds is None else hhmmss(max(0.0, seconds))


def early_moments(rec: SessionRecord, st=None) -> int:
    """How many first marks and bookmarks of a session came before its recording started
    (written as 00:00:00), for a note."""
    at = recording_clock(rec, st)
    if at is None:
        return 0
    moments = [q.get("first_marked_seconds") for q in rec.data["questions"]]
    moments += [b["at_seconds"] for b in rec.data.get("bookmarks", ())]
    return sum(1 for m in moments if m is not None and (at(m) or 0.0) < 0)


def timeline_cells(rec: SessionRecord, st=None) -> dict[str, list[str]]:
    """Question id -> [recording start, recording end, transcript] of a session: the
    times where the recording was marked or a transcript is given, the text with one.
    A stretch before the recording started is cut at 00:00:00, or left empty if it
    ended before."""
    from prompter.analysis.read import session_timeline
    from prompter.transcript.attach import attached_shift

    if st is None and rec.data["session"].get("recording_offset_seconds") is None:
        return {}
    timeline = st.timeline if st is not None else session_timeline(rec)
    shift = attached_shift(rec.data)  # the recording file's own clock, as recording_clock
    out: dict[str, list[str]] = {}
    for span in timeline.spans:
        cell = out.setdefault(span.question, ["", "", ""])
        if span.rec_end + shift > 0:
            cell[0] = cell[0] or recording_cell(span.rec_start + shift)
            cell[1] = recording_cell(span.rec_end + shift)
    if st is not None:
        for qid, cues in st.by_question.items():
            out.setdefault(qid, ["", "", ""])[2] = spoken_text(cues)
    return out


def _bookmarks(rec: SessionRecord, at=None) -> dict[str, str]:
    """Question id -> its bookmarks as 'hh:mm:ss label' in recording time (`at`: the
    session's recording clock), joined with LIST_SEP; as 'm:ss label' in session time
    where no recording time is known (the two forms are never confused)."""
    out: dict[str, list[str]] = {}
    for b in rec.data.get("bookmarks", ()):
        when = clock(b["at_seconds"]) if at is None else recording_cell(at(b["at_seconds"]))
        out.setdefault(b.get("question", ""), []).append(f"{when} {b.get('label', '')}".rstrip())
    return {k: LIST_SEP.join(v) for k, v in out.items()}


def csv_rows(sessions: list[SessionRecord], transcripts: dict | None = None):
    """The rows of `sessions`, the fixed columns (CSV_COLUMNS) only; `transcripts` as
    `to_csv`'s (a transcript gives a session without a mark its recording clock)."""
    for rec in sessions:
        at = recording_clock(rec, (transcripts or {}).get(id(rec)))
        s, g = rec.data["session"], rec.data["guide"]
        head = [
            s["id"],
            s["participant"],
            s.get("interviewer", ""),
            s["started_at"].isoformat(),
            g["title"],
            str(g.get("version", "")),
        ]
        tail = [s.get("state", ""), _num(s.get("elapsed_seconds"))]
        marks = _bookmarks(rec, at)
        for q in rec.data["questions"]:
            first = q.get("first_marked_seconds")
            yield (
                head
                + [
                    q["id"],
                    SECTION_SEP.join(q["section"]),
                    plain(q["text"]),
                    LIST_SEP.join(q.get("codes", ())),
                    q.get("priority", "core"),
                    q["status"],
                    LIST_SEP.join(q.get("probes_used", ())),
                    q.get("note", ""),
                    _num(first),
                    _num(q.get("seconds_on_question")),
                    recording_cell(at(first) if at and first is not None else None),
                    "true" if q.get("removed") else "",
                    marks.get(q["id"], ""),
                ]
                + tail
                + [q.get("kind", "question"), LIST_SEP.join(q.get("items_ticked", ()))]
            )


def to_csv(
    sessions: list[SessionRecord],
    *,
    header: bool = True,
    extra: list[str] | None = None,
    transcripts: dict | None = None,
    raw: bool = False,
) -> str:
    """Long format: one row per session and question, a header row first; `extra`:
    the extra keys to give columns (default: those of `sessions`); `transcripts`:
    {id(rec): prompter.analysis.read.SessionTranscript} of those that have one; `raw`:
    see `csv_writer`."""
    extra = extra_keys(sessions) if extra is None else extra
    buf = io.StringIO(newline="")
    w = csv_writer(buf, raw)
    if header:
        w.writerow(columns(extra))
    for rec in sessions:
        meta = rec.data["session"].get("extra") or {}
        extras = [str(meta.get(k, "")) for k in extra]
        timed = timeline_cells(rec, (transcripts or {}).get(id(rec)))
        rows = csv_rows([rec], transcripts)
        w.writerows(row + timed.get(row[6], ["", "", ""]) + extras for row in rows)
    return buf.getvalue()

"""The long CSV: one row per session and question, for pandas or R (RFC 4180)."""

from __future__ import annotations

import csv
import io

from prompter.analysis.read import SessionRecord
from prompter.text import LIST_SEP, SECTION_SEP
from prompter.timefmt import hhmmss

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
)


def _num(v) -> str:
    """A number of seconds as written in the file ('' where there is none)."""
    if v is None:
        return ""
    return repr(float(v)) if isinstance(v, float) else str(v)


def csv_writer(buf):
    return csv.writer(buf, lineterminator="\r\n")  # RFC 4180


def csv_rows(sessions: list[SessionRecord]):
    for rec in sessions:
        s, g = rec.data["session"], rec.data["guide"]
        head = [s["id"], s["participant"], s.get("interviewer", ""), s["started_at"].isoformat(),
                g["title"], str(g.get("version", ""))]
        for q in rec.data["questions"]:
            first = q.get("first_marked_seconds")
            yield head + [
                q["id"],
                SECTION_SEP.join(q["section"]),
                q["text"],
                LIST_SEP.join(q.get("codes", ())),
                q.get("priority", "core"),
                q["status"],
                LIST_SEP.join(q.get("probes_used", ())),
                q.get("note", ""),
                _num(first),
                _num(q.get("seconds_on_question")),
                hhmmss(rec.recording_time(first)),
            ]


def to_csv(sessions: list[SessionRecord], *, header: bool = True) -> str:
    """Long format: one row per session and question, a header row first."""
    buf = io.StringIO(newline="")
    w = csv_writer(buf)
    if header:
        w.writerow(CSV_COLUMNS)
    w.writerows(csv_rows(sessions))
    return buf.getvalue()

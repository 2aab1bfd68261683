"""`prompter export`: session files as a long CSV, a Framework Method matrix, or
Markdown write-ups (pure; no textual). The REFI-QDA codebook is in `qdc.py`.
"""

from __future__ import annotations

import csv
import io
import re

from prompter.analysis.read import SessionRecord, with_parents
from prompter.timefmt import clock, hhmmss

SECTION_SEP = " > "
LIST_SEP = ";"
PRESENT = ("asked", "probed", "covered")

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


def recording_seconds(rec: SessionRecord, at_seconds) -> float | None:
    """Session seconds as seconds into the recording, where the recording was marked."""
    offset = rec.data["session"].get("recording_offset_seconds")
    if offset is None or at_seconds is None:
        return None
    seconds = at_seconds - offset
    if not abs(seconds) < 1e12:  # absurd (a damaged file): no time rather than a crash
        return None
    return round(seconds * 1000) / 1000  # whole milliseconds, as the session core keeps them


def _writer(buf):
    return csv.writer(buf, lineterminator="\r\n")  # RFC 4180


# ---------------------------------------------------------------- long CSV


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
                hhmmss(recording_seconds(rec, first)),
            ]


def to_csv(sessions: list[SessionRecord], *, header: bool = True) -> str:
    """Long format: one row per session and question, a header row first."""
    buf = io.StringIO(newline="")
    w = _writer(buf)
    if header:
        w.writerow(CSV_COLUMNS)
    w.writerows(csv_rows(sessions))
    return buf.getvalue()


# ------------------------------------------------------------------ matrix


def natural_key(text: str):
    """'P2' before 'P10'."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.casefold())
            for t in re.split(r"(\d+)", text) if t]


def _merged(sessions: list[SessionRecord], items) -> list[str]:
    """Keys in the newest session's order, then keys seen only in older sessions."""
    order: dict[str, None] = {}
    for rec in reversed(sessions):
        for k in items(rec):
            order.setdefault(k, None)
    return list(order)


def code_columns(sessions: list[SessionRecord]) -> list[str]:
    def items(rec):
        yield from (c["path"] for c in rec.data.get("codes", ()) if isinstance(c.get("path"), str))
        for q in rec.data["questions"]:
            yield from with_parents(q.get("codes", ()))

    return _merged(sessions, items)


def question_columns(sessions: list[SessionRecord]) -> list[str]:
    return _merged(sessions, lambda rec: (q["id"] for q in rec.data["questions"]))


def matrix(sessions: list[SessionRecord], *, columns: str = "codes",
           presence: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a Framework Method matrix: one row per participant.

    By codes, a cell holds the notes of the participant's questions that carry the
    code or one of its sub-codes, each as '[question id] note', one per line; by
    questions, the notes of that question. With `presence`, a cell is 1 where such
    a question was asked, probed or covered, else 0.
    """
    if columns not in ("codes", "questions"):
        raise ValueError("columns must be 'codes' or 'questions'")
    keys = code_columns(sessions) if columns == "codes" else question_columns(sessions)
    by_participant: dict[str, list[SessionRecord]] = {}
    for rec in sessions:
        by_participant.setdefault(rec.participant, []).append(rec)
    rows = []
    for participant in sorted(by_participant, key=natural_key):
        cells: dict[str, list[str]] = {k: [] for k in keys}
        present: dict[str, bool] = dict.fromkeys(keys, False)
        for rec in by_participant[participant]:
            for q in rec.data["questions"]:
                targets = with_parents(q.get("codes", ())) if columns == "codes" else (q["id"],)
                note = q.get("note", "").strip()
                for k in targets:
                    if q["status"] in PRESENT:
                        present[k] = True
                    if note:
                        cells[k].append(f"[{q['id']}] {note}" if columns == "codes" else note)
        if presence:
            rows.append([participant] + ["1" if present[k] else "0" for k in keys])
        else:
            rows.append([participant] + ["\n".join(cells[k]) for k in keys])
    return ["participant", *keys], rows


def matrix_csv(sessions: list[SessionRecord], *, columns: str = "codes",
               presence: bool = False) -> str:
    header, rows = matrix(sessions, columns=columns, presence=presence)
    buf = io.StringIO(newline="")
    w = _writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and new line


def md_text(text: str) -> str:
    """Text shown literally in Markdown: special characters escaped, control
    characters (terminal escapes) shown as \\xNN."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\r\n", "\n"))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_cell(text: str) -> str:
    return md_text(" ".join(text.split()))


def md_code(text: str) -> str:
    """`text` as an inline code span (ids), whatever backticks it holds."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _when(dt) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") + " " + dt.strftime("%z")[:3] + ":" + dt.strftime("%z")[3:]


def _at(rec: SessionRecord, seconds) -> str:
    """'12:34' of session time, with the recording time where the recording was marked."""
    if seconds is None:
        return ""
    rec_s = recording_seconds(rec, seconds)
    return clock(seconds) + (f" (recording {hhmmss(rec_s)})" if rec_s is not None else "")


def session_markdown(rec: SessionRecord) -> str:
    """A write-up of one session, to share with the team."""
    s, g, data = rec.data["session"], rec.data["guide"], rec.data
    out = [f"# Interview {md_cell(s['participant'])}", "", "| | |", "|---|---|"]

    def meta(label, value):
        if value not in (None, ""):
            out.append(f"| {label} | {md_cell(str(value))} |")

    out.append(f"| Session | {md_code(s['id'])} |")
    meta("Participant", s["participant"])
    meta("Interviewer", s.get("interviewer", ""))
    meta("Started", _when(s["started_at"]))
    meta("Ended", _when(s["ended_at"]) if s.get("ended_at") else "")
    meta("State", s.get("state", "").replace("_", " "))
    meta("Duration", clock(s.get("elapsed_seconds")))
    version = g.get("version")
    meta("Guide", g["title"] + (f", version {version}" if version else ""))
    meta("Guide sha256", g.get("sha256", "")[:12])
    rec_off = s.get("recording_offset_seconds")
    meta("Recording marked at", f"{clock(rec_off)} of session time" if rec_off is not None else "")
    for k, v in (s.get("extra") or {}).items():
        meta(md_cell(k), v)

    counts: dict[str, int] = {}
    for q in data["questions"]:
        counts[q["status"]] = counts.get(q["status"], 0) + 1
    summary = ", ".join(f"{counts[k]} {k}" for k in ("asked", "probed", "covered", "skipped",
                                                        "pending") if counts.get(k))
    out += ["", f"{len(data['questions'])} questions: {summary}."]

    times = {tuple(x.get("path", ())): x.get("seconds_spent") for x in data.get("sections", ())}
    section = None
    for q in data["questions"]:
        path = tuple(q["section"])
        if path != section:
            section = path
            spent = times.get(path)
            out += ["", f"## {md_cell(SECTION_SEP.join(path))}"]
            if spent:
                out += ["", f"Time in this section: {clock(spent)}"]
        removed = " (no longer in the guide)" if q.get("removed") else ""
        out += ["", f"### {md_code(q['id'])}: {q['status']}{removed}", "", md_text(q["text"]), ""]
        facts = []
        if q.get("codes"):
            facts.append("Codes: " + ", ".join(md_cell(c) for c in q["codes"]))
        if q.get("first_marked_seconds") is not None:
            facts.append("First marked at " + _at(rec, q["first_marked_seconds"]))
        if q.get("seconds_on_question"):
            facts.append(f"Time on question: {clock(q['seconds_on_question'])}")
        for p in q.get("probes_used", ()):
            facts.append("Probe used: " + md_cell(p))
        out += [f"- {f}" for f in facts]
        note = q.get("note", "").strip()
        if note:
            if facts:
                out.append("")
            out += ["> " + line if line.strip() else ">" for line in md_text(note).splitlines()]
        if not facts and not note:
            out.pop()

    bookmarks = data.get("bookmarks", ())
    if bookmarks:
        out += ["", "## Bookmarks", "", "| session time | recording | label | question |",
                "|---:|---:|---|---|"]
        for b in bookmarks:
            rec_s = recording_seconds(rec, b["at_seconds"])
            out.append(f"| {clock(b['at_seconds'])} | {hhmmss(rec_s)} | {md_cell(b['label'])} "
                       f"| {md_code(b['question'])} |")
    return "\n".join(out) + "\n"


MD_SEPARATOR = "\n---\n\n"


def to_markdown(sessions: list[SessionRecord]) -> str:
    """Every session's write-up, separated by '---'."""
    return MD_SEPARATOR.join(session_markdown(rec) for rec in sessions)


def safe_file_name(session_id: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", session_id).lstrip(".")
    return (name or "session") + ".md"

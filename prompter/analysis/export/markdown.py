"""Markdown write-ups: one per session, for reading and for the team's files."""

from __future__ import annotations

import re

from prompter.analysis.read import SessionRecord
from prompter.guide.markup import plain
from prompter.text import SECTION_SEP, visible_lines
from prompter.timefmt import clock, hhmmss, recording_moment

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def md_text(text: str) -> str:
    """Text shown literally in Markdown: special characters escaped, control
    characters (terminal escapes) shown as \\xNN, and every `&` written `&amp;`, so that
    an entity typed in a note (`&#x202e;`, a right-to-left override) is shown as typed,
    never rendered (in every Markdown, where `\\&` is not an escape in all of them)."""
    text = visible_lines(text.replace("\r\n", "\n")).replace("&", "&amp;")
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


def _spoken(st, qid: str) -> list[str]:
    """The transcript of a question: its time span, then each cue as a line."""
    cues = st.by_question.get(qid, ()) if st is not None else ()
    if not cues:
        return []
    spans = st.timeline.spans_of(qid)
    start, end = (max(0.0, spans[0].rec_start), max(0.0, spans[-1].rec_end)) if spans else (0, 0)
    when = f" (recording {hhmmss(start)}–{hhmmss(end)})" if spans else ""
    out = [f"Transcript{when}:", ""]
    for c in cues:
        who = f"**{md_cell(c.speaker)}** " if c.speaker else ""
        out.append(f"- {who}[{hhmmss(c.start)}] {md_cell(c.text)}")
    return out


def session_markdown(rec: SessionRecord, st=None) -> str:
    """A write-up of one session, to share with the team; with `st` (its
    prompter.analysis.read.SessionTranscript) each question's transcript comes
    between the question and its note."""
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
    if st is not None:
        meta("Transcript", st.transcript.path + (f" (shifted {st.shift:+g} s)" if st.shift else ""))

    counts: dict[str, int] = {}
    for q in data["questions"]:
        counts[q["status"]] = counts.get(q["status"], 0) + 1
    summary = ", ".join(
        f"{counts[k]} {k.replace('_', ' ')}"
        for k in ("asked", "probed", "covered", "skipped", "not_applicable", "pending")
        if counts.get(k)
    )
    out += ["", f"{len(data['questions'])} questions: {summary}."]
    checks = [q for q in data["questions"] if q.get("kind") == "check" and not q.get("removed")]
    if checks:  # unticked first, as on the wrap-up screen
        checks.sort(key=lambda q: q["status"] != "pending")
        out += ["", "Checks:", ""]
        out += [
            f"- [{' ' if q['status'] == 'pending' else 'x'}] {md_cell(plain(q['text']))}"
            + (
                f" ({q['status'].replace('_', ' ')})"
                if q["status"] not in ("pending", "asked")
                else ""
            )
            for q in checks
        ]

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
        status = q["status"].replace("_", " ")
        if q.get("kind") == "check":
            status = {"pending": "check, not ticked", "asked": "check, ticked"}.get(
                q["status"], f"check, {status}"
            )
        out += ["", f"### {md_code(q['id'])}: {status}{removed}", "", md_text(plain(q["text"])), ""]
        facts = []
        if q.get("codes"):
            facts.append("Codes: " + ", ".join(md_cell(c) for c in q["codes"]))
        if q.get("first_marked_seconds") is not None:
            facts.append("First marked at " + rec.moment(q["first_marked_seconds"]))
        if q.get("seconds_on_question"):
            facts.append(f"Time on question: {clock(q['seconds_on_question'])}")
        for p in q.get("probes_used", ()):
            facts.append("Probe used: " + md_cell(plain(p)))
        if q.get("items_ticked"):
            facts.append("Ticked: " + ", ".join(md_cell(plain(t)) for t in q["items_ticked"]))
        out += [f"- {f}" for f in facts]
        spoken = _spoken(st, q["id"])
        if spoken:
            if facts:
                out.append("")
            out += spoken
        note = q.get("note", "").strip()
        if note:
            if facts or spoken:
                out.append("")
            if spoken:
                out += ["Note:", ""]
            out += ["> " + line if line.strip() else ">" for line in md_text(note).splitlines()]
        if not facts and not note and not spoken:
            out.pop()

    bookmarks = data.get("bookmarks", ())
    if bookmarks:
        out += [
            "",
            "## Bookmarks",
            "",
            "| session time | recording | label | question |",
            "|---:|---:|---|---|",
        ]
        for b in bookmarks:
            at = recording_moment(rec.recording_time(b["at_seconds"])).removeprefix("recording ")
            out.append(
                f"| {clock(b['at_seconds'])} | {at} | {md_cell(b['label'])} "
                f"| {md_code(b['question'])} |"
            )
    return "\n".join(out) + "\n"


MD_SEPARATOR = "\n---\n\n"


def safe_file_name(session_id: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", session_id).lstrip(".")
    return (name or "session") + ".md"

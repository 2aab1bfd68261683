"""Sessions as a REFI-QDA project (`.qdpx`), the exchange format that NVivo, ATLAS.ti,
MAXQDA and QualCoder import whole (pure; no textual).

A `.qdpx` is a zip holding `project.qde` (XML, namespace `urn:QDA-XML:project:1.0`,
valid against the standard's Project.xsd, kept in tests/data/refi-qda/) and
`Sources/`, one UTF-8 text file per session:

- the codebook, each code that questions carry codable, and a "Guide questions"
  category with one code per question, so that every answer to a question is
  one click away;
- one text source per session (`SourceDoc`): the transcript where there is one,
  else the notes write-up (`notes_source`); each question's block (or span of
  the transcript) is a selection coded with the question's codes and its
  question code, its note attached as a memo (a `Note` the selection points to
  with `NoteRef`, and the selection's `Description`, which QualCoder reads);
- bookmarks as notes anchored at their place in the text;
- one `Case` per participant, the sessions' metadata as its variables.

What importers need and get here: one `User` whose GUID every `creatingUser`
holds, `plainTextPath="internal://GUID.txt"`, LF line ends, offsets counted in
Unicode code points (Python's `len`), every `Note` with a `creationDateTime`, and
codings of codable codes only. GUIDs are version 5 UUIDs of what they stand for
and dates come from the sessions, so exporting the same files twice gives the
same bytes.

Longer than most modules on purpose: one writer of one XML format, whose codebook,
sources, selections, notes and cases refer to each other by guid and read best together.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from prompter import __version__
from prompter.analysis.export import qdc
from prompter.analysis.read import SessionRecord
from prompter.text import SECTION_SEP
from prompter.timefmt import clock, hhmmss

NAMESPACE = "urn:QDA-XML:project:1.0"
# Every other GUID is uuid5(PROJECT_NAMESPACE, "kind:key"); PROJECT_NAMESPACE is
# uuid5(NAMESPACE_URL, "urn:prompter:qdpx").
PROJECT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:prompter:qdpx")
USER_NAME = "prompter"
# Fixed zip entry time: the archive must not change with the clock.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_XML_BAD = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def guid(kind: str, *key: str) -> str:
    return str(uuid.uuid5(PROJECT_NAMESPACE, kind + ":" + "\x1f".join(key)))


def clean(text: str) -> str:
    """Text as it goes into the project: LF line ends, nothing XML cannot hold
    (the same in the source files and in the XML, so offsets agree)."""
    return _XML_BAD.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Block:
    """A question's stretch of a source: [start, end) in code points. An uncoded one only
    carries the question's note as a memo: a question that was skipped, not applicable,
    or not raised in the transcript has no answer to code."""

    question: dict
    start: int
    end: int
    coded: bool = True


@dataclass
class Anchor:
    """A bookmark's place in a source, and what it says."""

    start: int
    end: int
    text: str
    key: str  # unique in the session, for its GUIDs


@dataclass
class SourceDoc:
    """One session's text source: its text, question blocks and bookmark anchors."""

    rec: SessionRecord
    kind: str  # "notes" or "transcript"
    key: str = ""  # unique among the sources: the session id (a copy's gets "#2"...)
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)


class TextBuilder:
    """Text built in pieces, with offsets counted in code points as it grows."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        text = clean(text)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


# Statuses of questions that were not put to the participant: nothing of theirs is coded.
NOT_ASKED = ("skipped", "not_applicable")


def answered(q: dict) -> bool:
    """A question with something to code: marked, noted or probed."""
    return q["status"] != "pending" or bool(q.get("note", "").strip()) or bool(q.get("probes_used"))


def header_lines(rec: SessionRecord) -> list[str]:
    s, g = rec.session, rec.guide
    version = g.get("version")
    lines = [
        f"Interview with {s['participant']}",
        f"Session {s['id']}; guide: {g['title']}" + (f", version {version}" if version else ""),
        f"Interviewer: {s.get('interviewer') or '-'}; started {s['started_at'].isoformat()}; "
        f"{s.get('state', '').replace('_', ' ')}; {clock(s.get('elapsed_seconds'))}",
    ]
    for k, v in (s.get("extra") or {}).items():
        lines.append(f"{k}: {v}")
    return lines


def notes_source(rec: SessionRecord) -> SourceDoc:
    """The session's notes written out as a text: a header, then each question that
    has something to code (status, probes, note) as a block, sections as headings."""
    doc = SourceDoc(rec, "notes")
    b = TextBuilder()
    b.add("\n".join(header_lines(rec)) + "\n")
    marks: dict[str, list[tuple[int, dict]]] = {}
    for i, bm in enumerate(rec.data.get("bookmarks", ())):
        marks.setdefault(bm.get("question", ""), []).append((i, bm))
    section = None
    for q in rec.questions:
        if not (answered(q) or q["id"] in marks):
            continue
        if tuple(q["section"]) != section:
            section = tuple(q["section"])
            b.add(f"\n== {SECTION_SEP.join(section)} ==\n")
        b.add("\n")
        removed = " (no longer in the guide)" if q.get("removed") else ""
        start, _ = b.add(f"[{q['id']}] {q['text']}{removed}\n")
        status = q["status"]
        if q.get("first_marked_seconds") is not None:
            status += f"; first marked at {rec.moment(q['first_marked_seconds'])}"
        b.add(status + "\n")
        for p in q.get("probes_used", ()):
            b.add(f"Probe used: {p}\n")
        note = q.get("note", "").strip()
        if note:
            b.add(f"Note: {note}\n")
        for i, bm in marks.get(q["id"], ()):
            line = f"Bookmark at {rec.moment(bm['at_seconds'])}: {bm.get('label', '')}"
            a_start, a_end = b.add(line)
            b.add("\n")
            doc.anchors.append(Anchor(a_start, a_end, clean(line), str(i)))
        asked = q["status"] not in NOT_ASKED
        doc.blocks.append(Block(q, start, b.length - 1, asked))  # without its last LF
    doc.text = b.text()
    return doc


def cue_text(cue) -> str:
    """What a cue says, with its speaker: 'Interviewer: And then?'."""
    return f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text


def cue_line(cue) -> str:
    return f"[{hhmmss(cue.start)}] {cue_text(cue)}"


def transcript_source(rec: SessionRecord, st) -> SourceDoc:
    """The session's transcript as a text: the header, then one line per cue. Each run
    of cues given to one question (prompter.transcript.align) is a block coded as the
    question; a question can have several (the interview went back to it). Questions
    with something recorded but no cue follow, written from the notes, not coded (they
    were not raised in the recording): their notes are memos."""
    doc = SourceDoc(rec, "transcript")
    b = TextBuilder()
    b.add("\n".join(header_lines(rec)) + "\n")
    shift = f", shifted {st.shift:+g} s" if st.shift else ""
    b.add(f"Transcript: {Path(st.transcript.path).name}{shift}\n\n")  # no local folders
    question_of = st.question_of()
    texts = {q["id"]: q for q in rec.questions}
    cues = st.transcript.cues
    lines: list[tuple[int, int]] = []  # each cue's line in the text
    run_q, run_start = None, 0
    for cue in cues:
        qid = question_of.get(id(cue))
        if qid != run_q:
            if run_q in texts:
                doc.blocks.append(Block(texts[run_q], run_start, b.length - 1))
            run_q, run_start = qid, b.length
        lines.append(b.add(cue_line(cue)))
        b.add("\n")
    if run_q in texts:
        doc.blocks.append(Block(texts[run_q], run_start, b.length - 1))
    # Bookmarks: at the line of the cue spoken at that moment, else the next one (in the
    # transcript's own clock: recording time plus the shift).
    starts = [c.start for c in cues]
    ends = [c.end for c in cues]
    for i, bm in enumerate(rec.data.get("bookmarks", ())):
        at = st.timeline.recording_time(bm["at_seconds"]) + st.shift
        n = next(
            (k for k in range(len(cues)) if starts[k] <= at < ends[k] or starts[k] >= at), None
        )
        if n is not None:
            text = clean(f"Bookmark at {rec.moment(bm['at_seconds'])}: {bm.get('label', '')}")
            doc.anchors.append(Anchor(*lines[n], text, str(i)))
    spoken = {blk.question["id"] for blk in doc.blocks}
    rest = [q for q in rec.questions if answered(q) and q["id"] not in spoken]
    if rest:
        b.add("\n== Notes on questions not found in the recording ==\n")
        for q in rest:
            b.add("\n")
            start, _ = b.add(f"[{q['id']}] {q['text']}\n{q['status']}")
            note = q.get("note", "").strip()
            if note:
                b.add(f"\nNote: {note}")
            doc.blocks.append(Block(q, start, b.length, coded=False))
            b.add("\n")
    doc.text = b.text()
    return doc


# ------------------------------------------------------------------ the project


def source_guid(d: SourceDoc) -> str:
    return guid("source", d.key or d.rec.id)


def _source(
    sources,
    d: SourceDoc,
    user: str,
    carried: set[str],
    notes: list,
    namespace: str | None = NAMESPACE,
):
    """The `<TextSource>` of `d` under `sources` (returned); its notes added to `notes`.
    `namespace` None: plain tags, for a fragment of a document whose root declares it."""
    import xml.etree.ElementTree as ET

    q = (lambda tag: f"{{{namespace}}}{tag}") if namespace else (lambda tag: tag)
    sub = ET.SubElement
    rec, sg = d.rec, source_guid(d)
    when = utc(rec.started_at)
    label = "transcript" if d.kind == "transcript" else "notes"
    src = sub(
        sources,
        q("TextSource"),
        {
            "guid": sg,
            "name": clean(f"{d.key} {label}"),
            "plainTextPath": f"internal://{sg}.txt",
            "creatingUser": user,
            "creationDateTime": when,
        },
    )
    s = rec.session
    sub(src, q("Description")).text = clean(
        f"{'Transcript' if d.kind == 'transcript' else 'Notes'} of the interview with "
        f"{s['participant']} ({s['id']}), started {s['started_at'].isoformat()}"
    )
    seen: dict[str, int] = {}
    for b in d.blocks:
        qu = b.question
        n = seen[qu["id"]] = seen.get(qu["id"], 0) + 1
        part = "" if n == 1 else f"#{n}"  # a question spoken to again later
        sel_guid = guid("selection", d.key, qu["id"] + part)
        sel = sub(
            src,
            q("PlainTextSelection"),
            {
                "guid": sel_guid,
                "name": clean(qu["id"]),
                "startPosition": str(b.start),
                "endPosition": str(b.end),
                "creatingUser": user,
                "creationDateTime": when,
            },
        )
        note = clean(qu.get("note", "").strip()) if n == 1 else ""  # the memo once
        if note:
            sub(sel, q("Description")).text = note
        codes = [c for c in dict.fromkeys(qu.get("codes", ())) if c in carried]
        targets = [qdc.code_guid(c) for c in codes] + [qdc.question_guid(qu["id"])]
        if not b.coded:
            targets = []
        for t in targets:
            coding = sub(
                sel,
                q("Coding"),
                {
                    "guid": guid("coding", d.key, qu["id"] + part, t),
                    "creatingUser": user,
                    "creationDateTime": when,
                },
            )
            sub(coding, q("CodeRef"), {"targetGUID": t})
        if note:
            note_guid = guid("note", d.key, qu["id"])
            sub(sel, q("NoteRef"), {"targetGUID": note_guid})
            notes.append((note_guid, f"{d.key} {qu['id']}", note, rec.started_at))
    for a in d.anchors:
        sel_guid = guid("bookmark", d.key, a.key)
        sel = sub(
            src,
            q("PlainTextSelection"),
            {
                "guid": sel_guid,
                "name": "bookmark",
                "startPosition": str(a.start),
                "endPosition": str(a.end),
                "creatingUser": user,
                "creationDateTime": when,
            },
        )
        sub(sel, q("Description")).text = a.text
        note_guid = guid("bookmark-note", d.key, a.key)
        sub(sel, q("NoteRef"), {"targetGUID": note_guid})
        notes.append((note_guid, f"{d.key} bookmark", a.text, rec.started_at))
    return src


# ------------------------------------------------------------ one source at a time


FIXED_VARIABLES = (
    "participant",
    "interviewer",
    "sessions",
    "started_at",
    "ended_at",
    "state",
    "duration",
    "guide_version",
)
_PLACEHOLDER = "@@sources@@"


class ProjectStream:
    """A `.qdpx` made one source at a time (`add`, oldest session first) and written
    by `finish(file)`, byte for byte what `qdpx_bytes` makes of all the sources at
    once, without keeping them: each source's text and its XML go to temporary
    files as it comes; what stays in memory is the codebook, the case variables'
    values and one small entry per source, and the XML is written a case or a
    source at a time. `project.qde` is the zip's first entry (as
    importers expect it), so the source texts wait in a temporary file until it
    is written after them."""

    def __init__(self, name: str | None = None):
        self.name = name
        self.user = guid("user", USER_NAME)
        self.tree = qdc.TreeBuilder()
        self.carried: set[str] = set()
        self.known: set[str] = set()
        self.texts: dict[str, str] = {}  # question id -> text, the newest guide's first
        self.var_names = list(FIXED_VARIABLES)
        # participant -> ({variable: [values]}, [source GUIDs]), in order first seen
        self.cases: dict[str, tuple[dict[str, list[str]], list[str]]] = {}
        self.copies: dict[str, int] = {}  # session id -> sources so far (keys of copies)
        self.latest: datetime | None = None
        self.title = ""
        self.sources: list[tuple[str, int]] = []  # (GUID, bytes of its text)
        self.count = 0
        self._texts = tempfile.TemporaryFile()
        self._xml = tempfile.TemporaryFile()  # the <TextSource> elements
        self._notes = tempfile.TemporaryFile()  # the <Note> elements

    def add(self, d: SourceDoc) -> None:
        import xml.etree.ElementTree as ET

        rec, s = d.rec, d.rec.session
        n = self.copies[rec.id] = self.copies.get(rec.id, 0) + 1
        d.key = rec.id if n == 1 else f"{rec.id}#{n}"
        entries = qdc.entries_from_session(rec.data)
        self.tree.add(entries)
        self.known.update(e["path"] for e in entries)
        for q in rec.questions:
            self.carried.update(q.get("codes", ()))
        self.texts = qdc.merge_first(self.texts, ((q["id"], q["text"]) for q in rec.questions))
        for k in s.get("extra") or {}:
            name = k if k not in FIXED_VARIABLES else f"extra_{k}"
            if name not in self.var_names:
                self.var_names.append(name)
        when = s.get("ended_at") or rec.started_at
        self.latest = when if self.latest is None else max(self.latest, when)
        self.title = rec.guide.get("title", "")
        values, refs = self.cases.setdefault(rec.participant, ({}, []))
        _put_case_values(values, rec)
        sg = source_guid(d)
        refs.append(sg)

        notes: list = []
        src = _source(ET.Element("Sources"), d, self.user, self.carried, notes, namespace=None)
        ET.indent(src, "  ", level=2)
        self._xml.write(b"\n    " + ET.tostring(src, encoding="unicode").encode("utf-8"))
        for g, nm, text, at in notes:
            note = ET.Element(
                "Note",
                {
                    "guid": g,
                    "name": clean(nm),
                    "creatingUser": self.user,
                    "creationDateTime": utc(at),
                },
            )
            ET.SubElement(note, "PlainTextContent").text = text
            ET.indent(note, "  ", level=2)
            self._notes.write(b"\n    " + ET.tostring(note, encoding="unicode").encode("utf-8"))
        data = d.text.encode("utf-8")
        self._texts.write(data)
        self.sources.append((sg, len(data)))
        self.count += 1

    def _head(self) -> bytes:
        """`project.qde` up to its `<Cases>` (the cases and sources are written apart)."""
        import xml.etree.ElementTree as ET

        ET.register_namespace("", NAMESPACE)
        q = lambda tag: f"{{{NAMESPACE}}}{tag}"  # noqa: E731
        sub = ET.SubElement
        project = ET.Element(
            q("Project"),
            {
                "name": clean(self.name or f"{self.title} (prompter)"),
                "origin": f"prompter {__version__}",
                "creatingUserGUID": self.user,
                "creationDateTime": utc(self.latest),
            },
        )
        sub(sub(project, q("Users")), q("User"), {"guid": self.user, "name": USER_NAME})
        self.tree.add([{"path": c} for c in sorted(self.carried - self.known)])
        roots = [*self.tree.roots(), qdc.question_codes(list(self.texts.items()))]
        qdc.add_codes(sub(sub(project, q("CodeBook")), q("Codes")), roots, NAMESPACE, self.carried)
        variables = sub(project, q("Variables"))
        for n in self.var_names:
            sub(
                variables,
                q("Variable"),
                {"guid": guid("variable", n), "name": clean(n), "typeOfVariable": "Text"},
            )
        sub(project, q("Cases")).text = _PLACEHOLDER
        ET.indent(project, "  ")
        body = ET.tostring(project, encoding="unicode")
        cut = body.index(f"<Cases>{_PLACEHOLDER}</Cases>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body[:cut]).encode("utf-8")

    def _cases(self):
        """Each participant's `<Case>`, serialized one at a time."""
        import xml.etree.ElementTree as ET

        for participant, (values, refs) in self.cases.items():
            case = ET.Element(
                "Case", {"guid": guid("case", participant), "name": clean(participant)}
            )
            for n in self.var_names:
                if values.get(n):
                    vv = ET.SubElement(case, "VariableValue")
                    ET.SubElement(vv, "VariableRef", {"targetGUID": guid("variable", n)})
                    ET.SubElement(vv, "TextValue").text = clean("; ".join(values[n]))
            for sg in refs:
                ET.SubElement(case, "SourceRef", {"targetGUID": sg})
            ET.indent(case, "  ", level=2)
            yield b"\n    " + ET.tostring(case, encoding="unicode").encode("utf-8")

    def finish(self, file) -> None:
        """Write the archive to `file` (a binary file open for writing, seekable)."""
        head = self._head()
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as z:

            def entry(path: str):
                info = zipfile.ZipInfo(path, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16  # what participants said: yours alone
                return z.open(info, "w")

            with entry("project.qde") as out:
                out.write(head + b"<Cases>")
                for case in self._cases():
                    out.write(case)
                out.write(b"\n  </Cases>\n  <Sources>")
                self._xml.seek(0)
                shutil.copyfileobj(self._xml, out)
                out.write(b"\n  </Sources>")
                if self._notes.tell():
                    out.write(b"\n  <Notes>")
                    self._notes.seek(0)
                    shutil.copyfileobj(self._notes, out)
                    out.write(b"\n  </Notes>")
                out.write(b"\n</Project>\n")
            self._texts.seek(0)
            for sg, size in self.sources:
                with entry(f"Sources/{sg}.txt") as out:
                    out.write(self._texts.read(size))
        self.close()

    def close(self) -> None:
        for f in (self._texts, self._xml, self._notes):
            f.close()


def _put_case_values(per: dict[str, list[str]], rec: SessionRecord) -> None:
    """A session's values of the case variables added to its participant's (`per`),
    each value once."""

    def put(name, value):
        have = per.setdefault(name, [])
        if value not in (None, "") and value not in have:
            have.append(str(value))

    s, g = rec.session, rec.guide
    put("participant", s["participant"])
    put("interviewer", s.get("interviewer", ""))
    put("sessions", s["id"])
    put("started_at", s["started_at"].isoformat())
    put("ended_at", s["ended_at"].isoformat() if s.get("ended_at") else "")
    put("state", s.get("state", ""))
    put("duration", clock(s.get("elapsed_seconds")))
    put("guide_version", str(g.get("version", "")))
    for k, v in (s.get("extra") or {}).items():
        put(k if k not in FIXED_VARIABLES else f"extra_{k}", v)

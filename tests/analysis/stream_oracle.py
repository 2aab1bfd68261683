"""What `tally`, the matrix and the REFI-QDA project computed before they streamed
(sessions all in memory, walked newest first for the row and column order): the oracle
the streaming folds must equal, kept here as it was (the not_applicable status
included)."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

from prompter import __version__
from prompter.analysis.export import qdc
from prompter.analysis.export.qdpx import (
    NAMESPACE,
    USER_NAME,
    ZIP_TIME,
    SourceDoc,
    _source,
    clean,
    guid,
    source_guid,
    utc,
)
from prompter.analysis.read import SessionRecord, with_parents
from prompter.analysis.tally import Row, Tally, _short
from prompter.text import SECTION_SEP
from prompter.timefmt import clock


def old_tally(sessions: list, by: str = "question") -> Tally:
    rows: dict[str, Row] = {}
    order: list[str] = []
    seen_order: set[str] = set()
    texts: dict[str, dict[str, list[str]]] = {}

    def counted(questions):
        return [q for q in questions if not q.get("removed")]

    for rec in sessions if by == "session" else reversed(sessions):
        data = rec.data
        if by == "code":
            keys = [c["path"] for c in data.get("codes", ()) if isinstance(c.get("path"), str)]
            keys += [
                c for q in counted(data["questions"]) for c in with_parents(q.get("codes", ()))
            ]
        elif by == "section":
            keys = [SECTION_SEP.join(q["section"]) for q in counted(data["questions"])]
        elif by == "question":
            keys = [q["id"] for q in counted(data["questions"])]
        else:
            keys = [data["session"]["id"]]
        for k in keys:
            if k not in seen_order:
                seen_order.add(k)
                order.append(k)
    for rec in sessions:
        data = rec.data
        questions = counted(data["questions"])
        if by == "session":
            sid = data["session"]["id"]
            row = rows.get(sid)
            if row is None:
                s = data["session"]
                rows[sid] = row = Row(
                    sid,
                    f"{s['participant']}, {s['started_at']:%Y-%m-%d %H:%M}",
                    state=s.get("state", ""),
                )
            row.sessions += 1
            for q in questions:
                setattr(row, q["status"], getattr(row, q["status"]) + 1)
            continue
        in_session: set[str] = set()
        version = str(data["guide"].get("version", "?"))
        for q in questions:
            st = q["status"]
            if by == "question":
                keys = (q["id"],)
                versions = texts.setdefault(q["id"], {}).setdefault(q["text"], [])
                if version not in versions:
                    versions.append(version)
            elif by == "section":
                keys = (SECTION_SEP.join(q["section"]),)
            else:
                keys = with_parents(q.get("codes", ()))
            for k in keys:
                row = rows.get(k)
                if row is None:
                    rows[k] = row = Row(k)
                setattr(row, st, getattr(row, st) + 1)
                if k not in in_session:
                    in_session.add(k)
                    row.sessions += 1
            if by == "question":
                row.text = q["text"]
    notes = []
    if by == "question":
        for qid in order:
            variants = texts.get(qid, {})
            if len(variants) > 1:
                listed = "; ".join(f'v{"/".join(vs)}: "{_short(t)}"' for t, vs in variants.items())
                notes.append(
                    f"question {qid} has {len(variants)} different texts across guide "
                    f"versions ({listed})"
                )
    return Tally(by, [rows[k] for k in order if k in rows], len(sessions), notes)


PRESENT = ("asked", "probed", "covered")
UNCODED = "(uncoded)"


def _natural_key(text):
    return [
        (0, int(t), "") if t.isdigit() else (1, 0, t.casefold())
        for t in re.split(r"(\d+)", text)
        if t
    ]


def _merged(sessions, items):
    order: dict[str, None] = {}
    for rec in reversed(sessions):
        for k in items(rec):
            order.setdefault(k, None)
    return list(order)


def old_matrix(sessions, *, columns="codes", presence=False):
    """The matrix of notes (or presence), as `matrix.matrix` made it."""
    if columns == "codes":

        def items(rec):
            yield from (
                c["path"] for c in rec.data.get("codes", ()) if isinstance(c.get("path"), str)
            )
            for q in rec.data["questions"]:
                yield from with_parents(q.get("codes", ()))

        keys = [c for c in _merged(sessions, items) if c != UNCODED]
        if any(not q.get("codes") for rec in sessions for q in rec.data["questions"]):
            keys.append(UNCODED)
    else:
        keys = _merged(sessions, lambda rec: (q["id"] for q in rec.data["questions"]))
    by_participant: dict[str, list] = {}
    for rec in sessions:
        by_participant.setdefault(rec.participant, []).append(rec)
    rows = []
    for participant in sorted(by_participant, key=_natural_key):
        held = {k: [] for k in keys}
        present = dict.fromkeys(keys, False)
        for rec in by_participant[participant]:
            for q in rec.data["questions"]:
                targets = (
                    (q["id"],)
                    if columns == "questions"
                    else with_parents(q.get("codes", ())) or (UNCODED,)
                )
                text = q.get("note", "").strip()
                for k in targets:
                    if q["status"] in PRESENT:
                        present[k] = True
                    if text:
                        held[k].append(f"[{q['id']}] {text}" if columns == "codes" else text)
        if presence:
            rows.append([participant] + ["1" if present[k] else "0" for k in keys])
        else:
            rows.append([participant] + ["\n".join(held[k]) for k in keys])
    return ["participant", *keys], rows


# ---------------------------------------------- the REFI-QDA project, all in memory


def _codebook(sessions: list[SessionRecord]) -> tuple[list[qdc.CodeNode], set[str]]:
    """The sessions' codebook (with any code a question carries but the codebook
    lacks), then the "Guide questions" category; and the carried code paths."""
    entries = [qdc.entries_from_session(rec.data) for rec in sessions]
    carried = qdc.carried_codes(q.get("codes", ()) for rec in sessions for q in rec.questions)
    known = {e["path"] for es in entries for e in es}
    entries.append([{"path": c} for c in sorted(carried - known)])
    texts: dict[str, str] = {}
    for rec in reversed(sessions):  # the newest guide's order and wording first
        for q in rec.questions:
            texts.setdefault(q["id"], q["text"])
    return [*qdc.build_tree(entries), qdc.question_codes(list(texts.items()))], carried


def _variables(sessions: list[SessionRecord]) -> list[tuple[str, str]]:
    """(variable name, what it holds) of the case variables, in order."""
    names = [
        "participant",
        "interviewer",
        "sessions",
        "started_at",
        "ended_at",
        "state",
        "duration",
        "guide_version",
    ]
    out = list(names)
    for rec in sessions:
        for k in rec.session.get("extra") or {}:
            name = k if k not in names else f"extra_{k}"
            if name not in out:
                out.append(name)
    return out


def _case_values(recs: list[SessionRecord], names: list[str]) -> dict[str, str]:
    """Each variable's value for a participant: the sessions' values, each once, joined."""
    per: dict[str, list[str]] = {n: [] for n in names}

    def put(name, value):
        if value not in (None, "") and value not in per[name]:
            per[name].append(str(value))

    fixed = set(names[:8])
    for rec in recs:
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
            put(k if k not in fixed else f"extra_{k}", v)
    return {n: "; ".join(v) for n, v in per.items() if v}


def project_xml(docs: list[SourceDoc], name: str | None = None) -> bytes:
    """`project.qde` for these sources (one per session, oldest first)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", NAMESPACE)
    q = lambda tag: f"{{{NAMESPACE}}}{tag}"  # noqa: E731
    sub = ET.SubElement
    number_sources(docs)
    sessions = [d.rec for d in docs]
    user = guid("user", USER_NAME)
    latest = max((rec.session.get("ended_at") or rec.started_at) for rec in sessions)
    title = sessions[-1].guide.get("title", "") if sessions else ""
    project = ET.Element(
        q("Project"),
        {
            "name": clean(name or f"{title} (prompter)"),
            "origin": f"prompter {__version__}",
            "creatingUserGUID": user,
            "creationDateTime": utc(latest),
        },
    )
    sub(sub(project, q("Users")), q("User"), {"guid": user, "name": USER_NAME})

    roots, carried = _codebook(sessions)
    qdc.add_codes(sub(sub(project, q("CodeBook")), q("Codes")), roots, NAMESPACE, carried)

    var_names = _variables(sessions)
    variables = sub(project, q("Variables"))
    for n in var_names:
        sub(
            variables,
            q("Variable"),
            {"guid": guid("variable", n), "name": clean(n), "typeOfVariable": "Text"},
        )

    by_participant: dict[str, list[SourceDoc]] = {}
    for d in docs:
        by_participant.setdefault(d.rec.participant, []).append(d)
    cases = sub(project, q("Cases"))
    for participant, pdocs in by_participant.items():
        case = sub(
            cases, q("Case"), {"guid": guid("case", participant), "name": clean(participant)}
        )
        for n, v in _case_values([d.rec for d in pdocs], var_names).items():
            vv = sub(case, q("VariableValue"))
            sub(vv, q("VariableRef"), {"targetGUID": guid("variable", n)})
            sub(vv, q("TextValue")).text = clean(v)
        for d in pdocs:
            sub(case, q("SourceRef"), {"targetGUID": source_guid(d)})

    sources = sub(project, q("Sources"))
    notes: list[tuple[str, str, str, datetime]] = []  # guid, name, text, date
    for d in docs:
        _source(sources, d, user, carried, notes)
    if notes:
        notes_el = sub(project, q("Notes"))
        for g, nm, text, when in notes:
            note = sub(
                notes_el,
                q("Note"),
                {"guid": g, "name": clean(nm), "creatingUser": user, "creationDateTime": utc(when)},
            )
            sub(note, q("PlainTextContent")).text = text
    ET.indent(project, "  ")
    body = ET.tostring(project, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def number_sources(docs: list[SourceDoc]) -> list[SourceDoc]:
    """Give each source its key: the session id, "#2" and on for copies of a session."""
    seen: dict[str, int] = {}
    for d in docs:
        n = seen[d.rec.id] = seen.get(d.rec.id, 0) + 1
        d.key = d.rec.id if n == 1 else f"{d.rec.id}#{n}"
    return docs


def qdpx_bytes(docs: list[SourceDoc], name: str | None = None) -> bytes:
    """The whole archive: `project.qde`, then `Sources/GUID.txt` per source."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:

        def put(path: str, data: bytes):
            info = zipfile.ZipInfo(path, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # what participants said: yours alone
            z.writestr(info, data)

        put("project.qde", project_xml(docs, name))
        for d in docs:
            put(f"Sources/{source_guid(d)}.txt", d.text.encode("utf-8"))
    return buf.getvalue()

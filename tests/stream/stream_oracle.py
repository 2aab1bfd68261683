"""What `tally` and the matrix computed before they streamed (sessions all in memory,
walked newest first for the row and column order): the oracle the streaming folds
must equal, kept here as it was (the not_applicable status included)."""

from __future__ import annotations

import re

from prompter.analysis.read import with_parents
from prompter.analysis.tally import Row, Tally, _short
from prompter.text import SECTION_SEP


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

"""A Framework Method matrix: one row per participant, one column per code or question."""

from __future__ import annotations

import io
import re

from prompter.analysis.export.long_csv import csv_writer
from prompter.analysis.read import SessionRecord, with_parents

PRESENT = ("asked", "probed", "covered")  # statuses that count as "the topic came up"
# By code, the column of questions that carry no code (About You and the like):
# without it their notes would be in no column at all.
UNCODED = "(uncoded)"


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
    """The codes, in codebook order; then UNCODED if any question carries no code."""

    def items(rec):
        yield from (c["path"] for c in rec.data.get("codes", ()) if isinstance(c.get("path"), str))
        for q in rec.data["questions"]:
            yield from with_parents(q.get("codes", ()))

    columns = [c for c in _merged(sessions, items) if c != UNCODED]
    if any(not q.get("codes") for rec in sessions for q in rec.data["questions"]):
        columns.append(UNCODED)
    return columns


def _targets(q: dict, columns: str) -> list[str] | tuple[str]:
    if columns == "questions":
        return (q["id"],)
    return with_parents(q.get("codes", ())) or (UNCODED,)


def question_columns(sessions: list[SessionRecord]) -> list[str]:
    return _merged(sessions, lambda rec: (q["id"] for q in rec.data["questions"]))


def _cell_text(note: str, said: str, cells: str) -> str:
    if cells == "notes":
        return note
    if cells == "transcript":
        return said
    return "\n".join(p for p in (note and f"Note: {note}", said and f"Transcript: {said}") if p)


def matrix(sessions: list[SessionRecord], *, columns: str = "codes", presence: bool = False,
           cells: str = "notes", spoken: dict | None = None) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a Framework Method matrix: one row per participant.

    By codes, a cell holds the notes of the participant's questions that carry the
    code or one of its sub-codes, each as '[question id] note', one per line (the
    notes of questions with no code under UNCODED); by questions, the notes of that
    question. With `presence`, a cell is 1 where such
    a question was asked, probed or covered, else 0. `cells`: what a cell holds of
    a question: its note ("notes"), what was said while it was current ("transcript",
    from `spoken`: {id(rec): {question id: text}}), or "both".
    """
    if columns not in ("codes", "questions"):
        raise ValueError("columns must be 'codes' or 'questions'")
    keys = code_columns(sessions) if columns == "codes" else question_columns(sessions)
    by_participant: dict[str, list[SessionRecord]] = {}
    for rec in sessions:
        by_participant.setdefault(rec.participant, []).append(rec)
    rows = []
    for participant in sorted(by_participant, key=natural_key):
        held: dict[str, list[str]] = {k: [] for k in keys}
        present: dict[str, bool] = dict.fromkeys(keys, False)
        for rec in by_participant[participant]:
            for q in rec.data["questions"]:
                targets = _targets(q, columns)
                said = (spoken or {}).get(id(rec), {}).get(q["id"], "")
                text = _cell_text(q.get("note", "").strip(), said, cells)
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


def matrix_csv(sessions: list[SessionRecord], *, columns: str = "codes",
               presence: bool = False, cells: str = "notes", spoken: dict | None = None) -> str:
    header, rows = matrix(sessions, columns=columns, presence=presence, cells=cells,
                          spoken=spoken)
    buf = io.StringIO(newline="")
    w = csv_writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()

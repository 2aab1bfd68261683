"""A Framework Method matrix: one row per participant, one column per code or question."""

from __future__ import annotations

import io
import re

from prompter.analysis.export.long_csv import csv_writer
from prompter.analysis.export.qdc import merge_first
from prompter.analysis.read import SessionRecord, with_parents
from prompter.vocabulary import RAISED

# By code, the column of questions that carry no code (About You and the like):
# without it their notes would be in no column at all.
UNCODED = "(uncoded)"


def natural_key(text: str):
    """'P2' before 'P10'."""
    return [
        (0, int(t), "") if t.isdigit() else (1, 0, t.casefold())
        for t in re.split(r"(\d+)", text)
        if t
    ]


def _targets(q: dict, columns: str) -> list[str] | tuple[str]:
    if columns == "questions":
        return (q["id"],)
    return with_parents(q.get("codes", ())) or (UNCODED,)


def _cell_text(note: str, said: str, cells: str) -> str:
    if cells == "notes":
        return note
    if cells == "transcript":
        return said
    return "\n".join(p for p in (note and f"Note: {note}", said and f"Transcript: {said}") if p)


class MatrixBuilder:
    """A Framework Method matrix made one session at a time (`add`, oldest first),
    keeping only what its cells hold; `result()` gives (header, rows).

    Columns come in the newest session's order, then those seen only in older
    sessions (each session's put first as it comes). By codes, a cell holds the
    notes of the participant's questions that carry the code or one of its
    sub-codes, each as '[question id] note', one per line (the notes of questions
    with no code under UNCODED); by questions, the notes of that question. With
    `presence`, a cell is 1 where such a question was asked, probed or covered,
    else 0. `cells`: what a cell holds of a question: its note ("notes"), what was
    said while it was current ("transcript", `add`'s `spoken`: {question id: text}),
    or "both".
    """

    def __init__(self, *, columns: str = "codes", presence: bool = False, cells: str = "notes"):
        if columns not in ("codes", "questions"):
            raise ValueError("columns must be 'codes' or 'questions'")
        self.columns, self.presence, self.cells = columns, presence, cells
        self.order: dict[str, None] = {}
        self.uncoded = False  # a question carries no code: the UNCODED column
        # participant -> column -> the cell's lines, or the columns present
        self.held: dict[str, dict[str, list[str]]] = {}
        self.present: dict[str, set[str]] = {}

    def add(self, rec: SessionRecord, spoken: dict | None = None) -> None:
        questions = rec.data["questions"]
        if self.columns == "codes":
            keys = [c["path"] for c in rec.data.get("codes", ()) if isinstance(c.get("path"), str)]
            keys += [c for q in questions for c in with_parents(q.get("codes", ()))]
            self.uncoded = self.uncoded or any(not q.get("codes") for q in questions)
        else:
            keys = [q["id"] for q in questions]
        self.order = merge_first(self.order, ((k, None) for k in keys))
        held = self.held.setdefault(rec.participant, {})
        present = self.present.setdefault(rec.participant, set())
        for q in questions:
            said = (spoken or {}).get(q["id"], "")
            text = "" if self.presence else _cell_text(q.get("note", "").strip(), said, self.cells)
            for k in _targets(q, self.columns):
                if q["status"] in RAISED:
                    present.add(k)
                if text:
                    held.setdefault(k, []).append(
                        f"[{q['id']}] {text}" if self.columns == "codes" else text
                    )

    def result(self) -> tuple[list[str], list[list[str]]]:
        if self.columns == "codes":
            keys = [c for c in self.order if c != UNCODED] + [UNCODED] * self.uncoded
        else:
            keys = list(self.order)
        rows = []
        for participant in sorted(self.held, key=natural_key):
            if self.presence:
                have = self.present[participant]
                rows.append([participant] + ["1" if k in have else "0" for k in keys])
            else:
                held = self.held[participant]
                rows.append([participant] + ["\n".join(held.get(k, ())) for k in keys])
        return ["participant", *keys], rows


def matrix(
    sessions,
    *,
    columns: str = "codes",
    presence: bool = False,
    cells: str = "notes",
    spoken: dict | None = None,
) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the matrix of `sessions` (MatrixBuilder, all at once);
    `spoken`: {id(rec): {question id: text}}."""
    builder = MatrixBuilder(columns=columns, presence=presence, cells=cells)
    for rec in sessions:
        builder.add(rec, (spoken or {}).get(id(rec)))
    return builder.result()


def rows_csv(header: list[str], rows: list[list[str]], raw: bool = False) -> str:
    """The matrix as CSV; `raw`: every cell as written (see `long_csv.csv_writer`)."""
    buf = io.StringIO(newline="")
    w = csv_writer(buf, raw)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()

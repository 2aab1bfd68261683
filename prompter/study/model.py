"""The study matrix: sessions (rows) by questions (columns), computed from session files.

Columns match questions across sessions by id, in the order `tally` uses (the
newest session's guide order, then questions seen only in older sessions), so
the matrix and the tally agree question for question. A cell is the status a
question was left with in one session, its note and the seconds spent on it; a
session that does not have a question (another guide version) has no cell there.

Text is kept as the files have it: whoever shows it sanitises it for where it
goes (`prompter.text.visible` for a terminal, HTML escaping for the report).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from prompter.analysis.read import SessionRecord
from prompter.analysis.tally import tally
from prompter.session import STATUSES

# The marks first, then `not_applicable` (where a file has it), pending last: the
# order of every legend, count and chart.
STATUS_ORDER = (*(s for s in STATUSES[1:] if s != "not_applicable"), "not_applicable", STATUSES[0])
MARKED = frozenset(STATUS_ORDER[:-2])


@dataclass(frozen=True, slots=True)
class Column:
    """One question of the study."""

    id: str
    text: str
    section: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One question in one session."""

    status: str
    note: str
    seconds: float


@dataclass(slots=True)
class SessionRow:
    """One session: who, when, by whom, and its cells (None where it lacks the question)."""

    index: int  # position in the study's date order
    id: str
    participant: str
    interviewer: str
    started_at: datetime
    state: str
    path: str
    guide: str  # title and version
    elapsed_seconds: float
    cells: list[Cell | None]
    bookmarks: list[dict] = field(default_factory=list)  # at_seconds, label, question

    def count(self, status: str) -> int:
        return sum(1 for c in self.cells if c is not None and c.status == status)

    @property
    def present(self) -> int:
        return sum(1 for c in self.cells if c is not None)

    @property
    def skip_rate(self) -> float:
        return self.count("skipped") / self.present if self.present else 0.0


@dataclass(slots=True)
class QuestionStats:
    """How a question went across the sessions that have it."""

    counts: dict[str, int]  # status -> sessions that left it so
    sessions: int
    median_seconds: float | None  # among sessions that spent any time on it

    def rate(self, status: str) -> float:
        return self.counts.get(status, 0) / self.sessions if self.sessions else 0.0

    @property
    def skip_rate(self) -> float:
        return self.rate("skipped")


@dataclass(slots=True)
class SectionStats:
    """Time spent in a section (its sub-sections included) across sessions, and its budget."""

    path: tuple[str, ...]
    budget_seconds: float | None
    spent: list[float]  # one per session that has the section

    @property
    def median(self) -> float | None:
        return statistics.median(self.spent) if self.spent else None

    @property
    def maximum(self) -> float | None:
        return max(self.spent) if self.spent else None

    @property
    def over_budget(self) -> int:
        """Sessions that spent more than the budget in it (0 without a budget)."""
        if self.budget_seconds is None:
            return 0
        return sum(1 for s in self.spent if s > self.budget_seconds)


@dataclass(slots=True)
class Study:
    rows: list[SessionRow]  # oldest first
    columns: list[Column]
    questions: list[QuestionStats]  # one per column
    sections: list[SectionStats]  # in guide order, parents before their sub-sections
    tally_notes: list[str] = field(default_factory=list)

    @property
    def statuses(self) -> tuple[str, ...]:
        """STATUS_ORDER without `not_applicable` unless some cell has it."""
        has_na = any(q.counts.get("not_applicable") for q in self.questions)
        return tuple(s for s in STATUS_ORDER if s != "not_applicable" or has_na)

    def metadata(self) -> dict[str, object]:
        """What the study is: guides, interviewers, dates, states (for headers)."""
        guides: dict[str, int] = {}
        interviewers: dict[str, int] = {}
        states: dict[str, int] = {}
        for r in self.rows:
            guides[r.guide] = guides.get(r.guide, 0) + 1
            who = r.interviewer or "(none)"
            interviewers[who] = interviewers.get(who, 0) + 1
            states[r.state] = states.get(r.state, 0) + 1
        dates = [r.started_at for r in self.rows]
        return {
            "sessions": len(self.rows),
            "questions": len(self.columns),
            "guides": guides,
            "interviewers": interviewers,
            "states": states,
            "first": min(dates) if dates else None,
            "last": max(dates) if dates else None,
        }


def _guide_label(guide: dict) -> str:
    version = guide.get("version")
    return (
        f"{guide.get('title', '?')} v{version}"
        if version not in (None, "")
        else str(guide.get("title", "?"))
    )


def build_study(sessions: list[SessionRecord]) -> Study:
    """The study of `sessions` (as `load_sessions` orders them: oldest first)."""
    counted = tally(sessions, "question")
    order = [r.id for r in counted.rows]
    where = {qid: i for i, qid in enumerate(order)}
    texts: dict[str, str] = {}
    section_of: dict[str, tuple[str, ...]] = {}
    for rec in sessions:  # the newest wording and section win, as in tally
        for q in rec.questions:
            texts[q["id"]] = q["text"]
            section_of[q["id"]] = tuple(q["section"])
    columns = [Column(qid, texts.get(qid, ""), section_of.get(qid, ())) for qid in order]

    rows: list[SessionRow] = []
    times: list[list[float]] = [[] for _ in columns]
    counts: list[dict[str, int]] = [dict.fromkeys(STATUS_ORDER, 0) for _ in columns]
    present = [0] * len(columns)
    for n, rec in enumerate(sessions):
        cells: list[Cell | None] = [None] * len(columns)
        for q in rec.questions:
            i = where[q["id"]]
            if cells[i] is not None:  # a duplicated id: the first counts, as in tally
                continue
            seconds = float(q.get("seconds_on_question", 0.0) or 0.0)
            cells[i] = Cell(q["status"], q.get("note", ""), seconds)
            counts[i][q["status"]] = counts[i].get(q["status"], 0) + 1
            present[i] += 1
            if seconds > 0:
                times[i].append(seconds)
        s = rec.session
        rows.append(
            SessionRow(
                index=n,
                id=s["id"],
                participant=s["participant"],
                interviewer=s.get("interviewer", ""),
                started_at=s["started_at"],
                state=s.get("state", ""),
                path=rec.path,
                guide=_guide_label(rec.guide),
                elapsed_seconds=float(s.get("elapsed_seconds", 0.0) or 0.0),
                cells=cells,
                bookmarks=[b for b in rec.data.get("bookmarks", []) if isinstance(b, dict)],
            )
        )
    stats = [
        QuestionStats(counts[i], present[i], statistics.median(times[i]) if times[i] else None)
        for i in range(len(columns))
    ]
    return Study(rows, columns, stats, _sections(sessions), counted.notes)


def _sections(sessions: list[SessionRecord]) -> list[SectionStats]:
    found: dict[tuple[str, ...], SectionStats] = {}
    for rec in reversed(sessions):  # the newest session's order and budgets first
        for sec in rec.data.get("sections", ()):
            path = tuple(sec["path"])
            st = found.get(path)
            if st is None:
                minutes = sec.get("minutes")
                budget = (
                    float(minutes) * 60
                    if isinstance(minutes, (int, float))
                    and not isinstance(minutes, bool)
                    and minutes >= 0
                    else None
                )
                found[path] = st = SectionStats(path, budget, [])
            if "seconds_spent" in sec:
                st.spent.append(float(sec["seconds_spent"]))
    return list(found.values())

"""`prompter tally`: how often each question (section, code, session) was asked,
probed, skipped, covered or left pending across many sessions (pure; no textual).

Each question of each session is counted exactly once, under the status it was
left with; questions no longer in the session's guide (`removed = true`) are not
counted (the exports keep them). Rows by question match questions across
sessions by id; by section, a question counts in its own (innermost) section; by
code, once under each code it carries and each parent of those codes, so that a
construct's row covers its sub-constructs' questions. By session, rows carry the
session's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prompter.analysis.read import SessionRecord, with_parents
from prompter.text import SECTION_SEP, one_line
from prompter.vocabulary import STATUSES as _LIFECYCLE

# The session core's statuses, the marks first and pending last, as tallies read.
STATUSES = (*_LIFECYCLE[1:], _LIFECYCLE[0])
BY = ("question", "section", "code", "session")
KEYS = ("id", *STATUSES, "sessions")


@dataclass(slots=True)
class Row:
    """One row of a tally: a question (section, code, session) and its counts."""

    id: str
    text: str = ""
    asked: int = 0
    probed: int = 0
    skipped: int = 0
    covered: int = 0
    pending: int = 0
    not_applicable: int = 0  # a status of newer session cores (branching guides)
    sessions: int = 0
    state: str = ""  # by session: in_progress or finished

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in STATUSES)

    def as_dict(self, keys=KEYS) -> dict:
        return {k: getattr(self, k) for k in keys}


@dataclass(slots=True)
class Tally:
    """A tally's rows, by question, section, code or session, over `sessions` sessions."""

    by: str
    rows: list[Row]
    sessions: int
    notes: list[str] = field(default_factory=list)  # e.g. ids with several wordings

    def totals(self) -> Row:
        t = Row("total", sessions=self.sessions)
        for r in self.rows:
            for k in STATUSES:
                setattr(t, k, getattr(t, k) + getattr(r, k))
        return t


def _short(text: str, n: int = 60) -> str:
    """`text` on one line, cut to `n` characters, control characters shown as \\xNN."""
    text = " ".join(text.split())
    return one_line(text if len(text) <= n else text[: n - 1].rstrip() + "…")


def _counted(questions: list[dict]) -> list[dict]:
    return [q for q in questions if not q.get("removed")]


class Tallier:
    """A tally made one session at a time (oldest first), keeping only its rows: add
    each session with `add`, then take the `result`. Rows come in the newest
    session's order, then rows seen only in older ones: each session's rows are put
    before the rest as it comes."""

    def __init__(self, by: str = "question"):
        if by not in BY:
            raise ValueError(f"by must be one of {', '.join(BY)}")
        self.by = by
        self.rows: dict[str, Row] = {}
        self.order: list[str] = []  # row keys, newest session's order first
        self.texts: dict[str, dict[str, list[str]]] = {}  # question id -> text -> versions
        self.sessions = 0

    def _put_first(self, keys) -> None:
        first = list(dict.fromkeys(keys))
        if first != self.order[: len(first)]:
            ahead = set(first)
            self.order = first + [k for k in self.order if k not in ahead]

    def add(self, rec: SessionRecord) -> None:
        data, by, rows = rec.data, self.by, self.rows
        self.sessions += 1
        questions = _counted(data["questions"])
        if by == "session":
            sid = data["session"]["id"]
            row = rows.get(sid)
            if row is None:  # sessions come oldest first: rows in the order first seen
                s = data["session"]
                rows[sid] = row = Row(
                    sid,
                    f"{s['participant']}, {s['started_at']:%Y-%m-%d %H:%M}",
                    state=s.get("state", ""),
                )
                self.order.append(sid)
            row.sessions += 1
            for q in questions:
                st = q["status"]
                setattr(row, st, getattr(row, st) + 1)
            return
        if by == "code":
            self._put_first(
                [c["path"] for c in data.get("codes", ()) if isinstance(c.get("path"), str)]
                + [c for q in questions for c in with_parents(q.get("codes", ()))]
            )
        elif by == "section":
            self._put_first(SECTION_SEP.join(q["section"]) for q in questions)
        else:
            self._put_first(q["id"] for q in questions)
        in_session: set[str] = set()
        version = str(data["guide"].get("version", "?"))
        for q in questions:
            st = q["status"]
            if by == "question":
                keys = (q["id"],)
                versions = self.texts.setdefault(q["id"], {}).setdefault(q["text"], [])
                if version not in versions:
                    versions.append(version)
            elif by == "section":
                keys = (SECTION_SEP.join(q["section"]),)
            else:  # a question counts once under each of its codes and their parents
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
                row.text = q["text"]  # the newest wording wins (sessions are oldest first)

    def result(self) -> Tally:
        notes = []
        if self.by == "question":
            for qid in self.order:
                variants = self.texts.get(qid, {})
                if len(variants) > 1:
                    listed = "; ".join(
                        f'v{"/".join(vs)}: "{_short(t)}"' for t, vs in variants.items()
                    )
                    notes.append(
                        f"question {qid} has {len(variants)} different texts across guide "
                        f"versions ({listed})"
                    )
        return Tally(
            self.by, [self.rows[k] for k in self.order if k in self.rows], self.sessions, notes
        )


def tally(sessions, by: str = "question") -> Tally:
    """Count the statuses of `sessions` (ordered oldest first; any iterable, such as a
    prompter.analysis.read.SessionStream) per `by` row."""
    counter = Tallier(by)
    for rec in sessions:
        counter.add(rec)
    return counter.result()


# ------------------------------------------------------------------ formats


def pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def keys_of(t: Tally) -> tuple[str, ...]:
    """The columns of csv and json: by session, the session's state after its id."""
    return ("id", "state", *KEYS[1:]) if t.by == "session" else KEYS


def to_json(t: Tally) -> str:
    import json  # here, not at the top: each format brings only its own module

    keys = keys_of(t)
    return json.dumps([r.as_dict(keys) for r in t.rows], ensure_ascii=False, indent=2) + "\n"


def to_csv(t: Tally) -> str:
    import csv
    import io

    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    keys = keys_of(t)
    w.writerow(keys)
    for r in t.rows:
        w.writerow([getattr(r, k) for k in keys])
    return buf.getvalue()


def _title(t: Tally) -> str:
    return f"Tally of {t.sessions} session{'s' * (t.sessions != 1)}, by {t.by}"


def _md_cell(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(t: Tally) -> str:
    with_text = t.by in ("question", "session")
    label = ["question" if t.by == "question" else "participant"] if with_text else []
    head = ["id", *label, *STATUSES, "sessions"]
    align = ["---"] * (1 + len(label)) + ["---:"] * (len(STATUSES) + 1)
    lines = [f"## {_title(t)}", "", "| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    totals = t.totals()
    for r in [*t.rows, totals]:
        cells = ["**total**" if r is totals else f"`{_md_cell(r.id)}`"]
        if with_text:
            cells.append(_md_cell(r.text + (f", {r.state.replace('_', ' ')}" if r.state else "")))
        cells += [f"{getattr(r, k)} ({pct(getattr(r, k), r.total)})" for k in STATUSES]
        cells.append(str(r.sessions))
        lines.append("| " + " | ".join(cells) + " |")
    if t.notes:
        lines += ["", "Notes:", ""] + [f"- {_md_cell(n)}" for n in t.notes]
    return "\n".join(lines) + "\n"


def render_table(t: Tally, file, *, width: int | None = None) -> None:
    """A Rich table (Rich is imported here only: it is slow to import).

    Each row takes two lines: the id over the question's text (cut to fit) or
    the participant, and each count over its percentage of the row.
    """
    from rich import box
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    console = Console(file=file, width=width, highlight=False)
    totals = t.totals()

    def cell(r: Row, k: str) -> Text:
        return Text.assemble(str(getattr(r, k)), "\n", (pct(getattr(r, k), r.total), "dim"))

    with_text = t.by in ("question", "session")
    table = Table(
        title=_title(t), show_footer=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column(t.by, footer="total", ratio=1, min_width=12)
    for k in STATUSES:
        table.add_column(k, justify="right", no_wrap=True, footer=cell(totals, k))
    table.add_column("sessions", justify="right", no_wrap=True, footer=str(t.sessions))
    for r in t.rows:
        label = Text(one_line(r.id), style="bold", overflow="fold")
        if with_text:
            text = r.text + (f", {r.state.replace('_', ' ')}" if r.state else "")
            label = Group(
                label, Text(one_line(text), style="dim", no_wrap=True, overflow="ellipsis")
            )
        table.add_row(label, *[cell(r, k) for k in STATUSES], str(r.sessions))
    console.print(table)
    for n in t.notes:
        console.print(f"note: {n}", soft_wrap=True, markup=False)

"""Orders of the study's rows and columns, as lists of indexes into the study."""

from __future__ import annotations

from prompter.study.model import Study

ROW_SORTS = ("date", "skip rate", "participant", "interviewer")
COLUMN_SORTS = ("guide", "skip rate")


def row_order(study: Study, by: str = "date") -> list[int]:
    """Row indexes: by start date (oldest first), by skip rate (highest first, then
    date), by participant or by interviewer (then date)."""
    rows = study.rows
    if by == "date":
        key = lambda r: (r.started_at, r.id, r.path)  # noqa: E731
    elif by == "skip rate":
        key = lambda r: (-r.skip_rate, r.started_at, r.id)  # noqa: E731
    elif by == "participant":
        key = lambda r: (r.participant.casefold(), r.started_at, r.id)  # noqa: E731
    elif by == "interviewer":
        key = lambda r: (r.interviewer.casefold(), r.started_at, r.id)  # noqa: E731
    else:
        raise ValueError(f"rows sort by one of {', '.join(ROW_SORTS)}")
    return [r.index for r in sorted(rows, key=key)]


def column_order(study: Study, by: str = "guide") -> list[int]:
    """Column indexes: in guide order, or by skip rate (highest first, then guide order)."""
    n = len(study.columns)
    if by == "guide":
        return list(range(n))
    if by == "skip rate":
        return sorted(range(n), key=lambda i: (-study.questions[i].skip_rate, i))
    raise ValueError(f"columns sort by one of {', '.join(COLUMN_SORTS)}")

"""The study: many session files seen together (pure; no textual).

`build_study(sessions)` turns the records `prompter.analysis.read.load_sessions`
kept into a matrix of sessions by questions with each cell's status, note and
time, with per-question counts and median time on question and per-section time
against budget across sessions. The overview screen (`prompter.tui.overview`)
and the HTML report (`prompter.report`) both draw from it.
"""

from prompter.study.model import (
    STATUS_ORDER,
    Cell,
    Column,
    QuestionStats,
    SectionStats,
    SessionRow,
    Study,
    build_study,
)
from prompter.study.sort import COLUMN_SORTS, ROW_SORTS, column_order, row_order

__all__ = [
    "STATUS_ORDER",
    "COLUMN_SORTS",
    "ROW_SORTS",
    "Cell",
    "Column",
    "QuestionStats",
    "SectionStats",
    "SessionRow",
    "Study",
    "build_study",
    "column_order",
    "row_order",
]

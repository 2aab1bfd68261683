"""One interview's session: the state and its actions (`model`), times derived
from it (`timeline`), and its file: where it goes (`paths`), how it is rendered
(`render`) and saved (`atomic`, `writer`), read and checked (`read`), and
resumed (`resume`). Pure Python; no textual.

The model's names are re-exported here; the file modules are imported by name.
"""

from prompter.session.model import (
    ACTIONS,
    STATES,
    STATUSES,
    Bookmark,
    Event,
    QuestionState,
    RemovedQuestion,
    Session,
    clean_text,
)

__all__ = [
    "ACTIONS",
    "STATES",
    "STATUSES",
    "Bookmark",
    "Event",
    "QuestionState",
    "RemovedQuestion",
    "Session",
    "clean_text",
]

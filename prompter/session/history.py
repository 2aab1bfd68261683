"""The undo history of a session: its data changes, each enough to apply both ways
(pure Python; no textual). `prompter.session.model.Session` applies them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable data change."""

    action: str
    question: str
    kind: str  # "question", "questions" (before/after: {id: data}), "bookmark", ...
    before: object
    after: object


@dataclass(slots=True)
class History:
    """Changes done (the latest last) and undone (the latest undone last)."""

    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def push(self, change: Change) -> None:
        """A new change: what was undone can no longer be redone."""
        self.done.append(change)
        self.undone.clear()

    def undo(self) -> Change | None:
        """The change to reverse (it can then be redone), or None."""
        if not self.done:
            return None
        self.undone.append(self.done.pop())
        return self.undone[-1]

    def redo(self) -> Change | None:
        """The change to apply again, or None."""
        if not self.undone:
            return None
        self.done.append(self.undone.pop())
        return self.done[-1]

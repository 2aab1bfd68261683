"""The note editor and the bookmark label: the only widgets that take keys as text.

Both hand the keys back to the interview screen on escape (and the label on enter).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, TextArea


class NoteEditor(TextArea):
    """The current question's note. Escape returns to the guide; the note is kept."""

    BINDINGS = [Binding("escape", "done", "Back to the guide", id="note.done")]

    class Done(Message):
        pass

    def action_done(self) -> None:
        self.post_message(self.Done())


class LabelInput(Input):
    """A one-line label (for a bookmark); enter or escape returns to the guide."""

    BINDINGS = [Binding("escape", "done", "Back to the guide", id="label.done")]

    class Done(Message):
        def __init__(self, value: str):
            super().__init__()
            self.value = value

    def action_done(self) -> None:
        self.post_message(self.Done(self.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

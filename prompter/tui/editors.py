"""The note editor and the bookmark label: the only widgets that take keys as text.

Keys reach them through Textual's own routing (the interview screen's keys are
disabled while one is open), so every editing key works: arrows, home/end, delete,
selection, paste. Leaving them runs the screen's `flush_editors` inside the key's own
handling, and the next key is routed only once that is done (prompter.tui.key_order):

- escape (and the label's enter) are the editor's own bindings, not priority ones: a
  priority binding runs as soon as its key is read, before the text typed just before
  it has reached the editor, and that text ran as guide keys (tests/e2e/
  test_pty_editors.py);
- an escape typed just before another key is read as escape, then that key
  (prompter.tui.escape_keys). In a browser (`prompter serve`, Textual's own parser)
  the two can still arrive as one `alt+key`; the editors read it the same way;
- a key that still reaches an editor once it is closed (while leaving) is the guide's.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, TextArea


class _GuideEditor:
    """What both editors share: how they hand keys back to the interview screen."""

    def action_done(self) -> None:
        self.screen.flush_editors()

    async def on_key(self, event) -> None:
        key = event.key
        if self.display and key.startswith("alt+"):
            # ESC and the key within the terminal's escape delay: escape, then the key.
            self.screen.flush_editors()
            key = plain_key(key)
        elif self.display:
            return  # typed into the editor by its own handler
        event.stop()
        event.prevent_default()
        await self.screen.run_guide_key(key)


def plain_key(key: str) -> str:
    """The key without its alt: `alt+j` is `j`, `alt+shift+u` is `U`."""
    key = key.removeprefix("alt+")
    if key.startswith("shift+") and len(key) == 7 and key[-1].isalpha():
        return key[-1].upper()
    return key


class NoteEditor(_GuideEditor, TextArea):
    """The current question's note. Escape returns to the guide; the note is kept."""

    BINDINGS = [Binding("escape", "done", "Back to the guide", id="note.done")]


class LabelInput(_GuideEditor, Input):
    """A one-line label (for a bookmark); enter or escape returns to the guide."""

    BINDINGS = [Binding("escape,enter", "done", "Back to the guide", id="label.done")]

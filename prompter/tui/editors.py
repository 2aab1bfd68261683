"""The note editor and the bookmark label: the only widgets that take keys as text.

Keys reach them through Textual's own routing (the interview screen's keys are
disabled while one is open), so every editing key works: arrows, home/end, delete,
selection, paste. Leaving them runs the screen's `flush_editors` at once, inside
the key's own handling, so that the next key typed already finds the guide:

- escape (and the label's enter) are the editor's own bindings, not priority ones:
  they run in the editor's queue, after every key typed before them. A priority
  binding runs in the app's key loop at once, so in a burst of keys (a fast typist
  on a busy machine, a text expander) it closed the editor before the text typed
  just before it arrived, and that text ran as guide keys (tests/e2e/
  test_pty_editors.py);
- escape followed quickly by a key reaches a terminal program as `alt+key` (the
  terminal sends ESC and the key together); the editors read that as what the
  person typed: escape, then the key, which runs as the guide's key;
- a key already queued for an editor when it closed is run as the guide's key too.
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

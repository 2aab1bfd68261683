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

A note from a session file may hold characters the editor must not show or keep as they
are: control characters (an escape sequence would reach the terminal raw and retitle
the window, clear the screen or set the clipboard) and the ones Textual's document
splits lines on (vertical tab, form feed, a lone carriage return, U+2028...), which
it would write back as new lines.
The editor shows each as one visible stand-in (`shown`), and `typed_back` gives back
the note: what was not edited character for character as it was, what was typed as
typed. Opening and closing the editor changes nothing (issue 22, findings 6 and 7).
"""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import Input, TextArea

# What the editor shows in place of a character it must not show or split lines on:
# the Unicode picture of a C0 control or DEL, else the replacement character.
_STAND_IN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _picture(m: re.Match) -> str:
    c = ord(m.group())
    return chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else "\ufffd"


def shown(text: str) -> str:
    """`text` as the editor shows it: each character it must not show or split lines on
    replaced by one visible stand-in (so positions are the same as in `text`)."""
    return _STAND_IN.sub(_picture, text)


def typed_back(original: str, before: str, after: str) -> str:
    """The note once `before` (`shown(original)`) was edited into `after`: the parts not
    edited are the original's, character for character; what was typed is as typed."""
    if after == before:
        return original
    if before == original:
        return after
    from difflib import SequenceMatcher

    steps = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    # Positions in `before` are positions in `original`: each stand-in is one character.
    return "".join(
        original[i1:i2] if op == "equal" else after[j1:j2] for op, i1, i2, j1, j2 in steps
    )


class _GuideEditor:
    """What both editors share: how they hand keys back to the interview screen."""

    def action_done(self) -> None:
        self.screen.flush_editors()

    def _on_paste(self, event) -> None:
        # Pasted control characters are shown, and kept, as their stand-ins.
        event.text = shown(event.text)

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

"""Small text rules shared by every layer (pure): the one sanitiser for text from
files on its way to a terminal, and the separators of section paths and lists."""

from __future__ import annotations

import re

SECTION_SEP = " > "  # between the titles of a section path, in every output
LIST_SEP = ";"  # between the items of a list in one CSV cell


class _Lazy:
    """A regular expression compiled when first used: each of those below takes a few
    tenths of a millisecond to compile, and most commands use one of them or none."""

    __slots__ = ("source", "compiled")

    def __init__(self, source: str):
        self.source = source
        self.compiled: re.Pattern | None = None

    def pattern(self) -> re.Pattern:
        if self.compiled is None:
            self.compiled = re.compile(self.source)
        return self.compiled

    def sub(self, repl, text: str) -> str:
        return self.pattern().sub(repl, text)


# C0 and C1 control characters and the bidirectional overrides and isolates: any of
# them from a hostile file could move the cursor, set the clipboard (OSC 52) or make
# text read differently from what it is.
_UNSAFE = _Lazy("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BUT_LAYOUT = _Lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str) -> str:
    """`text` with every control character shown as a visible escape (`\\x1b`), so that
    it stays on one line and cannot send escape sequences to a terminal."""
    return _UNSAFE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """`visible`, but tabs and new lines are kept (for multi-line text such as notes)."""
    return _UNSAFE_BUT_LAYOUT.sub(_escape, text)


def first_control(text: str) -> str | None:
    """The first character of `text` that `visible_lines` would escape, or None."""
    found = _UNSAFE_BUT_LAYOUT.pattern().search(text)
    return found.group() if found else None


def without_controls(text: str) -> str:
    """`text` less every character `visible_lines` would escape (tabs, new lines kept)."""
    return _UNSAFE_BUT_LAYOUT.sub("", text)


def one_line(text: str) -> str:
    """`text` on one line (runs of white space as one space), made `visible`."""
    return visible(" ".join(str(text).split()))


# Output for standard output keeps its layout (tab, new line, CR before LF) and loses
# every other control: a hostile session file's text cannot drive the terminal.
_UNSAFE_OUTPUT = _Lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def visible_output(text: str) -> str:
    """Whole command output (CSV, JSON, Markdown, XML) made safe for a terminal: each
    control character but tab and new line becomes `\\uXXXX`, which is also the JSON
    escape of the same character, so JSON output still reads back exactly."""
    return _UNSAFE_OUTPUT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

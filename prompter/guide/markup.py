"""The guide's minimal markup (pure): `**bold**` and `_italic_` in guide texts, and
paragraphs in `[square brackets]` in the introduction and closing, which are notes to
the interviewer rather than words said aloud.

The screen renders `spans`; exports and anything plain use `plain`.
"""

from __future__ import annotations

import re

# Emphasis opens and closes next to a non-space; `_` only at word edges, so that
# snake_case and file_names stay as they are.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S)


def _italics(text: str, bold: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _ITALIC.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], "bold" if bold else ""))
        out.append((m.group(1), "bold italic" if bold else "italic"))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], "bold" if bold else ""))
    return out


def spans(text: str) -> list[tuple[str, str]]:
    """`text` as (piece, style) pairs in order; style is "", "bold", "italic" or
    "bold italic". The pieces joined are `plain(text)`."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _BOLD.finditer(text):
        out.extend(_italics(text[pos : m.start()], False))
        out.extend(_italics(m.group(1), True))
        pos = m.end()
    out.extend(_italics(text[pos:], False))
    return [s for s in out if s[0]]


def plain(text: str) -> str:
    """`text` with the emphasis marks taken out."""
    return "".join(piece for piece, _ in spans(text))


def script_parts(text: str) -> list[tuple[str, str]]:
    """A script (introduction, closing) as ("say" | "guidance", paragraph) pairs: a
    paragraph in [square brackets] is guidance, shown apart, without the brackets.

    Paragraphs end at a blank line or at a bracketed one (a folded YAML scalar, `>`,
    turns blank lines into single line breaks, so a bracket starts its own paragraph)."""
    out: list[tuple[str, str]] = []
    said: list[str] = []
    aside: list[str] | None = None  # the lines of an open [ ... ] paragraph

    def flush() -> None:
        if said:
            out.append(("say", "\n".join(said)))
            said.clear()

    for line in text.strip().splitlines():
        line = line.strip()
        if aside is None and line.startswith("["):
            flush()
            aside = []
        if aside is not None:
            aside.append(line)
            if line.endswith("]"):
                out.append(("guidance", "\n".join(aside)[1:-1].strip()))
                aside = None
        elif line:
            said.append(line)
        else:
            flush()
    if aside is not None:  # never closed: said as written
        said.extend(aside)
    flush()
    return out

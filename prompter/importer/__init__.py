"""`prompter import`: a researcher's existing topic guide (Word .docx, Markdown, plain
text) to a prompter YAML guide.

Readers (`docx`, `markdown`, `text`) turn a file into a neutral outline (`model`); the
rules (`rules`) turn the outline into a guide, noting every guess; `yaml_out` writes it
with a comment at each guess; the command is `prompter.commands.guides`. Pure: no textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the readers and rules are imported when used: `prompter --help` stays fast
    from prompter.importer.model import ImportSourceError, Outline
    from prompter.importer.rules import Guess


def __getattr__(name: str):
    if name == "ImportSourceError":
        from prompter.importer.model import ImportSourceError

        return ImportSourceError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ImportSourceError", "Imported", "import_guide", "read_outline"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass
class Imported:
    yaml: str
    guide: dict
    guesses: list[Guess]
    sections: int  # top-level, as `validate` counts them
    all_sections: int  # at every level
    questions: int
    probes: int
    label_lines: list[str]  # positions of lines that look like code labels (without --codes)


def read_outline(path: str | os.PathLike) -> Outline:
    """The outline of the file at `path`; its type is told by its name, or by its first
    bytes for a Word file under another name."""
    from prompter.importer.source import (
        MAX_DOCX_BYTES,
        MAX_TEXT_BYTES,
        decode_text,
        fail,
        read_bytes,
    )

    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        fail(name, "an old Word .doc file: open it in Word or LibreOffice and save it as .docx")
    data = read_bytes(name, MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES)
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        from prompter.importer.docx import read_docx

        return read_docx(data, name)
    text = decode_text(data, name)
    if suffix in MARKDOWN_SUFFIXES:
        from prompter.importer.markdown import read_markdown

        return read_markdown(text, name)
    from prompter.importer.text import read_text

    return read_text(text, name)


def _drop_controls(outline: Outline) -> list[str]:
    """Take out of every block the characters a guide may not hold (what
    `prompter.text.visible_lines` would escape: C0 and C1 controls but tab and new line,
    bidirectional overrides and isolates); returns where there were some."""
    from dataclasses import replace

    from prompter.text import first_control, without_controls

    where = []
    for i, b in enumerate(outline.blocks):
        if any(first_control(r.text) for r in b.runs):
            runs = tuple(replace(r, text=without_controls(r.text)) for r in b.runs)
            outline.blocks[i] = replace(b, runs=runs)
            where.append(b.where)
    return where


def import_guide(path: str | os.PathLike, *, codes: bool = False) -> Imported:
    """Read the topic guide at `path` and build a prompter guide from it."""
    from prompter.importer.labels import bare_label
    from prompter.importer.rules import outline_to_guide
    from prompter.importer.yaml_out import dump_guide

    outline = read_outline(path)
    dropped = _drop_controls(outline)
    labels = [] if codes else [b.where for b in outline.blocks if bare_label(b.text)]
    stem = Path(str(path)).stem.replace("_", " ").replace("-", " ").strip()
    result = outline_to_guide(outline, codes=codes, default_title=stem[:1].upper() + stem[1:])
    if dropped:
        from prompter.importer.nodes import GUESSES, Guess

        # Said, not guessed at: the guide could not be loaded with them in it.
        places = ", ".join(dropped[:5]) + (", ..." if len(dropped) > 5 else "")
        note = Guess(
            places,
            "removed control characters a guide may not hold (bidirectional overrides, "
            "terminal controls)",
        )
        result.guide.setdefault(GUESSES, []).insert(0, note)
        result.guesses.insert(0, note)
    text = dump_guide(result.guide, Path(str(path)).name)
    from prompter.guide.model import MAX_BYTES

    if len(text.encode("utf-8")) > MAX_BYTES:  # the loader would refuse it
        from prompter.importer.source import fail

        fail(
            str(path),
            f"the guide would be larger than a guide may be ({MAX_BYTES // 2**20} MiB of "
            "YAML); split the document",
        )
    return Imported(
        text,
        result.guide,
        result.guesses,
        len(result.guide["sections"]),
        result.sections,
        result.questions,
        result.probes,
        labels,
    )

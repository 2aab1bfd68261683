"""The neutral outline every reader produces and the rules consume: blocks of text in
document order, each with its heading level or list depth, its emphasised runs and
where it came from (a line of a text or Markdown file, a paragraph of a Word file).

Keeping the readers down to this shape means the rules that turn a topic guide into
a prompter guide are written, tested and documented once, whatever the file type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prompter.errors import PrompterError

HEADING = "heading"  # a section heading (Word "Heading n", Markdown "#", a text heading)
TITLE = "title"  # the document's own title (Word "Title", a text file's first line)
PARAGRAPH = "paragraph"  # body text that is not a list item
ITEM = "item"  # a list item (bullet or numbered)


class ImportSourceError(PrompterError):
    """The file to import cannot be read as a topic guide; the message names the file."""


@dataclass(frozen=True)
class Run:
    """A stretch of a block's text, emphasised (italic) or not."""

    text: str
    emphasis: bool = False


@dataclass
class Block:
    """One paragraph, heading or list item of the source, in document order."""

    kind: str
    runs: tuple[Run, ...]
    where: str  # "line 12" or "paragraph 7": shown in guesses and the summary
    level: int = 0  # heading level, 1 = outermost; 0 for other blocks
    depth: int = 0  # list depth, 1 = a top-level item; 0 for other blocks
    numbered: bool = False  # a numbered list item (1., a), ...)
    continued: bool = False  # begins a new page of the row above (text extracted from PDF)

    @property
    def text(self) -> str:
        return " ".join("".join(r.text for r in self.runs).split())


@dataclass
class Outline:
    """A whole source document as blocks; `name` is the file as the user named it."""

    name: str
    blocks: list[Block] = field(default_factory=list)


def block(kind: str, text: str, where: str, **kw) -> Block:
    """A block of plain (unemphasised) text."""
    return Block(kind, (Run(text),), where, **kw)

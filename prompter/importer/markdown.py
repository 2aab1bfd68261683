"""Markdown topic guides to an outline (markdown-it-py, CommonMark).

`#` headings are headings of that level; list items are items at their nesting depth
(numbered for `1.`); `_x_`/`*x*` and `**x**` are emphasis (only italics count as
emphasis for guidance, so bold is plain); links keep their text; a list item's
second paragraph is a paragraph one level inside the item. Positions are source lines.
"""

from __future__ import annotations

import re

from prompter.importer.model import HEADING, ITEM, PARAGRAPH, Block, Outline, Run

MAX_DEPTH = 20  # markdown-it's own nesting limit; deeper is kept as text


def read_markdown(text: str, name: str) -> Outline:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"maxNesting": MAX_DEPTH}).parse(text)
    outline = Outline(name)
    lists: list[str] = []  # the open lists, innermost last: "ul" or "ol"
    item_has_block: list[bool] = []  # per open list item: has its first paragraph been seen
    heading: int | None = None
    later: list[Block] = []
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            lists.append(tok.tag)
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            item_has_block.append(False)
        elif t == "list_item_close":
            item_has_block.pop()
        elif t == "heading_open":
            heading = int(tok.tag[1:])
        elif t == "heading_close":
            heading = None
        elif t == "inline":
            first = tok.map[0] + 1 if tok.map else 0
            segments = _segments(tok.children or [])
            for offset, children in segments[1:]:
                # a line of its own ("Probe: ...", "Codes: ...") is a block of its own
                later.append(
                    Block(
                        PARAGRAPH,
                        _runs(children),
                        f"line {first + offset}",
                        depth=len(lists) + 1 if lists else 0,
                    )
                )
            where = f"line {first}"
            runs = _runs(segments[0][1])
            if not "".join(r.text for r in runs).strip():
                outline.blocks.extend(later)
                later.clear()
                continue
            if heading is not None:
                outline.blocks.append(Block(HEADING, runs, where, level=heading))
            elif lists and not item_has_block[-1]:
                item_has_block[-1] = True
                outline.blocks.append(
                    Block(ITEM, runs, where, depth=len(lists), numbered=lists[-1] == "ol")
                )
            else:  # body text, or a later paragraph inside a list item
                outline.blocks.append(
                    Block(PARAGRAPH, runs, where, depth=len(lists) + 1 if lists else 0)
                )
            outline.blocks.extend(later)
            later.clear()
        elif t in ("code_block", "fence", "html_block") and tok.content.strip():
            where = f"line {tok.map[0] + 1}" if tok.map else "line ?"
            outline.blocks.append(Block(PARAGRAPH, (Run(tok.content),), where))
    return outline


_OWN_LINE = re.compile(r"\s*(?:codes?|probes?|prompts?|follow[- ]?ups?)\s*:", re.I)


def _segments(children) -> list[tuple[int, list]]:
    """The inline children cut at each line that starts with a mark of its own, as
    (line offset, children)."""
    segments: list[tuple[int, list]] = [(0, [])]
    line = 0
    for i, c in enumerate(children):
        if c.type in ("softbreak", "hardbreak"):
            line += 1
            nxt = children[i + 1] if i + 1 < len(children) else None
            if nxt is not None and nxt.type == "text" and _OWN_LINE.match(nxt.content):
                segments.append((line, []))
                continue
        segments[-1][1].append(c)
    return segments


def _runs(children) -> tuple[Run, ...]:
    runs: list[Run] = []
    italic = 0
    for c in children:
        if c.type == "em_open":
            italic += 1
        elif c.type == "em_close":
            italic = max(0, italic - 1)
        elif c.type in ("text", "code_inline", "html_inline"):
            runs.append(Run(c.content, italic > 0))
        elif c.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", italic > 0))
        elif c.type == "image":
            runs.append(Run(c.content, italic > 0))
    return tuple(runs)

"""Plain-text topic guides to an outline.

Text has no styles, so the layout is read from the lines themselves:

* paragraphs are runs of lines; a blank line ends one, except that a long line with
  no closing punctuation carries on over a blank line (text copied out of a PDF or a
  Word table breaks sentences that way);
* a line starting with a bullet (`•`, `-`, `*`, `–`, `o`, `▪`, `◦`, `·`) or a number
  or letter (`1.`, `2)`, `a.`, `Q3:`) is a list item; its depth comes from its
  indentation, and where lines are not indented, from the order in which new kinds
  of marker appear under each other (`•` then `o` then `▪`);
* headings are lines starting with `#`, lines underlined with `===`/`---`, numbered
  section lines (`2.1 Title`), lines starting with `Section 3`, `Part B` or `1 of 4`,
  lines in capitals, lines with a time (`(10 mins)`), and short stand-alone lines
  in the form of a title;
* the first line is the guide's title when it stands alone and asks nothing;
* a line indented by exactly one space under an unindented line starts the next
  page of a table row (that is how text extracted from a PDF shows a page break).

Emphasis does not exist in text; brackets still carry guidance (see `rules`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prompter.importer.flow import check_text
from prompter.importer.labels import label_paths
from prompter.importer.model import HEADING, ITEM, PARAGRAPH, TITLE, Outline, block

_MARKER = re.compile(
    r"(?P<m>[•\-*–·▪■◦▫●○]|o(?=\s)|\d{1,2}[.)](?!\d)|[a-zA-Z][.)]|[ivx]{2,4}[.)]"
    r"|Q(?:uestion)?\s*\d{1,3}[.:)]?)\s+(?P<rest>\S.*)"
)
_ATX = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_UNDERLINE = re.compile(r"(=+|-+)\s*")
_NUMBERED_HEADING = re.compile(r"(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)")
_SECTION_WORD = re.compile(
    r"(?:section|part|topic|theme|block|module)\s+[\dA-Z]{1,3}\b"
    r"|\d{1,2}\s+of\s+\d{1,2}\s",
    re.I,
)
TIME = re.compile(
    r"[\[(]?\s*(?:~|c\.|approx\.?|about)?\s*(\d{1,3}(?:[.,]\d)?)\s*(?:(?:-|–|to)\s*"
    r"(\d{1,3}))?\s*(?:mins?|minutes?|m)\b\.?\s*[\])]?",
    re.I,
)
_QUESTION_START = re.compile(
    r"(?:What|How|Why|When|Where|Who|Which|Do|Does|Did|Is|Are|Was|Were|Has|Have|Had|Can|"
    r"Could|Would|Will|Should|In what|To what|Tell|Describe|Please)\b"
)
_PROBE_LINE = re.compile(r"(?:probes?|prompts?|follow[- ]?ups?)\s*:", re.I)  # its own block
_CONDITION_LINE = re.compile(r"[(\[_*]*(?:only\s+ask|ask\s+only|only\s+if)\b", re.I)
LONG_LINE = 80  # a line this long with no full stop was broken by a page, not by you
WRAP_LINE = 60  # ... or this long, when the next starts in lower case


@dataclass
class _Open:
    kind: str
    lines: list[str]
    where: str
    first_line: int
    indent: int
    depth: int = 0
    numbered: bool = False
    continued: bool = False
    marker: str = ""
    gap_after: bool = False
    underline: int = 0


@dataclass
class _Markers:
    """The open list markers, outermost first, as (indent, kind)."""

    stack: list[tuple[int, str]] = field(default_factory=list)

    def depth(self, indent: int, kind: str) -> int:
        s = self.stack
        while s and s[-1][0] > indent:
            s.pop()
        same = [k for i, k in s if i == indent]
        if kind in same:
            while s[-1][1] != kind:
                s.pop()
        else:
            s.append((indent, kind))
        return len(s)


def _kind(marker: str) -> str:
    if marker[0].isdigit():
        return "1."
    if marker.startswith("Q"):
        return "Q1"
    if len(marker) > 2:
        return "i."
    if marker[0].isalpha() and len(marker) == 2:
        return "A." if marker[0].isupper() else "a."
    return marker


def _indent(line: str) -> int:
    n = 0
    for c in line:
        if c == " ":
            n += 1
        elif c == "\t":
            n += 4
        else:
            break
    return n


def _joins_over_gap(prev: _Open, next_text: str) -> bool:
    last = prev.lines[-1].strip()
    full = last if len(prev.lines) > 1 else prev.marker + " " + last
    if not last or last[-1] in '.?!:;)]"”’':
        return False
    if (
        _MARKER.fullmatch(next_text)
        or next_text.startswith("#")
        or _QUESTION_START.match(next_text)
    ):
        return False
    return len(full) >= LONG_LINE or (len(last) >= WRAP_LINE and next_text[:1].islower())


def read_text(text: str, name: str) -> Outline:
    blocks: list[_Open] = []
    cur: _Open | None = None
    markers = _Markers()
    gap = True
    prev_indent = 0
    para: _Open | None = None  # the paragraph since the last list item
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        s = line.strip()
        if not s:
            gap = True
            if cur:
                cur.gap_after = True
            continue
        indent = _indent(line)
        if (
            cur is not None
            and not gap
            and cur.kind == PARAGRAPH
            and len(cur.lines) == 1
            and _UNDERLINE.fullmatch(s)
            and len(s) >= 3
        ):
            cur.underline = 1 if s[0] == "=" else 2
            cur = None
            continue
        m = _MARKER.fullmatch(s)
        atx = _ATX.fullmatch(s)
        page_break = indent == 1 and prev_indent == 0 and not gap
        if atx:
            cur = _Open(HEADING, [atx.group(2)], f"line {n}", n, indent, depth=len(atx.group(1)))
            blocks.append(cur)
            cur = para = None  # a # heading is one line
            markers.stack.clear()
        elif m and not _NUMBERED_HEADING.fullmatch(s):
            if (
                para is not None and not para.continued and not label_paths(" ".join(para.lines))
            ):  # a label sits beside the list, not between
                markers.stack.clear()
            para = None
            kind = _kind(m.group("m"))
            depth = markers.depth(indent, kind)
            cur = _Open(
                ITEM,
                [m.group("rest")],
                f"line {n}",
                n,
                indent,
                depth=depth,
                numbered=kind in ("1.", "a.", "A.", "i.", "Q1"),
                continued=page_break,
                marker=kind,
            )
            blocks.append(cur)
        elif (
            cur is not None
            and not page_break
            and not _heading_line(cur)
            and not _PROBE_LINE.match(s)
            and not check_text(s)  # a check is a line of its own
            and not _CONDITION_LINE.match(s)  # ... and so is 'Only ask if ...'
            and not (len(cur.lines) == 1 and check_text(cur.lines[0]))
            and (
                (not gap and not _ends_question_before(cur, s)) or (gap and _joins_over_gap(cur, s))
            )
        ):
            cur.lines.append(s)
        else:
            cur = _Open(PARAGRAPH, [s], f"line {n}", n, indent, continued=page_break)
            blocks.append(cur)
            para = cur
        gap = False
        prev_indent = indent
    return Outline(name, [_finish(b, i == 0) for i, b in enumerate(blocks)])


def _heading_line(cur: _Open) -> bool:
    """A short first line in the form of a heading, with text straight under it: the
    text is not its continuation (the line would have been filled first)."""
    return (
        cur.kind == PARAGRAPH
        and len(cur.lines) == 1
        and len(cur.lines[0]) < WRAP_LINE
        and heading_level(cur.lines[0], True) > 0
    )


def _ends_question_before(cur: _Open, s: str) -> bool:
    """A line ending in '?' followed by a line starting with a capital: two questions,
    one a line, as plain-text guides often put them."""
    last = cur.lines[-1].strip()
    return last.endswith("?") and len(last) < WRAP_LINE and s[:1].isupper()


def _finish(b: _Open, first: bool):
    text = " ".join(b.lines)
    if b.kind == HEADING:
        return block(HEADING, text, b.where, level=b.depth)
    if b.kind == ITEM:
        return block(ITEM, text, b.where, depth=b.depth, numbered=b.numbered, continued=b.continued)
    if b.underline:
        return block(HEADING, text, b.where, level=b.underline)
    if first and len(b.lines) == 1 and "?" not in text and len(text) <= 150:
        return block(TITLE, text, b.where)
    level = heading_level(text, one_line=len(b.lines) == 1)
    if level:
        return block(HEADING, text, b.where, level=level, continued=b.continued)
    return block(PARAGRAPH, text, b.where, continued=b.continued)


def heading_level(text: str, one_line: bool) -> int:
    """The heading level of a paragraph of plain text, or 0 if it is not a heading."""
    if "?" in text or check_text(text):  # 'Recording started' is a check, not a title
        return 0
    words = text.split()
    m = _NUMBERED_HEADING.fullmatch(text)
    if m and len(words) <= 12:
        return m.group(1).count(".") + 1
    if _SECTION_WORD.match(text):
        return 1
    if len(words) > 12 or not one_line:
        return 0
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return 1
    if TIME.search(text) and not text.rstrip().endswith("."):
        return 1
    if (
        len(words) <= 6
        and len(text) <= 50
        and text[:1].isupper()
        and text.rstrip()[-1] not in ".,;:!"
        and not any(c in text for c in "/,:;")
    ):
        return 1
    return 0

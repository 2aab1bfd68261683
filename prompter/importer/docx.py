"""Word (.docx) topic guides to an outline (python-docx).

Before python-docx sees the file, the zip's own directory is checked (`prompter.archive`,
shared with the transcript reader): a file that is not a zip, has too many members, or
declares members that would inflate past a bound or at a ratio no real document has (a
zip bomb) is refused without inflating anything.
Then paragraphs and tables are read in document order: "Title" is the title, "Heading
n" a heading of level n, "List Bullet n"/"List Number n" and numbered paragraphs are
list items of depth n, italic runs are emphasis. Table cells are read row by row,
left to right. Positions are paragraph numbers counted from 1 through the whole body,
table cells included.
"""

from __future__ import annotations

import io
import re

from prompter.importer.model import HEADING, ITEM, PARAGRAPH, TITLE, Block, Outline, Run
from prompter.importer.source import fail

MAX_MEMBERS = 2000
MAX_INFLATED = 64 * 1024 * 1024  # all members together, as declared
MAX_DOCUMENT_XML = 16 * 1024 * 1024
MAX_RATIO = 100  # real XML compresses 5-20x; bombs 1000x and more
MAX_TABLE_NESTING = 5

_LIST_STYLE = re.compile(r"list (bullet|number|continue|paragraph)\s*(\d*)", re.I)
_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.I)


def check_zip(data: bytes, name: str) -> None:
    """Refuse, from the zip's directory alone, anything python-docx should not open."""
    from prompter import archive

    bounds = archive.Bounds(MAX_INFLATED, MAX_DOCUMENT_XML, MAX_MEMBERS, MAX_RATIO)
    try:
        archive.check(data, bounds, "word/document.xml")
    except archive.Refused as e:
        fail(
            name,
            {
                archive.NOT_ZIP: "not a Word .docx file (not a zip archive; an old .doc must be "
                "saved as .docx first)",
                archive.DAMAGED: f"not a Word .docx file (a damaged zip archive: {e.detail})",
                archive.MEMBERS: f"refused: the archive has {e.size} members (a Word file has a "
                "few dozen)",
                archive.METHOD: "not a Word .docx file (compressed in a way Word never uses)",
                archive.ENCRYPTED: "cannot read this Word file: it is encrypted (save it without "
                "a password)",
                archive.BOMB: f"refused: a member of the archive would inflate {e.ratio:,} times "
                "(a zip bomb?)",
                archive.TOO_LARGE: f"refused: the archive would inflate to {e.size:,} bytes (at "
                f"most {MAX_INFLATED // 2**20} MiB)",
                archive.NO_PART: "not a Word .docx file (no word/document.xml in the archive)",
                archive.PART_TOO_LARGE: "refused: the document's text part is too large",
            }[e.kind],
        )


def read_docx(data: bytes, name: str) -> Outline:
    check_zip(data, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        reader = _Reader(name, Table, Paragraph, document.part)
        reader.body(document.element.body, document, 0)
    except ImportError:
        raise
    except RecursionError:
        fail(name, "refused: tables nested too deep")
    except Exception as e:  # noqa: BLE001 - python-docx/lxml raise many kinds on bad files
        from prompter.importer.model import ImportSourceError

        if isinstance(e, ImportSourceError):
            raise
        fail(name, f"cannot read this Word file ({type(e).__name__})")
    return reader.outline


class _Reader:
    def __init__(self, name, table_cls, paragraph_cls, part):
        self.outline = Outline(name)
        self.count = 0
        self.Table, self.Paragraph = table_cls, paragraph_cls
        self.part = part
        # python-docx looks a style up by scanning every style of the document, for each
        # paragraph and run that asks: once per style here keeps a long document linear.
        self.styles: dict = {}

    def style(self, style_id: str | None, kind) -> tuple[str, bool | None]:
        """(name, italic) of the style `style_id` of this kind (its default if None)."""
        key = (style_id, kind)
        if key not in self.styles:
            style = self.part.get_style(style_id, kind)
            self.styles[key] = (
                (style.name or "", style.font.italic) if style is not None else ("", None)
            )
        return self.styles[key]

    def body(self, element, parent, nesting: int) -> None:
        from docx.oxml.ns import qn

        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(self.Paragraph(child, parent))
            elif child.tag == qn("w:tbl"):
                if nesting >= MAX_TABLE_NESTING:
                    continue
                table = self.Table(child, parent)
                for row in table.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell is listed once per column
                            continue
                        seen.add(id(cell._tc))
                        self.body(cell._tc, cell, nesting + 1)
            elif child.tag == qn("w:sdt"):  # a content control: its content is body text
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.body(content, parent, nesting)

    def paragraph(self, p) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.count += 1
        style, italic = self.style(p._p.style, WD_STYLE_TYPE.PARAGRAPH)
        runs = tuple(self.runs(p, bool(italic)))
        if not "".join(r.text for r in runs).strip():
            return
        where = f"paragraph {self.count}"
        if style.lower() == "title":
            self.outline.blocks.append(Block(TITLE, runs, where))
            return
        m = _HEADING_STYLE.fullmatch(style.strip())
        if m:
            self.outline.blocks.append(Block(HEADING, runs, where, level=int(m.group(1))))
            return
        depth, numbered = _list_depth(p, style)
        if depth:
            self.outline.blocks.append(Block(ITEM, runs, where, depth=depth, numbered=numbered))
        else:
            self.outline.blocks.append(Block(PARAGRAPH, runs, where))

    def runs(self, p, style_italic: bool):
        """The paragraph's runs, hyperlinks' included, with their italics resolved."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn
        from docx.text.run import Run as DocxRun

        run_tag, link_tag = qn("w:r"), qn("w:hyperlink")
        texts = [qn(f"w:{t}") for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")]
        # the children read directly: python-docx's own walk runs an XPath query for each
        # paragraph, a third of the time of a long document
        for child in p._p.iterchildren(run_tag, link_tag):
            for r in [child] if child.tag == run_tag else child.iterchildren(run_tag):
                run = DocxRun(r, p)
                italic = run.italic
                if italic is None:
                    italic = self.style(r.style, WD_STYLE_TYPE.CHARACTER)[1]
                if italic is None:
                    italic = style_italic
                # as Run.text, which asks XPath for these children
                text = "".join(str(e) for e in r.iterchildren(*texts))
                text = text.replace("\t", " ").replace("\n", " ")
                if text:
                    yield Run(text, bool(italic))


def _list_depth(p, style: str) -> tuple[int, bool]:
    """(depth, numbered) of a list paragraph, (0, False) for body text."""
    from docx.oxml.ns import qn

    m = _LIST_STYLE.match(style.strip())
    numbered = bool(m and m.group(1).lower() == "number")
    ppr = p._p.pPr
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is not None:
        ilvl = num.find(qn("w:ilvl"))
        try:
            level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        except (TypeError, ValueError):
            level = 0
        return min(max(level, 0), 8) + 1, numbered
    if m and m.group(1).lower() in ("bullet", "number"):
        return int(m.group(2) or 1), numbered
    return 0, False

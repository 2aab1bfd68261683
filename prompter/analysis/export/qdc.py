"""A guide's codebook as a REFI-QDA codebook file (`.qdc`), the exchange format that
NVivo, ATLAS.ti, MAXQDA, QualCoder and others import (pure; no textual).

The file follows the REFI-QDA Codebook schema (namespace
`urn:QDA-XML:codebook:1.0`; tests/data/refi-qda/Codebook.xsd): a `<CodeBook>`
holding `<Codes>`, each `<Code>` with a `guid`, `name`, `isCodable` and `color`,
an optional `<Description>` first and its child codes after it. A code is
codable when questions carry it or it has no children: the NPT constructs,
which questions carry, are codable like their sub-constructs; a parent that no
question carries is a category (`isCodable="false"`). A guide without a
codebook gives its questions instead, one codable code each under a "Guide
questions" category (`question_codes`), as the project export does.

GUIDs are stable: version 5 UUIDs of the code's path ('Parent/Child') in a
namespace of prompter's own, so the same code gets the same GUID in every
export, whatever guide version or session it came from.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from prompter import __version__
from prompter.guide.markup import plain

NAMESPACE = "urn:QDA-XML:codebook:1.0"
# Every code's GUID is uuid5(CODE_NAMESPACE, code path), where CODE_NAMESPACE is
# uuid5(NAMESPACE_URL, "urn:prompter:code") = d2bd620c-a107-509a-8a35-720b0440c515.
CODE_NAMESPACE = uuid.UUID("d2bd620c-a107-509a-8a35-720b0440c515")
# Question codes: uuid5(QUESTION_NAMESPACE, question id), where QUESTION_NAMESPACE is
# uuid5(NAMESPACE_URL, "urn:prompter:question"); their category: uuid5(it, "") (no id is "").
QUESTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:prompter:question")
QUESTIONS_CATEGORY = "Guide questions"
QUESTION_COLOR = "#8C8C8C"
# Top-level codes take these colours in turn (Tableau 10); children are shades of their parent.
PALETTE = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)
# Shade of the n-th child: > 0 mixes towards white, < 0 towards black.
SHADES = (0.35, -0.3, 0.55, -0.45, 0.7, 0.2, -0.15, 0.45, -0.55, 0.8)
COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class CodeNode:
    path: tuple[str, ...]
    name: str
    description: str = ""
    color: str | None = None  # as given; `effective colour` is worked out on output
    children: list[CodeNode] = field(default_factory=list)
    guid: str | None = None  # None: code_guid(key); question codes have their own

    @property
    def key(self) -> str:
        return "/".join(self.path)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def code_guid(path: str) -> str:
    """The stable GUID of a code path such as 'Coherence/Differentiation'."""
    return str(uuid.uuid5(CODE_NAMESPACE, path))


def question_guid(question_id: str) -> str:
    """The stable GUID of the code of the guide question `question_id`."""
    return str(uuid.uuid5(QUESTION_NAMESPACE, question_id))


def question_codes(questions: list[tuple[str, str]]) -> CodeNode:
    """The "Guide questions" category: one codable code per (id, text), named by
    the id, the question's wording as its description."""
    top = CodeNode(
        (QUESTIONS_CATEGORY,),
        QUESTIONS_CATEGORY,
        "One code per question of the interview guide: each answer is coded with its question.",
        QUESTION_COLOR,
        guid=question_guid(""),
    )
    for qid, text in questions:
        top.children.append(
            CodeNode(
                (QUESTIONS_CATEGORY, qid), qid, plain(text), QUESTION_COLOR, guid=question_guid(qid)
            )
        )
    return top


def carried_codes(question_code_lists) -> set[str]:
    """Every code path that some question carries (they must be codable)."""
    return {c for codes in question_code_lists for c in codes}


def shade(color: str, factor: float) -> str:
    """`color` mixed towards white (factor > 0) or black (factor < 0)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    if factor >= 0:
        r, g, b = (round(c + (255 - c) * factor) for c in (r, g, b))
    else:
        r, g, b = (round(c * (1 + factor)) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"


def entries_from_session(data: dict) -> list[dict]:
    return [
        c
        for c in data.get("codes", ())
        if isinstance(c, dict) and isinstance(c.get("path"), str) and c["path"].strip("/")
    ]


class TreeBuilder:
    """Flat codebooks folded into one, a codebook at a time (`add`), keeping only the
    codes: codes in order of first appearance, each with the name, description and
    colour of its latest appearance. Adding the same codebook again in a row changes
    nothing, so a run of sessions of one guide costs one codebook's memory."""

    def __init__(self):
        self.nodes: dict[tuple[str, ...], CodeNode] = {}
        self._last: list[dict] | None = None

    def add(self, entries: list[dict]) -> None:
        if entries == self._last:
            return
        self._last = entries
        nodes = self.nodes
        for e in entries:
            path = tuple(p for p in e["path"].split("/"))
            parent = e.get("parent")
            if isinstance(parent, str) and parent and path[:-1] != tuple(parent.split("/")):
                path = tuple(parent.split("/")) + (path[-1],)
            for i in range(1, len(path)):  # parents that were not listed (never from prompter)
                nodes.setdefault(path[:i], CodeNode(path[:i], path[i - 1]))
            node = nodes.setdefault(path, CodeNode(path, path[-1]))
            name = e.get("name")
            node.name = name if isinstance(name, str) and name else path[-1]
            desc = e.get("description")
            node.description = desc if isinstance(desc, str) else ""
            color = e.get("color")
            node.color = color.upper() if isinstance(color, str) and COLOR.match(color) else None

    def roots(self) -> list[CodeNode]:
        """The tree (once: the nodes take their children here)."""
        roots = []
        for path, node in self.nodes.items():
            if len(path) == 1:
                roots.append(node)
            else:
                self.nodes[path[:-1]].children.append(node)
        return roots


def build_tree(entry_lists) -> list[CodeNode]:
    """The union of several flat codebooks as a tree (TreeBuilder, all at once)."""
    tree = TreeBuilder()
    for entries in entry_lists:
        tree.add(entries)
    return tree.roots()


def merge_first(order: dict, items) -> dict:
    """`items` ((key, value) pairs; the first of a key counts) put before `order`'s
    other entries: folding sessions oldest first this way gives the newest session's
    order and values first, then what only older sessions had."""
    first: dict = {}
    for k, v in items:
        first.setdefault(k, v)
    if list(first.items()) == list(order.items())[: len(first)]:
        return order
    first.update((k, v) for k, v in order.items() if k not in first)
    return first


def effective_colors(roots: list[CodeNode]) -> dict[tuple[str, ...], str]:
    """Each code's colour: its own, else the palette's by top-level index, children
    a shade of their parent's."""
    colors = {}

    def visit(node: CodeNode, inherited: str):
        colors[node.path] = node.color or inherited
        for i, child in enumerate(node.children):
            visit(child, shade(colors[node.path], SHADES[i % len(SHADES)]))

    for i, root in enumerate(roots):
        visit(root, PALETTE[i % len(PALETTE)])
    return colors


def _xml_text(text: str) -> str:
    return _XML_BAD.sub("", text)


def is_codable(node: CodeNode, carried: set[str]) -> bool:
    """Codable: a leaf, or a code some question carries."""
    return not node.children or node.key in carried


def add_codes(parent, roots: list[CodeNode], namespace: str, carried: set[str]) -> None:
    """`<Code>` elements for `roots` and their children under `parent` (an ElementTree
    element), in `namespace` (the codebook's or the project's: the same structure)."""
    import xml.etree.ElementTree as ET

    q = lambda tag: f"{{{namespace}}}{tag}"  # noqa: E731
    colors = effective_colors(roots)
    names = unique_names(roots)

    def add(parent, node: CodeNode):
        el = ET.SubElement(
            parent,
            q("Code"),
            {
                "guid": node.guid or code_guid(node.key),
                "name": _xml_text(names[node.path]),
                "isCodable": "true" if is_codable(node, carried) else "false",
                "color": colors[node.path],
            },
        )
        if node.description.strip():
            ET.SubElement(el, q("Description")).text = _xml_text(node.description.strip())
        for child in node.children:
            add(el, child)

    for root in roots:
        add(parent, root)


def unique_names(roots: list[CodeNode]) -> dict[tuple[str, ...], str]:
    """Each code's name, unique across the codebook: QualCoder keeps one code per name (as
    its database compares them) and drops the others with their codings. A name used twice
    is told apart by its parents ('Barriers (Coherence)'); a question's code that shares
    its id with a theory code by ' (question)'; anything still the same gets ' (2)'..."""
    nodes = [n for root in roots for n in root.walk()]
    count: dict[str, int] = {}
    for n in nodes:
        count[n.name] = count.get(n.name, 0) + 1
    names, taken = {}, set()
    for n in nodes:
        name = n.name
        if count[name] > 1 and len(n.path) > 1:
            parents = n.path[:-1]
            name += (
                " (question)" if parents == (QUESTIONS_CATEGORY,) else f" ({' / '.join(parents)})"
            )
        k, base = 2, name
        while name in taken:
            name, k = f"{base} ({k})", k + 1
        taken.add(name)
        names[n.path] = name
    return names


def codebook_xml(
    roots: list[CodeNode], origin: str | None = None, carried: set[str] = frozenset()
) -> bytes:
    """The REFI-QDA codebook document (UTF-8, with an XML declaration); `carried`:
    the code paths questions carry (codable even with children)."""
    import xml.etree.ElementTree as ET

    if not roots:
        raise ValueError("a REFI-QDA codebook needs at least one code")
    ET.register_namespace("", NAMESPACE)
    book = ET.Element(f"{{{NAMESPACE}}}CodeBook", {"origin": origin or f"prompter {__version__}"})
    add_codes(ET.SubElement(book, f"{{{NAMESPACE}}}Codes"), roots, NAMESPACE, carried)
    ET.indent(book, "  ")
    body = ET.tostring(book, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")

"""A guide file read into YAML nodes, safely: the layer under the walker (`load`).

The bytes are read without blocking and within the size limit, decoded as UTF-8,
composed into YAML nodes (never constructed into Python objects, so no tag can run
code), then checked for unsafe tags, alias expansion ("billion laughs"), depth and
control characters before anything walks them. Each refusal is a GuideError with the
file, line and column of what it is about. Pure; no textual.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from prompter.errors import GuideError, Problem
from prompter.guide.model import MAX_BYTES, MAX_DEPTH, MAX_NODES
from prompter.text import first_control

# libyaml's composer is about ten times faster; the pure-Python one is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_Y + t for t in ("str", "int", "float", "bool", "null"))
_SAFE_TAGS = {STR, INT, FLOAT, BOOL, NULL, _Y + "seq", _Y + "map", _Y + "timestamp"}


def fail(path: str, message: str, line: int | None = None, column: int | None = None):
    """Stop at a problem after which nothing more can be checked."""
    raise GuideError([Problem(path, message, line, column)])


def read_bytes(path: Path, shown: str) -> bytes:
    from prompter import files

    try:
        return files.read_regular(path, MAX_BYTES)
    except files.NotReadable as e:
        fail(
            shown,
            {
                files.MISSING: "no such file",
                files.FOLDER: "is a folder, not a guide file",
                files.SPECIAL: "is not a regular file (a pipe, device or socket); not a guide",
                files.DENIED: "cannot read the file: permission denied",
                files.TOO_LARGE: (
                    f"file is too large: a guide may be at most {MAX_BYTES // 2**20} MiB"
                ),
            }.get(e.kind)
            or f"cannot read the file: {e.error.strerror or e.error}",
        )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode(data: bytes, shown: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:2]):
        fail(shown, "not UTF-8 text (it looks like UTF-16): save the guide as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        fail(shown, "not a text file: it contains NUL bytes", *_position(data, nul))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fail(
            shown,
            f"not valid UTF-8 (byte 0x{data[e.start]:02X}): save the guide as UTF-8",
            *_position(data, e.start),
        )
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        fail(shown, "the guide is empty")
    return text


def compose(text: str, shown: str) -> Node:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = " ".join(str(x) for x in (e.context, e.problem) if x)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            message = "a tab character: indent with spaces, not tabs"
        if "expected a single document" in message:
            message = "more than one YAML document: a guide is one document (remove the '---')"
        fail(
            shown,
            f"YAML syntax error: {message}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        fail(
            shown,
            f"control character U+{e.character:04X} is not allowed in a guide",
            before.count("\n") + 1,
            e.position - (before.rfind("\n") + 1) + 1,
        )
    except yaml.YAMLError as e:
        fail(shown, f"YAML error: {' '.join(str(e).split())}")
    except RecursionError:
        fail(shown, f"nested too deeply (more than {MAX_DEPTH} levels)")
    finally:
        loader.dispose()
    if node is None:
        fail(shown, "the guide is empty")
    return node


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _first_escaped(found: tuple[str, Node] | None, node: ScalarNode):
    """`found`, or `node` and its control character if it has one and comes first in the
    file. The YAML reader refuses most of them in the raw text (`compose`), but not
    those written as escapes (such as \\e or \\u202e) nor raw bidirectional overrides."""
    value = node.value
    if value.isprintable() or (bad := first_control(value)) is None:
        return found
    if found is None or node.start_mark.index < found[1].start_mark.index:
        return (bad, node)
    return found


def _refuse_escaped(found: tuple[str, Node] | None, shown: str) -> None:
    if found is not None:
        bad, node = found
        fail(
            shown,
            f"control character U+{ord(bad):04X} is not allowed in a guide",
            *where(node),
        )


def check_graph(root: Node, shown: str, has_anchors: bool = True) -> None:
    """Refuse unsafe tags, alias bombs and absurd depth before walking the tree.

    Aliases make the node graph a DAG: sizes are memoised per node so that a
    "billion laughs" document is measured in linear time, never expanded.
    """
    size: dict[int, int] = {}
    stack = [(root, 0, False)]
    escaped: tuple[str, Node] | None = None  # the first control character from an escape
    while stack:
        node, depth, children_done = stack.pop()
        if id(node) in size:
            continue
        if isinstance(node, ScalarNode):
            escaped = _first_escaped(escaped, node)
        if depth > MAX_DEPTH:
            fail(shown, f"nested too deeply (more than {MAX_DEPTH} levels)", *where(node))
        if node.tag not in _SAFE_TAGS:
            tag = node.tag.replace(_Y, "!!")
            fail(
                shown, f"YAML tag '{tag}' is not allowed: a guide is data, never code", *where(node)
            )
        children = _children(node)
        if children_done or not children:
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            if size[id(node)] > MAX_NODES:
                fail(shown, _too_many(size[id(node)], has_anchors), *where(node))
        else:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in size)
    _refuse_escaped(escaped, shown)


def _too_many(count: int, has_anchors: bool) -> str:
    if has_anchors:
        return (
            f"the document expands to more than {MAX_NODES:,} nodes "
            "(aliases used as a 'billion laughs' bomb?); refused"
        )
    return (
        f"too many YAML nodes ({count:,}, limit {MAX_NODES:,}): far more than "
        "any interview guide needs"
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def where(node: Node) -> tuple[int, int]:
    """A node's line and column, from 1, as every problem gives them."""
    return node.start_mark.line + 1, node.start_mark.column + 1

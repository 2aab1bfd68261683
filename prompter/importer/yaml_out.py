"""Writing the imported guide as YAML that reads like a hand-written guide: keys in the
order of docs/guide-format.md, long texts folded, and a `# guessed: ...` comment above
every place where the importer had to guess, so that the researcher can check them.

Every scalar is checked by reading it back with PyYAML before it is written plainly or
folded; anything that would not read back exactly is written double-quoted, escaped.
"""

from __future__ import annotations

import json
import re
import textwrap

import yaml

from prompter.importer.rules import GUESSES

WIDTH = 88
# Every scalar is read back: libyaml's loader does it ten times faster than PyYAML's own
# (a guide of 100,000 items is written in seconds, not minutes); the same results.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)


def _load(text: str):
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# Text that reads back as itself when written plainly on one line, without asking the
# loader: a letter first (no indicator, number, date or '.inf'), then only letters,
# digits, spaces and punctuation that means nothing inside a plain scalar (no ':' or
# '#', no quotes), no space last, and not a word YAML reads as true, false or null.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 .,;?!'()/&+=%$_-]*[A-Za-z0-9.,;?!'()/&+=%$_-])?")
_NOT_TEXT = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def plain_as_is(value: str) -> bool:
    return bool(_PLAIN.fullmatch(value)) and value.casefold() not in _NOT_TEXT


def _reads_back(yaml_text: str, value: str) -> bool:
    try:
        return _load(yaml_text) == {"k": value}
    except yaml.YAMLError:
        return False


def quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def scalar_lines(value, indent: int, room: int) -> list[str]:
    """The scalar as the text after 'key:' (first element) and any further lines."""
    if isinstance(value, bool):
        return [" true" if value else " false"]
    if not isinstance(value, (str, int, float)):
        raise TypeError(f"cannot write {type(value).__name__}")
    if not isinstance(value, str):
        return [" " + repr(value)]
    if _NOT_PRINTABLE.search(value) or "\t" in value:
        return [" " + quoted(value)]
    if "\n" in value:  # paragraphs: folded, a blank line between them
        pad = " " * (indent + 2)
        lines: list[str] = []
        for i, para in enumerate(value.split("\n")):
            if i:
                lines.append("")
            lines.extend(
                pad + b
                for b in textwrap.wrap(
                    para, WIDTH - len(pad), break_long_words=False, break_on_hyphens=False
                )
            )
        folded = "k: >-\n" + "".join((line[indent:] if line else "") + "\n" for line in lines)
        if _reads_back(folded, value):
            return [" >-"] + lines
        return [" " + quoted(value)]
    if len(value) <= room and (plain_as_is(value) or _reads_back(f"k: {value}\n", value)):
        return [" " + value]
    if len(value) > room and "  " not in value and value == value.strip():
        pad = " " * (indent + 2)
        body = textwrap.wrap(
            value, WIDTH - len(pad), break_long_words=False, break_on_hyphens=False
        )
        if body and _reads_back("k: >-\n" + "".join(f"  {b}\n" for b in body), value):
            return [" >-"] + [pad + b for b in body]
    return [" " + quoted(value)]


def _comments(node, pad: str) -> list[str]:
    guesses = node.get(GUESSES, []) if isinstance(node, dict) else []
    return [f"{pad}# guessed: {g.comment()}" for g in guesses]


def _mapping(d: dict, indent: int, first_prefix: str | None = None) -> list[str]:
    """Lines of a mapping at `indent`; with `first_prefix` ('- '), its first key is
    written on the list item's line."""
    out: list[str] = []
    pad = " " * indent
    keys = [k for k in d if k != GUESSES]
    for i, key in enumerate(keys):
        lead = (first_prefix if i == 0 and first_prefix is not None else pad) + f"{key}:"
        value = d[key]
        if isinstance(value, list):
            if value and all(isinstance(v, str) for v in value) and key == "codes":
                flow = "[" + ", ".join(_flow_item(v) for v in value) + "]"
                out.append(f"{lead} {flow}")
                continue
            if key == "branches":
                flows = [_flow_map(v) for v in value]
                if all(f and len(f) <= WIDTH - indent - 4 for f in flows):
                    out.append(lead)
                    out.extend(f"{pad}  - {f}" for f in flows)
                    continue
            out.append(lead)
            out.extend(_sequence(value, indent + 2, spaced=indent == 0 and key == "sections"))
        else:
            room = WIDTH - len(lead) - 1
            lines = scalar_lines(value, indent, room)
            out.append(lead + lines[0])
            out.extend(lines[1:])
    return out


def _flow_item(v: str) -> str:
    try:
        if _load(f"k: [{v}]\n") == {"k": [v]}:
            return v
    except yaml.YAMLError:
        pass
    return quoted(v)


def _flow_map(d: dict) -> str | None:
    """`{label: Visited, to: Tasks}`, or None if it would not read back exactly."""
    if not isinstance(d, dict) or not all(isinstance(v, str) for v in d.values()):
        return None
    flow = "{" + ", ".join(f"{k}: {_flow_item(v)}" for k, v in d.items()) + "}"
    try:
        if _load(f"k: {flow}\n") == {"k": d}:
            return flow
    except yaml.YAMLError:
        pass
    return None


def _sequence(items: list, indent: int, spaced: bool = False) -> list[str]:
    out: list[str] = []
    pad = " " * indent
    for i, item in enumerate(items):
        if spaced and i:  # a blank line between top-level sections
            out.append("")
        if isinstance(item, dict):
            out.extend(_comments(item, pad))
            out.extend(_mapping(item, indent + 2, first_prefix=pad + "- "))
        else:
            lines = scalar_lines(item, indent, WIDTH - indent - 2)
            out.append(pad + "-" + lines[0])
            out.extend(lines[1:])
    return out


def dump_guide(guide: dict, source_name: str) -> str:
    """The guide as YAML text, with a header naming where it came from."""
    lines = [
        f"# Imported by 'prompter import' from {quoted(source_name)}.",
        "# Check every line marked 'guessed', then run: prompter validate THIS_FILE",
    ]
    lines.extend(f"# guessed: {g.comment()}" for g in guide.get(GUESSES, []))
    lines.append("")
    return "\n".join(lines + _mapping(guide, 0)) + "\n"

"""Read a YAML guide safely and validate it, reporting every problem with its position.

The file is read into YAML nodes by `safe_yaml` (never Python objects; sizes, aliases,
depth, tags and control characters checked), then walked here against the format of
docs/guide-format.md. Each problem carries the line and column of the node it is about.

Longer than most modules on purpose: it is one walk of the whole format, one
method per kind of node, and reads best in one place beside the format's keys.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from prompter.errors import GuideError, Problem
from prompter.gcpause import gc_paused
from prompter.guide.model import (
    ID_PATTERN,
    KINDS,
    MAX_PROBES,
    MAX_QUESTIONS,
    MAX_SECTION_DEPTH,
    PRIORITIES,
    Branch,
    Code,
    Example,
    Guide,
    Prompt,
    Question,
    Section,
    derive_id,
)
from prompter.guide.safe_yaml import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    check_graph,
    compose,
    decode,
    fail,
    read_bytes,
    where,
)

MAX_PROBLEMS = 200  # reported at most (the limits on size are the model's: see there)

COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")

GUIDE_KEYS = (
    "title",
    "version",
    "description",
    "minutes",
    "introduction",
    "introduction_minutes",
    "closing",
    "closing_minutes",
    "codebook",
    "sections",
)
CODE_KEYS = ("name", "description", "color", "codes")
SECTION_KEYS = (
    "title",
    "description",
    "guidance",
    "condition",
    "minutes",
    "codes",
    "questions",
    "sections",
)
QUESTION_KEYS = (
    "text",
    "id",
    "probes",
    "guidance",
    "examples",
    "codes",
    "priority",
    "condition",
    "branches",
    "kind",
    "label",
)
PROBE_KEYS = ("text", "guidance", "examples", "probes", "checklist")
BRANCH_KEYS = ("label", "to")
PATH_SEP = "/"  # between the titles of a branch target written as a path ('A / B')
EXAMPLE_KEYS = ("text", "examples")


def load_guide(path: str | Path) -> Guide:
    """Read, validate and build the guide at `path`; raises GuideError listing every problem."""
    shown = str(path)
    data = read_bytes(Path(path), shown)
    _not_a_document(data, shown)
    try:
        with gc_paused():  # many nodes and model objects, no cycles: nothing to collect
            text = decode(data, shown)
            root = compose(text, shown)
            check_graph(root, shown, has_anchors="&" in text)
            walker = _Walker(shown)
            guide = walker.guide(root)
        if len(guide.questions) > MAX_QUESTIONS:
            fail(
                shown,
                f"too many questions ({len(guide.questions):,}, limit {MAX_QUESTIONS:,}: every "
                "key saves the whole session file, and must reach the disk at once); split "
                "the guide",
            )
        if walker.problems:
            raise GuideError(
                sorted(walker.problems, key=lambda p: (p.line or 0, p.column or 0))[:MAX_PROBLEMS]
            )
    except GuideError:
        if Path(shown).suffix.lower() in TOPIC_GUIDE_SUFFIXES:
            # a topic guide in Markdown or text: its YAML errors would only mislead
            fail(shown, "a Markdown or text topic guide, not a YAML guide; " + _import_hint(shown))
        raise
    return replace(guide, path=shown, sha256=hashlib.sha256(data).hexdigest())


# A topic guide that `prompter import` reads, given where a guide is expected: one line
# that says so and how to make the guide (not "contains NUL bytes" or "YAML syntax error").
TOPIC_GUIDE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text")


def _import_hint(shown: str, lead: str = "make a guide from it with") -> str:
    import shlex

    name = shlex.quote(shown)
    target = shlex.quote(str(Path(shown).with_suffix(".yaml")))
    return f"{lead}: prompter import {name} -o {target}"


def _not_a_document(data: bytes, shown: str) -> None:
    """Refuse a Word document at once, pointing at `prompter import`."""
    if data.startswith(b"PK\x03\x04"):  # a zip: what a .docx is
        fail(shown, "a Word document (.docx), not a YAML guide; " + _import_hint(shown))
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an old .doc (OLE2)
        fail(
            shown,
            "an old Word .doc file, not a YAML guide: save it as .docx in Word, then "
            + _import_hint(str(Path(shown).with_suffix(".docx")), "run"),
        )


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {NULL: "empty", BOOL: "true/false", INT: "a number", FLOAT: "a number"}.get(
        node.tag, "text"
    )


class _Walker:
    """Walks the node tree against the guide format, collecting problems."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.codes: dict[str, Code] = {}
        self.codes_by_name: dict[str, list[str]] = {}
        self.ids: dict[str, int] = {}  # question id -> line of its first use
        self.section_paths: list[tuple[str, ...]] = []  # every section's path, read ahead

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, message, *where(node)))

    # --- generic shapes -------------------------------------------------------

    def mapping(
        self, node: Node, what: str, keys: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping, not {_kind(node)}")
            return None
        found: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                self.error(key_node, f"{what}: keys must be words, not {_kind(key_node)}")
                continue
            key = key_node.value
            if key in first_line:
                self.error(
                    key_node, f"duplicate key '{key}' in {what} (first at line {first_line[key]})"
                )
            elif key not in keys:
                hint = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                self.error(
                    key_node,
                    f"unknown key '{key}' in {what}"
                    + (
                        f"; did you mean '{hint[0]}'?"
                        if hint
                        else f"; expected one of: {', '.join(keys)}"
                    ),
                )
            else:
                found[key] = value
            first_line.setdefault(key, key_node.start_mark.line + 1)
        for key in required:
            if key not in found and key not in first_line:
                self.error(node, f"{what} has no '{key}'")
        return found

    def seq(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return node.value

    def text(self, node: Node | None, what: str, default: str = "") -> str:
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or node.tag != STR:
            self.error(node, f"{what} must be text, not {_kind(node)}")
            return default
        if not node.value.strip():
            self.error(node, f"{what} is empty")
            return default
        return node.value.strip()

    def minutes(self, node: Node | None, what: str) -> float | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag not in (INT, FLOAT):
            self.error(node, f"{what} must be a number of minutes, not {_kind(node)}")
            return None
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            value = float("nan")
        if not 0 < value < 100_000:
            self.error(node, f"{what} must be a positive number of minutes")
            return None
        return value

    # --- the guide ------------------------------------------------------------

    def guide(self, root: Node) -> Guide:
        if not isinstance(root, MappingNode):
            self.error(
                root, f"a guide must be a mapping with 'title' and 'sections', not {_kind(root)}"
            )
            raise GuideError(self.problems)
        top = self.mapping(root, "the guide", GUIDE_KEYS, ("title", "sections"))
        version = "1"
        if "version" in top:
            node = top["version"]
            if isinstance(node, ScalarNode) and node.tag in (STR, INT, FLOAT) and node.value:
                version = node.value
            else:
                self.error(node, f"version must be text or a number, not {_kind(node)}")
        codebook = tuple(
            filter(None, (self.code(n, ()) for n in self.seq(top.get("codebook"), "codebook")))
        )
        sections_node = top.get("sections")
        self.section_paths = _section_paths(sections_node, ())
        sections = tuple(
            filter(None, (self.section(n, (), (), 1) for n in self.seq(sections_node, "sections")))
        )
        if (
            sections_node is not None
            and isinstance(sections_node, SequenceNode)
            and not sections_node.value
        ):
            self.error(sections_node, "the guide has no sections")
        return Guide(
            title=self.text(top.get("title"), "title"),
            version=version,
            description=self.text(top.get("description"), "description"),
            minutes=self.minutes(top.get("minutes"), "minutes"),
            introduction=self.text(top.get("introduction"), "introduction"),
            introduction_minutes=self.minutes(
                top.get("introduction_minutes"), "introduction_minutes"
            ),
            closing=self.text(top.get("closing"), "closing"),
            closing_minutes=self.minutes(top.get("closing_minutes"), "closing_minutes"),
            codebook=codebook,
            sections=sections,
        )

    def code(self, node: Node, parent: tuple[str, ...]) -> Code | None:
        keys = self.mapping(node, "a code", CODE_KEYS, ("name",))
        if keys is None:
            return None
        name = self.text(keys.get("name"), "code name")
        if not name:
            return None
        if "/" in name:
            self.error(keys["name"], f"code name '{name}' must not contain '/'")
            return None
        path = parent + (name,)
        key = "/".join(path)
        if key in self.codes:
            self.error(keys["name"], f"duplicate code '{key}'")
            return None
        color = None
        if "color" in keys:
            color = self.text(keys["color"], "color") or None
            if color and not COLOR.match(color):
                self.error(keys["color"], f"color '{color}' must be #RRGGBB, such as #1F77B4")
                color = None
        children = tuple(
            filter(
                None, (self.code(n, path) for n in self.seq(keys.get("codes"), f"codes of '{key}'"))
            )
        )
        code = Code(
            name=name,
            path=path,
            description=self.text(keys.get("description"), "description"),
            color=color,
            codes=children,
        )
        self.codes[key] = code
        self.codes_by_name.setdefault(name, []).append(key)
        return code

    def code_refs(self, node: Node | None) -> tuple[str, ...]:
        out: list[str] = []
        for item in self.seq(node, "codes"):
            ref = self.text(item, "a code reference")
            if not ref:
                continue
            ref = "/".join(part.strip() for part in ref.split("/"))
            if ref in self.codes:
                out.append(ref)
                continue
            matches = self.codes_by_name.get(ref, [])
            if len(matches) == 1:
                out.append(matches[0])
            elif matches:
                self.error(
                    item,
                    f"ambiguous code '{ref}': write one of " + ", ".join(f"'{m}'" for m in matches),
                )
            elif not self.codes:
                self.error(item, f"unknown code '{ref}': the guide has no codebook")
            else:
                hint = difflib.get_close_matches(ref, [*self.codes, *self.codes_by_name], n=1)
                self.error(
                    item,
                    f"unknown code '{ref}': not in the codebook"
                    + (f"; did you mean '{hint[0]}'?" if hint else ""),
                )
        return tuple(out)

    def section(
        self, node: Node, parent: tuple[str, ...], inherited: tuple[str, ...], depth: int
    ) -> Section | None:
        if depth > MAX_SECTION_DEPTH:
            self.error(node, f"sections nested deeper than {MAX_SECTION_DEPTH} levels")
            return None
        keys = self.mapping(node, "a section", SECTION_KEYS, ("title",))
        if keys is None:
            return None
        title = self.text(keys.get("title"), "section title") or "(untitled)"
        path = parent + (title,)
        codes = _merge(inherited, self.code_refs(keys.get("codes")))
        questions = tuple(
            filter(
                None,
                (
                    self.question(n, path, codes)
                    for n in self.seq(keys.get("questions"), "questions")
                ),
            )
        )
        subsections = tuple(
            filter(
                None,
                (
                    self.section(n, path, codes, depth + 1)
                    for n in self.seq(keys.get("sections"), "sections")
                ),
            )
        )
        if not questions and not subsections and not self._has_items(keys):
            self.error(node, f"section '{title}' has no questions")
        return Section(
            title=title,
            path=path,
            description=self.text(keys.get("description"), "description"),
            guidance=self.text(keys.get("guidance"), "guidance"),
            condition=self.text(keys.get("condition"), "condition"),
            minutes=self.minutes(keys.get("minutes"), "minutes"),
            codes=codes,
            questions=questions,
            sections=subsections,
        )

    @staticmethod
    def _has_items(keys: dict[str, Node]) -> bool:
        # A section whose questions were all invalid has been reported already.
        return any(
            isinstance(keys.get(k), SequenceNode) and keys[k].value
            for k in ("questions", "sections")
        )

    def question(
        self, node: Node, section: tuple[str, ...], inherited: tuple[str, ...]
    ) -> Question | None:
        keys = self.mapping(node, "a question", QUESTION_KEYS, ("text",))
        if keys is None:
            return None
        text = self.text(keys.get("text"), "question text")
        if "id" in keys:
            id_node = keys["id"]
            qid = self.text(id_node, "id")
            if qid and not ID_PATTERN.match(qid):
                self.error(
                    id_node,
                    f"id '{qid}' is not valid: an id starts with a letter or "
                    "'_' and holds only letters, digits, '_', '.' and '-'",
                )
                qid = ""
            duplicate = "duplicate id '{}' (also used at line {})"
        else:
            id_node = keys.get("text", node)
            qid = derive_id(text) if text else ""
            duplicate = (
                "another question has the same text (derived id '{}', line {}): "
                "give them explicit ids"
            )
        if qid:
            if qid in self.ids:
                self.error(id_node, duplicate.format(qid, self.ids[qid]))
            else:
                self.ids[qid] = id_node.start_mark.line + 1
        priority = self.text(keys.get("priority"), "priority", "core")
        if priority not in PRIORITIES:
            self.error(keys["priority"], f"priority must be 'core' or 'optional', not '{priority}'")
        kind = self.text(keys.get("kind"), "kind", "question")
        if kind not in KINDS:
            self.error(keys["kind"], f"kind must be 'question' or 'check', not '{kind}'")
            kind = "question"
        probes = tuple(self.prompts(keys.get("probes"), nested=True))
        if len(probes) > MAX_PROBES:
            self.error(
                keys["probes"],
                f"{len(probes)} probes on one question; at most "
                f"{MAX_PROBES} (keys 1-{MAX_PROBES}): nest some as sub-prompts of a "
                "probe, or split the question",
            )
        branches = self.branches(keys.get("branches"))
        if not text:
            return None
        return Question(
            id=qid,
            text=text,
            section_path=section,
            codes=_merge(inherited, self.code_refs(keys.get("codes"))),
            probes=probes,
            guidance=self.text(keys.get("guidance"), "guidance"),
            examples=self.examples(keys.get("examples")),
            priority=priority if priority in PRIORITIES else "core",
            line=node.start_mark.line + 1,
            condition=self.text(keys.get("condition"), "condition"),
            branches=branches,
            kind=kind,
            label=self.text(keys.get("label"), "label"),
        )

    def branches(self, node: Node | None) -> tuple[Branch, ...]:
        items = self.seq(node, "branches")
        if len(items) > MAX_PROBES:
            self.error(node, f"{len(items)} branches on one question; at most {MAX_PROBES}")
        out = []
        for item in items:
            keys = self.mapping(item, "a branch", BRANCH_KEYS, ("label", "to"))
            if keys is None:
                continue
            label = self.text(keys.get("label"), "branch label")
            to_node = keys.get("to")
            target = self.target(to_node, self.text(to_node, "branch target")) if to_node else None
            if label and target:
                out.append(Branch(label, target))
        return tuple(out)

    def target(self, node: Node, written: str) -> tuple[str, ...] | None:
        """The path of the section a branch's `to` names: a title, or a path 'A / B'."""
        if not written:
            return None
        parts = tuple(p.strip() for p in written.split(PATH_SEP))
        by_title = [p for p in self.section_paths if p[-1] == written]
        by_path = [p for p in self.section_paths if p == parts] if len(parts) > 1 else []
        found = by_path or by_title
        if len(found) == 1:
            return found[0]
        if found:
            self.error(
                node,
                f"ambiguous branch target '{written}': several sections have "
                "this title; write its path, e.g. "
                + " or ".join(f"'{' / '.join(p)}'" for p in found[:3]),
            )
            return None
        names = [p[-1] for p in self.section_paths] + [" / ".join(p) for p in self.section_paths]
        hint = difflib.get_close_matches(written, names, n=1, cutoff=0.6)
        self.error(
            node,
            f"unknown branch target '{written}': no section has this title or path"
            + (f"; did you mean '{hint[0]}'?" if hint else ""),
        )
        return None

    def prompts(self, node: Node | None, nested: bool):
        what = "probes" if nested else "sub-prompts"
        for item in self.seq(node, what):
            if isinstance(item, ScalarNode):
                text = self.text(item, "a probe" if nested else "a sub-prompt")
                if text:
                    yield Prompt(text)
                continue
            keys = self.mapping(
                item, "a probe" if nested else "a sub-prompt", PROBE_KEYS, ("text",)
            )
            if keys is None:
                continue
            for own in ("probes", "checklist"):
                if not nested and own in keys:
                    key_node = next(k for k, v in item.value if v is keys[own])
                    self.error(
                        key_node,
                        f"a sub-prompt cannot have {own} of its own: probes nest one level only",
                    )
            text = self.text(keys.get("text"), "probe text")
            sub = tuple(self.prompts(keys.get("probes"), nested=False)) if nested else ()
            checklist = self.flag(keys.get("checklist"), "checklist") if nested else False
            if checklist and not sub:
                self.error(
                    keys["checklist"], "a checklist probe needs items: list them under its 'probes'"
                )
            if text:
                yield Prompt(
                    text,
                    guidance=self.text(keys.get("guidance"), "guidance"),
                    examples=self.examples(keys.get("examples")),
                    probes=sub,
                    checklist=checklist,
                )

    def flag(self, node: Node | None, what: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.error(node, f"{what} must be true or false, not {_kind(node)}")
            return False
        return node.value.lower() in ("true", "yes", "on")

    def examples(self, node: Node | None) -> tuple[Example, ...]:
        out = []
        for item in self.seq(node, "examples"):
            if isinstance(item, ScalarNode):
                text = self.text(item, "an example")
                if text:
                    out.append(Example(text))
                continue
            keys = self.mapping(item, "an example", EXAMPLE_KEYS, ("text",))
            if keys is None:
                continue
            text = self.text(keys.get("text"), "example text")
            inner = tuple(
                t
                for t in (
                    self.text(n, "an example") for n in self.seq(keys.get("examples"), "examples")
                )
                if t
            )
            if text:
                out.append(Example(text, inner))
        return tuple(out)


def _section_paths(node: Node | None, parent: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every section's path, read from the nodes before the walk (branches may point
    forwards); malformed sections are left for the walk to report."""
    out: list[tuple[str, ...]] = []
    if not isinstance(node, SequenceNode) or len(parent) >= MAX_SECTION_DEPTH:
        return out
    for item in node.value:
        if not isinstance(item, MappingNode):
            continue
        keys = {k.value: v for k, v in item.value if isinstance(k, ScalarNode)}
        title = keys.get("title")
        if isinstance(title, ScalarNode) and title.tag == STR and title.value.strip():
            path = parent + (title.value.strip(),)
            out.append(path)
            out.extend(_section_paths(keys.get("sections"), path))
    return out


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))

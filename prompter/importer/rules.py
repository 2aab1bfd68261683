"""The rules that turn an outline (any reader's) into a prompter guide, as a dict ready
to be written as YAML, with a note of every place where a rule had to guess.

Each rule is documented, with examples, in docs/guide-import.md; the order there is
the order here: title, headings to sections, questions, probes and sub-prompts,
guidance and priority, introduction and closing, code labels, ids. The flow rules
(branches, conditions, section guidance, checklists, checks) recognise their text with
`flow` and are applied here where the outline is walked and, for branches, at the end.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from prompter.guide.model import MAX_PROBES, derive_id, normalise_text
from prompter.importer import text as textrules
from prompter.importer.flow import (
    ARROW,
    ROUTING,
    TICK_LABEL,
    branch_label,
    check_text,
    colon_list,
    condition_lead,
    condition_of,
    parse_routes,
    without_tick_all,
)
from prompter.importer.labels import bare_label, explicit_labels
from prompter.importer.model import (
    HEADING,
    ITEM,
    TITLE,
    Block,
    ImportSourceError,
    Outline,
    Run,
)
from prompter.text import one_line, visible

GUESSES = "#guessed"  # key of a node's guesses: written as comments, never as YAML keys

IMPERATIVE = re.compile(
    r"(tell me|tell us|describe|can you|could you|would you|please|talk me "
    r"through|walk me through|talk us through|give (?:me|us)|share|think (?:back|about)|"
    r"reflect on)\b",
    re.I,
)
PROBE_MARK = re.compile(r"\b(?:probes?|prompts?|follow[- ]?ups?)\s*:\s*", re.I)
INSTRUCTION = re.compile(
    r"(if|only|note|nb|n\.b\.|interviewer|optional|skip|go to|ask|check|read|do not|don't|"
    r"update|show|probe|prompt|time|allow|mention|remind|refer|use|see|keep|avoid|"
    r"spend|move|for|not)\b",
    re.I,
)
OPTIONAL = re.compile(
    r"\b(optional|if relevant|if time|if there is time|time permitting|"
    r"if applicable)\b",
    re.I,
)
EXAMPLES_MARK = re.compile(r"(?:\(|\[)?\s*(?:e\.\s?g\.|eg|for example|for instance)[,:.]?\s*", re.I)
CLOSING_TITLE = re.compile(
    r"(?:\d+[.)]?\s*)?(wrap[- ]?up|closing|close|thank(?:s| you)|"
    r"end(?:ing)?\b|debrief|conclusion|final (?:questions|remarks)|"
    r"finish)",
    re.I,
)
CLOSING_FORMULA = re.compile(
    r"(that concludes|that'?s (?:all|everything|it)|that is "
    r"(?:all|everything)|thank you (?:for|very much|so much|again)|"
    r"thanks (?:for|again)|this brings us to the end|that brings us "
    r"to the end|we have come to the end|we(?:'ve| have) reached "
    r"the end)",
    re.I,
)
ARROW_LINE = re.compile(rf"\s*{ARROW}\s*(\S.*)")
SMALL_WORDS = {"and", "of", "the", "in", "to", "for", "a", "an", "on", "with", "or", "at"}
CLOSE_BRACKET = {"(": ")", "[": "]"}


@dataclass
class Guess:
    where: str
    message: str

    def comment(self) -> str:
        return visible(f"{self.message} ({self.where})")


@dataclass
class Prompt:
    text: str
    depth: int
    where: str
    guidance: list[str] = field(default_factory=list)
    examples: list = field(default_factory=list)  # str or [text, [sub-examples]]
    probes: list[Prompt] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    lead_in: bool = False  # ends with ':' so the list under it belongs to it
    checklist: bool = False  # its sub-prompts are items to tick
    tick: bool = False  # marked 'Tick all that apply': the list under it is a checklist


@dataclass
class Q(Prompt):
    priority: str = "core"
    codes: list[str] = field(default_factory=list)
    after_label: bool = False  # the next page of a labelled row: keeps the label above
    qid: str = ""
    examples_lead: bool = False  # ends "E.g.": the list under it is examples
    lead_depth: int = 0  # ... the list deeper than this depth
    routes: list[tuple[str, str]] = field(default_factory=list)  # (sentence, where)
    condition: str = ""
    kind: str = "question"
    branches: list[dict] = field(default_factory=list)


@dataclass
class Sec:
    title: str
    level: int
    where: str
    minutes: float | None = None
    description: list[str] = field(default_factory=list)
    questions: list[Q] = field(default_factory=list)
    sections: list[Sec] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    entries: list = field(default_factory=list)  # questions and code labels, in order
    loose: list = field(default_factory=list)  # (order, text, where) of non-question text
    guesses: list[Guess] = field(default_factory=list)
    condition: str = ""
    guidance: list[str] = field(default_factory=list)
    checks: int = 0

    def all_questions(self):
        yield from self.questions
        for s in self.sections:
            yield from s.all_questions()


@dataclass
class Result:
    guide: dict
    guesses: list[Guess]
    sections: int
    questions: int
    probes: int


def outline_to_guide(outline: Outline, *, codes: bool = False, default_title: str = "") -> Result:
    return _Builder(outline, codes, default_title).build()


# ---- text rules ---------------------------------------------------------------------


def clean(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^(?:→|->|=>)\s*", "", text)


def asks(text: str) -> bool:
    """A question: it has a '?' with little after it, or opens like a request."""
    if "?" in text:
        tail = text[text.rindex("?") + 1 :].strip()
        if len(tail.split()) <= 12 or tail[:1] in "([":
            return True
    return bool(IMPERATIVE.match(text))


def _bracket_at_start(text: str) -> tuple[str, str] | None:
    if text[:1] not in CLOSE_BRACKET:
        return None
    end = text.find(CLOSE_BRACKET[text[0]])
    if end < 0:
        return None
    return text[: end + 1], text[end + 1 :].strip()


def _bracket_at_end(text: str) -> tuple[str, str] | None:
    if text[-1:] not in (")", "]"):
        return None
    opening = "(" if text[-1] == ")" else "["
    start = text.rfind(opening)
    if start <= 0:
        return None
    return text[:start].strip(), text[start:]


def _merged_runs(b: Block) -> list[list]:
    """The block's runs with neighbours of the same emphasis joined, and white space
    between two emphasised runs counted as emphasised."""
    out: list[list] = []
    for r in b.runs:
        emph = r.emphasis
        if not r.text.strip() and out:
            emph = out[-1][1]
        if out and out[-1][1] == emph:
            out[-1][0] += r.text
        else:
            out.append([r.text, emph])
    return [r for r in out if r[0].strip()]


def split_guidance(b: Block) -> tuple[str, list[str]]:
    """(what is said, notes to the interviewer): italic runs at the start or end of a
    block, a bracket that opens it, and a closing bracket that is an instruction."""
    text, head, tail = split_guidance_parts(b)
    return text, head + tail


def split_guidance_parts(b: Block) -> tuple[str, list[str], list[str]]:
    """`split_guidance` with the notes before the text (head) apart from those after."""
    runs = _merged_runs(b)
    guidance: list[str] = []
    tail: list[str] = []
    if runs and runs[0][1]:
        guidance.append(clean(runs.pop(0)[0]))
    if runs and runs[-1][1]:
        tail.insert(0, clean(runs.pop()[0]))
    text = clean("".join(r[0] for r in runs))
    while True:
        head = _bracket_at_start(text)
        if not head:
            break
        guidance.append(head[0])
        text = head[1]
    end = _bracket_at_end(text)
    if (
        end
        and end[0]
        and (INSTRUCTION.match(end[1][1:]) or OPTIONAL.search(end[1]))
        and not end[1].rstrip(")]").endswith("?")
    ):
        text = end[0]
        tail.insert(0, end[1])
    return text, [g for g in guidance if g], [g for g in tail if g]


def split_examples(text: str) -> tuple[str, list[str], str]:
    """A question's trailing 'e.g.' after its last '?': (text, examples, rest as guidance)."""
    if "?" not in text:
        return text, [], ""
    cut = text.rindex("?") + 1
    tail = text[cut:].strip().lstrip("–—- ")
    m = EXAMPLES_MARK.match(tail)
    if not m or not tail:
        return text, [], ""
    body = tail[m.end() :]
    rest = ""
    if tail[:1] in CLOSE_BRACKET:
        close = body.find(CLOSE_BRACKET[tail[0]])
        if close >= 0:
            body, rest = body[:close], body[close + 1 :].strip(" –-")
    return text[:cut].strip(), split_list(body), rest


def split_list(body: str) -> list[str]:
    sep = ";" if ";" in body else ","
    return [
        p.strip(" .") if p.strip().endswith(("..", ". ")) else p.strip()
        for p in body.split(sep)
        if p.strip()
    ]


def section_title(text: str, split: bool = True) -> tuple[str, float | None, str]:
    """(title, minutes, description) of a heading's text; with `split`, a heading such
    as 'COHERENCE - how people make sense...' is a title and a description."""
    minutes = None
    times = list(textrules.TIME.finditer(text))
    m = times[-1] if times else None
    if m:
        minutes = float(m.group(2) or m.group(1).replace(",", "."))
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    text = re.sub(
        r"^(?:(?:section|part|topic|theme|block|module)\s+[\dA-Z]{1,3}\b[:.\-–]?\s*"
        r"|\d{1,2}\s+of\s+\d{1,2}\s+|\d{1,2}(?:\.\d{1,2})*[.):]?\s+)",
        "",
        text,
        flags=re.I,
    )
    text = text.strip(" -–—:|").strip()
    description = ""
    parts = re.split(r"\s+[-–—]\s+|:\s+", text, maxsplit=1)
    if split and len(parts) == 2 and len(parts[0].split()) <= 6 and len(parts[1].split()) >= 4:
        text, description = parts[0].strip(), parts[1].strip()
        description = description[:1].upper() + description[1:]
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        words = text.lower().split()
        text = " ".join(
            w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
        )
    if minutes is not None and minutes <= 0:
        minutes = None
    if minutes is not None and minutes == int(minutes):
        minutes = int(minutes)
    return text, minutes, description


# ---- the walk -----------------------------------------------------------------------


class _Builder:
    def __init__(self, outline: Outline, codes: bool, default_title: str):
        self.outline = outline
        self.codes = codes
        self.title = ""
        self.title_where = ""
        self.default_title = default_title
        self.root = Sec("", 0, "")
        self.stack: list[Sec] = [self.root]
        self.q: Q | None = None
        self.probe: Prompt | None = None
        self.sub: Prompt | None = None
        self.order = 0
        self.guesses: list[Guess] = []
        self.question_order: list[tuple[int, Q, Sec]] = []
        self.pending_guidance: list[tuple[int, str, str]] = []  # text for the next question
        self.trailing: list = []  # (order, text, where, question before it)
        self.labels_seen = False
        self.row_closed = False
        self.label_log: list = []  # (order, path, where, section) of every code label
        self.guide_minutes = None
        self.pending_condition: tuple | None = None  # 'Only ask if' for the next question
        self.block_head: list[str] = []  # the notes that open the block being read
        self.notes: set[int] = set()  # orders of blocks that are all notes (italics, brackets)

    @property
    def sec(self) -> Sec:
        return self.stack[-1]

    def guess(self, node, where: str, message: str) -> None:
        g = Guess(where, message)
        node.guesses.append(g)

    # -- blocks
    def build(self) -> Result:
        blocks = self.outline.blocks
        self._title(blocks)
        for i, b in enumerate(blocks):
            self.order = i
            if b.kind == TITLE:
                if b.where != self.title_where:
                    self.loose(b, clean(b.text))
            elif b.kind == HEADING:
                if b.where != self.title_where:
                    self.heading(b)
            else:
                self.body(b, blocks[i + 1] if i + 1 < len(blocks) else None)
        return self.finish()

    def _title(self, blocks: list[Block]) -> None:
        first = next((b for b in blocks if b.kind == TITLE), None)
        if first is None and blocks and blocks[0].kind == HEADING:
            top = blocks[0].level
            if sum(1 for b in blocks if b.kind == HEADING and b.level <= top) == 1 and any(
                b.kind == HEADING and b.level > top for b in blocks
            ):
                first = blocks[0]
        if first is not None:
            title, minutes, _ = section_title(clean(first.text), split=False)
            self.title, self.title_where = title or clean(first.text), first.where
            self.guide_minutes = minutes

    def heading(self, b: Block) -> None:
        self.drop_condition()
        self.end_question()
        title, minutes, description = section_title(clean(b.text))
        if not title:
            return
        while len(self.stack) > 1 and self.sec.level >= b.level:
            self.stack.pop()
        sec = Sec(title, b.level, b.where, minutes, [description] if description else [])
        end = _bracket_at_end(title)
        cond = condition_of(end[1]) if end and end[0] else None
        if cond and not OPTIONAL.search(end[1]):  # "Parking (only if they drive)"
            sec.title, sec.condition = end[0], cond[0]
        self.sec.sections.append(sec)
        self.stack.append(sec)

    def drop_condition(self) -> None:
        """An 'Only ask if' with no question after it in its section: text, as before."""
        if self.pending_condition is not None and self.q is not None:
            self.pending_guidance.append(self.pending_condition[:3])
        self.pending_condition = None

    def end_question(self) -> None:
        # text after a question and before a heading: its guidance, unless no question
        # follows at all (then it is the closing); decided in `finish`
        if self.q is not None:
            self.trailing.extend((o, t, w, self.q) for o, t, w in self.pending_guidance)
        self.pending_guidance = []
        self.q = self.probe = self.sub = None

    def body(self, b: Block, nxt: Block | None) -> None:
        raw = clean(b.text)
        if not raw:
            return
        if self.codes:
            explicit = explicit_labels(raw)
            if explicit:
                self.explicit_label(b, explicit)
                return
            bare = bare_label(raw)
            if bare:
                self.label(b, [bare])
                return
        if self.row_closed:
            # a code label ends its row: only the next page of that row goes on with it
            if not b.continued:
                self.end_question()
            self.row_closed = False
        if self.q is not None and parse_routes(b.text):
            # "If not, go to Wrap up" / "→ Wrap up" under or after a question: where the
            # interview goes next from it (a branch once its section is known, in `finish`)
            self.add_route(self.q, b.text, b.where)
            return
        check = check_text(b.text)
        if check:
            self.new_check(b, *check)
            return
        mark = PROBE_MARK.match(raw)
        if mark and self.q is not None:  # "Probe: ..." (the mark may be in italics)
            b = Block(b.kind, (Run(raw[mark.end() :]),), b.where, b.level, b.depth)
            raw = raw[mark.end() :]
            text, guidance = split_guidance(b)
            for part in filter(None, (p.strip() for p in PROBE_MARK.split(text))):
                self.add_probe(self.q, part, self.q.depth + 1, b.where, guidance)
                guidance = []
            return
        text, head, tail = split_guidance_parts(b)
        guidance = head + tail
        self.block_head = head
        q = self.q
        if not text:  # all guidance: a note to the interviewer
            self.note(b, " ".join(guidance))
            return
        probe_parts = PROBE_MARK.split(text)
        if len(probe_parts) > 1 and not probe_parts[0].strip() and q is not None:
            for part in filter(None, (p.strip() for p in probe_parts[1:])):
                self.add_probe(q, part, q.depth + 1, b.where, guidance)
                guidance = []
            return
        lead = probe_parts[0].strip()
        later = [p.strip() for p in probe_parts[1:] if p.strip()]
        cond = condition_of(raw)
        if q is not None and b.kind != ITEM and cond and cond[1]:
            self.loose(b, raw)  # 'Only ask if ...:' heads the question below it
            return
        # below the current question: probes, sub-prompts, examples
        if q is not None and b.depth > q.depth and not (b.kind != ITEM and b.depth == 0):
            self.nested(q, b, text, guidance)
            return
        if q is not None and b.continued and b.kind == ITEM:
            self.nested(q, b, text, guidance)
            return
        if b.kind == ITEM and not asks(lead) and not self.question_order:
            self.loose(b, raw)  # a list of instructions before any question
            return
        if asks(lead) or (b.kind == ITEM and not lead.endswith(":")):
            if not asks(lead):
                self.new_question(b, lead, guidance, later)
                self.guess(self.q, b.where, "a list item that asks nothing taken as a question")
            else:
                self.new_question(b, lead, guidance, later)
            return
        if (
            nxt is not None
            and nxt.kind == ITEM
            and nxt.depth > b.depth
            and (not lead.endswith(":") or q is None)
        ):
            if lead.endswith(":") or q is None:
                self.loose(b, raw)  # a lead-in to a list of questions
                return
            self.new_question(b, lead, guidance, later)
            self.guess(self.q, b.where, "a statement with a list under it taken as a question")
            return
        if lead.endswith(":") and q is not None and nxt is not None and nxt.depth > b.depth:
            q.guidance.append(text)
            q.examples_lead = True
            q.lead_depth = b.depth
            self.guess(
                q,
                b.where,
                f"'{one_line(text)[:40]}' and the list under it taken as guidance and examples",
            )
            return
        self.loose(b, raw)

    def routing(self, q: Q, texts: list[str], where: str) -> None:
        for t in texts:
            if parse_routes(t):
                q.routes.append((t, where))
            elif ROUTING.search(t):
                q.guesses.append(
                    Guess(
                        where,
                        f"'{one_line(t)[:50]}' kept as guidance: it names no section to go to",
                    )
                )

    def add_route(self, q: Q, text: str, where: str) -> None:
        """A routing sentence of its own: the question's guidance until `finish` finds
        the section it names."""
        text = " ".join(text.split())
        q.guidance.append(text)
        q.routes.append((text, where))

    def note(self, b: Block, text: str) -> None:
        self.notes.add(self.order)
        target = self.sub or self.probe or self.q
        cond = condition_of(text)
        if self.q is not None and b.depth <= self.q.depth and cond and cond[1]:
            self.loose(b, text)  # 'Only ask if ...' heads the question below it
            return
        if target is not None and (self.q is not None and b.depth >= self.q.depth):
            target.guidance.append(text)
            self.routing(self.q, [text], b.where)
        else:
            self.loose(b, text)

    def loose(self, b: Block, text: str) -> None:
        cond = condition_of(text)
        if self.q is not None and cond and cond[1] and not OPTIONAL.search(text):
            self.pending_condition = (self.order, text, b.where, cond[0])
            return
        if self.q is not None:
            self.pending_guidance.append((self.order, text, b.where))
            return
        self.sec.loose.append((self.order, text, b.where))

    def explicit_label(self, b: Block, paths: list[tuple[str, ...]]) -> None:
        """'Codes: A/B' tags the question just above it, or its section before any."""
        target = self.q.codes if self.q is not None else self.sec.codes
        target.extend(paths)
        self.label_log.extend((self.order, p, b.where, self.sec) for p in paths)

    def label(self, b: Block, paths: list[tuple[str, ...]]) -> None:
        self.labels_seen = True
        self.row_closed = True
        for path in paths:
            self.sec.entries.append(("label", path, b.where))
            self.label_log.append((self.order, path, b.where, self.sec))

    def new_question(self, b: Block, text: str, guidance: list[str], later: list[str]) -> None:
        self.end_question()
        lead_examples = bool(re.search(r"(?:^|\s)(?:e\.\s?g\.|eg|for example)[:.]?$", text, re.I))
        routed = ""
        if "?" in text and parse_routes(text[text.rindex("?") + 1 :]):
            # "Have you visited the site? If not, go to Wrap up."
            text, routed = text[: text.rindex("?") + 1], text[text.rindex("?") + 1 :].strip()
        text, examples, rest = split_examples(text)
        q = Q(text, b.depth, b.where, guidance=list(guidance), examples=examples)
        if rest:
            q.guidance.append(rest)
        if self.pending_condition is not None:
            q.condition = self.pending_condition[3]
            self.pending_condition = None
        self.question_condition(q, b.where)
        tick_marks(q)
        if re.search(r"\(optional\)", q.text, re.I):
            q.text = clean(re.sub(r"\s*\(optional\)\s*", " ", q.text, flags=re.I))
            q.priority = "optional"
        if any(OPTIONAL.search(g) for g in q.guidance):
            q.priority = "optional"
        self.routing(q, guidance, b.where)
        if routed:
            self.add_route(q, routed, b.where)
        if lead_examples:
            q.text = re.sub(r"\s*(?:e\.\s?g\.|eg|for example)[:.]?$", "", q.text, flags=re.I)
            q.examples_lead = True
            q.lead_depth = b.depth
        if b.continued and self.sec.entries and self.sec.entries[-1][0] == "label":
            q.after_label = True
        self.q = q
        self.sec.questions.append(q)
        self.sec.entries.append(("q", q, b.where))
        self.question_order.append((self.order, q, self.sec))
        for part in later:
            self.add_probe(q, part, b.depth + 1, b.where, [])
        for _, text_, where in reversed(self.pending_guidance):
            q.guidance.insert(0, text_)
            self.guess(q, where, "the text before this question taken as its guidance")
        self.pending_guidance = []

    def new_check(self, b: Block, text: str, boxed: bool) -> None:
        """'Consent obtained', '[ ] consent form signed': a check to tick, in its place."""
        self.drop_condition()
        self.end_question()
        q = Q(text, b.depth, b.where, kind="check")
        self.guess(q, b.where, f"'{one_line(text)[:40]}' taken as a check to tick")
        self.sec.questions.append(q)
        self.sec.entries.append(("q", q, b.where))
        self.question_order.append((self.order, q, self.sec))

    def question_condition(self, q: Q, where: str) -> None:
        """'Only ask if ...' / '(If they use the site)' opening a question: its condition."""
        lead = condition_lead(q.text)
        if lead and not OPTIONAL.search(lead[0]):
            q.condition, q.text = lead
            return
        head = self.block_head[:1]
        if q.condition or not head or head[0] not in q.guidance or OPTIONAL.search(head[0]):
            return
        cond = condition_of(head[0], note=True)
        if cond:
            q.condition = cond[0]
            q.guidance.remove(head[0])
            if not cond[1]:
                self.guess(q, where, f"'{one_line(head[0])[:40]}' taken as when to ask it")

    def add_probe(self, q: Q, text: str, depth: int, where: str, guidance: list[str]):
        text, examples, rest = split_examples(text)
        p = Prompt(text, depth, where, guidance=list(guidance), examples=examples)
        if rest:
            p.guidance.append(rest)
        tick_marks(p)
        listed = colon_list(p.text)
        if listed:  # "Probe: what feedback did you solicit from: officials, schools, ..."
            p.text, items = listed
            p.probes = [Prompt(i, depth + 1, where) for i in items]
            p.checklist = True
            if not p.tick:
                p.guesses.append(Guess(where, "the list after its ':' taken as items to tick"))
        p.lead_in = p.text.endswith(":") and not p.checklist
        q.probes.append(p)
        self.probe, self.sub = p, None
        return p

    def nested(self, q: Q, b: Block, text: str, guidance: list[str]) -> None:
        if re.match(r"(?:e\.\s?g\.|eg|for example)\b", text, re.I) and not guidance:
            m = EXAMPLES_MARK.match(text)
            target = self.sub or self.probe or q
            target.examples.extend(split_list(text[m.end() :]))
            return
        if q.examples_lead and b.depth > getattr(q, "lead_depth", q.depth):
            if b.depth > getattr(q, "lead_depth", q.depth) + 1 and q.examples:
                last = q.examples[-1]
                if isinstance(last, str):
                    q.examples[-1] = [last, []]
                q.examples[-1][1].append(text)
            else:
                q.examples.append(text)
            if guidance:
                q.guidance.extend(guidance)
            return
        probe, sub = self.probe, self.sub
        if probe is not None and (b.depth > probe.depth or probe.lead_in):
            if sub is not None and b.depth > sub.depth and not probe.lead_in:
                sub.examples.append(text)
                sub.guidance.extend(guidance)
                return
            if probe.lead_in and b.depth <= q.depth + 1 and probe.depth > q.depth + 1:
                pass
            text_, examples, rest = split_examples(text)
            s = Prompt(text_, b.depth, b.where, guidance=list(guidance), examples=examples)
            if rest:
                s.guidance.append(rest)
            probe.probes.append(s)
            self.sub = s
            return
        self.add_probe(q, text, b.depth, b.where, guidance)

    # -- after the walk
    def finish(self) -> Result:
        self.drop_condition()
        self.end_question()
        if not self.question_order:
            raise ImportSourceError(
                f"{visible(self.outline.name)}: no questions found (a "
                "question ends with '?' or starts like 'Tell me' or "
                "'Describe'); nothing imported"
            )
        first_q = self.question_order[0][0]
        last_q = self.question_order[-1][0]
        intro, closing = [], []
        closing_where = ""
        guide_guesses: list[Guess] = []
        # a closing formula asked after everything else is the closing, not a question
        order, last, last_sec = self.question_order[-1]
        if CLOSING_FORMULA.match(last.text) and not last.probes and len(self.question_order) > 1:
            last_sec.questions.remove(last)
            last_sec.entries = [e for e in last_sec.entries if e[1] is not last]
            closing.append((order, " ".join([last.text] + last.guidance)))
            closing_where = last.where
            guide_guesses.append(
                Guess(last.where, "a closing formula after the last question taken as the closing")
            )
            self.question_order.pop()
            last_q = self.question_order[-1][0]
        for order, text, where, q in self.trailing:
            if order > last_q:
                closing.append((order, text))
                closing_where = closing_where or where
            else:
                q.guidance.append(text)
                q.guesses.append(Guess(where, "the text after this question taken as its guidance"))
        sections = self.prune(self.root, first_q, last_q, intro, closing, guide_guesses)
        if self.root.questions:
            # questions before any heading: a section of their own
            sec = Sec(
                self.title or "Questions",
                1,
                self.root.where,
                questions=self.root.questions,
                entries=self.root.entries,
            )
            sec.guesses.append(
                Guess(
                    self.root.questions[0].where,
                    "questions before the first heading put in a section of their own",
                )
            )
            sections.insert(0, sec)
        if self.codes:
            codebook = self.apply_labels(sections)
        else:
            codebook = []
        self.resolve_routes(sections)
        self.assign_ids(sections)
        guide: dict = {}
        title = self.title or self.default_title
        if not self.title:
            guide_guesses.append(
                Guess("file name", "no title in the document: the file's name is the title")
            )
        guide["title"] = title or "Imported guide"
        minutes = self.guide_minutes
        if minutes is None and sections and all(s.minutes for s in sections):
            minutes = sum(s.minutes for s in sections)
        if minutes:
            guide["minutes"] = minutes
        if intro:  # one paragraph a line
            guide["introduction"] = "\n".join(t for _, t in sorted(intro))
        if closing:
            guide["closing"] = "\n".join(t for _, t in sorted(closing))
        if codebook:
            guide["codebook"] = codebook
        guide["sections"] = [self.section_dict(s) for s in sections]
        guide[GUESSES] = guide_guesses
        all_guesses = list(guide_guesses)
        self.collect(guide, all_guesses)
        all_guesses.sort(key=_where_key)
        qs = [q for s in sections for q in s.all_questions()]
        return Result(
            guide,
            all_guesses,
            sum(1 for s in sections for _ in _walk(s)),
            len(qs),
            sum(len(q.probes) for q in qs),
        )

    def collect(self, node, out: list[Guess]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == GUESSES:
                    if node is not None and v is not out:
                        out.extend(g for g in v if g not in out)
                else:
                    self.collect(v, out)
        elif isinstance(node, list):
            for v in node:
                self.collect(v, out)

    def prune(
        self, sec: Sec, first_q: int, last_q: int, intro: list, closing: list, guesses: list[Guess]
    ) -> list[Sec]:
        """Sections with questions; the text of sections without any goes to the
        introduction (before the first question) or the closing (after the last)."""
        kept = []
        for s in sec.sections:
            s.sections = self.prune(s, first_q, last_q, intro, closing, guesses)
            has_q = bool(s.questions or s.sections)
            if has_q:
                # (text under a heading before its first question: its description)
                loose = [t for t in s.loose if t[0] < last_q]
                for order, text, _ in s.loose:
                    if order > last_q:  # after the last question (a check): the closing
                        closing.append((order, text))
                if loose and not s.condition:
                    self.section_condition(s, loose)
                # ... but a note to the interviewer (italics, brackets) is its guidance
                s.guidance.extend(t[1] for t in loose if t[0] in self.notes)
                s.description.extend(t[1] for t in loose if t[0] not in self.notes)
                kept.append(s)
                continue
            for order, text, where in s.loose:
                self.place_loose(order, text, where, first_q, last_q, intro, closing, guesses)
            closing_like = CLOSING_TITLE.match(s.title)
            if s.loose:
                where = "introduction" if s.loose[0][0] < first_q else "closing"
                if where == "closing" and not closing_like:
                    guesses.append(
                        Guess(
                            s.where,
                            f"section '{one_line(s.title)[:40]}' holds "
                            "no question: its text taken as the closing",
                        )
                    )
            elif not closing_like:
                guesses.append(
                    Guess(
                        s.where, f"heading '{one_line(s.title)[:40]}' holds no question: left out"
                    )
                )
        for order, text, where in sec.loose if sec is self.root else []:
            self.place_loose(order, text, where, first_q, last_q, intro, closing, guesses)
        return kept

    def section_condition(self, s: Sec, loose: list) -> None:
        """'Only ask this section if ...' (or a note '(If they drive)') at its head."""
        order, text, where = loose[0]
        cond = condition_of(text, note=order in self.notes)
        if cond and not OPTIONAL.search(text):
            s.condition = cond[0]
            loose.pop(0)
            if not cond[1]:
                s.guesses.append(Guess(where, f"'{one_line(text)[:40]}' taken as when it applies"))

    def place_loose(self, order, text, where, first_q, last_q, intro, closing, guesses):
        if order < first_q:
            intro.append((order, text))
        elif order > last_q:
            closing.append((order, text))
        else:
            intro.append((order, text))
            guesses.append(
                Guess(
                    where,
                    "text between questions with no section of its own "
                    "taken as part of the introduction",
                )
            )

    # -- codes
    def apply_labels(self, sections: list[Sec]) -> list[dict]:
        book: list[dict] = []
        for _, path, where, sec in sorted(self.label_log, key=lambda e: e[0]):
            self.resolve(path, book, where, sec)  # the codebook in order of appearance
        for s in _all_sections(sections):
            s.codes = [
                self.resolve(c, book, s.where, s) if isinstance(c, tuple) else c for c in s.codes
            ]
            for q in s.questions:
                q.codes = [
                    self.resolve(c, book, q.where, s) if isinstance(c, tuple) else c
                    for c in q.codes
                ]
            self.label_section(s, book)
        top_names = {c["name"].casefold(): c for c in book}
        for s in sections:
            if s.title.casefold() in top_names:
                code = top_names[s.title.casefold()]
                if code["name"] not in s.codes:
                    s.codes.insert(0, code["name"])
                if s.description and "description" not in code:
                    code["description"] = " ".join(s.description)
        return self.tidy_codebook(book)

    def resolve(self, path: tuple[str, ...], book: list[dict], where: str, s: Sec) -> str:
        names, level = [], book
        for part in path:
            found = next((c for c in level if c["name"].casefold() == part.casefold()), None)
            if found is None and level:
                close = difflib.get_close_matches(part, [c["name"] for c in level], 1, 0.85)
                if close:
                    found = next(c for c in level if c["name"] == close[0])
                    g = Guess(
                        where,
                        f"code label '{one_line(part)}' taken as '{found['name']}' (a near match)",
                    )
                    if g not in s.guesses:
                        s.guesses.append(g)
            if found is None:
                found = {"name": part}
                level.append(found)
            names.append(found["name"])
            level = found.setdefault("codes", [])
        return "/".join(names)

    def tidy_codebook(self, codes: list[dict]) -> list[dict]:
        """Keys in the documented order; no empty lists of child codes."""
        out = []
        for c in codes:
            d = {"name": c["name"]}
            if c.get("description"):
                d["description"] = c["description"]
            if c.get("codes"):
                d["codes"] = self.tidy_codebook(c["codes"])
            out.append(d)
        return out

    def label_section(self, s: Sec, book: list[dict]) -> None:
        labels = [e for e in s.entries if e[0] == "label"]
        if not labels:
            return
        entries = s.entries
        first_q = next((i for i, e in enumerate(entries) if e[0] == "q"), None)
        before_mode = first_q is None or entries.index(labels[0]) < first_q
        groups: list[tuple[str, list[Q], str]] = []  # (code, questions, where of label)
        if before_mode:
            current = None
            for e in entries:
                if e[0] == "label":
                    current = (self.resolve(e[1], book, e[2], s), [], e[2])
                    groups.append(current)
                elif current is not None:
                    current[1].append(e[1])
            unlabelled = [e[1] for e in entries[: entries.index(labels[0])] if e[0] == "q"]
        else:
            waiting: list[Q] = []
            for e in entries:
                if e[0] == "q":
                    if e[1].after_label and groups:
                        groups[-1][1].append(e[1])
                        e[1].guesses.append(
                            Guess(
                                e[1].where,
                                "on the next page after a code label: kept with the label above it",
                            )
                        )
                    else:
                        waiting.append(e[1])
                else:
                    groups.append((self.resolve(e[1], book, e[2], s), waiting, e[2]))
                    waiting = []
            if waiting and groups:
                groups[-1][1].extend(waiting)
                waiting[0].guesses.append(
                    Guess(
                        waiting[0].where,
                        "after the last code label of its section: given that label",
                    )
                )
            unlabelled = []
        groups = [g for g in groups if g[1]]
        if not groups:
            return
        if unlabelled or s.sections:
            for code, qs, _ in groups:
                for q in qs:
                    q.codes.append(code)
            return
        # every question of the section is labelled: each label a sub-section
        merged: list[tuple[str, list[Q], str]] = []
        for g in groups:
            if merged and merged[-1][0] == g[0]:
                merged[-1][1].extend(g[1])
            else:
                merged.append(g)
        titles: dict[str, int] = {}
        for code, qs, where in merged:
            leaf = code.split("/")[-1]
            titles[leaf] = titles.get(leaf, 0) + 1
            title = leaf if titles[leaf] == 1 else f"{leaf} ({titles[leaf]})"
            sub = Sec(title, s.level + 1, where, codes=[code], questions=qs)
            if titles[leaf] > 1:
                sub.guesses.append(
                    Guess(where, f"a second block labelled '{leaf}': titled '{title}'")
                )
            s.sections.append(sub)
        s.questions = []

    # -- branches
    def resolve_routes(self, sections: list[Sec]) -> None:
        """Each question's routing sentences to `branches`, when every section they name
        is a section of the guide; otherwise the sentence stays as guidance (a guess)."""
        flat = list(_all_sections(sections))
        paths = _section_paths(sections)
        index: dict[str, list[Sec]] = {}
        for sec in flat:
            index.setdefault(title_key(sec.title), []).append(sec)
        for own in flat:
            for q in own.questions:
                for sentence, where in q.routes:
                    self.route(q, own, sentence, where, flat, paths, index)

    def route(self, q: Q, own: Sec, sentence: str, where: str, flat, paths, index) -> None:
        resolved, missing = [], []
        for r in parse_routes(sentence):
            if r.next_section:
                later = [s for s in flat[flat.index(own) + 1 :] if not _inside(s, own)]
                found = later[:1]
            else:
                found = index.get(title_key(r.to), [])
                if len(found) > 1:  # a repeated title: the first after the question
                    after = [s for s in flat[flat.index(own) :] if s in found]
                    found = after[:1] or found[:1]
            to = _target(found[0], paths) if found else None
            if to is None:
                missing.append(r.to)
            else:
                resolved.append({"label": branch_label(r, q.text, found[0].title), "to": to})
        said = one_line(sentence)
        said = said if len(said) <= 60 else said[:57] + "..."
        added = [b for b in resolved if b not in q.branches][: MAX_PROBES - len(q.branches)]
        q.branches.extend(added)
        if added:
            read = "; ".join(f"{b['label']} -> {b['to']}" for b in added)
            q.guesses.append(
                Guess(where, f"'{said}' read as branch{'es' if len(added) > 1 else ''}: {read}")
            )
        if missing:
            name = one_line(missing[0])[:40]
            q.guesses.append(
                Guess(
                    where,
                    f"'{said}' kept as guidance: '{name}' is not a section with questions "
                    "in this guide",
                )
            )
        elif sentence in q.guidance:
            q.guidance.remove(sentence)  # the branches say it now

    # -- ids and output
    def assign_ids(self, sections: list[Sec]) -> None:
        seen: dict[str, int] = {}
        for s in sections:
            for q in s.all_questions():
                key = normalise_text(q.text)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    q.qid = f"{derive_id(q.text)}-{seen[key]}"
                    q.guesses.append(
                        Guess(
                            q.where, "the same text as an earlier question: given an id of its own"
                        )
                    )

    def section_dict(self, s: Sec) -> dict:
        d: dict = {"title": s.title}
        if s.description:
            d["description"] = " ".join(s.description)
        if s.guidance:
            d["guidance"] = " ".join(s.guidance)
        if s.condition:
            d["condition"] = s.condition
        if s.minutes:
            d["minutes"] = s.minutes
        if s.codes:
            d["codes"] = list(s.codes)
        if s.questions:
            d["questions"] = [self.question_dict(q) for q in s.questions]
        if s.sections:
            d["sections"] = [self.section_dict(x) for x in s.sections]
        d[GUESSES] = s.guesses
        return d

    def question_dict(self, q: Q) -> dict:
        checklists(q)
        d: dict = {}
        if q.qid:
            d["id"] = q.qid
        d["text"] = q.text
        if q.kind != "question":
            d["kind"] = q.kind
        if q.condition:
            d["condition"] = q.condition
        if q.guidance:
            d["guidance"] = " ".join(q.guidance)
        if q.priority != "core":
            d["priority"] = q.priority
        if len(q.probes) > MAX_PROBES:
            # keys 1-9 on screen: the rest go under a ninth probe, as its sub-prompts
            rest = q.probes[MAX_PROBES - 1 :]
            more = Prompt("Further probes", rest[0].depth, rest[0].where, probes=rest)
            q.probes = q.probes[: MAX_PROBES - 1] + [more]
            q.guesses.append(
                Guess(
                    rest[0].where,
                    f"more than {MAX_PROBES} probes: from the "
                    f"{MAX_PROBES}th on, sub-prompts of 'Further probes'",
                )
            )
        if q.probes:
            d["probes"] = [self.prompt_dict(p, sub=False) for p in q.probes]
        if q.examples:
            d["examples"] = _examples(q.examples)
        if q.codes:
            d["codes"] = list(dict.fromkeys(q.codes))
        if q.branches:
            d["branches"] = [dict(b) for b in q.branches]
        d[GUESSES] = q.guesses
        return d

    def prompt_dict(self, p: Prompt, sub: bool):
        if not (p.guidance or p.examples or p.probes or p.guesses):
            return p.text
        d: dict = {"text": p.text}
        if p.guidance:
            d["guidance"] = " ".join(p.guidance)
        if p.checklist and p.probes and not sub:
            d["checklist"] = True
        if p.examples:
            d["examples"] = (
                _examples(p.examples)
                if not sub
                else [e if isinstance(e, str) else e[0] for e in p.examples]
            )
        if p.probes:
            if sub:  # no third level in the format: deeper prompts become examples
                d.setdefault("examples", []).extend(x.text for x in p.probes)
            else:
                d["probes"] = [self.prompt_dict(x, sub=True) for x in p.probes]
        d[GUESSES] = p.guesses
        return d


def tick_marks(p: Prompt) -> None:
    """'(Tick all that apply)' in a prompt's text or notes: noted, and taken out."""
    p.text, marked = without_tick_all(p.text)
    kept = []
    for g in p.guidance:
        g, mark = without_tick_all(g)
        marked = marked or mark
        if g.strip("()[] "):
            kept.append(g)
    p.guidance = kept
    p.tick = p.tick or marked


def checklists(q: Q) -> None:
    """A question or probe marked 'Tick all that apply' with a list under it (or after
    a colon): a checklist probe whose items are the list; else the mark stays a note."""
    for p in q.probes:
        if p.tick and p.probes:
            p.checklist = True
        elif p.tick and not p.checklist:
            p.guidance.append(f"({TICK_LABEL})")
    if not q.tick:
        return
    listed = colon_list(q.text, least=2)
    if listed and not q.probes:
        q.text = listed[0].rstrip(":") + "?"
        q.probes = [Prompt(TICK_LABEL, q.depth + 1, q.where, checklist=True)]
        q.probes[0].probes = [Prompt(i, q.depth + 2, q.where) for i in listed[1]]
    elif q.probes and not any(p.probes or p.checklist for p in q.probes):
        q.probes = [Prompt(TICK_LABEL, q.depth + 1, q.where, probes=q.probes, checklist=True)]
    elif not any(p.checklist for p in q.probes):
        q.guidance.append(f"({TICK_LABEL})")


def _examples(items: list) -> list:
    out = []
    for e in items:
        if isinstance(e, str):
            out.append(e)
        else:
            out.append({"text": e[0], "examples": list(e[1])})
    return out


def _walk(s: Sec):
    yield s
    for x in s.sections:
        yield from _walk(x)


def _all_sections(sections: list[Sec]):
    for s in sections:
        yield from _walk(s)


def _inside(x: Sec, s: Sec) -> bool:
    return any(x is y for y in _walk(s))


def title_key(title: str) -> str:
    """A section title as a routing sentence may name it: without case, numbering, a
    time such as '(5 mins)', quotes, 'the ... section'."""
    title = re.sub(r"^the\s+|\s+section$", "", title.strip(" .'\"‘’“”"), flags=re.I)
    return section_title(clean(title), split=False)[0].casefold()


def _section_paths(sections: list[Sec], parent: tuple[str, ...] = ()):
    out = []
    for s in sections:
        path = parent + (s.title,)
        out.append((path, s))
        out.extend(_section_paths(s.sections, path))
    return out


def _target(sec: Sec, paths) -> str | None:
    """How a branch names `sec` so that the guide's loader finds it and only it: its
    title, or its path 'Parent / Title' when the title repeats (None if neither does)."""
    path = next(p for p, s in paths if s is sec)
    by_title = [p for p, _ in paths if p[-1] == sec.title]
    if len(by_title) == 1:
        return sec.title
    if any("/" in t for t in path) or sum(1 for p, _ in paths if p == path) > 1:
        return None
    return " / ".join(path)


def _where_key(g: Guess):
    m = re.search(r"\d+", g.where)
    return (0, int(m.group())) if m else (1, 0)

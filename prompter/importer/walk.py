"""The walk over an outline's blocks, one at a time: headings to sections, text to
questions, probes, sub-prompts, examples, guidance, conditions, checks, routing sentences
and code labels, each put where the rules of docs/guide-import.md say."""

from __future__ import annotations

import re

from prompter.guide.model import MAX_QUESTIONS
from prompter.importer import planned
from prompter.importer.directions import guess_text
from prompter.importer.flow import (
    ROUTING,
    check_text,
    checklist_cue,
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
    PARAGRAPH,
    TITLE,
    Block,
    ImportSourceError,
    Run,
)
from prompter.importer.nodes import Guess, Prompt, Q, Result, Sec
from prompter.importer.recognise import (
    EXAMPLES_MARK,
    OPTIONAL,
    PROBE_MARK,
    _bracket_at_end,
    asks,
    clean,
    heading_number,
    section_title,
    split_examples,
    split_guidance,
    split_guidance_parts,
    split_list,
)
from prompter.text import one_line, visible


class BlockWalk:
    """The rules applied block by block (a part of `rules._Builder`)."""

    # -- blocks
    def build(self) -> Result:
        blocks = self.outline.blocks
        self._title(blocks)
        said = self._first_lines(blocks)
        for i, b in enumerate(blocks):
            self.order = i
            if i in said:
                continue
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
            # 'Remote teaching guide – version 2.1 (approx. 50 minutes)': the version and
            # the planned length are the guide's, not part of its title
            text, minutes, ranged, self.version = planned.from_title(clean(first.text))
            title, heading_minutes, _ = section_title(text, split=False)
            self.title, self.title_where = title or clean(first.text), first.where
            self.guide_minutes = minutes or heading_minutes
            if ranged:
                self.planned_guess(first.where, first.text, minutes)

    def _first_lines(self, blocks: list[Block]) -> set[int]:
        """The planned length and the version in the lines after the title, before the
        first heading or list (at most four paragraphs): a line that states nothing else
        ('Duration: 45 mins', 'Version 2.1') is taken out; a sentence that says how long
        the interview takes stays, and gives the length (a guess)."""
        said: set[int] = set()
        seen = 0
        for i, b in enumerate(blocks):
            if b.where == self.title_where:
                continue
            if b.kind == HEADING and planned.INTRO_TITLE.match(clean(b.text)):
                continue  # '## Introduction': its text is still the guide's first lines
            if b.kind not in (TITLE, PARAGRAPH) or seen == 4 or asks(clean(b.text)):
                break
            seen += 1
            stated = planned.statement(b.text)
            if stated is not None:
                minutes, ranged, version = stated
                if version and not self.version:
                    self.version = version
                if minutes and self.guide_minutes is None:
                    self.guide_minutes = minutes
                    self.planned_guess(b.where, b.text, minutes, ranged)
                said.add(i)
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", clean(b.text)):
                found = planned.duration(sentence)
                if found and self.guide_minutes is None and planned.ABOUT_LENGTH.search(sentence):
                    self.guide_minutes = found[0]
                    self.planned_guess(b.where, sentence, found[0], found[1])
        return said

    def planned_guess(self, where: str, text: str, minutes, ranged: bool = True) -> None:
        said = one_line(text)
        said = said if len(said) <= 60 else said[:57] + "..."
        bound = ", the upper bound of the range" if ranged else ""
        self.guide_guesses.append(
            Guess(where, f"'{said}' read as the planned length: {minutes} minutes{bound}")
        )

    def heading(self, b: Block) -> None:
        self.drop_condition()
        self.end_question()
        # the section's number stays in its title ('3. Payments task', 'Section 4: ...'):
        # it is what the interviewer sees, and what the guide routes by
        number, prefix, rest = heading_number(clean(b.text))
        title, minutes, description = section_title(rest)
        if not title and not prefix:
            return
        while len(self.stack) > 1 and self.sec.level >= b.level:
            self.stack.pop()
        sec = Sec(title, b.level, b.where, minutes, [description] if description else [])
        sec.order, sec.number = self.order, number
        end = _bracket_at_end(title)
        cond = condition_of(end[1]) if end and end[0] else None
        if cond and not OPTIONAL.search(end[1]):  # "Parking (only if they drive)"
            sec.title, sec.condition = end[0], cond[0]
        sec.bare = sec.title
        sec.title = (prefix + sec.title) if sec.title else prefix.rstrip(": ")
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
        if self.stage_direction(b, raw, nxt):  # 'Stop the recording.', 'Interviewer: ...'
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
        if not lead and later:  # 'Probe: ...' with no question above it: what it asks
            lead, later = later[0], later[1:]
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
        if head or tail:  # '_Read aloud:_ Thank you ...': in a script, the note apart
            self.heads[self.order] = (head, text, tail)
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
        if "?" in q.text:  # 'Which apps have you used? Select any:' over a list
            head, tail = q.text[: q.text.rindex("?") + 1], q.text[q.text.rindex("?") + 1 :]
            if tail.strip() and len(tail.split()) <= 6 and checklist_cue(tail):
                q.text, q.cue = head, checklist_cue(tail)
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
        self.count_question(q, b.where)
        for part in later:
            self.add_probe(q, part, b.depth + 1, b.where, [])
        for order, text_, where in reversed(self.pending_guidance):
            q.guidance.insert(0, text_)
            if order in self.directions:
                self.guess(q, where, guess_text(text_))
            else:
                self.guess(q, where, "the text before this question taken as its guidance")
        self.pending_guidance = []

    def count_question(self, q: Q, where: str) -> None:
        """A question in the guide's order; more than a guide may hold is refused at once
        (one over: the last may yet be the closing), before the rest is read."""
        self.question_order.append((self.order, q, self.sec))
        if len(self.question_order) > MAX_QUESTIONS + 1:
            too_many(self.outline.name, where)

    def new_check(self, b: Block, text: str, boxed: bool) -> None:
        """'Consent obtained', '[ ] consent form signed': a check to tick, in its place."""
        self.drop_condition()
        self.end_question()
        q = Q(text, b.depth, b.where, kind="check")
        self.guess(q, b.where, f"'{one_line(text)[:40]}' taken as a check to tick")
        self.sec.questions.append(q)
        self.sec.entries.append(("q", q, b.where))
        self.count_question(q, b.where)

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
        p.cue = checklist_cue(listed[0] if listed else p.text)
        # a list after a colon is ticked only when something says so ("Probe: which did
        # they use, any of: officials, schools, ..."); otherwise it is said as written
        if listed and (p.tick or p.cue):
            p.text, items = listed
            p.probes = [Prompt(i, depth + 1, where) for i in items]
            p.checklist = True
            if not p.tick:
                p.guesses.append(
                    Guess(where, f"the list after its ':' taken as items to tick ('{p.cue}')")
                )
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


def too_many(name: str, where: str):
    raise ImportSourceError(
        f"{visible(name)}: {where}: more than {MAX_QUESTIONS:,} questions, more than a guide "
        "may hold; split the document"
    )


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

"""After the walk: the closing formula and the text after the last question to the
closing, the text before the first to the introduction, sections without questions
left out, a section's opening text to its description, guidance or condition, and the
guide put together with every guess collected."""

from __future__ import annotations

from prompter.guide.model import MAX_QUESTIONS
from prompter.importer.directions import bracketed, guess_text
from prompter.importer.flow import condition_of
from prompter.importer.model import ImportSourceError
from prompter.importer.nodes import GUESSES, Guess, Result, Sec, _walk, _where_key
from prompter.importer.planned import whole
from prompter.importer.recognise import CLOSING_FORMULA, CLOSING_TITLE, OPTIONAL
from prompter.importer.walk import too_many
from prompter.text import one_line, visible


class Finish:
    """The rules applied once the walk is over (a part of `rules._Builder`)."""

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
        guide_guesses: list[Guess] = self.guide_guesses
        # a closing formula asked after everything else is the closing, not a question
        order, last, last_sec = self.question_order[-1]
        if CLOSING_FORMULA.match(last.text) and not last.probes and len(self.question_order) > 1:
            last_sec.questions.remove(last)
            last_sec.entries = [e for e in last_sec.entries if e[1] is not last]
            closing.append((order, " ".join([last.text] + last.guidance), last.where))
            closing_where = last.where
            guide_guesses.append(
                Guess(last.where, "a closing formula after the last question taken as the closing")
            )
            self.question_order.pop()
            last_q = self.question_order[-1][0]
        if len(self.question_order) > MAX_QUESTIONS:
            too_many(self.outline.name, self.question_order[MAX_QUESTIONS][1].where)
        for order, text, where, q in self.trailing:
            if order > last_q:
                closing.append((order, text, where))
                closing_where = closing_where or where
            else:
                q.guidance.append(text)
                q.guesses.append(
                    Guess(
                        where,
                        guess_text(text)
                        if order in self.directions
                        else "the text after this question taken as its guidance",
                    )
                )
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
        if self.version:
            guide["version"] = self.version
        minutes = self.guide_minutes
        if minutes is None and sections and all(s.minutes for s in sections):
            minutes = sum(s.minutes for s in sections)
            minutes += self.introduction_minutes + self.closing_minutes
        if minutes:
            guide["minutes"] = whole(minutes)
        if intro:  # one paragraph a line
            guide["introduction"] = self.script(intro, guide_guesses)
        if self.introduction_minutes:
            guide["introduction_minutes"] = whole(self.introduction_minutes)
        if closing:
            guide["closing"] = self.script(closing, guide_guesses)
        if self.closing_minutes:
            guide["closing_minutes"] = whole(self.closing_minutes)
        if codebook:
            guide["codebook"] = codebook
        guide["sections"] = [self.section_dict(s) for s in sections]
        guide[GUESSES] = sorted(guide_guesses, key=_where_key)  # the header in file order
        all_guesses = list(guide_guesses)
        self.collect(guide, all_guesses, {(g.where, g.message) for g in all_guesses})
        all_guesses.sort(key=_where_key)
        qs = [q for s in sections for q in s.all_questions()]
        return Result(
            guide,
            all_guesses,
            sum(1 for s in sections for _ in _walk(s)),
            len(qs),
            sum(len(q.probes) for q in qs),
        )

    def collect(self, node, out: list[Guess], seen: set) -> None:
        """Every guess in the guide's dict, once each (`seen`: what `out` holds, so that
        a guide with 100,000 guesses is collected in linear time)."""
        if isinstance(node, dict):
            for k, v in node.items():
                if k == GUESSES:
                    if v is not out:
                        for g in v:
                            if (g.where, g.message) not in seen:
                                seen.add((g.where, g.message))
                                out.append(g)
                else:
                    self.collect(v, out, seen)
        elif isinstance(node, list):
            for v in node:
                self.collect(v, out, seen)

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
                for order, text, where in s.loose:
                    if order > last_q:  # after the last question (a check): the closing
                        closing.append((order, text, where))
                if loose and not s.condition:
                    self.section_condition(s, loose)
                # ... but a note to the interviewer (italics, brackets) is its guidance
                s.guidance.extend(t[1] for t in loose if t[0] in self.notes)
                s.guesses.extend(
                    Guess(where, guess_text(text))
                    for order, text, where in loose
                    if order in self.directions
                )
                s.description.extend(t[1] for t in loose if t[0] not in self.notes)
                kept.append(s)
                continue
            for order, text, where in s.loose:
                self.place_loose(order, text, where, first_q, last_q, intro, closing, guesses)
            if s.minutes and s.order < first_q:  # 'Introduction (5 mins)': its budget
                self.introduction_minutes += s.minutes
            elif s.minutes and s.order > last_q:  # 'Wrap up (5 mins)'
                self.closing_minutes += s.minutes
            closing_like = CLOSING_TITLE.match(s.bare or s.title)
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

    def script(self, entries: list, guesses: list[Guess]) -> str:
        """The introduction or closing, one paragraph a line: what is read aloud as it
        is, and each note to the interviewer (italics, brackets, a stage direction) a
        [bracketed] paragraph, which the screen shows apart (each a guess)."""
        out = []
        for order, text, where in sorted(entries, key=lambda e: e[0]):
            if order in self.notes:
                out.append(bracketed(text))
                guesses.append(Guess(where, guess_text(text)))
            elif order in self.heads:
                head, said, tail = self.heads[order]
                out.extend(bracketed(h) for h in head)
                out.append(said)
                out.extend(bracketed(t) for t in tail)
                for note in head + tail:
                    guesses.append(Guess(where, guess_text(note)))
            else:
                out.append(text)
        return "\n".join(out)

    def place_loose(self, order, text, where, first_q, last_q, intro, closing, guesses):
        if order < first_q:
            intro.append((order, text, where))
        elif order > last_q:
            closing.append((order, text, where))
        else:
            intro.append((order, text, where))
            guesses.append(
                Guess(
                    where,
                    "text between questions with no section of its own "
                    "taken as part of the introduction",
                )
            )

"""Widgets of the interview screen. They only display the session; the screen acts on it."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prompter.guide import Example, Question
from prompter.session import Session
from prompter.session.writer import SessionWriter
from prompter.timefmt import clock

# One glyph per status, styled by theme colour; also used by the help screen.
STATUS_GLYPHS = {
    "pending": ("·", "$text-muted"),
    "asked": ("✓", "$text-success"),
    "probed": ("✚", "$text-accent"),
    "skipped": ("✗", "$text-warning"),
    "covered": ("≈", "$text-secondary"),
}


def glyph(status: str) -> Content:
    char, style = STATUS_GLYPHS[status]
    return Content.styled(char, f"bold {style}")


class Outline(OptionList):
    """Sections and questions with a status mark each; the current question highlighted.

    It never takes focus: the interview keys belong to the screen.
    """

    can_focus = False

    def __init__(self, session: Session, **kwargs):
        self.session = session
        # Options from the start, not on mount: a key may update one before the
        # outline's own mount handler has run.
        super().__init__(*self._build_options(), **kwargs)

    def on_mount(self) -> None:
        self.show_current()

    def _build_options(self) -> list[Option]:
        options: list[Option] = []
        previous: tuple[str, ...] = ()
        for q in self.session.guide.questions:
            path = q.section_path
            pairs = enumerate(zip(previous, path, strict=False))
            common = next((i for i, (a, b) in pairs if a != b), min(len(previous), len(path)))
            for depth in range(common, len(path)):
                options.append(Option(Content.styled("  " * depth + path[depth], "bold"),
                                      disabled=True))
            previous = path
            options.append(Option(self._prompt(q), id=q.id))
        return options

    def _prompt(self, q: Question) -> Content:
        indent = "  " * len(q.section_path)
        status = self.session.question_state(q.id).status
        return Content.assemble(indent, glyph(status), " ", q.text)

    def refresh_question(self, qid: str) -> None:
        self.replace_option_prompt(qid, self._prompt(self.session.guide.question(qid)))

    def show_current(self) -> None:
        index = self.get_option_index(self.session.current)
        if self.highlighted != index:
            self.highlighted = index
        self.scroll_to_highlight(top=False)


class Coverage(Static):
    """Which codes (e.g. NPT sub-constructs) have been asked about so far: ■ yes, □ not yet."""

    def __init__(self, session: Session, writer: SessionWriter | None = None, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.writer = writer  # whose `ok` says whether the latest save worked

    def render(self) -> Content:
        touched: set[str] = set()
        for q in self.session.guide.questions:
            if self.session.question_state(q.id).status in ("asked", "probed", "covered"):
                touched.update(q.codes)
        lines = []
        for top in self.session.guide.codebook:
            leaves = top.codes or (top,)
            cells = [Content.styled("■", "$success") if c.key in touched
                     else Content.styled("□", "$text-muted") for c in leaves]
            lines.append(Content.assemble(*cells, " ", top.name))
        return Content("\n").join(lines)


class StatusLine(Static):
    """Elapsed time, recording time, section budget, tallies and the save state, in one line.

    Parts are dropped from the right end's least important first when the line is narrow.
    """

    def __init__(self, session: Session, writer: SessionWriter | None = None, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.writer = writer  # whose `ok` says whether the latest save worked

    def render(self) -> Content:
        s = self.session
        planned = f"/{clock(s.guide.minutes * 60)}" if s.guide.minutes else ""
        time_part = Content.assemble(("⏸ paused " if s.paused else "⏱ ", "bold"),
                                     f"{clock(s.elapsed)}{planned}")
        rec = s.to_recording(s.elapsed)
        rec_part = Content.assemble(("● ", "$error"), f"rec {clock(rec)}") \
            if rec is not None else Content("")
        budget_part = self._budget()
        t = s.tallies()
        tally_part = Content.assemble(
            *(Content.assemble(glyph(st), f"{t[st]} ") for st in
              ("asked", "probed", "skipped", "covered", "pending")))
        save_part = Content.styled("saved", "$success") if self.writer is None or self.writer.ok else \
            Content.styled("NOT SAVED", "bold reverse $error")
        parts = [time_part, rec_part, budget_part, tally_part.rstrip(), save_part]
        # Narrow screens drop the budget, then the recording time; time, tallies and
        # the save state always stay.
        width = self.size.width or 80
        for drop in (None, 2, 1):
            if drop is not None:
                parts[drop] = Content("")
            line = Content(" │ ").join(p for p in parts if p)
            if line.cell_length <= width:
                break
        return line

    def _budget(self) -> Content:
        s = self.session
        path = s.current_question.section_path
        for section_path, spent, minutes in s.section_times():
            if section_path == path[:len(section_path)] and minutes:
                budget = minutes * 60
                title = section_path[-1]
                if len(title) > 18:
                    title = title[:17] + "…"
                left = budget - spent
                style = "$success" if left >= 0 else "$error"
                verdict = f"{clock(left)} left" if left >= 0 else f"{clock(-left)} over"
                return Content.assemble(f"{title} ", (verdict, style))
        return Content("")


class QuestionView(Static):
    """The current question, whole: where it is, its text, guidance, probes, examples, codes, note.

    Probes, examples and notes are wrapped here with a hanging indent, so a long probe
    stays visibly one item; the view re-wraps when its width changes.
    """

    _redraw = None

    def on_resize(self) -> None:
        if self._redraw is not None:
            self._redraw()

    def _hang(self, prefix: Content | str, text: str, style: str = "") -> list[Content]:
        prefix = Content(prefix) if isinstance(prefix, str) else prefix
        indent = prefix.cell_length
        width = max(12, (self.size.width or self.app.size.width - 6) - indent)
        lines: list[Content] = []
        for paragraph in text.split("\n"):
            for part in textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]:
                lines.append(Content.assemble(prefix if not lines else " " * indent,
                                              (part, style)))
        return lines

    def show_question(self, session: Session) -> None:
        self._redraw = lambda: self.show_question(session)
        q = session.current_question
        state = session.question_state(q.id)
        n = session.guide.questions.index(q) + 1
        glyph_char, style = STATUS_GLYPHS[state.status]
        lines: list[Content] = [
            Content.assemble((f"{glyph_char} {state.status.upper()}", f"bold {style}"),
                             (f"   {n}/{len(session.guide.questions)}", "$text-muted"),
                             ("   optional" if q.priority == "optional" else "", "italic")),
            *self._hang("", " › ".join(q.section_path), "$text-muted"),
            Content(""),
            Content.styled(q.text, "bold"),
        ]
        if q.guidance:
            lines += self._hang("", q.guidance, "italic $text-warning")
        used = set(state.probes_used)
        if q.probes:
            lines.append(Content(""))
        for i, probe in enumerate(q.probes, start=1):
            is_used = probe.text in used
            prefix = Content.assemble((f"{i if i <= 9 else ' ':>2} ", "bold $text-accent"),
                                      ("✓ " if is_used else "  ", "bold $text-success"))
            lines += self._hang(prefix, probe.text, "$text-success" if is_used else "")
            lines += self._details(probe.guidance, probe.examples, "     ")
            for sub in probe.probes:
                lines += self._hang("     – ", sub.text)
                lines += self._details(sub.guidance, sub.examples, "       ")
        if q.examples:
            lines.append(Content(""))
            lines += self._details("", q.examples, "")
        if q.codes:
            lines.append(Content(""))
            lines += self._hang("codes: ", "; ".join(q.codes), "$text-muted")
        if state.note:
            lines.append(Content(""))
            lines += self._hang(Content.styled("note: ", "bold"), state.note)
        self.update(Content("\n").join(lines))

    def _details(self, guidance: str, examples: tuple[Example, ...], indent: str) -> list[Content]:
        out = []
        if guidance:
            out += self._hang(indent, guidance, "italic $text-warning")
        if examples:
            out.append(Content.assemble(indent, ("e.g.", "italic $text-muted")))
            for ex in examples:
                out += self._hang(indent + "  • ", ex.text)
                for inner in ex.examples:
                    out += self._hang(indent + "      ◦ ", inner)
        return out

    def show_script(self, label: str, text: str) -> None:
        self._redraw = None
        self.update(Content.assemble((label, "bold $text-accent"), "\n\n", text))

"""Widgets of the interview screen. They only display the session; the screen acts on it."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prompter.guide import Example, Question
from prompter.guide.markup import plain, script_parts, spans
from prompter.session import Session
from prompter.session.writer import SessionWriter
from prompter.text import one_line, visible_lines
from prompter.timefmt import clock
from prompter.tui.textual_private import replace_one_line_prompt

# One glyph per status, styled by theme colour; also used by the help screen.
STATUS_GLYPHS = {
    "pending": ("·", "$text-muted"),
    "asked": ("✓", "$text-success"),
    "probed": ("✚", "$text-accent"),
    "skipped": ("✗", "$text-warning"),
    "covered": ("≈", "$text-secondary"),
    "not_applicable": ("–", "$text-muted"),
}

# Items of a checklist probe are ticked by letter: t, the probe's number, the item's letter.
ITEM_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def emphasis(text: str, style: str = "") -> Content:
    """`text` with the guide's `**bold**` and `_italic_` shown as emphasis over `style`."""
    return Content.assemble(*((piece, f"{style} {extra}".strip()) for piece, extra in spans(text)))


def status_name(question: Question, status: str) -> str:
    """How a status reads on screen: a check's `asked` is ticked."""
    if question.kind == "check":
        return {"pending": "not ticked", "asked": "ticked"}.get(status, status.replace("_", " "))
    return status.replace("_", " ")


# Leading words many questions share ("In what ways does…"): the outline drops them so
# that its lines, cut to the sidebar's width, differ. Compiled when the outline is first
# filled, after the first frame (about 1 ms of start-up otherwise).
QUESTION_STEM = (
    r"^(?:(?:please\s+)?(?:could|can|would) you\s+(?:please\s+)?"
    r"(?:tell me(?: briefly)?(?: about)?|describe|talk(?: me)? (?:about|through)|explain)\s+"
    r"|tell me(?: a bit| a little)? about\s+"
    r"|in what ways?\s+(?:(?:does|do|did|has|have|had|is|are|was|were|would|could|can)\s+)?"
    r"|to what extent\s+(?:(?:does|do|did|has|have|had|is|are|was|were)\s+)?"
    r"|(?:do|did) you (?:think|feel)(?: that)?\s+"
    r"|what do you (?:think|see as|feel)(?: (?:about|of|are|is))?\s+"
    r"|how (?:well|far|much|effective)?\s*(?:do|does|did|have|has)? you think\s+)"
)


def outline_label(question: Question) -> str:
    """The question's name in the outline, on one line (a line break in the guide's text
    is a space): its `label`, else its text without the stem."""
    if question.label:
        return one_line(question.label)
    whole = one_line(plain(question.text))
    text = re.sub(QUESTION_STEM, "", whole, count=1, flags=re.IGNORECASE)
    if not text or len(text) < 12:
        return whole
    return text[0].upper() + text[1:]


def abbreviate(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole if it fits, else cut with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(1, width - 1)].rstrip() + "…"


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
                title = "  " * depth + one_line(path[depth])
                options.append(Option(Content.styled(title, "bold"), disabled=True))
            previous = path
            options.append(Option(self._prompt(q), id=q.id))
        return options

    def _prompt(self, q: Question) -> Content:
        indent = "  " * len(q.section_path)
        status = self.session.question_state(q.id).status
        return Content.assemble(indent, glyph(status), " ", outline_label(q))

    def refresh_question(self, qid: str) -> None:
        prompt = self._prompt(self.session.guide.question(qid))
        replace_one_line_prompt(self, self.get_option_index(qid), prompt)

    def show_current(self) -> None:
        index = self.get_option_index(self.session.current)
        if self.highlighted != index:
            self.highlighted = index
        self.scroll_to_highlight(top=False)


class Coverage(Static):
    """Which codes (e.g. NPT sub-constructs) have been asked about so far: ■ yes, □ not yet.

    One row of boxes per top-level code, one box per sub-code; a question coded at any
    depth below a sub-code (`A/B/C`) fills that sub-code's box. Under the rows, a
    legend names the boxes of the current question's code.
    """

    def __init__(self, session: Session, **kwargs):
        super().__init__(**kwargs)
        self.session = session

    @staticmethod
    def filled(code, keys: Iterable[str]) -> bool:
        """Whether any of `keys` is `code` or a code below it."""
        return any(k == code.key or k.startswith(code.key + "/") for k in keys)

    def _box(self, code, touched: set[str]) -> Content:
        return (
            Content.styled("■", "$success")
            if self.filled(code, touched)
            else Content.styled("□", "$text-muted")
        )

    def render(self) -> Content:
        touched = self.session.codes_touched()
        lines = []
        for top in self.session.guide.codebook:
            leaves = top.codes or (top,)
            lines.append(Content.assemble(*(self._box(c, touched) for c in leaves), " ", top.name))
        current = self.session.current_question.codes
        here = next(
            (top for top in self.session.guide.codebook if top.codes and self.filled(top, current)),
            None,
        )
        if here is not None:
            lines.append(Content.styled(f"{here.name}:", "$text-muted"))
            for c in here.codes:
                mine = self.filled(c, current)
                lines.append(
                    Content.assemble(self._box(c, touched), " ", (c.name, "bold" if mine else ""))
                )
        return Content("\n").join(lines)


# What the top line gives up as it narrows, a step at a time (each step keeps those
# before it): shorter forms first, then the parts needed least. The first line that fits
# is shown. The clock, the section's time left (or over) and the save state are never
# dropped; the section's name is shortened before it goes, the tallies to the counts
# that are not zero.
NARROWING = (
    {},  # everything, the section's name in up to 24 cells
    {"title": 14},
    {"compact": True},  # ●4:37 for ● rec 4:37; ✓12✚10·15, only the counts not zero
    {"planned": False},  # 4:50 for 4:50/1:00:00 (and ⏸ without the word "paused")
    {"title": 10},
    {"title": 6},
    {"separator": "│"},  # the separators without their spaces
    {"title": 0},  # the section's name goes
    {"rec": False},
    {"tallies": False},
)
WIDEST = {"title": 24, "compact": False, "planned": True, "separator": " │ ", "rec": True}


class StatusLine(Static):
    """Elapsed time, recording time, section budget, tallies and the save state, in one line,
    narrowed by `NARROWING` to the width it has (in focus mode too)."""

    def __init__(self, session: Session, writer: SessionWriter, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.writer = writer  # whose `ok` says whether the latest save worked

    def _save_part(self) -> Content:
        if self.writer.read_only:
            return Content.styled("read-only", "bold $warning")
        if self.writer.ok:
            return Content.styled("saved", "$success")
        return Content.styled("NOT SAVED", "bold reverse $error")

    def render(self) -> Content:
        width = self.content_size.width or self.size.width or 80
        budget, counts = self._budget(), self.session.tallies()  # once, for every shape
        shape = {**WIDEST, "tallies": True}
        for step in NARROWING:
            shape.update(step)
            line = self._line(budget, counts, **shape)
            if line.cell_length <= width:
                break
        return line

    def _line(
        self,
        budget: tuple[str, Content] | None,
        counts: dict[str, int],
        *,
        title: int,
        compact: bool,
        planned: bool,
        separator: str,
        rec: bool,
        tallies: bool,
    ) -> Content:
        s = self.session
        icon = ("⏸ " if s.paused else "⏱ ", "bold")
        clock_text = clock(s.elapsed)
        if planned:
            total = f"/{clock(s.guide.minutes * 60)}" if s.guide.minutes else ""
            clock_text = ("paused " if s.paused else "") + clock_text + total
        parts = [Content.assemble(icon, clock_text)]
        recorded = s.recording_elapsed  # runs on during a pause, as the call's does
        if rec and recorded is not None:
            parts.append(
                Content.assemble(("●", "$error"), clock(recorded))
                if compact
                else Content.assemble(("● ", "$error"), f"rec {clock(recorded)}")
            )
        if budget is not None:
            name, verdict = budget
            parts.append(Content.assemble(abbreviate(name, title) + " " if title else "", verdict))
        if tallies:
            parts.append(self._tallies(counts, compact))
        parts.append(self._save_part())
        return Content(separator).join(p for p in parts if p)

    @staticmethod
    def _tallies(t: dict[str, int], compact: bool) -> Content:
        # Not applicable only once there is one (most guides never branch).
        order = (
            "asked",
            "probed",
            "skipped",
            "covered",
            *(("not_applicable",) if t["not_applicable"] else ()),
            "pending",
        )
        if compact:  # only what is there: ✓3✚1·40
            return Content.assemble(
                *(Content.assemble(glyph(st), str(t[st])) for st in order if t[st])
            )
        spaced = (Content.assemble(glyph(st), f"{t[st]} ") for st in order)
        return Content.assemble(*spaced).rstrip()

    def _budget(self) -> tuple[str, Content] | None:
        """The current section's name and its time left (or over, in red); None if it
        has no budget."""
        s = self.session
        path = s.current_question.section_path
        for section_path, spent, minutes in s.section_times():
            if section_path == path[: len(section_path)] and minutes:
                left = minutes * 60 - spent
                if left >= 0:
                    return section_path[-1], Content.styled(f"{clock(left)} left", "$success")
                return section_path[-1], Content.styled(f"{clock(-left)} over", "bold $error")
        return None


class GuideFooter(Static):
    """The screen's keys on one line, in order (key, then what it does). Narrowed, it drops
    the keys before the last, never `?` (the first) or the wrap-up key (the last), so a
    half-width window beside the call still says how to get help and how to finish.
    A click on a key presses it."""

    DEFAULT_CSS = """
    GuideFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """
    KEEP = ("help", "wrap_up")  # the actions whose keys are never dropped

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def render(self) -> Content:
        shown: dict[str, tuple] = {}  # action -> (key, Content): one entry per action
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                dim = "" if enabled else " dim"
                shown[binding.action] = (
                    binding.key.split(",")[0],
                    Content.assemble(
                        (self.app.get_key_display(binding), f"bold $footer-key-foreground{dim}"),
                        " ",
                        (binding.description, f"$footer-description-foreground{dim}"),
                    ),
                )
        entries = list(shown.items())
        room = (self.size.width or 80) - sum(
            entry.cell_length + 1 for action, (_, entry) in entries if action in self.KEEP
        )
        kept = []
        for action, (key, entry) in entries:
            if action not in self.KEEP:
                if entry.cell_length + 1 > room:
                    continue
                room -= entry.cell_length + 1
            kept.append((key, entry))
        line, self._spans = [], []
        x = 0
        for key, entry in kept:
            self._spans.append((x, x + entry.cell_length, key))
            line.append(entry)
            x += entry.cell_length + 1
        return Content(" ").join(line)

    def on_click(self, event) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def question_head(session: Session) -> Content:
    """The current question's mark and place: `✓ ASKED   12/47`."""
    q = session.current_question
    state = session.question_state(q.id)
    n = session.guide.question_index[q.id] + 1
    glyph_char, style = STATUS_GLYPHS[state.status]
    name = status_name(q, state.status).upper() + ("   CHECK" if q.kind == "check" else "")
    return Content.assemble(
        (f"{glyph_char} {name}", f"bold {style}"),
        (f"   {n}/{len(session.guide.questions)}", "$text-muted"),
        ("   optional" if q.priority == "optional" else "", "italic"),
    )


class QuestionHead(Static):
    """The question's mark and place, docked above the question; shown only once the
    question is scrolled (pagedown), when its own first line is out of view."""

    def show_question(self, session: Session) -> None:
        self.update(Content.assemble(question_head(session), ("   (scrolled)", "$text-muted")))

    def show_script(self, label: str) -> None:
        self.update(Content.styled(label, "bold $text-accent"))


class QuestionView(Static):
    """The current question, whole: where it is, its text, guidance, probes, examples, codes,
    note, and the next question, dimmed.

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
        # Notes and labels come from session files, which may be hostile: no control
        # character reaches the terminal (Textual's Content passes them through).
        for paragraph in visible_lines(text).split("\n"):
            for part in textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]:
                lines.append(Content.assemble(prefix if not lines else " " * indent, (part, style)))
        return lines

    def show_question(self, session: Session) -> None:
        self._redraw = lambda: self.show_question(session)
        guide = session.guide
        q = session.current_question
        state = session.question_state(q.id)
        lines: list[Content] = [
            question_head(session),
            *self._hang("", " › ".join(q.section_path), "$text-muted"),
        ]
        # Entering a section: its condition, description and guidance, once, at its first
        # question.
        for section in guide.all_sections:
            if (
                q.section_path[: len(section.path)] == section.path
                and next(section.all_questions(), None) is q
            ):
                if section.condition:
                    lines += self._hang(
                        Content.styled("Ask if: ", "bold $text-warning"),
                        section.condition,
                        "$text-warning",
                    )
                if section.description:
                    lines += self._hang("", section.description, "italic $text-muted")
                if section.guidance:
                    lines += self._hang("", section.guidance, "italic $text-warning")
        lines.append(Content(""))
        if q.condition:
            lines += self._hang(
                Content.styled("Ask if: ", "bold $text-warning"), q.condition, "$text-warning"
            )
        box = ("☑ " if state.status == "asked" else "☐ ") if q.kind == "check" else ""
        lines.append(Content.assemble((box, "bold"), emphasis(q.text, "bold")))
        if q.guidance:
            lines += self._hang("", q.guidance, "italic $text-warning")
        used = set(state.probes_used)
        if q.probes:
            lines.append(Content(""))
        for i, probe in enumerate(q.probes, start=1):
            is_used = probe.text in used
            prefix = Content.assemble(
                (f"{i if i <= 9 else ' ':>2} ", "bold $text-accent"),
                ("✓ " if is_used else "  ", "bold $text-success"),
            )
            lines += self._hang(prefix, probe.text, "$text-success" if is_used else "")
            lines += self._details(probe.guidance, probe.examples, "     ")
            for letter, sub in zip(ITEM_LETTERS, probe.probes, strict=False):
                if probe.checklist:
                    ticked = sub.text in state.items_ticked
                    lines += self._hang(
                        Content.assemble(
                            (f"     {letter} ", "bold $text-accent"),
                            ("☑ " if ticked else "☐ ", "bold $text-success" if ticked else ""),
                        ),
                        sub.text,
                        "$text-success" if ticked else "",
                    )
                else:
                    lines += self._hang("     – ", sub.text)
                lines += self._details(sub.guidance, sub.examples, "       ")
        if q.branches:
            lines.append(Content(""))
            choices = " · ".join(f"g{i} {b.label}" for i, b in enumerate(q.branches, 1))
            lines += self._hang(Content.styled("→ ", "bold $text-accent"), choices, "$text-accent")
        if q.examples:
            lines.append(Content(""))
            lines += self._details("", q.examples, "")
        if q.codes:
            lines.append(Content(""))
            lines += self._hang("codes: ", "; ".join(q.codes), "$text-muted")
        if state.note:
            lines.append(Content(""))
            lines += self._hang(Content.styled("note: ", "bold"), state.note)
        marks = [b for b in session.bookmarks if b.question == q.id]
        if marks:  # the latest bookmark's label, and how many there are
            latest = marks[-1]
            label = latest.label or f"(no label) at {clock(latest.at_seconds)}"
            head = "bookmark: " if len(marks) == 1 else f"bookmarks: {len(marks)}, the latest: "
            lines.append(Content(""))
            lines += self._hang(Content.styled(head, "bold $text-accent"), label)
        index = guide.question_index[q.id]
        if index + 1 < len(guide.questions):
            upcoming = guide.questions[index + 1]
            lines.append(Content(""))
            lines += self._hang(
                Content.styled("next: ", "$text-muted"), plain(upcoming.text), "$text-muted"
            )
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
        """A script read aloud; its [bracketed] paragraphs are notes to the interviewer,
        shown apart (in the guidance colour, without the brackets)."""
        self._redraw = None
        parts = [Content.styled(label, "bold $text-accent")]
        for kind, para in script_parts(text):
            parts.append(
                emphasis(para, "italic $text-warning") if kind == "guidance" else emphasis(para)
            )
        self.update(Content("\n\n").join(parts))

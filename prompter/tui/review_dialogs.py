"""The review's dialogs: the question picker (a question starts here), finding a cue by
its words, the late note and the help. Each is a `ModalScreen` that dismisses with its
answer (None: cancelled); what they show from files goes through `prompter.text`."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from prompter.text import one_line
from prompter.timefmt import clock
from prompter.tui import review_keys
from prompter.tui.editors import shown, typed_back
from prompter.tui.widgets import glyph

# The most matches a list shows (the first ones, best first).
MAX_SHOWN = 200
_WORD = re.compile(r"\w+")


def word_set(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def question_rank(typed: str, qid: str, text: str) -> int | None:
    """How well `typed` names a question (lower is better; None: not at all): its id,
    the start of its id, every typed word a whole word of its id and text, or a part."""
    typed = typed.strip().casefold()
    if not typed:
        return 4
    ident, words = qid.casefold(), word_set(f"{qid} {text}")
    if ident == typed:
        return 0
    if ident.startswith(typed):
        return 1
    wanted = _WORD.findall(typed)
    if wanted and all(w in words for w in wanted):
        return 2
    hay = f"{ident} {text.casefold()}"
    if wanted and all(w in hay for w in wanted):
        return 3
    return None


def cue_rank(typed: str, text: str) -> int | None:
    """How well `typed` finds a cue: every word a whole word of it (0), else a part (1)."""
    wanted = _WORD.findall(typed.casefold())
    if not wanted:
        return None
    if all(w in word_set(text) for w in wanted):
        return 0
    hay = text.casefold()
    return 1 if all(w in hay for w in wanted) else None


class _Filtered(ModalScreen):
    """An input that filters a list below it; enter chooses the highlighted entry."""

    AUTO_FOCUS = "Input"

    def action_move(self, step: int) -> None:
        found = self.query_one(OptionList)
        if step > 0:
            found.action_cursor_down()
        else:
            found.action_cursor_up()

    def show(self, options: list[Option]) -> None:
        found = self.query_one(OptionList)
        found.set_options(options)
        found.highlighted = 0 if options else None

    @on(Input.Submitted)
    def submitted(self) -> None:
        found = self.query_one(OptionList)
        option = found.highlighted_option
        if option is not None and option.id is not None:
            self.choose(option.id)

    @on(OptionList.OptionSelected)
    def clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, option_id: str) -> None:
        raise NotImplementedError  # each dialog's own


class QuestionPicker(_Filtered):
    """Which question starts at this cue: type its id or words; enter chooses."""

    BINDINGS = review_keys.PICKER_BINDINGS

    def __init__(self, questions: list[dict], at: float, current: str | None):
        super().__init__()
        self.questions = [q for q in questions if not q.get("removed")]
        self.at = at
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="review-dialog"):
            yield Static(
                Content.assemble(
                    ("A question starts at ", "bold"),
                    (clock(self.at), "bold"),
                    " · type its id or words, enter chooses, escape cancels",
                ),
                classes="dialog-title",
            )
            yield Input(placeholder="question id or words", id="picker-filter", compact=True)
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.filter("")

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        self.filter(event.value)

    def filter(self, typed: str) -> None:
        ranked = []
        for n, q in enumerate(self.questions):
            rank = question_rank(typed, q["id"], q["text"])
            if rank is not None:
                ranked.append((rank, n, q))
        ranked.sort(key=lambda x: x[:2])
        options = []
        for _, _, q in ranked[:MAX_SHOWN]:
            here = " (here now)" if q["id"] == self.current else ""
            options.append(
                Option(
                    Content.assemble(
                        glyph(q.get("status", "pending")),
                        " ",
                        (one_line(q["id"]), "bold"),
                        "  ",
                        one_line(q["text"]),
                        (here, "italic"),
                    ),
                    id=q["id"],
                )
            )
        self.show(options)

    def choose(self, option_id: str) -> None:
        self.dismiss(option_id)


class FindCue(_Filtered):
    """A cue found by its words (whole words first); enter jumps there."""

    BINDINGS = review_keys.FIND_BINDINGS

    def __init__(self, cues: list):
        super().__init__()
        self.cues = cues

    def compose(self) -> ComposeResult:
        with Vertical(id="find", classes="review-dialog"):
            yield Static(
                Content.assemble(
                    ("Find a cue", "bold"), " · type its words, enter jumps there, escape cancels"
                ),
                classes="dialog-title",
            )
            yield Input(placeholder="words said", id="find-filter", compact=True)
            yield OptionList(id="find-list")

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        ranked = []
        for i, cue in enumerate(self.cues):
            rank = cue_rank(event.value, cue.text)
            if rank is not None:
                ranked.append((rank, i))
        ranked.sort()
        options = []
        for _, i in ranked[:MAX_SHOWN]:
            cue = self.cues[i]
            who = f"{one_line(cue.speaker)[:12]}: " if cue.speaker else ""
            options.append(
                Option(
                    Content.assemble((clock(cue.start), "bold"), f" {who}", one_line(cue.text)),
                    id=str(i),
                )
            )
        self.show(options)

    def choose(self, option_id: str) -> None:
        self.dismiss(int(option_id))


class NoteArea(TextArea):
    """The late note; escape keeps it and returns to the review."""

    BINDINGS = review_keys.NOTE_BINDINGS

    def action_done(self) -> None:
        self.screen.done(self.text)

    def _on_paste(self, event) -> None:
        event.text = shown(event.text)  # as the interview's editor: stand-ins, kept as such


class LateNote(ModalScreen[str | None]):
    """The note of a question, written after the interview; escape keeps it.

    The editor shows the note as the interview's does (`editors.shown`: a stand-in for
    each character a TextArea would send to the terminal raw or split lines on), and
    gives it back with the parts not edited as they were (`editors.typed_back`)."""

    AUTO_FOCUS = "NoteArea"

    def __init__(self, qid: str, note: str):
        super().__init__()
        self.qid = qid
        self.note = note
        self.shown = shown(note)

    def done(self, text: str) -> None:
        self.dismiss(typed_back(self.note, self.shown, text))

    def kept(self) -> str:
        """The note as it stands in the editor, given back as `done` gives it."""
        return typed_back(self.note, self.shown, self.query_one(NoteArea).text)

    def compose(self) -> ComposeResult:
        with Vertical(id="late-note", classes="review-dialog"):
            yield Static(
                Content.assemble(
                    ("Late note on ", "bold"),
                    (one_line(self.qid), "bold"),
                    " · recorded as added after the interview · escape keeps it",
                ),
                classes="dialog-title",
            )
            yield NoteArea(self.shown, id="late-note-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        area = self.query_one(NoteArea)
        area.move_cursor(area.document.end)


class ReviewHelp(ModalScreen[None]):
    """Every key of the review, built from its bindings (and the user's keymap)."""

    BINDINGS = review_keys.HELP_BINDINGS

    def __init__(self, keymap: dict[str, str] | None = None):
        super().__init__()
        self.keymap = keymap or {}

    def rows(self) -> list[tuple[str, str]]:
        from prompter.tui.screens import help_rows

        return help_rows(review_keys.BINDINGS, self.keymap, pairs=review_keys.HELP_PAIRS, tail=())

    def compose(self) -> ComposeResult:
        with Vertical(id="review-help", classes="review-dialog"):
            yield Static(Content.styled("Review keys", "bold"), classes="dialog-title")
            with VerticalScroll(id="review-help-keys"):
                for keys, what in self.rows():
                    with Horizontal(classes="help-row"):
                        yield Static(keys, classes="help-key")
                        yield Static(what, classes="help-description")
                yield Static(
                    "A question runs from the cue where it starts to the next boundary. "
                    "Every change is saved at once; ? marks a boundary the aligner was "
                    "unsure of, ✎ one set in review.",
                    classes="help-marks",
                )
            yield Static("escape or ? closes", classes="dialog-hint")

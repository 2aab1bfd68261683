"""The start, help and wrap-up screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from prompter.errors import UsageError
from prompter.guide import Guide
from prompter.session import Session
from prompter.session.paths import validate_participant
from prompter.timefmt import clock
from prompter.tui.widgets import STATUS_GLYPHS, glyph

KEY_NAMES = {"down": "↓", "up": "↑", "left_square_bracket": "[", "right_square_bracket": "]",
             "question_mark": "?", "slash": "/"}


@dataclass(frozen=True)
class StartDetails:
    participant: str
    interviewer: str
    extra: dict[str, str]


class StartScreen(Screen[StartDetails]):
    """Asks who is being interviewed, then dismisses with the details."""

    AUTO_FOCUS = "#start-participant"
    BINDINGS = [Binding("escape", "app.quit_unstarted", "Quit", id="start.quit")]
    FIELDS = (("participant", "Participant id", "e.g. P01 (letters, digits, - _ .)"),
              ("interviewer", "Interviewer", "your name or initials (optional)"),
              ("site", "Site", "optional"),
              ("mode", "Mode", "optional: video, phone, in person"))

    def __init__(self, guide: Guide, interviewer: str = "", extra: dict[str, str] | None = None):
        super().__init__()
        self.guide = guide
        self.defaults = {"interviewer": interviewer, **(extra or {})}

    def compose(self) -> ComposeResult:
        g = self.guide
        planned = f", about {g.minutes:g} minutes" if g.minutes else ""
        with VerticalScroll(id="start"):
            yield Static(Content.styled(g.title, "bold $accent"), id="start-title")
            yield Static(f"version {g.version}: {len(g.questions)} questions in "
                         f"{len(g.sections)} sections{planned}", id="start-summary")
            for name, label, placeholder in self.FIELDS:
                with Horizontal(classes="start-field"):
                    yield Label(label)
                    yield Input(self.defaults.get(name, ""), placeholder=placeholder,
                                id=f"start-{name}", compact=True)
            yield Static("", id="start-error")
            yield Static("enter: start the interview   tab: next field   escape: quit",
                         id="start-hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        values = {name: self.query_one(f"#start-{name}", Input).value.strip()
                  for name, _, _ in self.FIELDS}
        error = self.query_one("#start-error", Static)
        try:
            validate_participant(values["participant"])
        except UsageError as e:
            error.update(Content.styled(str(e), "bold $error"))
            self.query_one("#start-participant", Input).focus()
            return
        extra = {k: v for k, v in values.items() if k not in ("participant", "interviewer") and v}
        self.dismiss(StartDetails(values["participant"], values["interviewer"], extra))


class HelpScreen(ModalScreen[None]):
    """Every key of the interview screen, built from its bindings."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close")]

    def __init__(self, bindings):
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        rows: list[tuple[str, str]] = []
        seen_probe = False
        for b in self.bindings:
            if b.id and b.id.startswith("probe."):
                if seen_probe:
                    continue
                seen_probe = True
                rows.append(("1-9", b.tooltip))
                continue
            keys = "/".join(KEY_NAMES.get(k, k) for k in b.key.split(","))
            rows.append((keys, b.tooltip or b.description))
        rows += [("ctrl+p", "Command palette: jump to a question or section, change the theme"),
                 ("ctrl+q", "Leave now; everything is saved, resume it later"),
                 ("ctrl+c", "The same as ctrl+q")]
        marks = Content.assemble("Marks: ", *(Content.assemble(glyph(s), f" {s}  ")
                                              for s in STATUS_GLYPHS))
        with Vertical(id="help"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            with VerticalScroll():
                for keys, description in rows:
                    with Horizontal(classes="help-row"):
                        yield Static(keys, classes="help-key")
                        yield Static(description, classes="help-description")
                yield Static(marks, classes="help-marks")
                yield Static("A mark's key pressed again sets the question back to pending.")
            yield Static("escape or ? closes", id="help-hint")


class WrapUpScreen(ModalScreen[str | None]):
    """Tallies, time and the core questions still pending; enter at once finishes."""

    FINISH = "--finish--"
    BINDINGS = [Binding("escape", "dismiss(None)", "Back to the interview", id="wrap.back")]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        t = s.tallies()
        planned = f" of {clock(s.guide.minutes * 60)} planned" if s.guide.minutes else ""
        summary = Content.assemble(
            ("Wrap up", "bold"), "\n",
            f"Time: {clock(s.elapsed)}{planned}\n",
            *(Content.assemble(glyph(st), f" {t[st]} {st}   ") for st in STATUS_GLYPHS))
        pending = s.pending_core()
        options = [Option(Content.styled("Finish the interview and save", "bold"),
                          id=self.FINISH)]
        if pending:
            options.append(Option(Content.styled(
                f"{len(pending)} core question(s) still pending; choose one to go back:",
                "italic"), disabled=True))
            options.extend(Option(Content.assemble(glyph("pending"), " ", q.text), id=q.id)
                           for q in pending)
        with Vertical(id="wrapup"):
            yield Static(summary, id="wrapup-summary")
            yield OptionList(*options, id="wrapup-choices")
            yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

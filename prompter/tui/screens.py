"""The start, help and wrap-up screens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
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
from prompter.guide.markup import plain
from prompter.session import Session
from prompter.session.paths import validate_participant
from prompter.timefmt import clock
from prompter.tui.widgets import STATUS_GLYPHS, glyph

KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "question_mark": "?",
    "slash": "/",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


# Their rules are read when one is first shown, not before the interview's first frame.
DIALOGS_CSS = Path(__file__).parent / "dialogs.tcss"


@dataclass(frozen=True)
class StartDetails:
    participant: str
    interviewer: str
    extra: dict[str, str]


class StartScreen(Screen[StartDetails]):
    """Asks who is being interviewed, then dismisses with the details."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#start-participant"
    BINDINGS = [Binding("escape", "app.quit_unstarted", "Quit", id="start.quit")]
    FIELDS = (
        ("participant", "Participant id", "e.g. P01 (letters, digits, - _ .)"),
        ("interviewer", "Interviewer", "your name or initials (optional)"),
        ("site", "Site", "optional"),
        ("mode", "Mode", "optional: video, phone, in person"),
    )

    def __init__(self, guide: Guide, interviewer: str = "", extra: dict[str, str] | None = None):
        super().__init__()
        self.guide = guide
        self.defaults = {"interviewer": interviewer, **(extra or {})}

    def compose(self) -> ComposeResult:
        g = self.guide
        planned = f", about {g.minutes:g} minutes" if g.minutes else ""
        with VerticalScroll(id="start"):
            yield Static(Content.styled(g.title, "bold $accent"), id="start-title")
            yield Static(
                f"version {g.version}: {len(g.questions)} questions in "
                f"{len(g.sections)} sections{planned}",
                id="start-summary",
            )
            for name, label, placeholder in self.FIELDS:
                with Horizontal(classes="start-field"):
                    yield Label(label)
                    yield Input(
                        self.defaults.get(name, ""),
                        placeholder=placeholder,
                        id=f"start-{name}",
                        compact=True,
                    )
            yield Static("", id="start-error")
            yield Static(
                "enter: start the interview   tab: next field   escape: quit", id="start-hint"
            )

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        values = {
            name: self.query_one(f"#start-{name}", Input).value.strip()
            for name, _, _ in self.FIELDS
        }
        error = self.query_one("#start-error", Static)
        try:
            validate_participant(values["participant"])
        except UsageError as e:
            error.update(Content.styled(str(e), "bold $error"))
            self.query_one("#start-participant", Input).focus()
            return
        extra = {k: v for k, v in values.items() if k not in ("participant", "interviewer") and v}
        self.dismiss(StartDetails(values["participant"], values["interviewer"], extra))


HELP_KEYS_MAX = 20  # cells: wider keys wrap within the help's keys column

# Bindings shown as one help row: (first id, second id, description).
HELP_PAIRS = {
    "next": ("previous", "Next / previous question (section headings are not stops)"),
    "undo": ("redo", "Undo / redo the last mark, probe, note, bookmark, recording mark"),
    "section.previous": ("section.next", "Previous / next top-level section"),
    "subsection.previous": ("subsection.next", "Previous / next sub-section"),
    "scroll.up": ("scroll.down", "Scroll a long question up / down"),
}


def key_label(keys: str) -> str:
    """Keys as a person types them: `j/↓`, `[`, `?`."""
    return "/".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


APP_KEYS = [
    ("ctrl+p", "Command palette: jump to a question or section; theme"),
    ("ctrl+q", "Leave now (ctrl+c too); everything is saved, resume it later"),
]


def help_rows(
    bindings, keymap: dict[str, str] | None = None, pairs=HELP_PAIRS, tail=APP_KEYS
) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of a screen (the interview's by default),
    with the user's keymap applied, `pairs` on one row, and `tail` (the app's own keys)
    at the end."""
    keymap = keymap or {}
    by_id = {b.id: b for b in bindings}

    def keys_of(b) -> str:
        return key_label(keymap.get(b.id, b.key))

    rows: list[tuple[str, str]] = []
    seconds = {second for second, _ in pairs.values()}
    seen_probe = False
    for b in bindings:
        if b.id in seconds:
            continue
        if b.id and b.id.startswith("probe."):
            if not seen_probe:
                seen_probe = True
                rows.append(("1-9", "Toggle probe N as used (the question becomes probed)"))
            continue
        if b.id in pairs:
            second, description = pairs[b.id]
            rows.append((f"{keys_of(b)} {keys_of(by_id[second])}", description))
            continue
        rows.append((keys_of(b), b.tooltip or b.description))
    return rows + list(tail)


class HelpKeys(VerticalScroll):
    """The help's rows; scrolling them tells the screen to update its 'more' hint."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if isinstance(self.screen, HelpScreen):
            self.screen.call_after_refresh(self.screen.say_if_more)


class HelpScreen(ModalScreen[None]):
    """Every key of the interview screen, built from its bindings (and the user's keymap).

    If the window is too small for all of them, the last line says there is more."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close")]

    def __init__(self, bindings, keymap: dict[str, str] | None = None):
        super().__init__()
        self.bindings = bindings
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        marks = Content.assemble(
            "Marks: ",
            *(Content.assemble(glyph(s), f" {s.replace('_', ' ')}  ") for s in STATUS_GLYPHS),
        )
        rows = help_rows(self.bindings, self.keymap)
        # The keys' column as wide as its widest keys and two cells more, so that the
        # columns never touch (a long keymap's keys wrap at HELP_KEYS_MAX).
        width = min(max(cell_len(keys) for keys, _ in rows), HELP_KEYS_MAX) + 2
        with Vertical(id="help"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            with HelpKeys(id="help-keys"):
                for keys, description in rows:
                    with Horizontal(classes="help-row"):
                        key = Static(keys, classes="help-key")
                        key.styles.width = width
                        yield key
                        yield Static(description, classes="help-description")
                yield Static(marks, classes="help-marks")
                yield Static("A mark's key pressed again sets the question back to pending.")
            yield Static("escape or ? closes", id="help-hint")

    def on_mount(self) -> None:
        self.call_after_refresh(self.say_if_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self.say_if_more)

    def say_if_more(self) -> None:
        keys = self.query_one("#help-keys", VerticalScroll)
        hint = self.query_one("#help-hint", Static)
        more = keys.max_scroll_y > keys.scroll_y
        hint.set_class(more, "-more")
        hint.update(
            "↓ more keys below (↓, pagedown) · escape or ? closes" if more else "escape or ? closes"
        )


class WrapUpScreen(ModalScreen[str | None]):
    """Tallies, time and the core questions still pending; enter at once finishes. Read
    only, it offers only leaving: nothing can be finished or saved there."""

    CSS_PATH = DIALOGS_CSS

    FINISH = "--finish--"
    LEAVE = "--leave--"
    BINDINGS = [Binding("escape", "dismiss(None)", "Back to the interview", id="wrap.back")]

    def __init__(self, session: Session, *, closing_read: bool = True, read_only: bool = False):
        super().__init__()
        self.session = session
        self.closing_read = closing_read  # False: the closing script is shown here
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        s = self.session
        t = s.tallies()
        planned = f" of {clock(s.guide.minutes * 60)} planned" if s.guide.minutes else ""
        summary = Content.assemble(
            ("Wrap up", "bold"),
            "\n",
            f"Time: {clock(s.elapsed)}{planned}\n",
            *(
                Content.assemble(glyph(st), f" {t[st]} {st.replace('_', ' ')}   ")
                for st in STATUS_GLYPHS
            ),
        )
        pending = s.pending_core()
        checks = s.pending_checks()
        options = [Option(Content.styled("Finish the interview and save", "bold"), id=self.FINISH)]
        if self.read_only:  # looking only: the lists below are to read, not to go to
            options = [
                Option(Content.styled("Leave (read-only: nothing is saved)", "bold"), id=self.LEAVE)
            ]
        if checks:  # first: consent or a recording not confirmed matters most
            options.append(
                Option(
                    Content.styled(f"{len(checks)} check(s) not ticked{self._go_back}", "italic"),
                    disabled=True,
                )
            )
            options.extend(
                Option(Content.assemble("☐ ", plain(q.text)), id=q.id, disabled=self.read_only)
                for q in checks
            )
        if pending:
            options.append(
                Option(
                    Content.styled(
                        f"{len(pending)} core question(s) still pending{self._go_back}",
                        "italic",
                    ),
                    disabled=True,
                )
            )
            options.extend(
                Option(
                    Content.assemble(glyph("pending"), " ", plain(q.text)),
                    id=q.id,
                    disabled=self.read_only,
                )
                for q in pending
            )
        with Vertical(id="wrapup"):
            yield Static(summary, id="wrapup-summary")
            if not self.closing_read and s.guide.closing:
                with VerticalScroll(id="wrapup-closing"):
                    yield Static(
                        Content.assemble(
                            ("Closing (read aloud)", "bold $text-accent"), "\n", s.guide.closing
                        )
                    )
            yield OptionList(*options, id="wrapup-choices")
            yield Footer()

    @property
    def _go_back(self) -> str:
        return ":" if self.read_only else "; choose one to go back:"

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

"""`prompter review`: the transcript cut at the questions, each boundary fixed in a key,
late notes added (the screen; everything it changes is done and saved by
`prompter.transcript.review.Review`).

The cues (time, speaker, words) stand under question headings (id, short text,
status) and the headings of no question (before the first, a pause, set aside, after
the last); a heading the aligner was unsure of is marked `?`, one set in review `✎`.
Below, the cue under the cursor whole and its question's note. Its keys are in
`prompter.tui.review_keys`; its dialogs in `prompter.tui.review_dialogs`.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from prompter.errors import EXIT_NOT_SAVED
from prompter.session.ending import ERR, OUT, Ending, tell
from prompter.text import one_line, visible
from prompter.timefmt import clock
from prompter.transcript.review import PLACES, Review, Row
from prompter.tui import review_keys
from prompter.tui.key_order import OrderedKeys
from prompter.tui.keymap import check_review_keymap
from prompter.tui.textual_private import driver_class
from prompter.tui.widgets import glyph

SPEAKER_WIDTH = 8


class CueList(OptionList):
    """The rows: headings (not stops) and cues. It never takes focus: the keys belong to
    the screen."""

    can_focus = False


class ReviewScreen(Screen):
    AUTO_FOCUS = ""
    BINDINGS = review_keys.BINDINGS

    def __init__(self, review: Review):
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):  # whether it is saved never cut off: on the right
            yield Static(id="review-status")
            yield Static(id="review-saved")
        # Filled now, not on mount, so that the very first frame shows the cues.
        yield CueList(*self.options(), id="review-cues")
        with Vertical(id="review-detail"):
            yield Static(id="detail-head")
            yield Static(id="detail-text")
            yield Static(id="detail-note")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.query_one(CueList).highlighted is None:  # (a key may have moved it)
            self.move_to(0)
        self.show_status()

    # ------------------------------------------------------------------ showing

    def heading(self, row: Row) -> Content:
        if row.question is None:
            return Content.styled(f"({PLACES[row.place]})", "italic $text-muted")
        q = self.review.questions.get(row.question, {})
        parts = [glyph(q.get("status", "pending")) if "status" in q else "·", " "]
        parts.append((one_line(row.question), "bold"))
        parts += ["  ", one_line(q.get("text", ""))]
        if row.weak:  # highlighted: the aligner was unsure where this question begins
            return Content.assemble(("? ", "bold"), *parts).stylize("on $warning 30%")
        if row.reviewed:
            return Content.assemble(("✎ ", "bold $text-success"), *parts)
        return Content.assemble("  ", *parts)

    def cue(self, row: Row) -> Content:
        c = self.review.cues[row.cue]
        who = one_line(c.speaker)[:SPEAKER_WIDTH]
        return Content.assemble(
            "  ",
            (f"{clock(c.start):>5}", "$text-muted"),
            f" {who:<{SPEAKER_WIDTH}} ",
            one_line(c.text),
        )

    def fill(self, cue: int | None = None) -> None:
        """Build the rows again; the cursor on `cue` (a cue's index), else where it was."""
        if cue is None:
            cue = self.cue_here()
        self.query_one(CueList).set_options(self.options())
        self.move_to(cue)
        self.show_status()

    def options(self) -> list[Option]:
        return [
            Option(self.heading(r), disabled=True) if r.heading else Option(self.cue(r))
            for r in self.review.rows
        ]

    def cue_here(self) -> int:
        n = self.query_one(CueList).highlighted
        rows = self.review.rows
        return rows[n].cue if n is not None and n < len(rows) else 0

    def move_to(self, cue: int, *, jump: bool = False) -> None:
        """The cursor on `cue`; after a jump, with the rows before it in view (every row
        is one line: they do not wrap)."""
        cues = self.query_one(CueList)
        row = self.review.row_of_cue.get(cue, 1)
        cues.highlighted = row
        if jump:
            cues.scroll_to(
                y=max(0, row - cues.scrollable_content_region.height // 3), animate=False
            )
        cues.scroll_to_highlight()
        self.show_detail()

    def show_status(self) -> None:
        r = self.review
        s = r.data["session"]
        n = r.assignment.corrected
        state = (
            Content.styled("read only", "bold $text-accent")
            if r.read_only
            else Content.styled(f"NOT SAVED ({one_line(r.error)})", "bold $text-error")
            if not r.ok
            else Content("saved")
        )
        self.query_one("#review-status", Static).update(
            Content.assemble(
                (f"Review {one_line(s['id'])}", "bold"),
                f" │ {len(r.cues)} cues │ ",
                (f"? {r.weak} unsure", "$text-warning" if r.weak else ""),
                f" │ ✎ {n} corrected",
            )
        )
        self.query_one("#review-saved", Static).update(Content(" │ ") + state)

    def show_detail(self) -> None:
        r = self.review
        i = self.cue_here()
        c = r.cues[i]
        qid = r.question_of(i)
        where = one_line(qid) if qid is not None else "no question"
        run = r.rows[max(n for n, row in enumerate(r.rows) if row.heading and row.cue <= i)]
        sure = ""
        if run.reviewed:
            sure = " · ✎ set in review"
        elif run.boundary is not None:
            word = "unsure" if run.weak else "sure"
            sure = f" · {word} where it begins ({run.boundary.confidence:.2f})"
        head = Content.assemble(
            (f"{clock(c.start)}–{clock(c.end)}", "bold"),
            f" {one_line(c.speaker)} · " if c.speaker else " · ",
            (where, "bold"),
            (sure, "$text-warning" if run.weak else "$text-muted"),
        )
        if qid is None:
            note = Content.styled("No question here: no note to add.", "italic $text-muted")
        elif r.note(qid).strip():
            note = Content.assemble(("note: ", "bold"), one_line(r.note(qid)))
        else:
            note = Content.styled("note: none (n adds one)", "italic $text-muted")
        self.query_one("#detail-head", Static).update(head)
        self.query_one("#detail-text", Static).update(Content(visible(c.text)))
        self.query_one("#detail-note", Static).update(note)

    def say(self, message: str, *, timeout: float = 3) -> None:
        self.app.clear_notifications()
        self.notify(message, timeout=timeout)

    def on_option_list_option_highlighted(self, event) -> None:
        self.show_detail()

    # ----------------------------------------------------------------- moving

    def action_next(self) -> None:
        self.query_one(CueList).action_cursor_down()

    def action_previous(self) -> None:
        self.query_one(CueList).action_cursor_up()

    def _boundaries(self, weak: bool = False) -> list[int]:
        """Row numbers of the first cue after each heading (of the weak ones only)."""
        return [n + 1 for n, r in enumerate(self.review.rows) if r.heading and (r.weak or not weak)]

    def action_next_boundary(self) -> None:
        here = self.query_one(CueList).highlighted or 0
        after = [n for n in self._boundaries() if n > here]
        if after:
            self.move_to(self.review.rows[after[0]].cue, jump=True)
        else:
            self.say("No boundary after this one.", timeout=2)

    def action_previous_boundary(self) -> None:
        here = self.query_one(CueList).highlighted or 0
        before = [n for n in self._boundaries() if n < here]
        if before:
            self.move_to(self.review.rows[before[-1]].cue, jump=True)
        else:
            self.say("No boundary before this one.", timeout=2)

    def action_next_weak(self) -> None:
        weak = self._boundaries(weak=True)
        if not weak:
            self.say("No unsure boundaries left: the aligner was sure of every one.")
            return
        here = self.query_one(CueList).highlighted or 0
        after = [n for n in weak if n > here]
        if not after:
            self.say("Back to the first unsure boundary.", timeout=2)
        self.move_to(self.review.rows[(after or weak)[0]].cue, jump=True)

    def action_find(self) -> None:
        from prompter.tui.review_dialogs import FindCue

        def found(cue: int | None) -> None:
            if cue is not None:
                self.move_to(cue, jump=True)

        self.app.push_screen(FindCue(self.review.cues), found)

    def action_help(self) -> None:
        from prompter.tui.review_dialogs import ReviewHelp

        self.app.push_screen(ReviewHelp(self.app.keymap))

    # ---------------------------------------------------------------- changing

    def _writable(self) -> bool:
        if self.review.read_only:
            self.say("Read only: nothing changes here (prompter review without --read-only).")
            return False
        return True

    def action_begin(self) -> None:
        if not self._writable():
            return
        from prompter.tui.review_dialogs import QuestionPicker

        cue = self.cue_here()
        current = self.review.question_of(cue)

        def chosen(qid: str | None) -> None:
            if qid is not None:
                self.correct(cue, qid)

        at = self.review.cues[cue].start
        self.app.push_screen(QuestionPicker(self.review.data["questions"], at, current), chosen)

    def action_aside(self) -> None:
        if self._writable():
            self.correct(self.cue_here(), None)

    def correct(self, cue: int, qid: str | None) -> None:
        at = clock(self.review.cues[cue].start)
        what = one_line(qid) if qid is not None else "No question"
        if not self.review.begin(cue, qid):
            self.say(f"{what} begins at {at} already.", timeout=2)
            return
        self.fill(cue)
        self.say(f"{what} from {at} to the next boundary; u undoes.")

    def action_note(self) -> None:
        if not self._writable():
            return
        qid = self.review.question_of(self.cue_here())
        if qid is None:
            self.say("This cue belongs to no question: no note to add.")
            return
        from prompter.tui.review_dialogs import LateNote

        def done(text: str | None) -> None:
            if text is not None and self.review.late_note(qid, text):
                self.show_detail()
                self.show_status()
                self.say(f"Late note on {one_line(qid)} saved (added after the interview).")

        self.app.push_screen(LateNote(qid, self.review.note(qid)), done)

    def action_undo(self) -> None:
        self._history(self.review.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.review.redo, "Redone", "Nothing to redo.")

    def _history(self, step, done: str, nothing: str) -> None:
        if not self._writable():
            return
        taken = step()
        if taken is None:
            self.say(nothing, timeout=2)
            return
        if taken.kind == "correction":
            at = clock(taken.entry["cue_start"])
            what = one_line(taken.question) or "no question"
            self.fill(taken.cue)
            self.say(f"{done}: {what} from {at}.")
        else:  # the rows show no notes
            self.show_detail()
            self.show_status()
            self.say(f"{done}: late note on {one_line(taken.question)}.")


class ReviewApp(OrderedKeys, App[int]):
    CSS_PATH = Path(__file__).parent / "review.tcss"
    TITLE = "prompter review"
    BINDINGS = review_keys.APP_BINDINGS

    def __init__(
        self, review: Review, *, theme: str | None = None, keymap: dict[str, str] | None = None
    ):
        super().__init__(driver_class=driver_class())
        from prompter.tui.app import use_theme

        self.review = review
        use_theme(self, theme)
        self.keymap = dict(keymap or {})
        if self.keymap:
            check_review_keymap(self.keymap)  # an unknown id or a clash: one line, exit 2
            self.set_keymap(self.keymap)

    def get_default_screen(self) -> ReviewScreen:
        return ReviewScreen(self.review)

    def on_mount(self) -> None:
        import signal

        from prompter.tui.app import leave_on

        # Terminal closed (SIGHUP) or asked to stop (SIGTERM): a late note kept, then go.
        leave_on(self, (signal.SIGHUP, signal.SIGTERM))

    def action_leave(self) -> None:
        """Leave at once; a late note being written is kept, exactly as shown."""
        from prompter.tui.review_dialogs import LateNote

        screen = self.screen
        if isinstance(screen, LateNote) and not self.review.read_only:
            self.review.late_note(screen.qid, screen.kept())
        self.exit(0)


def report(review: Review) -> int:
    """Say what became of the review; the exit status (EXIT_NOT_SAVED if the file could
    not be saved, even now)."""
    ending = _ending(review)
    tell(ending)  # a terminal that is gone changes nothing, not even the exit status
    return ending.status


def _ending(review: Review) -> Ending:
    path = review.path
    if review.read_only:
        return Ending(0, ((OUT, f"Read-only: nothing was saved. Session file: {path}"),))
    if not review.ok and not review.save():
        line = f"prompter: the review's changes were NOT saved ({review.error})"
        return Ending(EXIT_NOT_SAVED, ((ERR, line),))
    n = review.assignment.corrected
    line = (
        f"Review saved: {n} correction{'s' * (n != 1)} in the file. Session file: {path}"
        if review.saves
        else f"Nothing was changed; the session file is as it was: {path}"
    )
    return Ending(0, ((OUT, line),))


def run_review(
    review: Review, *, theme: str | None = None, keymap: dict[str, str] | None = None
) -> int:
    app = ReviewApp(review, theme=theme, keymap=keymap)
    code = app.run()
    return report(review) or code or 0

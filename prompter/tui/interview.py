"""The interview screen: one key per action, every change saved before the next key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen

from prompter.session import Session
from prompter.session.writer import SessionWriter
from prompter.tui.textual_private import bindings_for_key
from prompter.tui.widgets import Coverage, Outline, QuestionView, StatusLine

# Where the interviewer is: reading the introduction, on a question, or reading the closing.
INTRO, QUESTION, CLOSING = "intro", "question", "closing"


class GuideScroll(VerticalScroll):
    can_focus = False


class InterviewScreen(Screen):
    AUTO_FOCUS = ""  # nothing: the keys belong to the screen, not to a widget
    BINDINGS = [
        Binding("j,down", "next", "Next", id="next", show=False,
                tooltip="Next question (section headings are not stops)"),
        Binding("k,up", "previous", "Prev", id="previous", show=False,
                tooltip="Previous question"),
        Binding("question_mark", "help", "Help", id="help", key_display="?",
                tooltip="This help: every key"),
        Binding("a", "mark('asked')", "Ask", id="mark.asked",
                tooltip="Mark asked; stays on the question while the answer comes"),
        Binding("p", "mark('probed')", "Probe", id="mark.probed",
                tooltip="Mark probed (asked and followed up); stays"),
        Binding("s", "mark('skipped')", "Skip", id="mark.skipped",
                tooltip="Mark skipped, then move to the next question"),
        Binding("c", "mark('covered')", "Cover", id="mark.covered",
                tooltip="Mark covered (answered earlier without being asked), then move on"),
        *(Binding(str(n), f"probe({n})", f"Probe {n}", id=f"probe.{n}", show=False,
                  tooltip="Toggle probe N as used (the question becomes probed)")
          for n in range(1, 10)),
        Binding("n", "note", "Note", id="note",
                tooltip="Edit this question's note; escape goes back and keeps it"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last mark, probe, note, "
                "bookmark or recording mark"),
        Binding("U", "redo", "Redo", id="redo", show=False, tooltip="Redo what was undone"),
        Binding("b", "bookmark", "Bookmark", id="bookmark", show=False,
                tooltip="Bookmark this moment, then type an optional label"),
        Binding("r", "recording", "Recording", id="recording", show=False,
                tooltip="Mark 'recording started' to line times up with the recording"),
        Binding("z", "pause", "Pause", id="pause", show=False,
                tooltip="Pause or resume the clock"),
        Binding("left_square_bracket", "previous_section", "Prev section",
                id="section.previous", show=False,
                tooltip="First question of the previous section"),
        Binding("right_square_bracket", "next_section", "Next section", id="section.next",
                show=False, tooltip="First question of the next section"),
        Binding("slash", "find", "Find", id="find", show=False,
                tooltip="Find a question by words of its text and jump to it"),
        Binding("f", "focus_mode", "Focus mode", id="focus", show=False,
                tooltip="Focus mode: only the current question, for a narrow window"),
        Binding("pageup", "scroll_question(-1)", "Scroll up", id="scroll.up", show=False,
                tooltip="Scroll a long question up"),
        Binding("pagedown", "scroll_question(1)", "Scroll down", id="scroll.down",
                show=False, tooltip="Scroll a long question down"),
        Binding("q", "wrap_up", "Wrap up", id="wrap_up",
                tooltip="Wrap up: tallies, pending core questions; enter finishes"),
    ]

    def __init__(self, session: Session, writer: SessionWriter | None = None, *,
                 at_start: bool = True):
        super().__init__()
        self.session = session
        self.writer = writer  # saves after every action; None in tests that need no file
        self.stop = INTRO if at_start and session.guide.introduction else QUESTION
        self._bookmark = None
        self._rest_mounted = False

    def compose(self) -> ComposeResult:
        # Only what the interviewer needs at once; the rest is mounted after the first
        # paint, so that the question is on screen as soon as possible.
        yield StatusLine(self.session, self.writer, id="status")
        with Horizontal(id="body"):
            yield Vertical(id="sidebar")
            with GuideScroll(id="guide"):
                # Filled now, not on mount, so that the very first frame shows it.
                view = QuestionView(id="question")
                self._show(view)
                yield view

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < 70, "-narrow")

    def on_mount(self) -> None:
        if self.app.leaving:  # a signal arrived while starting: nothing to show
            return
        self.set_class(self.app.size.width < 70, "-narrow")
        # After the first frame has reached the terminal: the writer thread needs the
        # GIL for that, and mounting the rest at once would starve it.
        self.set_timer(0.05, self._mount_the_rest)

    def _mount_the_rest(self) -> None:
        if self.app.leaving or not self.is_attached or self._rest_mounted:
            return  # exiting, or mounted already (by a key that needed it first)
        self._rest_mounted = True
        from textual.widgets import Footer

        from prompter.tui.editors import LabelInput, NoteEditor

        sidebar = self.query_one("#sidebar")
        sidebar.mount(Outline(self.session, id="outline"))
        if self.session.guide.codebook:
            sidebar.mount(Coverage(self.session, id="coverage"))
        note = NoteEditor(id="note", soft_wrap=True, show_line_numbers=False)
        label = LabelInput(id="label", placeholder="Bookmark label (optional); enter to keep")
        note.display = label.display = False
        self.mount(note, label, Footer(compact=True, show_command_palette=False))
        # The footer shows keys when bindings change; tell it they are there now.
        self.call_after_refresh(self.refresh_bindings)
        self.set_interval(1.0, self.query_one(StatusLine).refresh)
        # Marks are saved as they happen; this keeps the elapsed time fresh on disk too,
        # so that a crash loses at most a few seconds of the clock.
        self.set_interval(10.0, self._save_clock)

    def _save_clock(self) -> None:
        if not self.session.paused:
            self.save()

    # ----------------------------------------------------------------- display

    def refresh_all(self, changed: str | None = None) -> None:
        if self.app.leaving:
            return
        self._show(self.query_one(QuestionView))
        for outline in self.query(Outline):  # none before the rest is mounted
            if changed:
                outline.refresh_question(changed)
            outline.show_current()
        self.query_one(StatusLine).refresh()
        for coverage in self.query(Coverage):
            coverage.refresh()

    def _show(self, view: QuestionView) -> None:
        guide = self.session.guide
        if self.stop == INTRO:
            view.show_script("Introduction (read aloud)", guide.introduction)
        elif self.stop == CLOSING:
            view.show_script("Closing (read aloud)", guide.closing or "End of the guide.")
        else:
            view.show_question(self.session)

    def save(self) -> bool:
        """Save the session now; on failure keep going and say so on screen."""
        if self.writer is None or self.writer.try_save():
            return True
        self.notify(f"NOT SAVED: {self.writer.error}. Your marks are kept in memory; "
                    "the next action tries again.", severity="error", timeout=10)
        return False

    def changed(self, qid: str | None = None) -> None:
        """After every action: save at once, then show it."""
        self.save()
        self.refresh_all(qid)

    def _on_question(self) -> bool:
        if self.stop != QUESTION:
            what = "introduction" if self.stop == INTRO else "closing"
            self.notify(f"The {what} is read aloud, not marked: press j or k to reach a "
                        "question.", timeout=3)
            return False
        return True

    # ----------------------------------------------------------------- actions

    def action_next(self) -> None:
        if self.stop == INTRO:
            self.stop = QUESTION
        elif self.stop == QUESTION and not self.session.next():
            self.stop = CLOSING
        self.changed()

    def action_previous(self) -> None:
        if self.stop == CLOSING:
            self.stop = QUESTION
        elif self.stop == QUESTION and not self.session.previous() and \
                self.session.guide.introduction:
            self.stop = INTRO
        self.changed()

    def action_next_section(self) -> None:
        self.stop = QUESTION
        self.session.next_section()
        self.changed()

    def action_previous_section(self) -> None:
        self.stop = QUESTION
        self.session.previous_section()
        self.changed()

    def goto(self, qid: str) -> None:
        self.stop = QUESTION
        self.session.goto(qid)
        self.changed()

    def action_mark(self, status: str) -> None:
        if not self._on_question():
            return
        qid = self.session.current
        self.session.mark(status)
        if status in ("skipped", "covered") and \
                self.session.question_state(qid).status == status:
            # Skipped or covered: nothing more to hear, so move on.
            if not self.session.next():
                self.stop = CLOSING
        self.changed(qid)

    def action_probe(self, n: int) -> None:
        if not self._on_question():
            return
        qid = self.session.current
        if not self.session.toggle_probe(n):
            self.notify(f"This question has no probe {n}.", timeout=2)
            return
        self.changed(qid)

    def action_undo(self) -> None:
        self._history(self.session.undo, "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.session.redo, "Nothing to redo.")

    def _history(self, step, nothing: str) -> None:
        before = self.session.current
        if not step():
            self.notify(nothing, timeout=2)
            return
        self.stop = QUESTION
        self.changed(before)
        for outline in self.query(Outline):
            outline.refresh_question(self.session.current)

    def action_recording(self) -> None:
        self.session.mark_recording()
        self.changed()
        self.notify("Recording marked: times from now on line up with the recording.",
                    timeout=3)

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.changed()

    def action_focus_mode(self) -> None:
        self.toggle_class("focus-mode")

    def action_scroll_question(self, direction: int) -> None:
        scroll = self.query_one(GuideScroll)
        scroll.scroll_relative(y=direction * max(1, scroll.size.height - 2), animate=False)

    def action_help(self) -> None:
        from prompter.tui.screens import HelpScreen

        self.app.push_screen(HelpScreen(self.BINDINGS))

    def action_find(self) -> None:
        from textual.command import CommandPalette

        from prompter.tui.commands import QuestionCommands

        self.app.push_screen(CommandPalette(providers=[QuestionCommands],
                                            placeholder="Find a question by its words…"))

    def action_wrap_up(self) -> None:
        from prompter.tui.screens import WrapUpScreen

        def done(choice: str | None) -> None:
            if choice == WrapUpScreen.FINISH:
                self.session.finish()
                self.save()
                self.app.exit(0)
            elif choice:
                self.goto(choice)

        self.app.push_screen(WrapUpScreen(self.session), done)

    # -------------------------------------------------------------- note, label

    def action_note(self) -> None:
        if not self._on_question():
            return
        if not self.query("#note"):  # pressed in the first moments: mount it now
            self._mount_the_rest()
            self.call_after_refresh(self.action_note)
            return
        editor = self.query_one("#note")
        editor.load_text(self.session.question_state(self.session.current).note)
        editor.border_title = "Note · escape returns to the guide and keeps it"
        editor.display = True
        self.set_focus(editor)  # at once, not deferred: the next key is typed into it
        editor.move_cursor(editor.document.end)

    def _open_editor(self):
        for editor in self.query("#note, #label"):
            if editor.display:
                return editor
        return None

    async def on_key(self, event) -> None:
        """Run this screen's keys here, in the order they were typed.

        Left to bubble up to the app, a key is matched against the bindings of whatever
        has focus by then: keys typed right after `n` would reach the note editor's
        chain and be lost. So the screen's own bindings run here, at once, and keys that
        arrive while the note or label is open are typed into it, never taken as marks.
        """
        editor = self._open_editor()
        if editor is None:
            for binding in bindings_for_key(self, event.key):
                event.stop()
                event.prevent_default()
                await self.run_action(binding.action)
                return
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape" or (event.key == "enter" and editor.id == "label"):
            editor.action_done()
        elif event.key == "enter":
            editor.insert("\n")
        elif event.key == "backspace":
            editor.action_delete_left()
        elif event.is_printable and event.character:
            if editor.id == "note":
                editor.insert(event.character)
            else:
                editor.insert_text_at_cursor(event.character)

    # Handlers by name: the editors' module is imported only after the first paint.
    def on_text_area_changed(self, event) -> None:
        if event.text_area.display:
            # A draft: saved at once, recorded as one 'note' event when editing ends.
            self.session.edit_note(event.text_area.text)
            self.save()
            self.query_one(StatusLine).refresh()

    def on_note_editor_done(self) -> None:
        editor = self.query_one("#note")
        self.session.set_note(editor.text)
        editor.display = False
        self.set_focus(None)
        self.changed()

    def action_bookmark(self) -> None:
        if not self.query("#label"):  # pressed in the first moments: mount it now
            self._mount_the_rest()
            self.call_after_refresh(self.action_bookmark)
            return
        # The moment is taken now; the label may follow.
        self._bookmark = self.session.add_bookmark("")
        self.changed()
        label = self.query_one("#label")
        label.value = ""
        label.display = True
        self.set_focus(label)

    def on_label_input_done(self, event) -> None:
        label = self.query_one("#label")
        label.display = False
        self.set_focus(None)
        if self._bookmark is not None and event.value.strip():
            self._bookmark = self.session.label_bookmark(self._bookmark, event.value.strip())
        self._bookmark = None
        self.changed()
        self.notify("Bookmarked.", timeout=2)

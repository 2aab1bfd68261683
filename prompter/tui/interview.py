"""The interview screen: one key per action, every change saved before the next key.

Its keys are in `prompter.tui.keys` (priority bindings, run in the order they were
typed). While the note or the bookmark label is open the screen's bindings are disabled
(`check_action`), and every key goes to the editor (see `prompter.tui.editors` for how
editing ends). After g or t, the next keys finish a g1 (branch) or t1a (checklist item)
sequence (`on_key`). Each action is a few lines that call the session, save, and show.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from prompter.session import Session
from prompter.session.state import MULTI_ACTIONS
from prompter.session.writer import SessionWriter
from prompter.text import one_line
from prompter.timefmt import clock
from prompter.tui import keys
from prompter.tui.widgets import (
    ITEM_LETTERS,
    Coverage,
    GuideFooter,
    Outline,
    QuestionHead,
    QuestionView,
    StatusLine,
)

# Where the interviewer is: reading the introduction, on a question, or reading the closing.
INTRO, QUESTION, CLOSING = "intro", "question", "closing"

# What undo and redo say they took back, by the kind of change.
CHANGE_NAMES = {
    "mark": "mark",
    "probe": "probe",
    "note": "note",
    "bookmark": "bookmark",
    "label": "bookmark label",
    "recording": "recording mark",
    "tick": "tick",
    "untick": "untick",
    "branch": "branch",
    "rest_not_applicable": "rest of section not applicable",
    "rest_skipped": "rest of section skipped",
}

# Seconds between tries while saving fails (each key tries too).
SAVE_RETRY = 2.0

# Narrower than this (cells), the screen drops its sidebar (`-narrow` in prompter.tcss).
NARROW = 70


class GuideScroll(VerticalScroll):
    """The current question. Scrolled down (pagedown), its mark and place stay in view
    on a line of their own."""

    can_focus = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        for head in self.query(QuestionHead):
            head.display = new_value > 0


class InterviewScreen(Screen):
    AUTO_FOCUS = ""  # nothing: the keys belong to the screen, not to a widget
    BINDINGS = keys.BINDINGS  # prompter.tui.keys: every key, with its id

    @property
    def stop(self) -> str:
        """What the screen shows: the introduction, a question or the closing."""
        return self._stop

    @stop.setter
    def stop(self, where: str) -> None:
        # The session records it: off the questions, no question is current.
        self._stop = where
        self.session.show({INTRO: "introduction", CLOSING: "closing"}.get(where))

    def __init__(self, session: Session, writer: SessionWriter, *, at_start: bool = True):
        super().__init__()
        self.session = session
        self.writer = writer  # saves after every action
        self._stop = QUESTION
        self.stop = INTRO if at_start and session.guide.introduction else QUESTION
        self.closing_read = False  # whether the closing script has been on screen
        self._bookmark = None
        self._rest_mounted = None  # the editors' mount, once started
        self._retry = None  # the timer that retries a failed save
        self._prefix: str | None = None  # keys typed so far of a g1 or t1a sequence
        self._draft: str | None = None  # the open note's text, as last saved
        self._note = self._shown = ""  # the open note as it was, and as the editor shows it
        self._rest = None  # (status, top-level section, its last event) after X or S
        self._routes = any(
            q.branches or any(p.checklist for p in q.probes) for q in session.guide.questions
        )

    def compose(self) -> ComposeResult:
        # Only what the interviewer needs at once; the rest is mounted after the first
        # paint, so that the question is on screen as soon as possible.
        yield StatusLine(self.session, self.writer, id="status")
        with Horizontal(id="body"):
            yield Vertical(id="sidebar")
            with GuideScroll(id="guide"):
                # Filled now, not on mount, so that the very first frame shows it.
                head = QuestionHead(id="question-head")  # shown once scrolled
                head.display = False
                view = QuestionView(id="question")
                self._show(head, view)
                yield head
                yield view

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        if self.app.leaving:  # a signal arrived while starting: nothing to show
            return
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self._show_save_state()
        # After the first frame has reached the terminal: the writer thread needs the
        # GIL for that, and mounting the rest at once would starve it.
        self.set_timer(0.05, self._mount_the_rest)

    def _mount_the_rest(self):
        """Mount the outline, coverage, editors and footer (once); returns the mount."""
        if self.app.leaving or not self.is_attached:
            return None
        if self._rest_mounted is not None:
            return self._rest_mounted
        from prompter.tui.editors import LabelInput, NoteEditor

        sidebar = self.query_one("#sidebar")
        sidebar.mount(Outline(self.session, id="outline"))
        if self.session.guide.codebook:
            sidebar.mount(Coverage(self.session, id="coverage"))
        note = NoteEditor(id="note", soft_wrap=True, show_line_numbers=False)
        label = LabelInput(id="label", placeholder="Bookmark label (optional); enter to keep")
        note.display = label.display = False
        self._rest_mounted = self.mount(note, label, GuideFooter(id="footer"))
        # The footer shows keys when bindings change; tell it they are there now.
        self.call_after_refresh(self.refresh_bindings)
        self.set_interval(1.0, self.query_one(StatusLine).refresh)
        # Marks are saved as they happen; this keeps the elapsed time fresh on disk too,
        # so that a crash loses at most a few seconds of the clock.
        self.set_interval(10.0, self._save_clock)
        return self._rest_mounted

    async def _editors_ready(self) -> bool:
        """Mount the editors now if a key needs them in the first moments; True once there."""
        mounting = self._mount_the_rest()
        if mounting is None:
            return False
        await mounting  # the app's key loop waits: the keys typed next find the editor
        return True

    def _save_clock(self) -> None:
        if not self.session.paused:
            self.save()

    # ----------------------------------------------------------------- keys

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # While the note or label is open, every key is text for it; after g or t the
        # next keys finish the sequence (`on_key`).
        if self._open_editor() is not None or self._prefix is not None:
            return False
        if action == "prefix":  # g and t only where there are branches or a checklist
            return self._offers(parameters[0])
        return True

    def _offers(self, key: str) -> bool:
        if self.stop != QUESTION:
            return False
        q = self.session.current_question
        return bool(q.branches) if key == "g" else any(p.checklist for p in q.probes)

    def action_prefix(self, key: str) -> None:
        """Start a g1 (branch) or t1a (checklist item) sequence: the next keys reach `on_key`."""
        # check_action offers it only on a question with branches (g) or a checklist (t).
        q = self.session.current_question
        self._prefix = key
        self.refresh_bindings()
        if key == "g":
            self.say(
                "Branch: "
                + " · ".join(f"{i} {one_line(b.label)}" for i, b in enumerate(q.branches, 1))
                + " (escape cancels)",
                timeout=5,
            )
        else:
            self.say(
                "Tick: the probe's number, then the item's letter (escape cancels).", timeout=5
            )

    def _end_prefix(self, message: str = "") -> None:
        self._prefix = None
        self.refresh_bindings()
        if message:
            self.say(message, timeout=2)

    def on_key(self, event) -> None:
        """The keys after g or t (the screen's bindings are off until the sequence ends)."""
        if self._prefix is None or self._open_editor() is not None:
            return
        event.stop()
        event.prevent_default()
        key, sequence = event.key, self._prefix + (event.character or "")
        if key == "escape":
            self._end_prefix("Cancelled.")
        elif self._prefix == "g":
            self._end_prefix()
            if not (key.isdigit() and self._choose_branch(int(key))):
                self.say(f"No branch '{one_line(key)}': g, then a number shown after →.", timeout=3)
        elif len(self._prefix) == 1:  # t: the probe's number
            probes = self.session.current_question.probes
            n = int(key) if key.isdigit() else 0
            if 1 <= n <= len(probes) and probes[n - 1].checklist:
                self._prefix = sequence
            else:
                self._end_prefix(f"Probe {one_line(key)} is not a checklist.")
        else:  # t and a number: the item's letter
            n = int(self._prefix[1])
            self._end_prefix()
            letter = ITEM_LETTERS.find(key) + 1 if len(key) == 1 else 0
            qid = self.session.current
            if letter and self.session.tick(n, letter):
                self.changed(qid)
            else:
                self.say(f"Probe {n} has no item '{one_line(key)}'.", timeout=2)

    def _choose_branch(self, n: int) -> bool:
        q = self.session.current_question
        if not 1 <= n <= len(q.branches):
            return False
        before = self.session.tallies()["not_applicable"]
        self.session.choose_branch(n)
        passed = self.session.tallies()["not_applicable"] - before
        self.changed(q.id)
        self._refresh_outline()  # the questions passed over changed too
        self.say(
            f"→ {one_line(q.branches[n - 1].label)}: {passed} question(s) passed over "
            "marked not applicable; u undoes.",
            timeout=4,
        )
        return True

    def action_rest(self, status: str) -> None:
        """The rest of this section marked `status` (not_applicable or skipped), then on
        past it. The same key again at once (nothing done in between), while still in
        the same top-level section, does the same to the rest of the top-level section."""
        if not self._on_question():
            return
        q = self.session.current_question
        top = q.section_path[0]
        last_event = self.session.events[-1]  # `is`: the very event, nothing since
        wider = self._rest is not None and self._rest[:2] == (status, top)
        wider = wider and self._rest[2] is last_event
        path = q.section_path[:1] if wider else q.section_path
        n = self.session.rest_of_section(status, top_level=wider)
        name = one_line(path[-1])
        if not n:
            self.say(f"Nothing pending left in {name}.", timeout=2)
            return
        if not self.session.past_section(path):
            self.stop = CLOSING
        self.changed()
        self._refresh_outline()
        again = ""
        if (
            len(path) > 1
            and self.stop == QUESTION
            and self.session.current_question.section_path[0] == top
        ):
            self._rest = (status, top, self.session.events[-1])
            again = f"; {self._key_of(f'rest({status!r})')} again: the rest of {one_line(top)}"
        self.say(
            f"{name}: {n} question(s) marked {status.replace('_', ' ')}{again}; u undoes.",
            timeout=4,
        )

    def _key_of(self, action: str) -> str:
        """The key that runs `action` now (the user's keymap applied)."""
        for active in self.active_bindings.values():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "the same key"

    async def run_guide_key(self, key: str) -> None:
        """Run what `key` does on the guide (an editor hands back keys typed after escape)."""
        active = self.active_bindings.get(key)
        if active is not None and active.enabled:
            await self.app.run_action(active.binding.action, active.node)

    # ----------------------------------------------------------------- display

    def refresh_all(self, changed: str | None = None) -> None:
        if self.app.leaving:
            return
        self._show(self.query_one(QuestionHead), self.query_one(QuestionView))
        if self._routes:  # g and t show in the footer on questions that offer them
            self.refresh_bindings()
        for outline in self.query(Outline):  # none before the rest is mounted
            if changed:
                outline.refresh_question(changed)
            outline.show_current()
        self.query_one(StatusLine).refresh()
        for coverage in self.query(Coverage):
            coverage.refresh()

    def _refresh_outline(self, qids: list[str] | None = None) -> None:
        """Redraw these questions' lines of the outline (None: every question's, after a
        branch or the rest of a section changed many at once)."""
        if qids is None:
            qids = [q.id for q in self.session.guide.questions]
        for outline in self.query(Outline):  # none before the rest is mounted
            for qid in qids:
                outline.refresh_question(qid)

    def _show(self, head: QuestionHead, view: QuestionView) -> None:
        guide = self.session.guide
        if self.stop == INTRO:
            head.show_script("Introduction (read aloud)")
            view.show_script("Introduction (read aloud)", guide.introduction)
        elif self.stop == CLOSING:
            self.closing_read = True
            head.show_script("Closing (read aloud)")
            view.show_script("Closing (read aloud)", guide.closing or "End of the guide.")
        else:
            head.show_question(self.session)
            view.show_question(self.session)

    def say(self, message: str, *, timeout: float = 3, severity: str = "information") -> None:
        """A toast, replacing the one before: a burst of keys never stacks them up."""
        self.app.clear_notifications()
        self.notify(message, timeout=timeout, severity=severity)

    def save(self) -> bool:
        """Save the session now; on failure keep going, say so in a banner, and retry."""
        ok = self.writer.try_save()
        self._show_save_state()
        return ok

    def _show_save_state(self) -> None:
        """One banner while saving fails (not a toast per key); gone once a save works."""
        if self.app.leaving:
            return
        failing = not self.writer.ok
        banners = self.query("#banner")
        if failing:
            text = (
                f"NOT SAVED ({one_line(self.writer.error)}) — retrying; your marks are "
                "kept in memory"
            )
            if banners:
                banners.first().update(text)
                banners.first().display = True
            else:
                self.mount(Static(text, id="banner"), after=self.query_one(StatusLine))
            if self._retry is None:
                self._retry = self.set_interval(SAVE_RETRY, self.save)
        else:
            for banner in banners:
                banner.display = False
            if self._retry is not None:
                self._retry.stop()
                self._retry = None
        for status in self.query(StatusLine):
            status.refresh()

    def changed(self, qid: str | None = None) -> None:
        """After every action: save at once, then show it."""
        self.save()
        self.refresh_all(qid)

    def _on_question(self) -> bool:
        if self.stop != QUESTION:
            what = "introduction" if self.stop == INTRO else "closing"
            self.say(f"The {what} is read aloud, not marked: press j or k to reach a question.")
            return False
        return True

    def _position(self, qid: str) -> str:
        guide = self.session.guide
        index = guide.question_index.get(qid)
        return "" if index is None else f"{index + 1}/{len(guide.questions)}"

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
        elif (
            self.stop == QUESTION
            and not self.session.previous()
            and self.session.guide.introduction
        ):
            self.stop = INTRO
        self.changed()

    def _section_starts(self, depth: int | None) -> list[int]:
        """Indices of the questions that begin a section: top-level ones (depth 1), or
        a section at any level (None)."""
        qs = self.session.guide.questions
        key = (lambda q: q.section_path[:1]) if depth == 1 else (lambda q: q.section_path)
        return [i for i, q in enumerate(qs) if i == 0 or key(q) != key(qs[i - 1])]

    def _jump_section(self, forward: bool, depth: int | None) -> None:
        qs = self.session.guide.questions
        here = self.session.guide.question_index[self.session.current]
        starts = self._section_starts(depth)
        if self.stop == CLOSING:
            here = len(qs)
        targets = (
            [s for s in starts if s > here]
            if forward
            else [s for s in starts if s < here or (self.stop == INTRO and s == 0)]
        )
        self.stop = QUESTION
        if targets:
            target = targets[0] if forward else targets[-1]
            self.session.goto(qs[target].id, how="next_section" if forward else "previous_section")
        self.changed()

    def action_next_section(self) -> None:
        self._jump_section(True, 1)

    def action_previous_section(self) -> None:
        self._jump_section(False, 1)

    def action_next_subsection(self) -> None:
        self._jump_section(True, None)

    def action_previous_subsection(self) -> None:
        self._jump_section(False, None)

    def goto(self, qid: str) -> None:
        self.flush_editors()  # the palette can open over the note: keep it on its question
        self.stop = QUESTION
        self.session.goto(qid)
        self.changed()

    def action_mark(self, status: str) -> None:
        if not self._on_question():
            return
        qid = self.session.current
        self.session.mark(status)
        if (
            status in ("skipped", "covered", "not_applicable")
            and self.session.question_state(qid).status == status
        ):
            # Skipped, covered or not applicable: nothing more to hear, so move on.
            if not self.session.next():
                self.stop = CLOSING
        self.changed(qid)

    def action_probe(self, n: int) -> None:
        if not self._on_question():
            return
        qid = self.session.current
        if not self.session.toggle_probe(n):
            self.say(f"This question has no probe {n}.", timeout=2)
            return
        self.changed(qid)

    def action_undo(self) -> None:
        self._history(self.session.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.session.redo, "Redone", "Nothing to redo.")

    def _history(self, step, done: str, nothing: str) -> None:
        before = self.session.current
        if not step():
            self.say(nothing, timeout=2)
            return
        # The log's last event says what was taken back: undo/redo, its question, its kind.
        step = self.session.events[-1]
        self.stop = QUESTION
        self.changed(before)
        many = step.value in MULTI_ACTIONS
        self._refresh_outline(None if many else [self.session.current])
        action, qid = step.value or "", step.question
        what = CHANGE_NAMES.get(action, action)
        where = self._position(qid)
        self.say(
            f"{done}: {what}" + (f" on {where}" if where and action != "recording" else "") + "."
        )

    def action_recording_stopped(self) -> None:
        """Say whether the recording ran on while prompter was closed (resume's `closed`
        event took it as running on); pressed again, it did after all."""
        turned = self.session.toggle_closed()
        if turned is None:
            self.say("Prompter was not closed during the recording: nothing to correct.")
            return
        ran, seconds = turned
        self.changed()
        if ran:
            self.say(f"The recording ran on for {clock(seconds)} while closed; R again: not.")
        else:
            self.say("The recording is taken to have stopped while closed; R again: it ran on.")

    def action_recording(self) -> None:
        before = self.session.recording_offset
        self.session.mark_recording()
        self.changed()
        now = clock(self.session.recording_offset)
        if before is None:
            self.say(
                f"Recording marked at {now}: times from here line up with the recording; u undoes."
            )
        else:
            self.say(f"Recording mark moved from {clock(before)} to {now}; u undoes.")

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.changed()

    def action_focus_mode(self) -> None:
        self.toggle_class("focus-mode")

    def action_scroll_question(self, direction: int) -> None:
        scroll = self.query_one(GuideScroll)
        scroll.scroll_relative(y=direction * max(1, scroll.size.height - 3), animate=False)

    def action_help(self) -> None:
        from prompter.tui.screens import HelpScreen

        self.app.push_screen(HelpScreen(self.BINDINGS, keymap=self.app.keymap))

    def action_find(self) -> None:
        from prompter.tui.commands import FindPalette

        self.app.push_screen(FindPalette())

    def action_wrap_up(self) -> None:
        from prompter.tui.screens import WrapUpScreen

        def done(choice: str | None) -> None:
            if choice == WrapUpScreen.FINISH:
                self.session.finish()
                self.save()
                self.app.exit(0)
            elif choice == WrapUpScreen.LEAVE:
                self.app.exit(0)
            elif choice:
                self.goto(choice)

        wrap_up = WrapUpScreen(
            self.session, closing_read=self.closing_read, read_only=self.writer.read_only
        )
        self.app.push_screen(wrap_up, done)

    # -------------------------------------------------------------- note, label

    async def action_note(self) -> None:
        if not self._on_question() or not await self._editors_ready():
            return
        from prompter.tui.editors import shown

        editor = self.query_one("#note")
        self._note = self.session.question_state(self.session.current).note
        self._draft = self._shown = shown(self._note)  # loading it saves nothing
        editor.load_text(self._shown)
        editor.border_title = "Note · escape returns to the guide and keeps it"
        editor.display = True
        self.set_focus(editor)  # at once: the next key is routed to it
        editor.move_cursor(editor.document.end)

    async def action_bookmark(self) -> None:
        if not await self._editors_ready():
            return
        # The moment is taken now; the label may follow.
        self._bookmark = self.session.add_bookmark("")
        self.changed()
        label = self.query_one("#label")
        label.value = ""
        label.display = True
        self.set_focus(label)

    def _open_editor(self):
        for editor in self.query("#note, #label"):
            if editor.display:
                return editor
        return None

    def flush_editors(self) -> None:
        """Close the note or bookmark label if one is open, keeping exactly what it shows,
        and save. Escape, enter (label), leaving (ctrl+q) and signals all come here."""
        editor = self._open_editor()
        if editor is None:
            return
        editor.display = False
        labelled = None
        if editor.id == "note":
            self.session.set_note(self._typed_back(editor.text))
        else:
            value = editor.value.strip()
            if self._bookmark is not None and value:
                self._bookmark = self.session.label_bookmark(self._bookmark, value)
            labelled, self._bookmark = self._bookmark, None
        if not self.app.leaving:
            self.set_focus(None)
        self.changed()
        if editor.id == "label" and not self.app.leaving:
            label = labelled.label if labelled else ""
            self.say(f"Bookmarked: {one_line(label)}." if label else "Bookmarked.", timeout=2)

    def _typed_back(self, text: str) -> str:
        from prompter.tui.editors import typed_back

        return typed_back(self._note, self._shown, text)

    # A handler by name: the editors' module is imported only after the first paint.
    def on_text_area_changed(self, event) -> None:
        text = event.text_area.text
        # A burst of keys is typed before its Changed messages are handled, and each
        # message reads the whole text: only the first of them has anything to save.
        if event.text_area.display and text != self._draft:
            # A draft: saved at once, recorded as one 'note' event when editing ends.
            self._draft = text
            self.session.edit_note(self._typed_back(text))
            self.save()
            self.query_one(StatusLine).refresh()

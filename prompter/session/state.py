"""What a session records and hands out: the state of a question, bookmarks, the
events of its log and the questions kept from an older guide, with the words of the
log (pure Python; no textual). `prompter.session.model.Session` makes and changes them.
"""

from __future__ import annotations

from dataclasses import dataclass

# STATUSES: `not_applicable` last, so that every existing order of the others stays as it
# was: skipped = chose not to ask; not applicable = did not apply to this participant.
# Actions that change several questions in one undoable step (the file's writer must
# render every question again after them).
MULTI_ACTIONS = ("branch", "rest_not_applicable", "rest_skipped")

# Actions recorded in the event log (the `action` key of [[events]]).
ACTIONS = (
    "start",  # the session began (question: the first question)
    "resume",  # the session was loaded from its file and continued; value: what changed
    "goto",  # the current question changed; value: how (goto/next/previous/next_section/...)
    "introduction",  # the screen shows the introduction: no question is current
    "closing",  # the screen shows the closing script: no question is current
    "begin",  # back from the introduction or the closing to the current question
    "closed",  # on resume: seconds the recording ran on while prompter was closed
    "mark",  # value: the new status
    "probe",  # a probe was marked used; value: its text
    "unprobe",  # a probe was marked unused; value: its text
    "tick",  # an item of a checklist probe was ticked; value: its text
    "untick",  # value: the item's text
    "branch",  # a branch was chosen (question: the branching one); value: its label
    "rest_not_applicable",  # the rest of the section did not apply; value: how many
    "rest_skipped",  # the rest of the section was skipped; value: how many
    "note",  # value: the new note text (if long, 'sha256:HEX (N characters)')
    "bookmark",  # value: the label
    "label",  # a bookmark got its label after the moment was taken; value: the label
    "recording",  # the call's recording started at this moment
    "pause",  # value: the wall-clock time (pauses take no session time)
    "unpause",  # value: the wall-clock time
    "undo",  # value: the action undone
    "redo",  # value: the action redone
    "finish",  # value: the wall-clock time (ended_at)
    "reopen",
    "clock",  # the clock went back and session time carried on; value: by how much
    # A note changed after the interview (`prompter review`); value: the wall-clock time,
    # "; " and the whole new note (as for `note`).
    "late_note",
)


def clean_text(text: str) -> str:
    """`text` made encodable as UTF-8: surrogate pairs joined, lone surrogates replaced."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# A note event holds the new note itself only up to this many characters; a longer one
# is named by its length and SHA-256 (the note is in [[questions]]): a pasted megabyte
# would otherwise be written again with every later save (docs/session-format.md).
NOTE_VALUE_MAX = 1000


def note_event_value(text: str) -> str:
    """The value of a `note` event: the note, or 'sha256:HEX (N characters)' if long."""
    if len(text) <= NOTE_VALUE_MAX:
        return text
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"sha256:{digest} ({len(text)} characters)"


@dataclass(frozen=True, slots=True)
class QuestionState:
    """What was recorded for one question (a snapshot; sessions hand out copies)."""

    status: str = "pending"
    probes_used: tuple[str, ...] = ()  # texts, in the question's probe order
    note: str = ""
    first_marked_seconds: float | None = None
    seconds_on_question: float = 0.0
    items_ticked: tuple[str, ...] = ()  # checklist items ticked, in the question's order


# The state of every question not yet reached: one shared (immutable) instance.
UNTOUCHED = QuestionState()


@dataclass(frozen=True, slots=True)
class Bookmark:
    at_seconds: float
    label: str
    question: str


@dataclass(frozen=True, slots=True)
class Event:
    at_seconds: float
    action: str
    question: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedQuestion:
    """A question recorded in a resumed session file but no longer in the guide.

    Its data is kept (and saved with `removed = true`); it can no longer be current.
    """

    id: str
    section: tuple[str, ...]
    text: str
    probes: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    priority: str = "core"
    shown: tuple[tuple[str, object], ...] = ()  # what the file says the screen showed


@dataclass(slots=True)
class QuestionData:
    """What the session holds for one question, changed in place by its actions (`ms_on`
    excludes the live stretch of the current question); the rules of probes and
    checklist items are here, the undo history and the clock in the session."""

    status: str = "pending"
    probes_used: tuple[str, ...] = ()
    note: str = ""
    first_ms: int | None = None
    ms_on: int = 0
    items_ticked: tuple[str, ...] = ()

    def untouched(self) -> bool:
        """Nothing recorded and no time spent: the state of a question not yet reached."""
        return (
            self.status == "pending"
            and not self.ms_on
            and not self.note
            and not self.probes_used
            and self.first_ms is None
            and not self.items_ticked
        )

    def recorded(self) -> tuple:
        """The undoable part of the data."""
        return (self.status, self.probes_used, self.note, self.first_ms, self.items_ticked)

    def set_recorded(self, rec: tuple) -> None:
        self.status, self.probes_used, self.note, self.first_ms, self.items_ticked = rec

    def use_probe(self, texts: tuple[str, ...], text: str) -> str:
        """Mark the probe `text` used, or unused if it was; returns the action ('probe' or
        'unprobe'). Using a probe makes a pending or asked question `probed`."""
        if text in self.probes_used:
            self.probes_used = tuple(t for t in self.probes_used if t != text)
            return "unprobe"
        self.probes_used = in_guide_order(texts, {*self.probes_used, text}, self.probes_used)
        if self.status in ("pending", "asked"):
            self.status = "probed"
        return "probe"

    def tick(self, probes: tuple, probe, item: str) -> str:
        """Tick checklist item `item` of `probe` (one of `probes`), or untick it if it was;
        returns the action ('tick' or 'untick'). Ticking uses the probe, as `use_probe`."""
        if item in self.items_ticked:
            self.items_ticked = tuple(t for t in self.items_ticked if t != item)
            return "untick"
        order = [t for p in probes if p.checklist for t in p.items]
        ticked = in_guide_order(order, {*self.items_ticked, item}, self.items_ticked)
        self.items_ticked = tuple(dict.fromkeys(ticked))
        texts = tuple(p.text for p in probes)
        self.probes_used = in_guide_order(texts, {*self.probes_used, probe.text}, self.probes_used)
        if self.status in ("pending", "asked"):
            self.status = "probed"
        return "tick"


def in_guide_order(order, chosen: set, before: tuple[str, ...]) -> tuple[str, ...]:
    """The `chosen` texts in the guide's `order`, then those of `before` it lacks (from an
    older guide)."""
    return tuple([t for t in order if t in chosen] + [t for t in before if t not in order])

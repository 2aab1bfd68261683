"""The review screen's keys (`prompter review`): one binding per key, each with the id a
user's keymap names it by (`[keymap]` in the config file, beside the interview's), and
the dialogs' and the app's keys (the check of a keymap against them is in
prompter.tui.review).

Priority bindings, as on the interview screen: they run in the app's key loop in the
order they were typed, before the list of cues sees them. The dialogs' own keys
(the question picker, finding a cue, the late note) are theirs alone.
"""

from __future__ import annotations

from textual.binding import Binding

from prompter.tui.keys import key_binding

# The review screen's bindings, in the order the footer and the help show them.
BINDINGS = [
    key_binding(
        "j,down", "next", "Next", "review.next", "Next cue (headings are not stops)", show=False
    ),
    key_binding("k,up", "previous", "Prev", "review.previous", "Previous cue", show=False),
    key_binding(
        "right_square_bracket",
        "next_boundary",
        "Next boundary",
        "review.boundary.next",
        "First cue of the next question (or stretch of no question)",
        show=False,
    ),
    key_binding(
        "left_square_bracket",
        "previous_boundary",
        "Prev boundary",
        "review.boundary.previous",
        "First cue of this or the previous question",
        show=False,
    ),
    key_binding(
        "question_mark", "help", "Help", "review.help", "This help: every key", key_display="?"
    ),
    key_binding(
        "w",
        "next_weak",
        "Unsure",
        "review.weak",
        "Next boundary the aligner was unsure of (highlighted with ?)",
    ),
    key_binding("slash", "find", "Find", "review.find", "Find a cue by its words and jump to it"),
    key_binding(
        "enter",
        "begin",
        "Starts",
        "review.begin",
        "A question starts here: choose it (type its id or words); it runs to the next boundary",
    ),
    key_binding(
        "x",
        "aside",
        "No question",
        "review.aside",
        "No question from here (small talk, an interruption) to the next boundary",
    ),
    key_binding(
        "n",
        "note",
        "Note",
        "review.note",
        "Edit the note of this cue's question, recorded as added after the interview",
    ),
    key_binding("u", "undo", "Undo", "review.undo", "Undo the last correction or late note"),
    key_binding("U", "redo", "Redo", "review.redo", "Redo what was undone", show=False),
    key_binding(
        "q",
        "app.leave",
        "Leave",
        "review.leave",
        "Leave (ctrl+q, ctrl+c too); every change is already saved",
        show=False,
    ),
]

# Pairs shown on one row of the help: first id -> (second id, what they do).
HELP_PAIRS = {
    "review.next": ("review.previous", "Next / previous cue (headings are not stops)"),
    "review.boundary.previous": ("review.boundary.next", "Previous / next boundary"),
    "review.undo": ("review.redo", "Undo / redo the last correction or late note"),
}


# The dialogs' own keys: theirs alone while one is open.
PICKER_BINDINGS = [
    Binding("escape", "dismiss", "Cancel", id="review.picker.cancel"),
    Binding("down", "move(1)", "Down", id="review.picker.down", show=False),
    Binding("up", "move(-1)", "Up", id="review.picker.up", show=False),
]
FIND_BINDINGS = [
    Binding("escape", "dismiss", "Cancel", id="review.find.cancel"),
    Binding("down", "move(1)", "Down", id="review.find.down", show=False),
    Binding("up", "move(-1)", "Up", id="review.find.up", show=False),
]
NOTE_BINDINGS = [Binding("escape", "done", "Keep the note", id="review.note.done")]
HELP_BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="review.help.close")]
# The app's: leave from anywhere (ctrl+c is not "press ctrl+q": in a terminal it means stop).
APP_BINDINGS = [
    Binding("ctrl+q", "leave", "Leave", id="review.leave.ctrl_q", priority=True, show=False),
    Binding("ctrl+c", "leave", "Leave", id="review.leave.ctrl_c", priority=True, show=False),
]


def review_ids() -> set[str]:
    """Every id of the review's bindings: a keymap may name them beside the interview's."""
    groups = (BINDINGS, PICKER_BINDINGS, FIND_BINDINGS, NOTE_BINDINGS, HELP_BINDINGS)
    return {b.id for group in (*groups, APP_BINDINGS) for b in group if b.id}

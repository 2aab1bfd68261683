"""The interview screen's keys: one binding per key, each with the id a user's keymap
names it by (`[keymap]` in the config file; checked in prompter.tui.keymap).

The bindings are priority bindings, so that they run in the app's key loop in the order
they were typed: `n` focuses the note before the next key is routed, and that key is
typed into it. While the note or the bookmark label is open the screen disables them
(`InterviewScreen.check_action`), and every key goes to the editor.
"""

from __future__ import annotations

from textual.binding import Binding


def key_binding(
    keys: str,
    action: str,
    description: str,
    id: str,
    tooltip: str,
    show: bool = True,
    key_display: str | None = None,
) -> Binding:
    # Priority: run in the app's key loop, in typed order (see the module's docstring).
    return Binding(
        keys,
        action,
        description,
        show=show,
        key_display=key_display,
        priority=True,
        tooltip=tooltip,
        id=id,
    )


# The interview screen's bindings, in the order the footer and the help show them.
BINDINGS = [
    key_binding(
        "j,down",
        "next",
        "Next",
        "next",
        "Next question (section headings are not stops)",
        show=False,
    ),
    key_binding("k,up", "previous", "Prev", "previous", "Previous question", show=False),
    key_binding("question_mark", "help", "Help", "help", "This help: every key", key_display="?"),
    key_binding(
        "a",
        "mark('asked')",
        "Ask",
        "mark.asked",
        "Mark asked; stays on the question while the answer comes",
    ),
    key_binding(
        "p",
        "mark('probed')",
        "Probe",
        "mark.probed",
        "Mark probed (asked and followed up); stays on the question",
    ),
    key_binding(
        "s",
        "mark('skipped')",
        "Skip",
        "mark.skipped",
        "Mark skipped, then move to the next question",
    ),
    key_binding(
        "c",
        "mark('covered')",
        "Cover",
        "mark.covered",
        "Mark covered (answered earlier without being asked), then move on",
    ),
    *(
        key_binding(
            str(n),
            f"probe({n})",
            f"Probe {n}",
            f"probe.{n}",
            "Toggle probe N as used (the question becomes probed)",
            show=False,
        )
        for n in range(1, 10)
    ),
    key_binding(
        "g",
        "prefix('g')",
        "Branch",
        "branch",
        "Choose a branch: g, then its number (g1, g2…, shown under the question); goes to "
        "its section and marks what it passes over not applicable",
    ),
    key_binding(
        "t",
        "prefix('t')",
        "Tick item",
        "tick",
        "Tick a checklist item: t, the probe's number, the item's letter (t1a)",
    ),
    key_binding(
        "x",
        "mark('not_applicable')",
        "N/A",
        "mark.not_applicable",
        "Mark not applicable (did not apply to this participant), then move on",
        show=False,
    ),
    key_binding(
        "X",
        "rest('not_applicable')",
        "Rest N/A",
        "rest_not_applicable",
        "Mark the rest of this section not applicable and go past it; again at once: "
        "the rest of its top-level section too",
        show=False,
    ),
    key_binding(
        "S",
        "rest('skipped')",
        "Rest skipped",
        "rest_skipped",
        "Mark the rest of this section skipped and go past it; again at once: the rest "
        "of its top-level section too",
        show=False,
    ),
    key_binding(
        "n", "note", "Note", "note", "Edit this question's note; escape goes back and keeps it"
    ),
    key_binding(
        "u",
        "undo",
        "Undo",
        "undo",
        "Undo the last mark, probe, note, bookmark or recording mark, and say which",
    ),
    key_binding("U", "redo", "Redo", "redo", "Redo what was undone", show=False),
    key_binding(
        "b",
        "bookmark",
        "Bookmark",
        "bookmark",
        "Bookmark this moment, then type an optional label",
        show=False,
    ),
    key_binding(
        "r",
        "recording",
        "Recording",
        "recording",
        "Mark 'recording started' to line times up with the recording",
        show=False,
    ),
    key_binding(
        "R",
        "recording_stopped",
        "Rec. stopped",
        "recording.stopped",
        "After a resume: the recording did not run while prompter was closed (again: it did)",
        show=False,
    ),
    key_binding("z", "pause", "Pause", "pause", "Pause or resume the clock", show=False),
    key_binding(
        "left_square_bracket",
        "previous_section",
        "Prev section",
        "section.previous",
        "First question of this or the previous top-level section",
        show=False,
    ),
    key_binding(
        "right_square_bracket",
        "next_section",
        "Next section",
        "section.next",
        "First question of the next top-level section",
        show=False,
    ),
    key_binding(
        "left_curly_bracket",
        "previous_subsection",
        "Prev sub-section",
        "subsection.previous",
        "First question of this or the previous sub-section",
        show=False,
    ),
    key_binding(
        "right_curly_bracket",
        "next_subsection",
        "Next sub-section",
        "subsection.next",
        "First question of the next sub-section (at any level)",
        show=False,
    ),
    key_binding(
        "slash",
        "find",
        "Find",
        "find",
        "Find a question by words of its text and jump to it",
        show=False,
    ),
    key_binding(
        "f",
        "focus_mode",
        "Focus mode",
        "focus",
        "Focus mode: only the current question, for a narrow window",
        show=False,
    ),
    key_binding(
        "pageup",
        "scroll_question(-1)",
        "Scroll up",
        "scroll.up",
        "Scroll a long question up",
        show=False,
    ),
    key_binding(
        "pagedown",
        "scroll_question(1)",
        "Scroll down",
        "scroll.down",
        "Scroll a long question down",
        show=False,
    ),
    key_binding(
        "q",
        "wrap_up",
        "Wrap up",
        "wrap_up",
        "Wrap up: tallies, pending core questions; enter finishes",
    ),
]

"""The interview screen's keys: one binding per key, each with the id a user's keymap
names it by (`[keymap]` in the config file), and the check of a keymap against them.

The bindings are priority bindings, so that they run in the app's key loop in the order
they were typed: `n` focuses the note before the next key is routed, and that key is
typed into it. While the note or the bookmark label is open the screen disables them
(`InterviewScreen.check_action`), and every key goes to the editor.
"""

from __future__ import annotations

from textual.binding import Binding

from prompter.errors import UsageError


def _key(
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
    _key(
        "j,down",
        "next",
        "Next",
        "next",
        "Next question (section headings are not stops)",
        show=False,
    ),
    _key("k,up", "previous", "Prev", "previous", "Previous question", show=False),
    _key("question_mark", "help", "Help", "help", "This help: every key", key_display="?"),
    _key(
        "a",
        "mark('asked')",
        "Ask",
        "mark.asked",
        "Mark asked; stays on the question while the answer comes",
    ),
    _key(
        "p",
        "mark('probed')",
        "Probe",
        "mark.probed",
        "Mark probed (asked and followed up); stays",
    ),
    _key(
        "s",
        "mark('skipped')",
        "Skip",
        "mark.skipped",
        "Mark skipped, then move to the next question",
    ),
    _key(
        "c",
        "mark('covered')",
        "Cover",
        "mark.covered",
        "Mark covered (answered earlier without being asked), then move on",
    ),
    *(
        _key(
            str(n),
            f"probe({n})",
            f"Probe {n}",
            f"probe.{n}",
            "Toggle probe N as used (the question becomes probed)",
            show=False,
        )
        for n in range(1, 10)
    ),
    _key(
        "g",
        "prefix('g')",
        "Branch",
        "branch",
        "Choose a branch: g, then its number (g1, g2…, shown under the question); goes to "
        "its section and marks what it passes over not applicable",
    ),
    _key(
        "t",
        "prefix('t')",
        "Tick item",
        "tick",
        "Tick a checklist item: t, the probe's number, the item's letter (t1a)",
    ),
    _key(
        "x",
        "mark('not_applicable')",
        "N/A",
        "mark.not_applicable",
        "Mark not applicable (did not apply to this participant), then move on",
        show=False,
    ),
    _key(
        "X",
        "rest('not_applicable')",
        "Rest N/A",
        "rest_not_applicable",
        "Mark the rest of this section not applicable and go past it; again at once: "
        "the rest of its top-level section too",
        show=False,
    ),
    _key(
        "S",
        "rest('skipped')",
        "Rest skipped",
        "rest_skipped",
        "Mark the rest of this section skipped and go past it; again at once: the rest "
        "of its top-level section too",
        show=False,
    ),
    _key("n", "note", "Note", "note", "Edit this question's note; escape goes back and keeps it"),
    _key(
        "u",
        "undo",
        "Undo",
        "undo",
        "Undo the last mark, probe, note, bookmark or recording mark, and say which",
    ),
    _key("U", "redo", "Redo", "redo", "Redo what was undone", show=False),
    _key(
        "b",
        "bookmark",
        "Bookmark",
        "bookmark",
        "Bookmark this moment, then type an optional label",
        show=False,
    ),
    _key(
        "r",
        "recording",
        "Recording",
        "recording",
        "Mark 'recording started' to line times up with the recording",
        show=False,
    ),
    _key(
        "R",
        "recording_stopped",
        "Rec. stopped",
        "recording.stopped",
        "After a resume: the recording did not run while prompter was closed (again: it did)",
        show=False,
    ),
    _key("z", "pause", "Pause", "pause", "Pause or resume the clock", show=False),
    _key(
        "left_square_bracket",
        "previous_section",
        "Prev section",
        "section.previous",
        "First question of this or the previous top-level section",
        show=False,
    ),
    _key(
        "right_square_bracket",
        "next_section",
        "Next section",
        "section.next",
        "First question of the next top-level section",
        show=False,
    ),
    _key(
        "left_curly_bracket",
        "previous_subsection",
        "Prev sub-section",
        "subsection.previous",
        "First question of this or the previous sub-section",
        show=False,
    ),
    _key(
        "right_curly_bracket",
        "next_subsection",
        "Next sub-section",
        "subsection.next",
        "First question of the next sub-section (at any level)",
        show=False,
    ),
    _key(
        "slash",
        "find",
        "Find",
        "find",
        "Find a question by words of its text and jump to it",
        show=False,
    ),
    _key(
        "f",
        "focus_mode",
        "Focus mode",
        "focus",
        "Focus mode: only the current question, for a narrow window",
        show=False,
    ),
    _key(
        "pageup",
        "scroll_question(-1)",
        "Scroll up",
        "scroll.up",
        "Scroll a long question up",
        show=False,
    ),
    _key(
        "pagedown",
        "scroll_question(1)",
        "Scroll down",
        "scroll.down",
        "Scroll a long question down",
        show=False,
    ),
    _key(
        "q",
        "wrap_up",
        "Wrap up",
        "wrap_up",
        "Wrap up: tallies, pending core questions; enter finishes",
    ),
]


def check_keymap(keymap: dict[str, str]) -> None:
    """Refuse (UsageError, one line) a keymap naming an unknown binding id, or giving one
    key to two bindings of the interview screen."""
    from prompter.tui.editors import LabelInput, NoteEditor

    known = {b.id: b.key for b in BINDINGS}
    from prompter.tui.review_keys import review_ids

    editors = {b.id: b.key for cls in (NoteEditor, LabelInput) for b in cls.BINDINGS}
    # One keymap serves the interview and `prompter review`: the review's ids are known.
    unknown = sorted(set(keymap) - set(known) - set(editors) - review_ids())
    if unknown:
        raise UsageError(
            f"keymap: unknown binding id '{unknown[0]}'; known ids: "
            + ", ".join(sorted(known) + sorted(editors))
        )
    from prompter.tui.textual_private import normalize_keys

    owner: dict[str, str] = {}
    for bid, keys in known.items():
        for key in normalize_keys(keymap.get(bid, keys)).split(","):
            key = key.strip()
            if key in owner:
                raise UsageError(
                    f"keymap: '{key}' is given to both '{owner[key]}' and "
                    f"'{bid}'; give one of them another key"
                )
            owner[key] = bid

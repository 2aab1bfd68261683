"""Text from hostile files never reaches the terminal raw on the review screen: a cue's
words and speaker from the transcript, a note from the session file, in the list, below
it and in the late note's editor, are shown with visible escapes."""

from __future__ import annotations

from review_app import lines
from review_fixture import make_call
from tui_helpers import SIZE

from prompter.session.edit import save_data
from prompter.session.read import read_session_file
from prompter.transcript.attach import attach_transcript
from prompter.transcript.review import Review
from prompter.tui.review import ReviewApp

HOSTILE = "clear\x1b[2J osc\x1b]52;c;aGk=\x07 csi\x9b31m rtl\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


async def test_hostile_words_and_notes_are_shown_escaped(tmp_path):
    call = make_call(tmp_path)
    text = call.transcript.read_text(encoding="utf-8")
    text = text.replace("<v Ann>Hi Bo,", "<v Ann\u202e>Hi Bo \u202erevo\u2066,", 1)
    call.transcript.write_text(text, encoding="utf-8")
    attach_transcript(call.session, call.transcript)
    data = read_session_file(call.session)
    data["questions"][0]["note"] = HOSTILE
    save_data(call.session, data)
    review = Review.open(call.session)
    app = ReviewApp(review)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = "\n".join(lines(app))
            assert "Hi Bo \\u202erevo\\u2066," in shown and "Ann\\u202e" in shown
            await pilot.press("right_square_bracket")  # the role question: its note below
            shown = "\n".join(lines(app))
            assert "clear\\x1b[2J" in shown and "\\u202eevil" in shown
            await pilot.press("n")  # the late note's editor
            await pilot.pause()
            shown = "\n".join(lines(app))
            for raw in RAW:
                assert raw not in shown
            await pilot.press("escape")
            assert review.note("role") == HOSTILE  # kept as it was: nothing changed
            assert "corrections" not in read_session_file(call.session)
    finally:
        review.close()


async def test_a_late_note_keeps_what_was_not_edited_character_for_character(tmp_path):
    """The editor splits lines on \\v, \\f, a lone \\r, U+2028…: shown as stand-ins, they
    come back as they were, with what was typed added (as in the interview's editor)."""
    call = make_call(tmp_path)
    attach_transcript(call.session, call.transcript)
    layout = "one\vtwo\fthree\r\nfour\rfive\u2028six\tend"
    data = read_session_file(call.session)
    data["questions"][0]["note"] = layout
    save_data(call.session, data)
    review = Review.open(call.session)
    app = ReviewApp(review)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("right_square_bracket", "n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert review.note("role") == layout
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("space", "o", "k", "escape")
            await pilot.pause()
            assert review.note("role") == layout + " ok"
    finally:
        review.close()

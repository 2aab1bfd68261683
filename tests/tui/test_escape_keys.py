"""An escape read together with the next key is the escape key, then that key; the
sequences a terminal sends for one key go on to Textual's parser whole
(prompter.tui.escape_keys). What Textual's parser made of them is in the comments."""

from __future__ import annotations

import pytest

from prompter.tui.escape_keys import ESCAPE, EscapeKeys

DELAY = 0.05


def read(*chunks: str, delay: float = DELAY) -> list:
    """What the chunks, read one after another at once, stand for (escapes decided)."""
    keys = EscapeKeys(delay)
    out: list = []
    for chunk in chunks:
        out += keys.feed(chunk, 0.0)
    return out + keys.expire(1.0)


@pytest.mark.parametrize(
    "typed",
    [
        "j",  # Textual: alt+j
        "/",  # Textual: the escape dropped, / typed into the note
        "1",  # Textual: ¡
        "b",  # Textual: ctrl+left
        "q",
        "U",  # Textual: alt+shift+u
        "\r",  # Textual: the escape dropped
        "]",
    ],
)
def test_escape_then_a_key_read_together(typed):
    assert read("note\x1b" + typed) == ["note", ESCAPE, typed]


def test_escape_then_left_square_bracket_and_a_letter():
    # `ESC [ j` is no key a terminal sends: escape, previous section, next question.
    assert read("\x1b[j") == [ESCAPE, "[j"]


@pytest.mark.parametrize(
    "sequence",
    [
        "\x1b[A",  # up
        "\x1b[1;5D",  # ctrl+left
        "\x1b[3~",  # delete
        "\x1b[Z",  # shift+tab
        "\x1bOP",  # F1
        "\x1b[<35;10;5M",  # the mouse
        "\x1b[?2026;2$y",  # a mode report
        "\x1b[27u",  # a kitty key
        "\x1b\x7f",  # alt+backspace: delete a word
    ],
)
def test_a_terminal_s_sequences_go_on_whole(sequence):
    assert read("a" + sequence + "b") == ["a" + sequence + "b"]


def test_escape_then_an_arrow():
    assert read("\x1b\x1b[A") == [ESCAPE, "\x1b[A"]


def test_escape_escape():
    assert read("\x1b\x1bj") == [ESCAPE, ESCAPE, "j"]


def test_an_escape_read_last_waits_for_what_comes_next():
    keys = EscapeKeys(DELAY)
    assert keys.feed("abc\x1b", 10.0) == ["abc"]
    assert keys.wait(10.0) == pytest.approx(DELAY)
    assert keys.wait(10.02) == pytest.approx(DELAY - 0.02)
    assert keys.expire(10.02) == []
    assert keys.feed("j", 10.03) == [ESCAPE, "j"]  # the next key, within the delay
    assert keys.wait(10.03) is None


def test_an_escape_read_last_is_escape_once_the_delay_has_passed():
    keys = EscapeKeys(DELAY)
    assert keys.feed("\x1b", 10.0) == []
    assert keys.expire(10.0 + DELAY) == [ESCAPE]
    assert keys.feed("j", 11.0) == ["j"]


def test_a_sequence_cut_in_two_is_put_together():
    keys = EscapeKeys(DELAY)
    assert keys.feed("\x1b", 10.0) == []
    assert keys.feed("[", 10.01) == []
    assert keys.feed("1;5", 10.02) == []
    assert keys.wait(10.02) == pytest.approx(DELAY - 0.02)  # the wait runs from the ESC
    assert keys.feed("D", 10.03) == ["\x1b[1;5D"]


def test_an_unfinished_sequence_is_what_was_typed_once_the_delay_has_passed():
    keys = EscapeKeys(DELAY)
    assert keys.feed("\x1b[1", 10.0) == []
    assert keys.expire(10.0 + DELAY) == [ESCAPE, "[1"]


def test_a_paste_goes_through_untouched_even_split():
    pasted = "\x1b[200~one\x1bj two\x1b[A\x1b[201~"
    for cut in range(1, len(pasted)):
        assert "".join(read(pasted[:cut], pasted[cut:] + "\x1bj")[:-2]) == pasted, cut
        assert read(pasted[:cut], pasted[cut:] + "\x1bj")[-2:] == [ESCAPE, "j"], cut

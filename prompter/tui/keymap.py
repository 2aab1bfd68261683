"""The check of a user's keymap (`[keymap]` in the config file) against the screens'
bindings. One keymap serves the interview, its editors and `prompter review`: an id no
screen has is refused, and so is one key given to two bindings of the same screen."""

from __future__ import annotations

from prompter.errors import UsageError
from prompter.tui import keys, review_keys
from prompter.tui.textual_private import normalize_keys


def check_keymap(keymap: dict[str, str]) -> None:
    """Refuse (UsageError, one line) a keymap for the interview screen."""
    _check(keymap, keys.BINDINGS, listed=[*keys.BINDINGS, *_editor_bindings()])


def check_review_keymap(keymap: dict[str, str]) -> None:
    """Refuse (UsageError, one line) a keymap for the review screen."""
    _check(keymap, review_keys.BINDINGS, listed=review_keys.BINDINGS)


def _check(keymap: dict[str, str], bindings: list, listed: list) -> None:
    """Refuse an id no screen has (the refusal lists the ids of `listed`), or one key
    given to two of `bindings` (one screen's)."""
    everywhere = {b.id for b in (*keys.BINDINGS, *_editor_bindings())}
    everywhere |= review_keys.review_ids()
    unknown = sorted(set(keymap) - everywhere)
    if unknown:
        raise UsageError(
            f"keymap: unknown binding id '{unknown[0]}'; known ids: "
            + ", ".join(b.id for b in listed)
        )
    owner: dict[str, str] = {}
    for b in bindings:
        for key in normalize_keys(keymap.get(b.id, b.key)).split(","):
            key = key.strip()
            if key in owner:
                raise UsageError(
                    f"keymap: '{key}' is given to both '{owner[key]}' and "
                    f"'{b.id}'; give one of them another key"
                )
            owner[key] = b.id


def _editor_bindings() -> list:
    # Imported only when a keymap is checked: `prompter review` never needs the editors.
    from prompter.tui.editors import LabelInput, NoteEditor

    return [b for cls in (NoteEditor, LabelInput) for b in cls.BINDINGS]

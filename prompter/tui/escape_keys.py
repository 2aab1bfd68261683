"""Escape as the person typed it: the escape key, then whatever key came next.

A terminal sends the escape key as one byte, ESC, which also begins the sequences it
sends for other keys (`ESC [ A` is up). Textual's parser tells them apart by waiting
(ESCDELAY) and by guessing: ESC and a letter read together become alt+letter or, for
some, another key altogether (ESC b is ctrl+left, ESC 1 is `¡`, ESC / drops the escape).
On a busy laptop the escape and the next key are often read together, so those guesses
turned "escape, then j" into a `j` typed into the note (issue 23).

prompter binds no alt keys, so `EscapeKeys` reads what comes in first and decides before
Textual's parser sees it: an ESC that begins a sequence a terminal sends for one key
(CSI `ESC [`, SS3 `ESC O`, or alt+backspace `ESC DEL`) goes on to the parser whole; any
other ESC is the escape key, at once, and what follows it is read as typed. An ESC at
the end of what was read is held until more comes or `delay` has passed. A bracketed
paste goes through untouched. Pure: no Textual; the driver feeds it
(`prompter.tui.textual_private`).
"""

from __future__ import annotations

import re

ESC = "\x1b"
# How long (ms) an ESC read last waits for the rest of a sequence. A terminal writes a
# key's sequence at once, so only a sequence cut in two on its way (a slow remote link)
# needs the wait; it delays every escape by as much. Textual waits 100 ms; 50 ms, as
# Neovim's ttimeoutlen, keeps escape quick and still spans a sequence cut on a network.
DEFAULT_DELAY_MS = 50
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class _Escape:
    def __repr__(self) -> str:
        return "ESCAPE"


ESCAPE = _Escape()  # in `feed`'s output: the escape key

# A control sequence: parameters, intermediates, one final byte.
CSI = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])")
CSI_BEGUN = re.compile(r"\x1b\[[0-?]*[ -/]*")  # the start of one, cut short
# The final bytes of the sequences terminals send for keys, the mouse and their replies.
# A final lowercase letter with no parameters (`ESC [ a`, rxvt's shift+up) is taken as
# what a person typed: escape, `[`, then the letter.
KEY_FINALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ~$^@")
REPLY_FINALS = frozenset("cmtuy")  # device attributes, mouse, window size, kitty keys, modes


class EscapeKeys:
    """Splits terminal input into text for Textual's parser and `ESCAPE` keys."""

    def __init__(self, delay: float):
        self.delay = delay  # seconds an ESC at the end of a read waits for more
        self._held = ""  # an ESC (or an unfinished sequence) read last, not yet decided
        self._since = 0.0  # when it was read
        self._in_paste = False
        self._paste_tail = ""  # the last characters of a paste, for an end split in two

    def feed(self, text: str, now: float) -> list:
        """What `text`, read at `now`, stands for: strings and `ESCAPE`s, in order."""
        held_before = bool(self._held)
        text, self._held = self._held + text, ""
        out: list = []
        start = i = 0  # text[start:i] is plain input not yet handed on
        while i < len(text):
            if self._in_paste:
                i = self._paste_end(text, i)
                continue
            i = text.find(ESC, i)
            if i < 0:
                break
            kind, end = self._after_escape(text, i)
            if kind == "hold":
                if i or not held_before:
                    self._since = now  # a new ESC: its wait starts now
                self._held, text = text[i:], text[:i]
                break
            if kind == "sequence":
                self._in_paste = text.startswith(PASTE_START, i)
                i = end
                continue
            if i > start:
                out.append(text[start:i])
            out.append(ESCAPE)
            start = i = i + 1
        if start < len(text):
            out.append(text[start:])
        return out

    def _after_escape(self, text: str, i: int) -> tuple[str, int]:
        """What the ESC at `i` begins: ("sequence", its end), ("escape", i) or ("hold", i)."""
        rest = text[i + 1 : i + 3]
        if not rest:
            return "hold", i
        if rest[0] == "\x7f":  # alt+backspace: deletes a word in the editors
            return "sequence", i + 2
        if rest[0] == "O":  # SS3: ESC O and a letter (F1 to F4, keypad keys)
            if len(rest) == 1:
                return "hold", i
            return ("sequence", i + 3) if rest[1].isascii() and rest[1].isalpha() else ("escape", i)
        if rest[0] == "[":
            m = CSI.match(text, i)
            if m is None:
                begun = CSI_BEGUN.match(text, i)
                return ("hold", i) if begun and begun.end() == len(text) else ("escape", i)
            params, final = m.groups()
            if final in KEY_FINALS or (params and final in REPLY_FINALS):
                return "sequence", m.end()
        return "escape", i

    def _paste_end(self, text: str, i: int) -> int:
        """Past the end of the paste going on at `i`, or the end of `text` if it goes on."""
        tail = self._paste_tail
        seen = tail + text[i:]
        found = seen.find(PASTE_END)
        if found < 0:
            self._paste_tail = seen[-(len(PASTE_END) - 1) :]
            return len(text)
        self._in_paste, self._paste_tail = False, ""
        return i + found - len(tail) + len(PASTE_END)

    def wait(self, now: float) -> float | None:
        """Seconds until the held ESC is decided without more input (None: none held)."""
        if not self._held:
            return None
        return max(0.0, self._since + self.delay - now)

    def expire(self, now: float) -> list:
        """The held ESC as the escape key once `delay` has passed with nothing after it,
        and the rest of what was held as typed; else nothing."""
        if not self._held or now - self._since < self.delay:
            return []
        held, self._held = self._held, ""
        return [ESCAPE, held[1:]] if len(held) > 1 else [ESCAPE]

"""Stage directions: what a topic guide tells the interviewer to do rather than say
("Interviewer: read the information sheet aloud", "Stop the recording.", "Before
starting: confirm the participant has the app installed"). They become guidance, and in
the introduction and closing a `[bracketed]` paragraph, which the screen shows apart
from what is read aloud. Pure text in, parts out: where they go is decided by the walk
(`walk`) and `finish`."""

from __future__ import annotations

import re

from prompter.importer.model import ITEM, Block, Run
from prompter.importer.nodes import Guess
from prompter.importer.recognise import asks
from prompter.text import one_line

_WHO = r"(?:interviewer|moderator|facilitator|researcher)"
LEAD = re.compile(
    r"[\[(_*]*\s*(?:"
    rf"{_WHO}(?:['’]s)?(?:\s+(?:notes?|instructions?|only))?\s*:"
    rf"|(?:notes?|nb|n\.b\.)(?:\s+(?:for|to)\s+(?:the\s+)?{_WHO})?\s*:"
    r"|before\s+(?:starting|you\s+start|we\s+start|beginning|the\s+interview)\b"
    r"|(?:start|stop|pause|resume|end|begin|turn\s+on|turn\s+off|switch\s+on|switch\s+off)\s+"
    r"(?:the\s+)?(?:audio\s+|video\s+|zoom\s+|teams\s+)?"
    r"(?:recording|recorder|screen[- ]?share|screen\s+sharing|sharing)\b"
    r"|(?:remind|thank)\s+(?:the\s+)?(?:participants?|respondents?|interviewees?|them|everyone)\b"
    r"|(?:make\s+sure|ensure|check|confirm\s+that)\b(?!-)"
    r")",
    re.I,
)


def split(text: str) -> tuple[str, str]:
    """(the direction, what follows it) of a block that opens with one: its first
    sentence, and the next ones up to one that asks or is said to the participant
    ('Interviewer: ask them to open the app. What do you see first?', 'Stop the
    recording. Thank you for your time.'); ('', text) if it opens with none."""
    text = " ".join(text.split())
    if not LEAD.match(text):
        return "", text
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(\[_*\"“‘'])", text)
    for i, sentence in enumerate(sentences[1:], 1):
        if asks(sentence) or SPOKEN.match(sentence):
            return " ".join(sentences[:i]), " ".join(sentences[i:])
    return text, ""


# A sentence after a direction that is said to the participant ('Thank you for your
# time.', 'We are testing the app, not you.'); other sentences carry the direction on
# ('Record only with consent.', 'Give them a minute to read it.').
SPOKEN = re.compile(
    r"(?:thank|thanks|i|i['’](?:m|d|ll)|we|we['’](?:re|d|ll)|you|you['’](?:re|ll)|your|"
    r"this|that|it|it['’]s|there|hello|hi|good|welcome|as|our|my|please|so|ok|okay|now)\b",
    re.I,
)


def bracketed(text: str) -> str:
    """A direction as a paragraph of an introduction or closing that the screen shows
    apart: in square brackets (its own brackets or italics marks replaced)."""
    t = text.strip()
    while len(t) > 1 and t[0] in "([_*" and t[-1] == {"(": ")", "[": "]"}.get(t[0], t[0]):
        t = t[1:-1].strip()
    return f"[{t}]"


def guess_text(text: str) -> str:
    said = one_line(text)
    said = said if len(said) <= 50 else said[:47] + "..."
    return f"'{said}' taken as a note to the interviewer, not read aloud"


class Directions:
    """Stage directions met in the walk (a part of `rules._Builder`)."""

    def stage_direction(self, b: Block, raw: str, nxt: Block | None) -> bool:
        """Handle a block that opens with a stage direction; False if it does not."""
        direction, rest = split(raw)
        if not direction:
            return False
        if not rest:
            self.direction(b, direction)
            return True
        said = Block(b.kind, (Run(rest),), b.where, b.level, b.depth, b.numbered)
        if asks(rest):
            # 'Interviewer: ask them to open the app. What do you see first?': the
            # question, with the direction as its guidance
            before = self.q
            self.body(said, nxt)
            if self.q is not None and self.q is not before:
                self.q.guidance.insert(0, direction)
                self.q.guesses.append(Guess(b.where, guess_text(direction)))
                return True
            self.direction(b, direction)
            return True
        # 'Stop the recording. Thank you for your time.': the note, then the words said,
        # as if they were two blocks (half a step apart in the outline's order)
        self.direction(b, direction)
        order = self.order
        self.order = order + 0.5
        self.body(said, nxt)
        self.order = order
        return True

    def direction(self, b: Block, text: str) -> None:
        """Guidance of the prompt it is listed under, or of the section or question it
        stands beside (placed as loose text is); in the introduction and closing, a
        bracketed paragraph."""
        q = self.q
        if q is not None and b.kind == ITEM and b.depth > q.depth:
            target = q
            for p in (self.sub, self.probe):
                if p is not None and b.depth > p.depth:
                    target = p
                    break
            target.guidance.append(text)
            q.guesses.append(Guess(b.where, guess_text(text)))
            return
        self.notes.add(self.order)
        self.directions.add(self.order)
        self.loose(b, text)

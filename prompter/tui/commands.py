"""Command palette providers: jump to any question or section by typing words of it."""

from __future__ import annotations

import re
from functools import partial

from textual import on
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Input


def _words(query: str) -> list[str]:
    return query.casefold().split()


def match_tier(query: str, text: str) -> int | None:
    """How well `text` matches what a person typed, best first:
    0 the words as a phrase, whole words; 1 every word as a whole word; 2 every word
    inside a word; None: not every word is there (fuzzy matching may still find it)."""
    words = _words(query)
    folded = text.casefold()
    if not words:
        return None
    whole = [re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in words]
    if all(whole):
        phrase = r"\W+".join(re.escape(w) for w in words)
        return 0 if re.search(rf"(?<!\w){phrase}(?!\w)", folded) else 1
    if all(w in folded for w in words):
        return 2
    return None


def word_match(query: str, text: str) -> Content | None:
    """`text` with the query's words highlighted if every word occurs in it, else None."""
    words = _words(query)
    folded = text.casefold()
    if not words or any(w not in folded for w in words):
        return None
    content = Content(text)
    for word in words:
        start = folded.find(word)
        while start >= 0:
            content = content.stylize("bold $accent underline", start, start + len(word))
            start = folded.find(word, start + len(word))
    return content


# Scores by tier: whole words above parts of words above fuzzy matches; within a tier,
# guide order (a small step per place keeps ties in the order of the guide).
TIER_SCORES = {0: 0.99, 1: 0.9, 2: 0.7}
FUZZY_SCALE = 0.5
ORDER_STEP = 1e-5


def score(query: str, text: str, place: int, matcher: Matcher) -> float | None:
    """How well `text`, the `place`-th in guide order, matches `query` (None: not at all)."""
    tier = match_tier(query, text)
    if tier is not None:
        return TIER_SCORES[tier] - place * ORDER_STEP
    fuzzy = matcher.match(text)
    if fuzzy:  # Textual's fuzzy scores are not bounded by 1: squashed below the tiers
        return FUZZY_SCALE * fuzzy / (1 + fuzzy) - place * ORDER_STEP
    return None


class _GuideProvider(Provider):
    @property
    def session(self):
        """The interview's session (None before it starts): places to jump to come from it."""
        return getattr(self.app, "session", None)

    def targets(self):
        """(text, help, callback) for every place to jump to."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, help_text, callback in self.targets():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for place, (text, help_text, callback) in enumerate(self.targets()):
            points = score(query, text, place, matcher)
            if points is not None:
                shown = word_match(query, text)  # None where some word is not there
                yield Hit(
                    points, shown or matcher.highlight(text), callback, text=text, help=help_text
                )


class QuestionCommands(_GuideProvider):
    def targets(self):
        if self.session is None:
            return
        for q in self.session.guide.questions:
            yield q.text, "question · " + " › ".join(q.section_path), partial(self.app.goto, q.id)


class SectionCommands(_GuideProvider):
    def targets(self):
        if self.session is None:
            return
        for section in self.session.guide.all_sections:
            first = next(section.all_questions(), None)
            if first is not None:
                yield (" › ".join(section.path), "section", partial(self.app.goto, first.id))


def best_question(session, query: str) -> str | None:
    """The id of the question that `/` lists first for `query` (None: no match)."""
    matcher = Matcher(query)
    best, best_score = None, None
    for place, q in enumerate(session.guide.questions):
        points = score(query, q.text, place, matcher)
        if points is not None and (best_score is None or points > best_score):
            best, best_score = q.id, points
    return best


class FindPalette(CommandPalette):
    """`/`: the palette over the questions' words. The hits are searched in the
    background, so enter may come before they are shown (`/`, a word and enter typed in
    one burst): enter then goes to the best hit for what was typed, the one the list is
    about to show first. Once the person has moved through the hits, it takes theirs."""

    CHOOSING = frozenset(
        ("up", "down", "pageup", "pagedown", "ctrl+home", "ctrl+end", "shift+home", "shift+end")
    )

    def __init__(self):
        super().__init__(providers=[QuestionCommands], placeholder="Find a question by its words…")
        self._chose = False  # whether the highlight was moved since the text last changed

    def on_key(self, event) -> None:
        if event.key in self.CHOOSING:
            self._chose = True

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._chose = False  # and Textual's palette searches again

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        if self._chose:
            return  # Textual's palette: the highlighted hit
        event.prevent_default()  # not Textual's handler: its hits may be for less text
        event.stop()
        qid = best_question(self.app.session, event.value.strip())
        if qid is not None:
            self.app.post_message(CommandPalette.Closed(option_selected=True))
            self.dismiss()
            self.app.call_later(self.app.goto, qid)

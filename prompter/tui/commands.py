"""Command palette providers: jump to any question or section by typing words of it."""

from __future__ import annotations

import re
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


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
            tier = match_tier(query, text)
            if tier is not None:
                yield Hit(
                    TIER_SCORES[tier] - place * ORDER_STEP,
                    word_match(query, text),
                    callback,
                    text=text,
                    help=help_text,
                )
            elif score := matcher.match(text):
                # Textual's fuzzy scores are not bounded by 1: squashed below the tiers.
                fuzzy = FUZZY_SCALE * score / (1 + score)
                yield Hit(
                    fuzzy - place * ORDER_STEP,
                    matcher.highlight(text),
                    callback,
                    text=text,
                    help=help_text,
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

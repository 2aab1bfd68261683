"""Command palette providers: jump to any question or section by typing words of it."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


def word_match(query: str, text: str) -> Content | None:
    """`text` with the query's words highlighted if every word occurs in it, else None."""
    words = query.casefold().split()
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
        for text, help_text, callback in self.targets():
            shown = word_match(query, text)
            if shown is not None:
                # Whole words found: rank above fuzzy matches, earlier matches first.
                yield Hit(1.0 - text.casefold().find(query.split()[0].casefold()) / 1000,
                          shown, callback, text=text, help=help_text)
            elif score := matcher.match(text):
                yield Hit(score * 0.5, matcher.highlight(text), callback, text=text,
                          help=help_text)


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

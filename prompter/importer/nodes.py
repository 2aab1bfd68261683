"""The tree the rules build while they read an outline: sections (`Sec`), questions (`Q`),
probes and sub-prompts (`Prompt`), each with the guesses (`Guess`) made about it, the
`Result` of an import, and walks over the section tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prompter.text import visible

GUESSES = "#guessed"  # key of a node's guesses: written as comments, never as YAML keys


@dataclass
class Guess:
    where: str
    message: str

    def comment(self) -> str:
        return visible(f"{self.message} ({self.where})")


@dataclass
class Prompt:
    text: str
    depth: int
    where: str
    guidance: list[str] = field(default_factory=list)
    examples: list = field(default_factory=list)  # str or [text, [sub-examples]]
    probes: list[Prompt] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    lead_in: bool = False  # ends with ':' so the list under it belongs to it
    checklist: bool = False  # its sub-prompts are items to tick
    tick: bool = False  # marked 'Tick all that apply': the list under it is a checklist
    cue: str = ""  # 'select any', 'any of' ...: the list under it is a checklist


@dataclass
class Q(Prompt):
    priority: str = "core"
    codes: list[str] = field(default_factory=list)
    after_label: bool = False  # the next page of a labelled row: keeps the label above
    qid: str = ""
    examples_lead: bool = False  # ends "E.g.": the list under it is examples
    lead_depth: int = 0  # ... the list deeper than this depth
    routes: list[tuple[str, str]] = field(default_factory=list)  # (sentence, where)
    condition: str = ""
    kind: str = "question"
    branches: list[dict] = field(default_factory=list)


@dataclass
class Sec:
    title: str
    level: int
    where: str
    minutes: float | None = None
    description: list[str] = field(default_factory=list)
    questions: list[Q] = field(default_factory=list)
    sections: list[Sec] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    entries: list = field(default_factory=list)  # questions and code labels, in order
    loose: list = field(default_factory=list)  # (order, text, where) of non-question text
    guesses: list[Guess] = field(default_factory=list)
    condition: str = ""
    guidance: list[str] = field(default_factory=list)
    checks: int = 0
    order: int = -1  # of its heading among the outline's blocks
    number: str = ""  # '3', '2.1', 'B' (`recognise.number_key`), kept in the title too
    bare: str = ""  # the title without its number

    def all_questions(self):
        yield from self.questions
        for s in self.sections:
            yield from s.all_questions()


@dataclass
class Result:
    guide: dict
    guesses: list[Guess]
    sections: int
    questions: int
    probes: int


def _walk(s: Sec):
    yield s
    for x in s.sections:
        yield from _walk(x)


def _all_sections(sections: list[Sec]):
    for s in sections:
        yield from _walk(s)


def _inside(x: Sec, s: Sec) -> bool:
    return any(x is y for y in _walk(s))


def _where_key(g: Guess):
    m = re.search(r"\d+", g.where)
    return (0, int(m.group())) if m else (1, 0)

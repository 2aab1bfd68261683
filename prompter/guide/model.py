"""The interview guide: an immutable model of a topic guide (pure; no textual).

`prompter.guide.load_guide(path)` builds one from a YAML file (see
docs/guide-format.md); this module only holds the model and the id rule.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from prompter.vocabulary import KINDS, PRIORITIES  # noqa: F401 (the guide's words, re-exported)

ID_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
MAX_PROBES = 9  # numbered 1-9 on screen, one key each
# The loader's limits (prompter.guide.safe_yaml, .load), here so that the cache of parsed guides
# reads no more bytes than the loader, without importing it (and PyYAML). Far above any
# interview guide (the bundled one: 47 questions, 1,500 nodes): the node and byte limits
# leave room for wordy guides.
MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 500_000  # after alias expansion
# Every key saves the whole session file; at this many questions a key still reaches the
# disk in a few milliseconds on a busy two-core laptop (docs/benchmarks.md).
MAX_QUESTIONS = 2_000
MAX_DEPTH = 100  # of YAML nesting; a real guide needs about 15
MAX_SECTION_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Code:
    """A codebook entry; `path` is its name and its parents' names, outermost first."""

    name: str
    path: tuple[str, ...]
    description: str = ""
    color: str | None = None
    codes: tuple[Code, ...] = ()

    @property
    def key(self) -> str:
        """The code's path joined with '/', as session files record it."""
        return "/".join(self.path)

    def walk(self):
        """This code and all its descendants, depth first."""
        yield self
        for child in self.codes:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prompt:
    """A probe of a question, or a sub-prompt of a probe (which has no `probes`)."""

    text: str
    guidance: str = ""
    examples: tuple[Example, ...] = ()
    probes: tuple[Prompt, ...] = ()
    checklist: bool = False  # its sub-prompts are items to tick

    @property
    def items(self) -> tuple[str, ...]:
        """Texts of its sub-prompts (the items, when it is a checklist)."""
        return tuple(p.text for p in self.probes)


@dataclass(frozen=True, slots=True)
class Branch:
    """A choice that routes the interview: its label, and the path of the section it goes to."""

    label: str
    to: tuple[str, ...]  # titles, outermost first


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    section_path: tuple[str, ...]  # titles of the enclosing sections, outermost first
    codes: tuple[str, ...] = ()  # effective code paths, inherited ones first
    probes: tuple[Prompt, ...] = ()
    guidance: str = ""
    examples: tuple[Example, ...] = ()
    priority: str = "core"
    line: int = 0  # where the question starts in the guide file (1-based; 0: unknown)
    condition: str = ""  # when to ask it ("Only if they use the site"); text only
    branches: tuple[Branch, ...] = ()
    kind: str = "question"  # or "check": ticked, not asked
    label: str = ""  # a short name for the outline (default: the text without its stem)

    @property
    def probe_texts(self) -> tuple[str, ...]:
        """Texts of the numbered (top-level) probes, in order."""
        return tuple(p.text for p in self.probes)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    path: tuple[str, ...]  # this section's title and its parents', outermost first
    description: str = ""
    guidance: str = ""  # a note to the interviewer, such as a transition script
    condition: str = ""  # when the section applies; text only
    minutes: float | None = None
    codes: tuple[str, ...] = ()  # effective code paths, inherited ones included
    questions: tuple[Question, ...] = ()
    sections: tuple[Section, ...] = ()

    def walk(self):
        """This section and all its sub-sections, in guide order."""
        yield self
        for sub in self.sections:
            yield from sub.walk()

    def all_questions(self):
        """Every question in this section and its sub-sections, in guide order."""
        yield from self.questions
        for sub in self.sections:
            yield from sub.all_questions()


@dataclass(frozen=True)  # not slots: the cached properties below need a __dict__
class Guide:
    title: str
    sections: tuple[Section, ...]
    version: str = "1"
    description: str = ""
    minutes: float | None = None
    introduction: str = ""
    closing: str = ""
    codebook: tuple[Code, ...] = ()
    path: str = ""  # as given when loaded
    # The time planned for reading the introduction and the closing (part of `minutes`)
    introduction_minutes: float | None = None
    closing_minutes: float | None = None
    sha256: str = ""  # of the file's bytes

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in guide order."""
        return tuple(q for s in self.sections for q in s.all_questions())

    @cached_property
    def all_sections(self) -> tuple[Section, ...]:
        """Every section at every level, in guide order."""
        return tuple(sub for s in self.sections for sub in s.walk())

    @cached_property
    def codes(self) -> dict[str, Code]:
        """Every code by its path key ('Parent/Child'), in codebook order."""
        return {c.key: c for top in self.codebook for c in top.walk()}

    @cached_property
    def sections_of(self) -> dict[str, tuple[int, ...]]:
        """For each question id, the indices in `all_sections` of the sections that
        enclose it, outermost first (computed once: per-key work stays small)."""
        found: dict[str, list[int]] = {q.id: [] for q in self.questions}
        for i, s in enumerate(self.all_sections):
            for q in s.all_questions():
                found[q.id].append(i)
        return {qid: tuple(ix) for qid, ix in found.items()}

    @cached_property
    def section_starts(self) -> tuple[int, ...]:
        """Indices in `questions` of the first question of each run of questions with the
        same section path (the stops of next/previous section)."""
        qs = self.questions
        return tuple(
            i for i, q in enumerate(qs) if i == 0 or q.section_path != qs[i - 1].section_path
        )

    @cached_property
    def question_index(self) -> dict[str, int]:
        """Each question's place in `questions` (from 0), by id: found in constant time, so
        that a key costs the same whatever the guide's size."""
        return {q.id: i for i, q in enumerate(self.questions)}

    def question(self, qid: str) -> Question:
        """The question with this id (KeyError if there is none)."""
        return self.questions[self.question_index[qid]]

    def section(self, path: tuple[str, ...]) -> Section:
        """The section at this path of titles (KeyError if there is none)."""
        for s in self.all_sections:
            if s.path == tuple(path):
                return s
        raise KeyError(path)


def normalise_text(text: str) -> str:
    """The form of a question's text that its derived id is computed from."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def derive_id(text: str) -> str:
    """A question id from its text alone (rule in docs/guide-format.md)."""
    norm = normalise_text(text)
    ascii_form = unicodedata.normalize("NFKD", norm).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_form)[:5])
    digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:6]
    qid = f"{slug}-{digest}" if slug else digest
    if not slug or slug[0].isdigit():
        qid = "q-" + qid
    return qid

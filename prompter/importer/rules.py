"""The rules that turn an outline (any reader's) into a prompter guide, as a dict ready
to be written as YAML, with a note of every place where a rule had to guess.

Each rule is documented, with examples, in docs/guide-import.md; the order there is
the order here: title, headings to sections, questions, probes and sub-prompts,
guidance and priority, introduction and closing, code labels, ids. The flow rules
(branches, conditions, section guidance, checklists, checks) recognise their text with
`flow` and are applied here where the outline is walked and, for branches, at the end.

This module is the entry point (`outline_to_guide`, and the names below); the rules
live, by concern, in: `recognise` (what a block's text is, a heading's number, a
route's target), `planned` (the guide's length and version), `directions` (stage
directions), `nodes` (the tree built and its guesses), `walk` (block by block),
`finish` (introduction, closing, the guide put together), `codebook` (code labels),
`branches` (routing sentences) and `guide_dict` (ids and the guide's dict). `_Builder`
joins their parts and holds the walk's state.
"""

from __future__ import annotations

from prompter.importer.branches import Branches
from prompter.importer.codebook import Codebook
from prompter.importer.directions import Directions
from prompter.importer.finish import Finish
from prompter.importer.guide_dict import GuideDict, checklists
from prompter.importer.model import Outline
from prompter.importer.nodes import GUESSES, Guess, Prompt, Q, Result, Sec
from prompter.importer.recognise import (
    ARROW_LINE,
    CLOSE_BRACKET,
    CLOSING_FORMULA,
    CLOSING_TITLE,
    EXAMPLES_MARK,
    IMPERATIVE,
    INSTRUCTION,
    OPTIONAL,
    PROBE_MARK,
    SMALL_WORDS,
    asks,
    clean,
    section_title,
    split_examples,
    split_guidance,
    split_guidance_parts,
    split_list,
    title_key,
)
from prompter.importer.walk import BlockWalk, tick_marks

__all__ = [
    "ARROW_LINE",
    "CLOSE_BRACKET",
    "CLOSING_FORMULA",
    "CLOSING_TITLE",
    "EXAMPLES_MARK",
    "GUESSES",
    "IMPERATIVE",
    "INSTRUCTION",
    "OPTIONAL",
    "PROBE_MARK",
    "SMALL_WORDS",
    "Guess",
    "Prompt",
    "Q",
    "Result",
    "Sec",
    "asks",
    "checklists",
    "clean",
    "outline_to_guide",
    "section_title",
    "split_examples",
    "split_guidance",
    "split_guidance_parts",
    "split_list",
    "tick_marks",
    "title_key",
]


def outline_to_guide(outline: Outline, *, codes: bool = False, default_title: str = "") -> Result:
    return _Builder(outline, codes, default_title).build()


class _Builder(BlockWalk, Directions, Finish, Codebook, Branches, GuideDict):
    def __init__(self, outline: Outline, codes: bool, default_title: str):
        self.outline = outline
        self.codes = codes
        self.title = ""
        self.title_where = ""
        self.default_title = default_title
        self.root = Sec("", 0, "")
        self.stack: list[Sec] = [self.root]
        self.q: Q | None = None
        self.probe: Prompt | None = None
        self.sub: Prompt | None = None
        self.order = 0
        self.guesses: list[Guess] = []
        self.question_order: list[tuple[int, Q, Sec]] = []
        self.pending_guidance: list[tuple[int, str, str]] = []  # text for the next question
        self.trailing: list = []  # (order, text, where, question before it)
        self.labels_seen = False
        self.row_closed = False
        self.label_log: list = []  # (order, path, where, section) of every code label
        self.guide_minutes = None
        self.version = ""
        self.guide_guesses: list[Guess] = []  # about the guide as a whole
        self.introduction_minutes = 0.0  # the budgets of headings that became them
        self.closing_minutes = 0.0
        self.pending_condition: tuple | None = None  # 'Only ask if' for the next question
        self.block_head: list[str] = []  # the notes that open the block being read
        self.notes: set[int] = set()  # orders of blocks that are all notes (italics, brackets)
        self.near_said: set[tuple] = set()  # near-match guesses already made (codebook)
        self.code_indexes: dict[int, tuple] = {}  # codebook levels by id (codebook)
        self.directions: set[int] = set()  # ... of those, the stage directions
        self.heads: dict[int, tuple] = {}  # (head notes, text, tail notes) of loose text

    @property
    def sec(self) -> Sec:
        return self.stack[-1]

    def guess(self, node, where: str, message: str) -> None:
        g = Guess(where, message)
        node.guesses.append(g)

"""Fuzzing `load_guide`: whatever the file holds, it returns a Guide or raises GuideError.

Nothing else may escape (no KeyError, TypeError, RecursionError, yaml.YAMLError,
UnicodeDecodeError...), every problem is a located `Problem` with a message, and
an accepted guide keeps the documented invariants (unique, well-formed ids;
code references resolved to codebook paths).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prompter.errors import GuideError, Problem
from prompter.guide import ID_PATTERN, PRIORITIES, Guide, load_guide

# The nested strategies below have long reprs; Hypothesis warns about that, harmlessly.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = [
    "title",
    "sections",
    "questions",
    "text",
    "probes",
    "codes",
    "codebook",
    "id",
    "minutes",
    "priority",
    "examples",
    "guidance",
    "name",
    "description",
    "color",
    "version",
    "introduction",
    "closing",
]
NEAR_MISSES = ["probs", "titel", "questoins", "guidence", "colour", "Title", "text ", ""]
CODE_NAMES = ["Setting", "Space", "Tools", "Wellbeing", "Other", "A/B"]
WORDS = [
    "Where do you work?",
    "Why?",
    "How do you feel about that?",
    "core",
    "optional",
    "high",
    "#1F77B4",
    "red",
    "Setting",
    "Setting/Space",
    "Space",
    "Nope",
    "role",
    "1abc",
    "has space",
    "",
    "  ",
    "é",
    "\u200b",
    "\x1b[31m",
    "\ufeff",
]

VALID_GUIDE = """\
title: Working from home
version: "1.2"
minutes: 30
codebook:
  - name: Setting
    color: "#1F77B4"
    codes:
      - name: Space
      - name: Tools
  - name: Wellbeing
sections:
  - title: About you
    minutes: 5
    questions:
      - id: role
        text: Could you tell me briefly about your job role?
  - title: Working days
    codes: [Setting]
    sections:
      - title: The space
        codes: [Setting/Space]
        questions:
          - text: Where do you usually work when you are at home?
            probes:
              - Do you share that space?
              - text: What would make it better?
                examples: [a desk, a door]
                probes:
                  - Who would pay for that?
            examples:
              - kitchen table
              - text: a separate room
                examples: [a spare bedroom]
            priority: optional
"""

# --- strategies ----------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
keys = st.one_of(
    st.sampled_from(KEYS), st.sampled_from(NEAR_MISSES), st.text(max_size=8), st.integers(-3, 3)
)

# Arbitrary nested data, biased towards the guide's own key names.
anything = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=30,
)


def maybe(strategy):
    """Mostly the well-typed value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, anything)


texts = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=30))
code_refs = maybe(
    st.lists(st.sampled_from(CODE_NAMES + ["Setting/Space", "Wellbeing/Other", "Nope"]), max_size=3)
)
examples = maybe(
    st.lists(
        st.one_of(
            texts,
            st.fixed_dictionaries(
                {"text": maybe(texts)}, optional={"examples": maybe(st.lists(texts, max_size=3))}
            ),
        ),
        max_size=3,
    )
)
subprompts = st.lists(
    st.one_of(
        texts,
        st.fixed_dictionaries(
            {"text": maybe(texts)},
            optional={
                "guidance": texts,
                "examples": examples,
                "probes": st.lists(texts, max_size=2),
            },
        ),
    ),
    max_size=3,
)
probes = maybe(
    st.lists(
        st.one_of(
            texts,
            st.fixed_dictionaries(
                {"text": maybe(texts)},
                optional={
                    "guidance": maybe(texts),
                    "examples": examples,
                    "probes": maybe(subprompts),
                },
            ),
        ),
        max_size=4,
    )
)
questions = st.lists(
    st.fixed_dictionaries(
        {"text": maybe(texts)},
        optional={
            "id": maybe(st.sampled_from(["role", "q1", "_x.y-z", "1abc", "has space"])),
            "probes": probes,
            "guidance": maybe(texts),
            "examples": examples,
            "codes": code_refs,
            "priority": maybe(st.sampled_from(PRIORITIES + ("high",))),
            "hint": texts,
        },
    ),
    max_size=3,
)
codes = st.recursive(
    st.fixed_dictionaries(
        {"name": maybe(st.sampled_from(CODE_NAMES))},
        optional={
            "description": maybe(texts),
            "color": maybe(st.sampled_from(["#1F77B4", "red", "#12"])),
        },
    ),
    lambda children: st.fixed_dictionaries(
        {"name": st.sampled_from(CODE_NAMES), "codes": maybe(st.lists(children, max_size=3))}
    ),
    max_leaves=8,
)
minutes = maybe(st.one_of(st.integers(-2, 90), st.floats(allow_nan=True)))
sections = st.recursive(
    st.fixed_dictionaries(
        {"title": maybe(texts)},
        optional={
            "questions": maybe(questions),
            "codes": code_refs,
            "minutes": minutes,
            "description": maybe(texts),
        },
    ),
    lambda children: st.fixed_dictionaries(
        {"title": maybe(texts)},
        optional={
            "sections": maybe(st.lists(children, max_size=2)),
            "questions": maybe(questions),
            "codes": code_refs,
        },
    ),
    max_leaves=10,
)
guides = st.fixed_dictionaries(
    {"title": maybe(texts), "sections": maybe(st.lists(sections, max_size=3))},
    optional={
        "version": maybe(st.one_of(texts, st.integers(0, 9), st.floats(0, 9))),
        "codebook": maybe(st.lists(codes, max_size=3)),
        "minutes": minutes,
        "introduction": maybe(texts),
        "closing": maybe(texts),
        "description": maybe(texts),
        "titel": texts,
    },
)
yamlish = st.text(
    alphabet="[]{}:-?,&*!|>'\"#%@`~ \n\t\r.abcdeflnrstux019\\\ufeff\x00é", max_size=300
)


def dump(document, unicode: bool) -> bytes:
    return yaml.safe_dump(document, allow_unicode=unicode, sort_keys=False).encode("utf-8")


# --- the property ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guide_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "guide.yaml"


def check(path: Path, data: bytes) -> Guide | GuideError:
    path.write_bytes(data)
    try:
        guide = load_guide(path)
    except GuideError as error:
        assert error.problems, "GuideError without problems"
        for problem in error.problems:
            assert isinstance(problem, Problem), problem
            assert isinstance(problem.message, str) and problem.message.strip(), problem
            assert "\n" not in problem.message, f"a problem is one line: {problem.message!r}"
            assert problem.path == str(path), problem
            assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
            assert problem.column is None or (
                problem.line is not None and isinstance(problem.column, int) and problem.column >= 1
            ), problem
        return error
    assert isinstance(guide, Guide)
    assert guide.title.strip()
    assert guide.questions, "an accepted guide has at least one question"
    ids = [q.id for q in guide.questions]
    assert len(ids) == len(set(ids)), ids
    for q in guide.questions:
        assert ID_PATTERN.match(q.id), q.id
        assert q.text.strip()
        assert q.priority in PRIORITIES
        for code in q.codes:
            assert code in guide.codes, (code, list(guide.codes))
    for code in guide.codes.values():
        assert "/" not in code.name
    return guide


def test_valid_guide_is_accepted(guide_file):
    assert isinstance(check(guide_file, VALID_GUIDE.encode()), Guide)


@FUZZ
@given(document=guides, unicode=st.booleans())
def test_guide_shaped_documents(guide_file, document, unicode):
    check(guide_file, dump(document, unicode))


@FUZZ
@given(document=anything, unicode=st.booleans())
def test_arbitrary_documents(guide_file, document, unicode):
    check(guide_file, dump(document, unicode))


@FUZZ
@given(data=st.binary(max_size=2048))
def test_random_bytes(guide_file, data):
    check(guide_file, data)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), yamlish))
def test_random_text(guide_file, text):
    check(guide_file, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(VALID_GUIDE)), st.integers(0, 3), st.binary(max_size=4)),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_valid_guide(guide_file, edits):
    data = bytearray(VALID_GUIDE.encode())
    for at, delete, insert in edits:
        at = min(at, len(data))
        data[at : at + delete] = insert
    check(guide_file, bytes(data))

"""The bundled guides: they load, and the Resilience Hub guide is a faithful,
complete transcription of its seed (tests/data/seed-topic-guide.txt)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from prompter.guide import ID_PATTERN, derive_id, load_guide

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ROOT / "guides"
RH_PATH = GUIDES / "resilience-hub-wider-stakeholders.yaml"
DEMO_PATH = GUIDES / "demo.yaml"
SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seed-topic-guide.txt"
SCHEMA_LINE = "# yaml-language-server: $schema=../prompter/guide.schema.json"

CONSTRUCTS = {
    "Coherence": [
        "Differentiation",
        "Communal specification",
        "Individual specification",
        "Internalisation",
    ],
    "Cognitive Participation": ["Initiation", "Enrolment", "Legitimation", "Activation"],
    "Collective Action": [
        "Interactional workability",
        "Relational integration",
        "Skillset workability",
        "Contextual integration",
    ],
    "Reflexive Monitoring": [
        "Systematisation",
        "Communal appraisal",
        "Individual appraisal",
        "Reconfiguration",
    ],
}


# --------------------------------------------------------------------------
# Normalisation of seed and guide text


_UNIFY = str.maketrans(
    {
        "\u2019": "'",  # ’
        "\u2018": "'",  # ‘
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2010": "-",
        "\u00a0": " ",
    }
)
_GLYPHS = re.compile(r"[•▪→]")
# A bullet at the start of a seed line: •, ▪, →, -, o, 1., a.
_BULLET_LINE = re.compile(r"^[ \t]*(?:[•▪→o-]|\d+\.|[a-z]\.)[ \t]+", re.M)


def norm(text: str) -> str:
    """Quotes and dashes unified, bullet glyphs dropped, white space collapsed."""
    return " ".join(_GLYPHS.sub(" ", text.translate(_UNIFY)).split())


# Seed fragments that are not guide content. Everything else of the seed must
# be in the guide. Kept minimal; each entry must occur in the seed.
SEED_NON_CONTENT = [
    # The document's header (the guide's title is taken from it).
    "Supplementary Material 4: Interview topic guide - Wider stakeholders",
    # Section heading (becomes the section's title).
    "About You",
    # Heading of the NPT table.
    "Normalisation Process Theory",
    # Page labels of the four constructs; the definitions after them are the
    # construct sections' descriptions.
    "1 of 4 COHERENCE -",
    "2 of 4 COGNITIVE PARTICIPATION -",
    "3 of 4 COLLECTIVE ACTION -",
    "4 of 4 REFLEXIVE MONITORING -",
]
# The right-hand column of the table: "Construct/ Sub-construct" labels
# (they become sub-section titles and codes). "Reflective" is the seed's typo.
_SUB_LABEL = re.compile(
    r"(?:Coherence|Cognitive\s+Participation|Collective\s+Action|Reflexive\s+Monitoring"
    r"|Reflective\s+Monitoring)\s*/\s*(?:"
    + "|".join(r"\s+".join(sub.split()) for subs in CONSTRUCTS.values() for sub in subs)
    + r")",
    re.I,
)
SEED_LABEL_COUNT = 17  # 16 sub-constructs, Communal specification twice

# Sentence ends: after a question mark; after . ! : or a closing bracket
# before a capital or an opening bracket ("(or lack of) helped" is not split,
# "(If relevant) Have" is).
_SENTENCE_END = re.compile(r"(?<=\?)\s+|(?<=[.!:)\]])\s+(?=[A-Z(\[])")


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


# A paragraph break (blank line) ends an item when the text before it stops
# on a word with no closing punctuation and the next paragraph starts with a
# capital ("... service provision" / "In what ways has ..."), unless that
# capital is one of the seed's proper nouns: the extraction also breaks lines
# mid-sentence with blank lines ("how helpful the" / "Resilience Hubs have
# been", "available in other" / "Trusts / health and care?]"); mid-sentence
# breaks before a lower-case word ("wider" / "system?") are never cut.
_ITEM_END = re.compile(
    r"(?<=[A-Za-z])[ \t]*\n(?:[ \t]*\n)+[ \t]*(?=[A-Z(])(?!(?:Resilience|Hubs?|Trusts?|NHS)\b)"
)


def seed_chunks() -> list[str]:
    """The seed cut at bullets, sub-construct labels and non-content, normalised."""
    text = _ITEM_END.sub("\x00", seed_text()).translate(_UNIFY)
    text = _BULLET_LINE.sub("\n\x00", text)
    text = _SUB_LABEL.sub("\x00", text)
    for fragment in SEED_NON_CONTENT:
        text = text.replace(fragment, "\x00")
    return [c for c in (norm(part) for part in text.split("\x00")) if c]


def seed_sentences() -> list[str]:
    return [s for chunk in seed_chunks() for s in _SENTENCE_END.split(chunk) if s]


def seed_questions() -> list[str]:
    """Every sentence of the seed that contains a question mark."""
    return [s for s in seed_sentences() if "?" in s]


# --------------------------------------------------------------------------
# Walking the guide's text


def example_texts(examples):
    for ex in examples:
        yield ex.text
        yield from ex.examples


def prompt_texts(prompt):
    yield prompt.text
    if prompt.guidance:
        yield prompt.guidance
    yield from example_texts(prompt.examples)
    for sub in prompt.probes:
        yield from prompt_texts(sub)


def question_texts(q):
    """Every string of a question: text, guidance, examples, probes, sub-prompts."""
    yield q.text
    if q.guidance:
        yield q.guidance
    yield from example_texts(q.examples)
    for probe in q.probes:
        yield from prompt_texts(probe)


def sub_prompts(q):
    return [sub for probe in q.probes for sub in probe.probes]


@pytest.fixture(scope="module")
def rh():
    return load_guide(RH_PATH)


@pytest.fixture(scope="module")
def demo():
    return load_guide(DEMO_PATH)


# --------------------------------------------------------------------------
# Both guides


@pytest.mark.parametrize("path", [RH_PATH, DEMO_PATH], ids=lambda p: p.name)
def test_bundled_guide_loads(path):
    guide = load_guide(path)
    assert guide.questions
    assert guide.introduction and guide.closing
    for q in guide.questions:
        assert ID_PATTERN.match(q.id)
    assert len({q.id for q in guide.questions}) == len(guide.questions)


@pytest.mark.parametrize("path", [RH_PATH, DEMO_PATH], ids=lambda p: p.name)
def test_bundled_guide_points_at_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_seed_copy_is_present():
    text = seed_text()
    assert text.lstrip().startswith("Supplementary Material 4: Interview topic guide")
    assert "That concludes the interview" in text


# --------------------------------------------------------------------------
# The demo guide


def test_demo_guide_shape(demo):
    assert demo.title == "Demo: working from home"
    assert len(demo.sections) == 2
    assert len(demo.all_sections) == 3
    assert len(demo.questions) == 6
    assert len(demo.codebook) == 2
    assert all(1 <= len(code.codes) <= 2 for code in demo.codebook)
    assert [q.priority for q in demo.questions].count("optional") == 1
    assert sum(1 for q in demo.questions if q.guidance) == 1
    assert any(sub_prompts(q) for q in demo.questions)
    derived = [q for q in demo.questions if q.id == derive_id(q.text)]
    assert 0 < len(derived) < len(demo.questions)


# --------------------------------------------------------------------------
# The Resilience Hub guide: metadata


def test_rh_metadata(rh):
    assert rh.title == "Interview topic guide - Wider stakeholders"
    assert rh.version == "1.0"
    assert "Resilience Hubs" in rh.description
    assert rh.minutes == 60
    budgets = [s.minutes for s in rh.sections]
    assert all(m and m > 0 for m in budgets)
    assert abs(sum(budgets) - rh.minutes) <= 5
    assert rh.introduction.startswith("As part of this research")
    assert rh.closing.startswith("That concludes the interview")


def test_rh_introduction_and_closing_are_verbatim(rh):
    seed = norm(seed_text())
    assert norm(rh.introduction) in seed
    assert norm(rh.closing) in seed
    assert norm(rh.introduction).endswith("to improve services in the future.")
    assert norm(rh.closing).endswith("anything else you would like to add?")


# --------------------------------------------------------------------------
# The Resilience Hub guide: structure pinned


# Sub-sections of each construct, in the seed's order, with their question ids.
EXPECTED_STRUCTURE = {
    ("About You",): ["about.role", "about.involvement"],
    ("Coherence", "Communal specification (needs and agreement)"): [
        "coh.comm.needs",
        "coh.comm.agreement",
    ],
    ("Coherence", "Individual specification"): ["coh.indiv.understanding"],
    ("Coherence", "Differentiation"): [
        "coh.diff.usual-ways",
        "coh.diff.different-provision",
        "coh.diff.others-understand",
        "coh.diff.facilitators",
    ],
    ("Coherence", "Communal specification (fit and purpose)"): [
        "coh.comm.fit",
        "coh.comm.purpose-agreement",
        "coh.comm.purpose-changed",
        "coh.comm.purpose",
    ],
    ("Coherence", "Internalisation"): [
        "coh.int.grasp-value",
        "coh.int.value-changed",
        "coh.int.value",
        "coh.int.use-hub",
    ],
    ("Cognitive Participation", "Initiation"): [
        "cp.init.right-people",
        "cp.init.anyone-else",
        "cp.init.timing",
        "cp.init.on-board",
    ],
    ("Cognitive Participation", "Enrolment"): [
        "cp.enrol.collaborated",
        "cp.enrol.worked-well",
        "cp.enrol.helped-hindered",
        "cp.enrol.barriers",
    ],
    ("Cognitive Participation", "Legitimation"): ["cp.legit.best-way", "cp.legit.fit"],
    ("Cognitive Participation", "Activation"): [
        "cp.act.procedures",
        "cp.act.existing-system",
        "cp.act.outreach",
    ],
    ("Collective Action", "Interactional workability"): [
        "ca.iw.integrates",
        "ca.iw.integration-effect",
        "ca.iw.unmet-needs",
        "ca.iw.position",
        "ca.iw.accessibility",
    ],
    ("Collective Action", "Skillset workability"): ["ca.sw.expertise"],
    ("Collective Action", "Relational integration"): ["ca.ri.confidence"],
    ("Collective Action", "Contextual integration"): [
        "ca.ci.funding-resources",
        "ca.ci.funding-general",
    ],
    ("Reflexive Monitoring", "Systematisation"): ["rm.sys.methods"],
    ("Reflexive Monitoring", "Individual appraisal"): ["rm.ia.effective", "rm.ia.improve"],
    ("Reflexive Monitoring", "Communal appraisal"): ["rm.ca.come-together"],
    ("Reflexive Monitoring", "Reconfiguration"): [
        "rm.rec.post-pandemic",
        "rm.rec.useful-role",
        "rm.rec.key-aspects",
        "rm.rec.preventative",
    ],
}


def test_rh_sections_and_question_ids(rh):
    assert [s.title for s in rh.sections] == ["About You", *CONSTRUCTS]
    actual = {}
    for section in rh.all_sections:
        if section.questions:
            actual[section.path] = [q.id for q in section.questions]
    assert actual == EXPECTED_STRUCTURE
    # and in that order
    assert [q.id for q in rh.questions] == [i for ids in EXPECTED_STRUCTURE.values() for i in ids]
    # the sub-sections hold all questions of a construct
    for section in rh.sections[1:]:
        assert not section.questions
        assert all(not sub.sections for sub in section.sections)


def test_rh_counts(rh):
    by_title = {s.title: s for s in rh.sections}
    assert len(rh.sections) == 5

    sub_sections = {t: len(s.sections) for t, s in by_title.items()}
    assert sub_sections == {
        "About You": 0,
        "Coherence": 5,  # Communal specification twice
        "Cognitive Participation": 4,
        "Collective Action": 4,
        "Reflexive Monitoring": 4,
    }
    questions = {t: len(list(s.all_questions())) for t, s in by_title.items()}
    assert questions == {
        "About You": 2,
        "Coherence": 15,
        "Cognitive Participation": 13,
        "Collective Action": 9,
        "Reflexive Monitoring": 8,
    }
    probes = {t: sum(len(q.probes) for q in s.all_questions()) for t, s in by_title.items()}
    assert probes == {
        "About You": 0,
        "Coherence": 2,
        "Cognitive Participation": 6,
        "Collective Action": 10,
        "Reflexive Monitoring": 4,
    }
    assert len(rh.questions) == 47
    assert sum(len(q.probes) for q in rh.questions) == 22
    assert sum(len(sub_prompts(q)) for q in rh.questions) == 5

    all_prompts = [p for q in rh.questions for p in q.probes]
    all_prompts += [sp for q in rh.questions for sp in sub_prompts(q)]
    examples = [e for q in rh.questions for e in q.examples]
    examples += [e for p in all_prompts for e in p.examples]
    assert len(examples) == 29
    assert sum(len(e.examples) for e in examples) == 5
    assert sum(1 for q in rh.questions if q.examples) == 5
    guidance = [q.guidance for q in rh.questions if q.guidance]
    guidance += [p.guidance for p in all_prompts if p.guidance]
    assert guidance == [
        "(Update with current function etc if needed)",
        "Eg communication",
        guidance[2],  # the long "e.g. so that people know ..." note
        "(If relevant)",
        "Other people could be:",
    ]
    assert guidance[2].startswith("e.g. so that people know what the Resilience Hub is")


def test_rh_priorities(rh):
    optional = [q.id for q in rh.questions if q.priority == "optional"]
    assert optional == ["ca.ci.funding-resources"]
    assert rh.question("ca.ci.funding-resources").guidance == "(If relevant)"


def test_rh_ids_are_explicit_and_readable(rh):
    for q in rh.questions:
        assert q.id != derive_id(q.text)
        assert re.fullmatch(r"(about|coh|cp|ca|rm)(\.[a-z]+)?\.[a-z]+(-[a-z]+)*", q.id), q.id


# --------------------------------------------------------------------------
# The Resilience Hub guide: the codebook


def test_rh_codebook(rh):
    assert [c.name for c in rh.codebook] == list(CONSTRUCTS)
    for code in rh.codebook:
        assert [child.name for child in code.codes] == CONSTRUCTS[code.name]
        assert code.description
        for child in code.codes:
            assert child.path == (code.name, child.name)
            assert child.description
            assert not child.codes
    assert sum(len(c.codes) for c in rh.codebook) == 16


def test_rh_construct_descriptions_are_the_seed_definitions(rh):
    seed = norm(seed_text()).casefold()
    codes = {c.name: c for c in rh.codebook}
    for section in rh.sections[1:]:
        assert section.description
        assert norm(section.description).casefold() in seed
        assert section.description == codes[section.title].description


def test_rh_questions_carry_their_sub_construct_code(rh):
    valid = set(rh.codes)
    for section in rh.sections[1:]:
        construct = section.title
        for sub in section.sections:
            name = sub.title.split(" (")[0]
            assert name in CONSTRUCTS[construct]
            key = f"{construct}/{name}"
            assert key in valid
            for q in sub.questions:
                assert key in q.codes, q.id
                assert construct in q.codes, q.id
                npt = [c for c in q.codes if "/" in c]
                assert npt == [key], q.id
    for q in rh.sections[0].all_questions():
        assert q.codes == ()
    # every sub-construct is used
    used = {c for q in rh.questions for c in q.codes if "/" in c}
    assert used == {f"{k}/{v}" for k, vs in CONSTRUCTS.items() for v in vs}


# --------------------------------------------------------------------------
# The Resilience Hub guide against its seed


def test_seed_non_content_allow_list_is_current():
    text = seed_text().translate(_UNIFY)
    for fragment in SEED_NON_CONTENT:
        assert fragment in text, fragment
    assert len(_SUB_LABEL.findall(text)) == SEED_LABEL_COUNT


def test_rh_invents_nothing(rh):
    """Every text of every question occurs, as written, in the seed."""
    seed = norm(seed_text())
    missing = [
        (q.id, text) for q in rh.questions for text in question_texts(q) if norm(text) not in seed
    ]
    assert missing == []


def test_rh_drops_no_question(rh):
    """Every question-mark sentence of the seed occurs in a text of the guide."""
    fields = [norm(t) for q in rh.questions for t in question_texts(q)]
    fields += [norm(rh.introduction), norm(rh.closing)]
    sentences = seed_questions()
    assert len(sentences) == 84  # pinned: the splitter itself is checked too
    missing = [s for s in sentences if not any(s in f for f in fields)]
    assert missing == []


def test_rh_drops_no_words(rh):
    """Every word of the seed's content is in the guide as often as in the seed.

    Stricter than the question check: catches a dropped example, probe or
    note. The only words the transcription leaves out are the "e.g." markers
    turned into example lists.
    """

    def words(text):
        return [
            w for w in re.findall(r"[a-z0-9]+", norm(text).casefold()) if w not in {"e", "g", "eg"}
        ]

    seed_words = Counter(w for chunk in seed_chunks() for w in words(chunk))
    guide_words = Counter(w for q in rh.questions for t in question_texts(q) for w in words(t))
    for text in [rh.introduction, rh.closing, *(s.description for s in rh.sections)]:
        guide_words.update(words(text))
    missing = seed_words - guide_words
    assert not missing, f"seed words missing from the guide: {dict(missing)}"


def test_seed_question_splitter_catches_a_dropped_question(rh):
    """The completeness check is not vacuous: removing one question shows."""
    fields = [
        norm(t) for q in rh.questions if q.id != "coh.comm.purpose" for t in question_texts(q)
    ]
    fields += [norm(rh.introduction), norm(rh.closing)]
    missing = [s for s in seed_questions() if not any(s in f for f in fields)]
    assert missing == ["What do you see as its purpose?"]


def test_a_folder_named_like_a_bundled_guide_does_not_hide_it(tmp_path, monkeypatch):
    from prompter.guide.bundled import resolve_guide

    (tmp_path / "demo").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_guide("demo").name == "demo.yaml"
    (tmp_path / "mine").write_text("title: x\n")
    assert resolve_guide("mine") == Path("mine")  # a file here is taken as given

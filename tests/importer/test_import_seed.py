"""`prompter import tests/data/seed-topic-guide.txt --codes` against the bundled guide
that a person made by hand from the same seed: the same sections, the same 47
questions in the same order with the same codes, but for the differences listed here
(each explained in docs/guide-import.md, "The seed guide"). A rule change that adds or
removes a difference fails this test."""

from __future__ import annotations

from helpers import DATA, REPO

from prompter.cli import main
from prompter.guide import load_guide

SEED = DATA / "seed-topic-guide.txt"
BUNDLED = REPO / "guides" / "resilience-hub-wider-stakeholders.yaml"

# Section paths where the import differs: (imported, bundled).
SECTION_DIFFERENCES = {
    # the seed labels two blocks "Coherence/ Communal specification"; the author titled
    # them by their content, the importer numbers the second
    (
        ("Coherence", "Communal specification"),
        ("Coherence", "Communal specification (needs and agreement)"),
    ),
    (
        ("Coherence", "Communal specification (2)"),
        ("Coherence", "Communal specification (fit and purpose)"),
    ),
    # the seed's capital A, which the author made lower case
    (
        ("Reflexive Monitoring", "Communal Appraisal"),
        ("Reflexive Monitoring", "Communal appraisal"),
    ),
}
# Questions whose codes differ: text -> (imported codes, bundled codes).
CODE_DIFFERENCES = {
    # the second question on the page after the label: the importer keeps only the first
    # block after a page break with the label above it
    "What do you see as its purpose?": (
        ("Coherence", "Coherence/Internalisation"),
        ("Coherence", "Coherence/Communal specification"),
    ),
    "Do you come together with other people to talk about how effective the Hub is? "
    "(Either formally or informally)": (
        ("Reflexive Monitoring", "Reflexive Monitoring/Communal Appraisal"),
        ("Reflexive Monitoring", "Reflexive Monitoring/Communal appraisal"),
    ),
}


def _imported(tmp_path, capsys):
    out = tmp_path / "seed.yaml"
    assert main(["import", str(SEED), "--codes", "-o", str(out)]) == 0
    return load_guide(out), capsys.readouterr().err


def test_same_questions_in_the_same_order(tmp_path, capsys):
    imported, _ = _imported(tmp_path, capsys)
    bundled = load_guide(BUNDLED)
    assert [q.text for q in imported.questions] == [q.text for q in bundled.questions]
    assert len(imported.questions) == 47


def test_same_sections_but_the_listed_differences(tmp_path, capsys):
    imported, _ = _imported(tmp_path, capsys)
    bundled = load_guide(BUNDLED)
    assert [s.title for s in imported.sections] == [s.title for s in bundled.sections]
    pairs = list(
        zip(
            [s.path for s in imported.all_sections],
            [s.path for s in bundled.all_sections],
            strict=True,
        )
    )
    assert {p for p in pairs if p[0] != p[1]} == SECTION_DIFFERENCES


def test_same_codes_but_the_listed_differences(tmp_path, capsys):
    imported, _ = _imported(tmp_path, capsys)
    bundled = {q.text: q for q in load_guide(BUNDLED).questions}
    differences = {
        q.text: (q.codes, bundled[q.text].codes)
        for q in imported.questions
        if q.codes != bundled[q.text].codes
    }
    assert differences == CODE_DIFFERENCES
    assert set(load_guide(BUNDLED).codes) ^ set(imported.codes) == {
        "Reflexive Monitoring/Communal Appraisal",
        "Reflexive Monitoring/Communal appraisal",
    }


def test_every_guess_is_reported_with_its_line(tmp_path, capsys):
    _, err = _imported(tmp_path, capsys)
    assert err.splitlines()[0].startswith(
        f"imported {SEED} -> {tmp_path / 'seed.yaml'}: 5 sections (22 with sub-sections), "
        "47 questions"
    )
    assert (
        f"  {SEED}: line 332: guessed: code label 'Reflective Monitoring' taken as "
        "'Reflexive Monitoring' (a near match)" in err.splitlines()
    )
    assert (
        f"  {SEED}: line 76: guessed: on the next page after a code label: kept with "
        "the label above it" in err.splitlines()
    )
    text = (tmp_path / "seed.yaml").read_text()
    assert (
        "# guessed: code label 'Reflective Monitoring' taken as 'Reflexive Monitoring' "
        "(a near match) (line 332)" in text
    )


def test_without_codes_the_labels_are_not_codes(tmp_path, capsys):
    out = tmp_path / "plain.yaml"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    guide = load_guide(out)
    assert (
        "note: 17 lines look like code labels (the first at line 34); --codes reads "
        "them as codes" in capsys.readouterr().err.splitlines()
    )
    assert not guide.codebook
    assert [s.title for s in guide.sections] == [
        "About You",
        "Coherence",
        "Cognitive Participation",
        "Collective Action",
        "Reflexive Monitoring",
    ]

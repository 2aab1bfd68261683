"""The documented rules of docs/guide-import.md, one small guide each, imported through
the command and read back with `load_guide`."""

from __future__ import annotations

import pytest

from prompter.cli import main
from prompter.guide import load_guide


def imported(tmp_path, capsys, text: str, name: str = "g.md", *extra: str):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", str(src), "-o", str(out), *extra]) == 0
    return load_guide(out), capsys.readouterr().err, out.read_text()


@pytest.mark.parametrize(
    "heading, title, minutes",
    [
        ("Background [~5 mins]", "Background", 5),
        ("Coherence (10 minutes)", "Coherence", 10),
        ("Cognitive participation – 15 min", "Cognitive participation", 15),
        ("Warm up 15 mins", "Warm up", 15),
        ("Tasks (20-30 mins)", "Tasks", 30),
        # the section's number is kept, written one way (docs/guide-import.md, Sections)
        ("SECTION 2: RESPITE SERVICES (20 mins)", "Section 2: Respite Services", 20),
        ("Part A: Your practice", "Part A: Your practice", None),
        ("PART B - SUPPORT [15 minutes]", "Part B: Support", 15),
        ("3) Payments task (1 hour)", "3. Payments task", 60),
        ("2.1 Contacts with families", "2.1 Contacts with families", None),
        ("Section 3", "Section 3", None),
    ],
)
def test_heading_time_and_title(tmp_path, capsys, heading, title, minutes):
    guide, _, _ = imported(tmp_path, capsys, f"# Guide\n\n## {heading}\n\n- What is it?\n")
    assert guide.sections[0].title == title
    assert guide.sections[0].minutes == minutes


def test_heading_with_description(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        "A guide\n\n1 of 4 COHERENCE - how people make sense of what is new\n\n"
        "What is new to you?\n",
        "g.txt",
    )
    assert guide.sections[0].title == "Coherence"
    assert guide.sections[0].description == "How people make sense of what is new"


@pytest.mark.parametrize(
    "line, text, guidance, priority",
    [
        (
            "(If relevant) Have the funds been found?",
            "Have the funds been found?",
            "(If relevant)",
            "optional",
        ),
        (
            "Did you feel unsafe? *(sensitive: go gently)*",
            "Did you feel unsafe?",
            "(sensitive: go gently)",
            "core",
        ),
        (
            "_Show card B:_ who else was there?",
            "who else was there?",
            "Show card B:",
            "core",
        ),
        ("How *often* do you go?", "How often do you go?", "", "core"),
        (
            "Is it effective? (Either formally or informally)",
            "Is it effective? (Either formally or informally)",
            "",
            "core",
        ),
        (
            "What is on offer? [If not mentioned, ask about groups]",
            "What is on offer?",
            "[If not mentioned, ask about groups]",
            "core",
        ),
        ("Would you change it? (optional)", "Would you change it?", "(optional)", "optional"),
    ],
)
def test_guidance_and_priority(tmp_path, capsys, line, text, guidance, priority):
    guide, _, _ = imported(tmp_path, capsys, f"# G\n\n## S\n\n- {line}\n")
    q = guide.questions[0]
    assert (q.text, q.guidance, q.priority) == (text, guidance, priority)


def test_probes_sub_prompts_and_probe_marks(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        (
            "Teachers\n\nWORKLOAD\n\n"
            "Q1. How has your workload changed? Probe: marking, meetings\n"
            "Q2. Who helps you?\n"
            "   - colleagues\n"
            "      - in your department\n"
            "         - by email\n"
            "   Prompt: and outside school?\n"
        ),
        "g.txt",
    )
    q1, q2 = guide.questions
    assert q1.text == "How has your workload changed?"
    assert q1.probe_texts == ("marking, meetings",)
    assert q2.probe_texts == ("colleagues", "and outside school?")
    sub = q2.probes[0].probes[0]
    assert sub.text == "in your department"
    assert [e.text for e in sub.examples] == ["by email"]


def test_routing_is_guidance_and_a_guess(tmp_path, capsys):
    guide, err, text = imported(
        tmp_path, capsys, "# G\n\n## S\n\n1. Did you apply? _If not, skip to section 3._\n"
    )
    assert guide.questions[0].guidance == "If not, skip to section 3."
    assert "line 5: guessed: 'If not, skip to section 3.' kept as guidance" in err
    assert "# guessed: 'If not, skip to section 3.' kept as guidance" in text


def test_introduction_and_closing(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        (
            "# Guide\n\nWelcome, and thank you.\n\n## Introduction\n\nRead the consent form.\n\n"
            "## Questions\n\n- What do you do?\n\nThat was the last question.\n\n"
            "## Wrap up\n\nThank you for your time.\n"
        ),
    )
    assert guide.introduction == "Welcome, and thank you.\nRead the consent form."
    assert guide.closing == "That was the last question.\nThank you for your time."
    assert [s.title for s in guide.sections] == ["Questions"]


def test_labels_before_their_questions_and_explicit_codes(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        (
            "# CFIR\n\n## Inner setting\n\nInner Setting/ Culture\n\n- What is the culture?\n"
            "- How does it help?\n\nInner Setting/ Resources\n\n- What do you lack?\n"
            "Codes: Process/Planning\n"
        ),
        "g.md",
        "--codes",
    )
    assert [s.path for s in guide.all_sections] == [
        ("Inner setting",),
        ("Inner setting", "Culture"),
        ("Inner setting", "Resources"),
    ]
    assert [q.codes for q in guide.questions] == [
        # the section "Inner setting" is named like the code: it carries it
        ("Inner Setting", "Inner Setting/Culture"),
        ("Inner Setting", "Inner Setting/Culture"),
        ("Inner Setting", "Inner Setting/Resources", "Process/Planning"),
    ]
    assert [c.key for c in guide.codes.values()] == [
        "Inner Setting",
        "Inner Setting/Culture",
        "Inner Setting/Resources",
        "Process",
        "Process/Planning",
    ]


def test_labels_are_text_without_codes(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path, capsys, "# G\n\n## S\n\nInner Setting/ Culture\n\n- What is the culture?\n"
    )
    assert not guide.codebook and guide.questions[0].codes == ()


def test_more_than_nine_probes_nest_under_a_ninth(tmp_path, capsys):
    probes = "".join(f"  - Probe number {i}?\n" for i in range(1, 13))
    guide, err, _ = imported(tmp_path, capsys, f"# G\n\n## S\n\n- What happened?\n{probes}")
    q = guide.questions[0]
    assert len(q.probes) == 9
    assert q.probe_texts[:8] == tuple(f"Probe number {i}?" for i in range(1, 9))
    assert q.probes[8].text == "Further probes"
    assert [p.text for p in q.probes[8].probes] == [f"Probe number {i}?" for i in range(9, 13)]
    assert "line 14: guessed: more than 9 probes" in err  # the ninth

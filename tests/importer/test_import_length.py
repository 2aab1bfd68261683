"""The planned length and the version a guide states about itself (docs/guide-import.md,
"The planned length and the version"): in the title or the first lines, in Markdown and
Word, and the introduction's and the closing's budgets from their headings."""

from __future__ import annotations

import docx
import pytest
from import_kit import imported, imported_docx

QUESTIONS = "\n## Teaching online (30 mins)\n\n1. How has your teaching changed?\n"


@pytest.mark.parametrize(
    ("title", "minutes", "version", "clean"),
    [
        ("Remote teaching – version 2.1 (approx. 50 minutes)", 50, "2.1", "Remote teaching"),
        ("Remote teaching guide v3, 45 mins", 45, "3", "Remote teaching guide"),
        ("Remote teaching (1 hour)", 60, "1", "Remote teaching"),
        ("Remote teaching: topic guide (1.5 hours)", 90, "1", "Remote teaching: topic guide"),
        ("Remote teaching [V1.2] – about an hour", 60, "1.2", "Remote teaching"),
    ],
)
def test_the_title_gives_its_length_and_version(tmp_path, capsys, title, minutes, version, clean):
    guide, err, text = imported(tmp_path, capsys, f"# {title}\n{QUESTIONS}")
    assert (guide.title, guide.minutes, guide.version) == (clean, minutes, version)
    assert "planned length" not in err  # said in the title: nothing to guess


def test_a_range_takes_its_upper_bound_and_says_so(tmp_path, capsys):
    guide, err, text = imported(tmp_path, capsys, f"# Banking app (60–75 minutes)\n{QUESTIONS}")
    assert (guide.title, guide.minutes) == ("Banking app", 75)
    note = "'Banking app (60–75 minutes)' read as the planned length: 75 minutes, the upper bound"
    assert f"line 1: guessed: {note} of the range" in err
    assert f"# guessed: {note} of the range (line 1)" in text


def test_lines_that_state_the_length_or_version_are_taken_out(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Remote teaching\n\nVersion 2.1 (12 March 2024)\n\nDuration: approx. 50 minutes\n\n"
        f"Thank you for taking part.\n{QUESTIONS}",
    )
    assert (guide.version, guide.minutes) == ("2.1", 50)
    assert guide.introduction == "Thank you for taking part."
    assert "line 5: guessed: 'Duration: approx. 50 minutes' read as the planned length" in err


def test_a_sentence_that_states_the_length_stays_said_and_gives_it(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Remote teaching\n\n## Introduction\n\nThank you for taking part. The interview will "
        f"take about 45 minutes. You can stop at any time.\n{QUESTIONS}",
    )
    assert guide.minutes == 45
    assert guide.introduction.startswith("Thank you for taking part. The interview will take")
    assert (
        "guessed: 'The interview will take about 45 minutes.' read as the planned length: 45 "
        "minutes" in err
    )


def test_a_time_that_is_not_the_length_is_left_alone(tmp_path, capsys):
    # a time in the first lines that says nothing of the interview's length
    guide, _, _ = imported(
        tmp_path,
        capsys,
        f"# Remote teaching\n\nThe staff room is 10 minutes from the station.\n{QUESTIONS}",
    )
    assert guide.minutes == 30  # the sections' budgets


def test_the_introduction_and_closing_keep_their_budgets(tmp_path, capsys):
    guide, _, text = imported(
        tmp_path,
        capsys,
        "# Remote teaching\n\n## Introduction (5 mins)\n\nThank you for taking part.\n"
        f"{QUESTIONS}\n## Wrap up (5 mins)\n\nThank you for your time.\n",
    )
    assert (guide.introduction_minutes, guide.closing_minutes) == (5, 5)
    assert guide.minutes == 40  # the sections' and the two budgets, none stated
    assert "introduction_minutes: 5\n" in text and "closing_minutes: 5\n" in text


def test_word_title_and_first_lines(tmp_path, capsys):
    d = docx.Document()
    d.add_paragraph("Remote teaching interview guide – version 2.1", style="Title")
    d.add_paragraph("Length: 1 hour 15 minutes")
    d.add_paragraph("Thank you for taking part.")
    d.add_heading("Teaching online", level=1)
    d.add_paragraph("How has your teaching changed?", style="List Number")
    d.add_heading("Wrap up (10 mins)", level=1)
    d.add_paragraph("Thank you for your time.")
    guide, err, _ = imported_docx(tmp_path, capsys, d)
    assert (guide.title, guide.version, guide.minutes) == (
        "Remote teaching interview guide",
        "2.1",
        75,
    )
    assert guide.introduction == "Thank you for taking part."
    assert guide.closing_minutes == 10
    assert "paragraph 2: guessed: 'Length: 1 hour 15 minutes' read as the planned length" in err

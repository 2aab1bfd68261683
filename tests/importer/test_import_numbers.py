"""Numbered sections (docs/guide-import.md, "Sections" and "Branches"): the number stays in
the section's title, written one way, and routing names a section by its number, its
title or both, with the phrasings researchers use, in Markdown and Word. A route that
names no section says so, quoting the route and listing the sections."""

from __future__ import annotations

import docx
import pytest
from import_kit import imported, imported_docx

BANKING = (
    "# Banking app usability guide\n\n"
    "## 1. Warm up\n\n1. Do you use mobile banking?\n   {route}\n"
    "2. How often do you check your balance?\n\n"
    "## 2. Navigation\n\n1. How would you find your statements?\n\n"
    "## 3. Payments task\n\n1. Please pay the electricity bill.\n\n"
    "## 4. Looking ahead\n\n1. What would you change?\n"
)


def branches(q):
    return [(b.label, " / ".join(b.to)) for b in q.branches]


@pytest.mark.parametrize(
    "route",
    [
        "_If no, skip to section 3._",
        "_If no, go to Section 3._",
        "_If not, move to 3. Payments task._",
        "_If no, skip to section 3 (Payments task)._",
        "_If no, continue at the Payments task section._",
        "_If no, proceed to Payments task (section 3)._",
        "_If no, jump to section three._",
        "_If no → Section 3_",
        "(If no, please go straight to section 3.)",
    ],
)
def test_a_route_names_a_numbered_section_by_number_title_or_both(tmp_path, capsys, route):
    guide, err, text = imported(tmp_path, capsys, BANKING.format(route=route))
    assert [s.title for s in guide.sections] == [
        "1. Warm up",
        "2. Navigation",
        "3. Payments task",
        "4. Looking ahead",
    ]
    q = guide.questions[0]
    assert branches(q) == [("No", "3. Payments task")]
    assert q.guidance == ""  # the branch says it
    assert "read as branch: No -> 3. Payments task" in err
    assert '- {label: "No", to: 3. Payments task}' in text


def test_several_outcomes_and_the_next_section(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        BANKING.format(route="_If yes, continue at Section 2. If not, go to section 4._"),
    )
    assert branches(guide.questions[0]) == [("Yes", "2. Navigation"), ("No", "4. Looking ahead")]


def test_a_route_that_names_no_section_lists_the_sections(tmp_path, capsys):
    guide, err, text = imported(
        tmp_path, capsys, BANKING.format(route="_If no, skip to section 9._")
    )
    q = guide.questions[0]
    assert q.branches == () and q.guidance == "If no, skip to section 9."
    message = (
        "'If no, skip to section 9.' kept as guidance: 'section 9' is not a section with "
        "questions in this guide; its sections: 1. Warm up, 2. Navigation, 3. Payments task, "
        "4. Looking ahead"
    )
    assert f"line 5: guessed: {message}" in err
    assert f"# guessed: {message} (line 5)" in text


def test_a_number_out_of_date_is_read_by_the_title(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path, capsys, BANKING.format(route="_If no, skip to section 2 (Payments task)._")
    )
    assert branches(guide.questions[0]) == [("No", "3. Payments task")]
    assert "(by its title: no section 2 of that title)" in err


def test_without_numbers_section_n_is_the_nth_heading(tmp_path, capsys):
    # Word's automatic numbering is not in the text: 'section 3' is the third heading
    guide, err, _ = imported(
        tmp_path,
        capsys,
        BANKING.format(route="_If no, skip to section 3._")
        .replace("## 1. ", "## ")
        .replace("## 2. ", "## ")
        .replace("## 3. ", "## ")
        .replace("## 4. ", "## "),
    )
    assert branches(guide.questions[0]) == [("No", "Payments task")]
    assert "(the headings carry no numbers: section 3 read as the heading 'Payments task')" in err


def test_word_sections_and_a_condition_in_words(tmp_path, capsys):
    d = docx.Document()
    d.add_paragraph("Remote teaching interview guide", style="Title")
    d.add_heading("Section 1: Your teaching (10 mins)", level=1)
    d.add_paragraph("Have you taught online in the last year?", style="List Number")
    d.add_paragraph().add_run(
        "If the participant has not taught online, skip to Section 3."
    ).italic = True
    d.add_heading("SECTION 2: TEACHING ONLINE (20 mins)", level=1)
    d.add_paragraph("What changed when you moved online?", style="List Number")
    d.add_heading("Section 3: Looking ahead", level=1)
    d.add_paragraph("What would you keep?", style="List Number")
    guide, err, _ = imported_docx(tmp_path, capsys, d)
    assert [s.title for s in guide.sections] == [
        "Section 1: Your teaching",
        "Section 2: Teaching Online",
        "Section 3: Looking ahead",
    ]
    assert [s.minutes for s in guide.sections] == [10, 20, None]
    assert branches(guide.questions[0]) == [("Not taught", "Section 3: Looking ahead")]
    assert (
        "paragraph 4: guessed: 'If the participant has not taught online, skip to Section 3.' "
        "read as branch: Not taught -> Section 3: Looking ahead" in err
    )


def test_a_title_the_loader_could_not_tell_apart_is_no_branch(tmp_path, capsys):
    # a top-level section and a sub-section of another with the same title: a branch's
    # 'to' cannot name the top-level one alone, so the route stays guidance and the
    # guide still loads (found by a fuzzing run)
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\n## 1. Tasks\n\n1. Do you pay online? _If no, go to 1. Tasks._\n\n"
        "## Other\n\n### 1. Tasks\n\n1. What else?\n",
    )
    assert guide.questions[0].branches == ()
    assert guide.questions[0].guidance == "If no, go to 1. Tasks."
    assert (
        "kept as guidance: '1. Tasks' is the title of sections a branch cannot tell apart "
        "(rename one)" in err
    )

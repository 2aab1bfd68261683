"""Stage directions are guidance, never read aloud (docs/guide-import.md, "Stage
directions"): italic or bracketed lines and lines that open with 'Interviewer:', 'Note:',
'Before starting', 'Stop the recording', 'Start the recording', 'Remind the participant'
(and their kin) become a note to the interviewer: a [bracketed] paragraph of the
introduction or closing, which the screen shows apart from what is read aloud, or the
guidance of their section, question or probe; each a guess."""

from __future__ import annotations

import docx
from import_kit import imported, imported_docx

from prompter.guide.markup import script_parts

NOTE = "taken as a note to the interviewer, not read aloud"


def test_directions_in_the_introduction_and_closing_are_shown_apart(tmp_path, capsys):
    guide, err, text = imported(
        tmp_path,
        capsys,
        "# Banking app usability guide\n\n"
        "_Interviewer: read the information sheet summary aloud and check consent._\n\n"
        "_Before starting: confirm the participant has the app installed._\n\n"
        "Start the recording.\n\n"
        "Thank you for taking part today.\n\n"
        "## Tasks\n\n1. How do you usually pay a bill?\n\n"
        "## Wrap up\n\nStop the recording.\n\nStop the screen share.\n\n"
        "Thank you for your time.\n",
    )
    assert script_parts(guide.introduction) == [
        ("guidance", "Interviewer: read the information sheet summary aloud and check consent."),
        ("guidance", "Before starting: confirm the participant has the app installed."),
        ("guidance", "Start the recording."),
        ("say", "Thank you for taking part today."),
    ]
    assert script_parts(guide.closing) == [
        ("guidance", "Stop the recording."),
        ("guidance", "Stop the screen share."),
        ("say", "Thank you for your time."),
    ]
    for line, said in [
        (3, "Interviewer: read the information sheet summary..."),
        (5, "Before starting: confirm the participant has th..."),
        (7, "Start the recording."),
        (17, "Stop the recording."),
        (19, "Stop the screen share."),
    ]:
        assert f"line {line}: guessed: '{said}' {NOTE}" in err
        assert f"# guessed: '{said}' {NOTE} (line {line})" in text


def test_an_italic_lead_of_a_script_paragraph_is_a_note_apart(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\n_Read aloud:_ Thank you for agreeing to talk to us.\n\n"
        "## Tasks\n\n1. How do you pay?\n",
    )
    assert script_parts(guide.introduction) == [
        ("guidance", "Read aloud:"),
        ("say", "Thank you for agreeing to talk to us."),
    ]
    assert f"line 3: guessed: 'Read aloud:' {NOTE}" in err


def test_a_direction_under_a_heading_is_the_sections_guidance(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\n## Payments task\n\nThis part is about paying bills.\n\n"
        "Interviewer: hand over the test phone.\n\n1. How would you pay this bill?\n",
    )
    (section,) = guide.sections
    assert section.description == "This part is about paying bills."
    assert section.guidance == "Interviewer: hand over the test phone."
    assert f"line 7: guessed: 'Interviewer: hand over the test phone.' {NOTE}" in err


def test_a_direction_listed_under_a_question_is_its_guidance_not_a_probe(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\n## Tasks\n\n1. What do you think of this screen?\n"
        "   - Why?\n   - Note: show the participant card A.\n"
        "   - Remind the participant to think aloud.\n"
        "2. Interviewer: ask them to open the app. What do you see first?\n",
    )
    q1, q2 = guide.questions
    assert [p.text for p in q1.probes] == ["Why?"]
    assert q1.guidance == (
        "Note: show the participant card A. Remind the participant to think aloud."
    )
    assert (q2.text, q2.guidance) == (
        "What do you see first?",
        "Interviewer: ask them to open the app.",
    )
    assert f"line 7: guessed: 'Note: show the participant card A.' {NOTE}" in err
    assert f"line 9: guessed: 'Interviewer: ask them to open the app.' {NOTE}" in err


def test_said_text_that_mentions_the_recording_is_still_said(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\nI will start the recording now, if that is all right.\n\n"
        "## Tasks\n\n1. How do you pay?\n",
    )
    assert script_parts(guide.introduction) == [
        ("say", "I will start the recording now, if that is all right.")
    ]
    assert NOTE not in err


def test_word_directions(tmp_path, capsys):
    d = docx.Document()
    d.add_paragraph("Remote teaching interview guide", style="Title")
    d.add_paragraph().add_run(
        "Interviewer: read the information sheet summary aloud."
    ).italic = True
    d.add_paragraph("Thank you for taking part.")
    d.add_heading("Teaching online", level=1)
    d.add_paragraph("How has your teaching changed?", style="List Number")
    d.add_paragraph("(Note: allow time for this one.)", style="List Bullet 2")
    d.add_heading("Close", level=1)
    d.add_paragraph("Stop the recording.")
    d.add_paragraph("Thank you.")
    guide, err, _ = imported_docx(tmp_path, capsys, d)
    assert script_parts(guide.introduction)[0] == (
        "guidance",
        "Interviewer: read the information sheet summary aloud.",
    )
    assert guide.questions[0].guidance == "(Note: allow time for this one.)"
    assert not guide.questions[0].probes
    assert script_parts(guide.closing) == [
        ("guidance", "Stop the recording."),
        ("say", "Thank you."),
    ]
    assert f"paragraph 8: guessed: 'Stop the recording.' {NOTE}" in err

"""The Word guides of the import corpus, built with python-docx the way a researcher's
Word file is made: the built-in Title, "Heading n", "List Bullet", "List Bullet 2",
"List Number" styles, italic runs, hyperlinks and tables. Each builder writes one .docx;
its expected import is tests/data/import/<name>.expected.yaml."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _para(doc, text: str, style: str | None = None, italic: str | None = None, after: str = ""):
    """A paragraph of `text`, then `italic` in italics, then `after`."""
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text)
    if italic:
        p.add_run(italic).italic = True
    if after:
        p.add_run(after)
    return p


def _link(p, text: str, url: str) -> None:
    r_id = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    p._p.append(link)


def npt_word(path: Path) -> None:
    """An NPT guide: headings with times, bulleted questions, nested probes, italics."""
    doc = docx.Document()
    doc.add_paragraph("Social prescribing link workers: NPT interview guide", style="Title")
    _para(
        doc,
        "Thank you for agreeing to take part. This interview is about how social "
        "prescribing has been taken up in your practice. It will take about 45 "
        "minutes.",
    )
    doc.add_heading("Introduction and role [~5 mins]", level=1)
    _para(doc, "Could you describe your role and how long you have been in it?", "List Bullet")
    doc.add_heading("Coherence (10 minutes)", level=1)
    _para(doc, "", italic="Explore how staff make sense of social prescribing.")
    _para(doc, "What does social prescribing mean to you?", "List Bullet")
    _para(doc, "How is it different from what you did before?", "List Bullet 2")
    _para(doc, "Do your colleagues share that view?", "List Bullet 2")
    _para(doc, "Can you give an example of a referral that worked well?", "List Bullet")
    doc.add_heading("Cognitive participation – 10 min", level=1)
    _para(doc, "Who has championed the link worker role?", "List Bullet")
    _para(doc, "What did they do?", "List Bullet 2")
    _para(doc, "Meetings, emails, word of mouth", "List Bullet 3")
    _para(doc, "Who has not been involved? ", italic="(If relevant)")
    doc.add_heading("Collective action", level=1)
    _para(doc, "Tell me how a patient reaches you.", "List Bullet")
    p = _para(doc, "What changed after the ", "List Bullet")
    _link(p, "national guidance", "https://example.org/guidance")
    p.add_run(" was published?")
    doc.add_heading("Reflexive monitoring", level=1)
    _para(doc, "How do you know if social prescribing is making a difference?", "List Bullet")
    _para(doc, "What would you change? (optional)", "List Bullet")
    doc.add_heading("Wrap up", level=1)
    _para(doc, "That is the end of my questions. Thank you for your time.")
    doc.save(path)


def cfir_table(path: Path) -> None:
    """A CFIR guide laid out as a two-column table: questions left, construct right."""
    doc = docx.Document()
    doc.add_paragraph("Electronic prescribing roll-out: CFIR interview guide", style="Title")
    _para(doc, "This interview explores what helped and hindered the roll-out.")
    doc.add_heading("Inner setting (20 minutes)", level=1)
    table = doc.add_table(rows=0, cols=2)
    rows = [
        (
            [
                "What is it like to work on this ward?",
                ("How do staff work together?", "List Bullet"),
            ],
            "Inner Setting/ Culture",
        ),
        (
            ["How much did the roll-out compete with other priorities?"],
            "Inner Setting/ Relative priority",
        ),
        (
            ["What training and time were you given?", ("Was it enough?", "List Bullet")],
            "Inner Setting/ Available resources",
        ),
    ]
    for cells, label in rows:
        row = table.add_row().cells
        row[0].paragraphs[0].text = cells[0]
        for extra in cells[1:]:
            row[0].add_paragraph(extra[0], style=extra[1])
        row[1].paragraphs[0].text = label
    doc.add_heading("Implementation process (15 minutes)", level=1)
    table = doc.add_table(rows=0, cols=2)
    for question, label in [
        ("Who led the roll-out on your ward?", "Process/ Engaging"),
        ("How was the roll-out reviewed along the way?", "Process/ Reflecting and evaluating"),
    ]:
        row = table.add_row().cells
        row[0].paragraphs[0].text = question
        row[1].paragraphs[0].text = label
    doc.save(path)


def ux_word(path: Path) -> None:
    """A UX discussion guide: numbered tasks, probes, routing in italics, a wrap-up."""
    doc = docx.Document()
    doc.add_paragraph("Benefits calculator: discussion guide", style="Title")
    doc.add_heading("Screener check (2 mins)", level=1)
    _para(
        doc,
        "Have you applied for a benefit in the last year? ",
        "List Number",
        italic="If not, go to Wrap up.",
    )
    doc.add_heading("Tasks (30 mins)", level=1)
    _para(doc, "Please find out whether you could get help with childcare costs.", "List Number")
    _para(
        doc,
        "Probe: what feedback did you solicit from: state officials, schools, family, friends?",
        "List Bullet 2",
    )
    _para(doc, "What did you expect to see on this page?", "List Number")
    _para(doc, "Why?", "List Bullet 2")
    _para(doc, "Was anything missing?", "List Bullet 2")
    doc.add_heading("Wrap up (5 mins)", level=1)
    _para(doc, "", italic="Stop the screen share.")
    _para(doc, "Thank you for helping us today. We will send your voucher by email.")
    doc.save(path)


def health_visitors(path: Path) -> None:
    """Headings at two levels, numbered questions, guidance in brackets and italics."""
    doc = docx.Document()
    doc.add_heading("Health visiting during the pandemic", level=1)
    _para(
        doc,
        "Read to the participant: this interview is about your work as a health "
        "visitor since March 2020.",
    )
    doc.add_heading("Part A: Your practice (15 mins)", level=2)
    doc.add_heading("Contacts with families", level=3)
    _para(doc, "How did your contacts with families change?", "List Number")
    _para(doc, "(Prompt about video, phone and doorstep visits)", "List Bullet 2")
    _para(doc, "Which families did you worry about most?", "List Number")
    doc.add_heading("Your team", level=3)
    _para(doc, "Describe how your team supported each other.", "List Number")
    doc.add_heading("Part B: Looking forward (10 mins)", level=2)
    _para(doc, "What should stay the same after the pandemic?", "List Number")
    _para(
        doc, "", italic="Only ask if time allows: ", after="What would you change about training?"
    )
    doc.save(path)


def repeated_questions(path: Path) -> None:
    """The same question in two sections (a guide for two sites): ids must not clash."""
    doc = docx.Document()
    doc.add_heading("Two-site evaluation: clinic staff", level=1)
    for site in ("Site A: the hospital clinic", "Site B: the community clinic"):
        doc.add_heading(site, level=2)
        _para(doc, "What works well in this clinic?", "List Bullet")
        _para(doc, "What could be better?", "List Bullet")
        _para(doc, "Staffing", "List Bullet 2")
    doc.save(path)


BUILDERS = {
    "npt-word": npt_word,
    "cfir-table": cfir_table,
    "ux-word": ux_word,
    "health-visitors": health_visitors,
    "repeated-questions": repeated_questions,
}

"""Six Word guides of issue 24's corpus (numbered sections and routing by number, stage
directions, checklists that need a cue, the planned length and version), each the Word
form of a Markdown guide of tests/data/import/ (`<name>.md`, here `<name>-word`), built
with python-docx as a researcher's Word file is made: the Title style, "Heading n",
"List Number", "List Bullet", "List Bullet 2", italic runs. A row is (style, text); in
the text, `_..._` is a run in italics."""

from __future__ import annotations

import re
from pathlib import Path

import docx

T, H1, H2, Q, B, P = (
    "Title",
    "Heading 1",
    "Heading 2",
    "List Number",
    "List Bullet",
    "List Bullet 2",
)


def _save(path: Path, rows: list[tuple[str | None, str]]) -> None:
    doc = docx.Document()
    for style, text in rows:
        p = doc.add_paragraph(style=style)
        for part in re.split(r"(_[^_]+_)", text):
            if part.startswith("_") and part.endswith("_") and len(part) > 2:
                p.add_run(part[1:-1]).italic = True
            elif part:
                p.add_run(part)
    doc.save(path)


def remote_teaching(path: Path) -> None:
    _save(
        path,
        [
            (
                T,
                "Remote teaching in further education: interview guide – version 2.1 "
                "(approx. 50 minutes)",
            ),
            (
                None,
                "_Interviewer: read the information sheet summary aloud and answer any questions._",
            ),
            (None, "_Before starting: confirm the participant has signed the consent form._"),
            (None, "Start the recording."),
            (
                None,
                "Thank you for agreeing to take part. We are talking to lecturers about "
                "how teaching online has changed their work. There are no right or wrong "
                "answers.",
            ),
            (H1, "Section 1: Your teaching (10 mins)"),
            (Q, "How long have you been teaching in further education?"),
            (Q, "Have you taught any of your courses online since March 2020?"),
            (None, "_If the participant has not taught online, skip to Section 4._"),
            (H1, "Section 2: Moving online (15 mins)"),
            (None, "Interviewer: this section is about the decision to move online."),
            (Q, "Tell me about the decision to move your courses online."),
            (P, "Who made it: you, your department, or senior leadership?"),
            (P, "How much notice did you have?"),
            (Q, "Which tools did you use? (Tick all that apply)"),
            (P, "Teams"),
            (P, "Zoom"),
            (P, "Moodle"),
            (P, "Padlet"),
            (Q, "What support did you get from the college?"),
            (P, "Note: probe for training and for equipment."),
            (H1, "Section 3: Teaching online (15 mins)"),
            (Q, "Describe a typical online lesson."),
            (Q, "How did your students take part?"),
            (P, "Probe: did they use any of: the chat, breakout rooms, the whiteboard?"),
            (Q, "What worked better than in the classroom? (If not, go to Section 4.)"),
            (H1, "Section 4: Looking ahead (5 mins)"),
            (Q, "What would you keep from teaching online?"),
            (Q, "What would you never do again?"),
            (H1, "Close (5 mins)"),
            (None, "_Stop the recording._"),
            (None, "Thank you for your time. We will send you a summary of the findings."),
        ],
    )


def banking_usability(path: Path) -> None:
    _save(
        path,
        [
            (T, "Usability study: Brightwater Bank mobile app (60–75 minutes)"),
            (None, "Version 3 (12 March 2025)"),
            (
                None,
                "Moderator notes: remote sessions over Teams, with the participant sharing "
                "their phone screen.",
            ),
            (H1, "Introduction (5 mins)"),
            (
                None,
                "_Before starting: confirm the participant has the app installed and is "
                "logged in._",
            ),
            (None, "Thank you for joining us today. We are testing the app, not you."),
            (None, "Remind the participant to think aloud."),
            (None, "Start the screen share."),
            (H1, "1. Warm up (10 mins)"),
            (Q, "How do you usually manage your money day to day?"),
            (Q, "Do you use mobile banking at least once a week? _If no → 3. Payments task_"),
            (Q, "Which banking apps have you used? Select any:"),
            (P, "Brightwater"),
            (P, "Monzo"),
            (P, "Starling"),
            (P, "another bank's app"),
            (H1, "2. Navigation (15 mins)"),
            (Q, "Please find your statement for last month."),
            (P, "What did you expect to see first?"),
            (P, "Who told you about statements: the bank, a friend, or the website?"),
            (Q, "How easy was that, from 1 (very hard) to 5 (very easy)?"),
            (H1, "3. Payments task (20 mins)"),
            (None, "[Note: give the participant the test payee card.]"),
            (Q, "Please pay the electricity bill from the card."),
            (P, "What, if anything, slowed you down?"),
            (
                Q,
                "Have you set up a standing order before? _If yes, go to section 4 (Trust "
                "and security). If not, skip to the Wrap up section._",
            ),
            (H1, "4. Trust and security (10 mins)"),
            (Q, "How safe do you feel paying through the app?"),
            (
                Q,
                "Which of these would make you feel safer (tick all that apply): a "
                "fingerprint, a one-time code, a call from the bank?",
            ),
            (H1, "Wrap up (5 mins)"),
            (None, "Stop the screen share."),
            (None, "That is everything we wanted to ask. Thank you for your help today."),
        ],
    )


def pharmacy_blood_pressure(path: Path) -> None:
    _save(
        path,
        [
            (T, "Community pharmacy blood pressure checks: staff interview schedule"),
            (None, "Version 1.3, draft for ethics"),
            (None, "Duration: about 1 hour"),
            (None, "Thank you for taking the time to talk to us today."),
            (None, "_Interviewer only: check the participant's role before you begin._"),
            (H1, "Part A – Your role (10 mins)"),
            (Q, "What is your role in the pharmacy?"),
            (Q, "Do you carry out the blood pressure checks yourself?"),
            (P, "If they do not carry out the checks, go to Part C."),
            (H1, "Part B – Delivering the service (25 mins)"),
            (Q, "Walk me through a typical blood pressure check."),
            (P, "NB: ask for a recent example."),
            (Q, "Which of these have you used with patients? (check all that apply)"),
            (P, "home monitors"),
            (P, "ambulatory monitors"),
            (P, "leaflets"),
            (Q, "What gets in the way: time, space, or staffing?"),
            (H1, "Part C – The service in your pharmacy (15 mins)"),
            (Q, "How has the service changed the work of the team?"),
            (Q, "If you could change one thing about the service, what would it be?"),
            (H1, "Debrief"),
            (None, "Make sure the participant has the study contact details."),
            (None, "Thank you, that is everything."),
        ],
    )


def school_nursing(path: Path) -> None:
    _save(
        path,
        [
            (T, "School nursing and children's mental health: interview guide"),
            (None, "The interview will last 45–60 minutes."),
            (None, "_Remind the participant that they can pause at any time._"),
            (H1, "1. About you"),
            (Q, "What is your current role?"),
            (Q, "Have you had any training in children's mental health?"),
            (None, "_If no, skip to Q5._"),
            (H1, "2. Working with schools"),
            (H2, "2.1 Identifying needs"),
            (None, "_Explore how needs come to the nurse's attention._"),
            (Q, "How do you hear about pupils who are struggling?"),
            (Q, "Do you run drop-in sessions? _If not, continue at 2.2 Referrals._"),
            (P, "How often do they run?"),
            (H2, "2.2 Referrals"),
            (Q, "Where do you refer pupils to?"),
            (
                P,
                "Probe: which services: CAMHS, the school counsellor, the GP (tick all that apply)",
            ),
            (Q, "How long do pupils wait to be seen?"),
            (H1, "3. Looking forward"),
            (Q, "What would help you most in this part of your work?"),
            (None, "That concludes the interview, thank you. Do you have any questions for me?"),
        ],
    )


def housing_repairs(path: Path) -> None:
    _save(
        path,
        [
            (T, "Social housing repairs: tenant interviews (1 hour)"),
            (H1, "Before we start (5 mins)"),
            (B, "Start the recording."),
            (B, "Thank the participant and say that the interview is confidential."),
            (H1, "Topic 1: Your home (10 mins)"),
            (Q, "How long have you lived in your home?"),
            (
                Q,
                "Have you reported a repair in the last year? If yes, go to Topic 2; if no, "
                "go to Topic 3.",
            ),
            (H1, "Topic 2: Reporting a repair (25 mins)"),
            (None, "_Pause the recording if the participant becomes upset._"),
            (Q, "Tell me about the last repair you reported."),
            (P, "How did you report it: by phone, online, or in person?"),
            (Q, "Interviewer: show the repairs timeline card. Which of these steps took longest?"),
            (Q, "Were you kept informed? (select one)"),
            (P, "by text"),
            (P, "by phone"),
            (P, "not at all"),
            (H1, "Topic 3: Your landlord (15 mins)"),
            (Q, "How would you describe your landlord?"),
            (Q, "What one thing would make repairs better?"),
            (H1, "Thank you (5 mins)"),
            (None, "Stop the recording. Thank you very much for your time."),
        ],
    )


def youth_clubs(path: Path) -> None:
    _save(
        path,
        [
            (T, "Youth clubs focus group guide v0.4 (an hour and a half)"),
            (H1, "Before we start"),
            (B, "☐ Consent forms collected"),
            (B, "☐ Name badges handed out"),
            (
                None,
                "_Facilitator: welcome everyone, explain the ground rules and ask the group "
                "to agree them._",
            ),
            (H1, "Theme 1: Coming to the club (20 mins)"),
            (None, "Start the recording."),
            (Q, "How did you first hear about the club?"),
            (Q, "What made you come back?"),
            (P, "Facilitator: go round the group so that everyone answers."),
            (H1, "Theme 2: Activities (30 mins)"),
            (Q, "Which activities do you take part in? (tick any that apply)"),
            (P, "sport"),
            (P, "music"),
            (P, "cooking"),
            (P, "trips"),
            (Q, "Where do you meet your friends: the club, online, or both?"),
            (Q, "Has anyone here helped to run an activity? If no, proceed to theme three."),
            (H1, "Theme 3: The future of the club (30 mins)"),
            (Q, "If the club closed, what would you miss most?"),
            (Q, "What should the club do more of?"),
            (P, "If they run out of time → Theme 4"),
            (H1, "Theme 4: Anything else (10 mins)"),
            (Q, "Is there anything we have not talked about that you want to say?"),
            (None, "Stop the recording."),
            (None, "Thank you all for coming. Help yourselves to pizza!"),
        ],
    )


BUILDERS = {
    "remote-teaching-word": remote_teaching,
    "banking-usability-word": banking_usability,
    "pharmacy-blood-pressure-word": pharmacy_blood_pressure,
    "school-nursing-word": school_nursing,
    "housing-repairs-word": housing_repairs,
    "youth-clubs-word": youth_clubs,
}

"""The transcript corpus's session, made with the real session core (a fake clock and
wall clock), and a Teams .docx written with python-docx as Teams lays one out.

Session P11 (recording times, r pressed 5 s into the session):
    question 1 from -5 s, question 2 from 30 s, a pause from 60 s to 100 s of the
    recording (40 s of wall time, no session time), question 3 from 125 s, finished
    at 160 s. The transcripts in tests/data/transcripts/ are its call.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from guide_factory import FIXED_NOW, demo_guide

from prompter.session import Session
from prompter.session.writer import save_session

DATA = Path(__file__).parent.parent / "data" / "transcripts"
GUIDE = demo_guide()
Q1, Q2, Q3 = (q.id for q in GUIDE.questions[:3])

# Every form gives the same cues to the same places (cue numbers, 1-based).
EXPECTED = {
    "by_question": {Q1: [1, 2], Q2: [3, 4, 7], Q3: [8]},
    "before": [],
    "in_pause": [5, 6],
    "after": [9],
}


class Clocks:
    def __init__(self):
        self.ms = 0

    def clock(self) -> float:
        return 500 + self.ms / 1000

    def wall(self):
        return FIXED_NOW + timedelta(milliseconds=self.ms)

    def advance(self, seconds: float) -> None:
        self.ms += round(seconds * 1000)


def make_session(folder: Path, *, mark_recording: bool = True, name: str = "P11") -> Path:
    """Run session P11 and save it in `folder`; returns the file's path."""
    c = Clocks()
    s = Session(GUIDE, name, "Ann", clock=c.clock, wallclock=c.wall, now=FIXED_NOW)
    c.advance(5)
    if mark_recording:
        s.mark_recording()
    s.mark("asked")
    c.advance(30)
    s.next()
    s.mark("asked")
    c.advance(20)
    s.add_bookmark("doorbell story")
    c.advance(10)
    s.toggle_pause()
    c.advance(40)
    s.toggle_pause()
    c.advance(25)
    s.next()
    s.mark("probed")
    c.advance(35)
    s.finish()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{s.id}.toml"
    save_session(s, path, exclusive=True)
    return path


TURNS = [  # (speaker, start as Teams writes it, text)
    ("Interviewer", "0:01", "Thanks for joining & shall we start?"),
    ("Ana Díaz", "0:04", "Je suis responsable d'équipe, depuis six ans à peu près."),
    ("Interviewer", "0:27", "And how many days a week are you at home?"),
    ("Ana Díaz", "0:35", "Three, sometimes four — it depends on the week."),
    ("Ana Díaz", "0:58", "Sorry, the doorbell, can we stop a moment?"),
    ("Interviewer", "1:10", "(off the record while paused)"),
    ("Ana Díaz", "1:38", "OK, I'm back."),
    ("Ana Díaz", "2:06", "My day starts at eight; 日本語も少し話します."),
    ("Interviewer", "2:42", "Thank you, that is all."),
]


def make_rev_docx(path: Path, turns=TURNS) -> Path:
    """Rev's Word export: "Name (mm:ss):" then the text, a paragraph each."""
    import docx

    d = docx.Document()
    for speaker, start, text in turns:
        d.add_paragraph(f"{speaker} (0{start}):" if len(start) == 4 else f"{speaker} ({start}):")
        d.add_paragraph(text)
    d.save(str(path))
    return path


def make_teams_docx(
    path: Path, turns=TURNS, *, soft_breaks: bool = False, started_by: str = ""
) -> Path:
    """A Teams transcript: title, date, duration, then "Name   m:ss" and the text per turn
    (with `soft_breaks`, name line and text in one paragraph, as newer Teams writes it;
    with `started_by`, Teams' own "NAME started transcription" before the turns and
    "NAME stopped transcription" after them)."""
    import docx

    d = docx.Document()
    d.add_heading("P11 call with Ana", level=1)
    d.add_paragraph("November 25, 2026, 2:30PM")
    d.add_paragraph("2m 46s")
    if started_by:
        d.add_paragraph(f"{started_by} started transcription")
    for speaker, start, text in turns:
        if soft_breaks:
            p = d.add_paragraph()
            p.add_run(f"{speaker}   {start}").add_break()
            p.add_run(text)
        else:
            d.add_paragraph(f"{speaker}   {start}")
            d.add_paragraph(text)
    if started_by:
        d.add_paragraph(f"{started_by} stopped transcription")
    d.save(str(path))
    return path

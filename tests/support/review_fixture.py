"""A session of the bundled demo guide with its call's transcript attached, for the review
(`prompter review`) in every room: the core (tests/transcript), the screen (tests/tui)
and a real terminal (tests/e2e).

The session is made by the real core on a fake clock: the interviewer (Ann) presses
each question's key a few seconds after raising it, and late for `tools`; the
participant (Bo) answers. The transcript (WebVTT, written beside the session file)
is the call; `transcript attach` lines it up. The aligner is sure of most boundaries
and unsure of the two whose raise has few of the guide's words (`AFFECT`, `WHERE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from guide_factory import bundled
from helpers import FIXED_NOW, FakeClock

from prompter.session import Session
from prompter.session.writer import SessionWriter
from prompter.transcript.attach import attach_transcript

GUIDE = bundled("demo")
ROLE, DAYS, TYPICAL, TOOLS, AFFECT, WHERE = (q.id for q in GUIDE.questions)

# (speaker, words); about 2.5 words a second, half a second between cues.
SCRIPT = [
    ("Ann", "Hi Bo, thanks for joining, can you hear me okay?"),
    ("Bo", "Yes, loud and clear."),
    ("Ann", "Great. This is a short interview about your week, fifteen minutes or so."),
    ("Ann", "Okay, first things first. Tell me a little about your job role."),
    ("Bo", "I'm an analyst at the council, mostly reports and dashboards."),
    ("Bo", "Four years now, before that I was in finance at a bank."),
    ("Ann", "And how many days a week do you work from home?"),
    ("Bo", "Three days, sometimes four when the trains are bad."),
    ("Ann", "Right. Walk me through a typical day when you're at home."),
    ("Bo", "I start around eight with email, then meetings until lunch."),
    ("Bo", "Half five, later near a deadline, the laptop stays open."),
    ("Ann", "Which tools or equipment do you rely on the most?"),
    ("Bo", "Two monitors, a headset, and the chat all day long."),
    ("Bo", "And a proper chair, my back was awful the first year."),
    ("Bo", "Honestly the biggest change is my evenings, they feel longer now."),
    ("Ann", "Mm-hm. And after you log off, what changes for you?"),
    ("Bo", "I walk the dog, and I cook properly without the commute."),
    ("Ann", "And the room, do you have a spot of your own?"),
    ("Bo", "The spare bedroom, I put a desk in there last spring."),
    ("Bo", "Sometimes the kitchen table when the children are at school."),
    ("Ann", "That's everything from me, thank you so much for your time."),
]
# The cue at which each question is raised, and how late its key came (seconds).
RAISES = {ROLE: (3, 2.0), DAYS: (6, 3.0), TYPICAL: (8, 2.0), TOOLS: (11, 12.0)}
RAISES |= {AFFECT: (15, 3.0), WHERE: (17, 2.0)}
# Bo answers AFFECT before it is asked: by the rule the cue is TOOLS' (nothing raised
# AFFECT yet); a researcher moves it in review.
STRAY = 14


@dataclass
class Call:
    session: Path  # the session file
    transcript: Path  # the .vtt beside it
    cues: list[tuple[float, float, str, str]]  # (start, end, speaker, text) as written


def cue_times() -> list[tuple[float, float, str, str]]:
    t, out = 0.0, []
    for speaker, text in SCRIPT:
        length = round(len(text.split()) / 2.5, 3)
        out.append((round(t, 3), round(t + length, 3), speaker, text))
        t = round(t + length + 0.5, 3)
    return out


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def vtt_text(cues) -> str:
    blocks = ["WEBVTT\n"]
    for n, (start, end, speaker, text) in enumerate(cues, 1):
        blocks.append(f"{n}\n{_stamp(start)} --> {_stamp(end)}\n<v {speaker}>{text}\n")
    return "\n".join(blocks)


class _Wall:
    def __init__(self, clock: FakeClock):
        self.clock = clock

    def __call__(self):
        return FIXED_NOW + timedelta(seconds=self.clock())


def make_call(folder: Path, *, attach: bool = True, finish: bool = True) -> Call:
    """The session (finished) and its transcript in `folder`, the transcript attached."""
    folder.mkdir(parents=True, exist_ok=True)
    cues = cue_times()
    clock = FakeClock()
    s = Session(GUIDE, "P07", "Ann", clock=clock, now=FIXED_NOW, wallclock=_Wall(clock))
    s.show("introduction")
    s.mark_recording()  # the recording starts with the session
    now = 0.0
    for qid, (cue, late) in sorted(RAISES.items(), key=lambda kv: kv[1][0]):
        at = cues[cue][0] + late
        clock.advance(at - now)
        now = at
        if s.off:
            s.show(None)
        if s.current != qid:
            s.goto(qid)
        s.mark("asked")
    clock.advance(cues[-1][0] - now - 1)
    s.show("closing")
    clock.advance(8)
    if finish:
        s.finish()
    path = folder / f"{s.id}.toml"
    SessionWriter(s, path).save()
    vtt = folder / f"{s.id}.vtt"
    vtt.write_text(vtt_text(cues), encoding="utf-8")
    if attach:
        attach_transcript(path, vtt)
    return Call(path, vtt, cues)

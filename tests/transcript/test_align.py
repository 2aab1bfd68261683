"""The aligner (prompter/transcript/align.py): each cue to the question whose raise it
follows, from the keys and the words together; never two questions for a cue, never a
cue across a pause, the same answer every time."""

from __future__ import annotations

import tempfile
from pathlib import Path

from guide_factory import bundled
from helpers import FakeClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import new_session

from prompter.analysis.read import read_session
from prompter.session.timeline import question_spans
from prompter.session.writer import SessionWriter
from prompter.transcript.align import Profiles, align_cues, cut, interviewer_speaker, words
from prompter.transcript.model import Cue, Transcript

GUIDE = bundled("demo")
IDS = [q.id for q in GUIDE.questions]
ROLE, DAYS, TYPICAL, TOOLS, AFFECT, WHERE = IDS

# (speaker, words, the question it belongs to by the rule); about 2.5 words a second.
SCRIPT = [
    ("Ann", "Hi, thanks for joining, can you hear me okay?", None),
    ("Bo", "Yes, loud and clear.", None),
    ("Ann", "Great. This is a short interview about your week, fifteen minutes or so.", None),
    ("Ann", "Okay, first things first.", ROLE),  # the lead-in of the raise
    ("Ann", "Tell me a little about your job and what your role involves.", ROLE),
    ("Bo", "I'm an analyst at the council, mostly reports and dashboards.", ROLE),
    ("Ann", "Mm-hm.", ROLE),
    ("Bo", "Four years now, before that I was in finance at a bank.", ROLE),
    ("Ann", "And in a normal week, how many days are you working from home?", DAYS),
    ("Bo", "Three days, sometimes four when the trains are bad.", DAYS),
    ("Ann", "Right. Walk me through a typical day when you're at home.", TYPICAL),
    ("Bo", "I start around eight with email, then meetings until lunch.", TYPICAL),
    ("Ann", "And when would you usually finish?", TYPICAL),
    ("Bo", "Half five, later near a deadline, the laptop stays open.", TYPICAL),
    ("Ann", "Which tools or equipment do you rely on the most?", TOOLS),
    ("Bo", "Two monitors, a headset, and the chat all day long.", TOOLS),
    ("Ann", "And where do you usually do your work, which room?", WHERE),
    ("Bo", "The spare bedroom, I put a desk in there last spring.", WHERE),
    ("Bo", "It has a window onto the garden, which helps on long days.", WHERE),
    ("Bo", "Sometimes the kitchen table when the children are at school.", WHERE),
    ("Ann", "That's everything from me, thank you so much for your time.", None),
]


def transcript() -> tuple[Transcript, list[str | None]]:
    t, cues, gold = 0.0, [], []
    for speaker, text, qid in SCRIPT:
        length = len(text.split()) / 2.5
        cues.append(Cue(round(t, 3), round(t + length, 3), speaker, text))
        gold.append(qid)
        t += length + 0.5
    return Transcript("call.vtt", "vtt", cues), gold


def raised(gold, cues) -> dict[str, float]:
    out: dict[str, float] = {}
    for qid, cue in zip(gold, cues, strict=True):
        if qid is not None and qid not in out:
            out[qid] = cue.start
    return out


def interview(folder: Path, lateness, *, pause=None) -> dict:
    """The keys of an interviewer who moves to each raised question `lateness(i)` seconds
    after it is raised (negative: before), through the screen's session actions."""
    tr, gold = transcript()
    starts = raised(gold, tr.cues)
    clock = FakeClock()
    s = new_session(GUIDE, clock)
    writer = SessionWriter(s, Path(tempfile.mkdtemp(dir=folder)) / "s.toml")
    s.show("introduction")
    s.mark_recording()
    now = 0.0
    for i, qid in enumerate(q for q in IDS if q in starts):
        at = max(now, starts[qid] + lateness(i))
        clock.advance(at - now)
        now = at
        if pause is not None and pause[0] <= now:
            s.toggle_pause()
            clock.advance(pause[1])
            s.toggle_pause()
            pause = None
        if s.off:
            s.show(None)
        if s.current != qid:
            s.goto(qid)
        s.mark("asked")
    # The closing is read from the screen: its key comes before it is said.
    clock.advance(max(0.0, tr.cues[-1].start - 1 - now))
    s.show("closing")
    clock.advance(10)
    s.finish()
    writer.save()
    return read_session(writer.path, keep_events=True)


def timeline_of(data: dict):
    s = data["session"]
    return question_spans(data["events"], s["recording_offset_seconds"], end=s["elapsed_seconds"])


def given_to(result) -> dict[int, str | None]:
    where: dict[int, str | None] = {}
    for qid, cues in result.by_question.items():
        for c in cues:
            assert id(c) not in where  # never two questions for one cue
            where[id(c)] = qid
    for c in result.before_cues + result.after_cues + result.pause_cues:
        assert id(c) not in where
        where[id(c)] = None
    return where


def accuracy(result, tr, gold) -> float:
    where = given_to(result)
    total = sum(len(c.text.split()) for c in tr.cues)
    right = sum(
        len(c.text.split()) for c, g in zip(tr.cues, gold, strict=True) if where[id(c)] == g
    )
    return right / total


def test_words_are_stemmed_and_stop_words_dropped():
    assert words("Supporting the supported supports, and the Hub's staff!") == [
        "support",
        "support",
        "support",
        "hub",
        "staff",
    ]


def test_late_keys_are_put_right_by_the_words(tmp_path):
    """Keys 8 to 20 s late put much of each answer under the question before: the
    timeline's rule loses it, the words find every raise, lead-in included."""
    tr, gold = transcript()
    data = interview(tmp_path, lambda i: 8 + 6 * (i % 3))
    timeline = timeline_of(data)
    by_keys = cut(tr, timeline, 0.0, data, "timeline")
    by_words = cut(tr, timeline, 0.0, data, "text")
    assert accuracy(by_keys, tr, gold) < 0.8
    assert accuracy(by_words, tr, gold) == 1.0
    # Boundaries at the raise: the role begins with its lead-in, not at its question.
    begins = {b.question: b.start for b in by_words.boundaries}
    assert begins == raised(gold, tr.cues)


def test_diligent_keys_and_the_greeting_and_closing(tmp_path):
    tr, gold = transcript()
    data = interview(tmp_path, lambda i: -1.0)
    result = cut(tr, timeline_of(data), 0.0, data, "text")
    assert accuracy(result, tr, gold) == 1.0
    assert [c.text for c in result.before_cues][0].startswith("Hi, thanks")
    assert result.after_cues[-1].text.startswith("That's everything")


def test_a_pause_is_a_wall(tmp_path):
    """Keys far too late across a pause: nothing said before the pause may go to the
    question whose key came after it."""
    tr, gold = transcript()
    # The pause (30 s of no session time) falls just before the key of `tools`.
    data = interview(tmp_path, lambda i: 25.0, pause=(60.0, 30.0))
    timeline = timeline_of(data)
    (pause,) = timeline.pauses
    result = cut(tr, timeline, 0.0, data, "text")
    where = given_to(result)
    spans = {s.question: s for s in timeline.spans}
    for c in tr.cues:
        q = where[id(c)]
        if q is not None:
            after = spans[q].rec_start >= pause[1]
            assert (c.midpoint >= pause[0]) or not after, (c.text, q)


def test_the_interviewer_is_found_without_a_name():
    tr, _ = transcript()
    anonymous = [
        Cue(c.start, c.end, "Speaker 1" if c.speaker == "Ann" else "Speaker 2", c.text)
        for c in tr.cues
    ]
    profiles = Profiles(
        [{"id": q.id, "text": q.text, "probes": list(q.probe_texts)} for q in GUIDE.questions]
    )
    assert interviewer_speaker(anonymous, profiles, "") == "Speaker 1"
    assert interviewer_speaker(anonymous, profiles, "Ann Smith") == "Speaker 1"
    assert interviewer_speaker(tr.cues, profiles, "ann") == "Ann"


def test_without_keys_for_the_transcript_everything_is_before(tmp_path):
    tr, _ = transcript()
    events = [{"at_seconds": 0.0, "action": "start", "question": ROLE}]
    timeline = question_spans(events, None, end=0.0)
    result = align_cues(tr, timeline, questions=[{"id": ROLE, "text": "x"}])
    assert result.before_cues == tr.cues and not result.by_question


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lateness=st.lists(st.floats(-3, 40), min_size=6, max_size=6),
    pause_at=st.one_of(st.none(), st.floats(5, 70)),
    shift=st.sampled_from([0.0, 2.5, -1.5]),
)
def test_property_one_question_per_cue_and_no_cue_across_a_pause(
    tmp_path, lateness, pause_at, shift
):
    tr, gold = transcript()
    data = interview(
        tmp_path, lambda i: lateness[i], pause=None if pause_at is None else (pause_at, 20.0)
    )
    timeline = timeline_of(data)
    moved = Transcript(
        tr.path,
        tr.format,
        [Cue(c.start + shift, c.end + shift, c.speaker, c.text) for c in tr.cues],
    )
    result = align_cues(moved, timeline, shift, questions=data["questions"], interviewer="Ann")
    where = given_to(result)
    assert len(where) == len(moved.cues)  # every cue somewhere, once
    spans = timeline.spans
    for c in moved.cues:
        q = where[id(c)]
        at = c.midpoint - shift
        if timeline.in_pause(at):
            assert q is None
        if q is None:
            continue
        own = [s for s in spans if s.question == q]
        for a, b in timeline.pauses:
            b = float("inf") if b is None else b
            # Every span of its question lies on the cue's side of every pause.
            assert all(
                (s.rec_start >= b) == (at >= b) for s in own if s.rec_end <= a or s.rec_start >= b
            )
    # The same input, the same answer.
    again = align_cues(moved, timeline, shift, questions=data["questions"], interviewer="Ann")
    assert again.by_question == result.by_question and again.boundaries == result.boundaries


def test_show_prints_every_cue_as_json(tmp_path, capsys):
    import json
    import shutil

    from transcript_corpus import DATA, Q1, make_session

    from prompter.cli import main

    session = make_session(tmp_path)
    vtt = tmp_path / "P11.vtt"
    shutil.copy(DATA / "P11.vtt", vtt)
    assert main(["transcript", "attach", str(session), str(vtt)]) == 0
    capsys.readouterr()
    assert main(["transcript", "show", str(session), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    assert {"start", "end", "speaker", "text", "question", "confidence"} == set(rows[0])
    assert rows[0]["question"] == Q1 and 0 <= rows[0]["confidence"] <= 1
    assert [r["question"] for r in rows if "doorbell" in r["text"]] == [None]  # in the pause
    # By the keys alone: the same cues, no confidence.
    assert (
        main(["transcript", "show", str(session), "--format", "json", "--align", "timeline"]) == 0
    )
    assert {r["confidence"] for r in json.loads(capsys.readouterr().out)} == {None}

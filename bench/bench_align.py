"""Benchmark of issue #20: how well a method gives each transcript cue to the question it
belongs to, on interviews written for it and session files made by replaying key presses
through the real session core.

    python bench/bench_align.py [--method timeline|text|all|MODULE:FUNCTION] [--raw]
                                [--quick] [--seeds N] [--json] [--keep DIR]

The corpus (bench/align/, described in bench/align/README.md): interviews written as
scripts of turns, each turn labelled with the question it belongs to by the rule of
issue #20 (docs/transcripts.md): a question begins with the interviewer turn that raises
it (lead-in and one-line checks of covered questions included) and everything after it
belongs to it until the next question is raised; the introduction before the first
question, talk while the interview clock is paused and the closing belong to none.

Each interview is rendered to (1) a WebVTT transcript with speaker names, one cue a
sentence or so at about 2.5 words a second, and (2) the raw auto-caption of the same
call: "Speaker 1/2", lower case and no punctuation, about one content word in ten
misheard, fillers, cues split and merged by time rather than by sentence. Gold labels go
with the words; a raw cue's gold is the label of most of its words.

Session files: for each interview and each of five interviewer behaviours (diligent,
late, forgetful, out_of_order, mixed), the key presses the interviewer makes are played
through `prompter.session.Session` on a fake monotonic clock and wall clock, saved with
`SessionWriter` after every key as the screen does, and read back with
`prompter.analysis.read.read_session` and `prompter.session.timeline.timeline_of`.
The session is opened 20-90 s before the call's recording starts, and `r` is pressed
1-6 s after the recording started: the transcript is attached with that shift.

The behaviours (`intentions`): diligent moves to each question 0-3 s before the turn
that raises it; late 3-25 s after (not at all when the next question comes first);
forgetful moves on time but forgets runs of 1-3 questions and catches up with quick
`j`s; out_of_order moves on time and also follows the participant into the questions
their answers stray into (goto, a note, usually back again); mixed draws one of these
per question. All of them go to an out-of-order question with goto, to a near one with
`j` (`s`/`c` on what they pass and decided to skip or found covered), mark `a`, probes
and `c` as they go, pause with `z` in the silences around a pause, and finish after the
goodbyes. Leaving the introduction (`j`) and going on to the closing (`j` past the last
question, when three questions or fewer are left; else the wrap-up screen) are timed as
the behaviour moves and replayed through `Session.show` where the session core records
the screen's stop (issue #20, point 3); a core without it logs nothing for them, as the
screen did.

A method is `method(transcript, timeline, shift, *, questions, interviewer)` returning a
`prompter.transcript.assign.Assignment`; `questions` is the session file's
`[[questions]]`, `interviewer` its `[session] interviewer` (may differ from the name the
call shows, or be empty, as in real sessions). Scores: word accuracy (the fraction of
transcript words whose cue was given the right question, or none), per behaviour and
pooled; question-start error (for each raised question, |first cue given to it - first
cue that belongs to it|, seconds; a raised question given no cue counts as infinite);
and the time to align an hour-long transcript. Markdown tables for docs/benchmarks.md,
or `--json`.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import html
import importlib
import inspect
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the shared test helpers

import yaml
from helpers import FIXED_NOW, FakeClock

from prompter.analysis.read import read_session
from prompter.guide import Guide
from prompter.guide.load import load_guide
from prompter.session import Session
from prompter.session.timeline import Timeline, timeline_of
from prompter.session.writer import SessionWriter
from prompter.transcript import read_transcript
from prompter.transcript.assign import Assignment, assign_cues
from prompter.transcript.model import Cue, Transcript

ALIGN = ROOT / "bench" / "align"
GUIDES = {
    "resilience-hub": ROOT / "guides" / "resilience-hub-wider-stakeholders.yaml",
    "medication-app": ALIGN / "guides" / "medication-app-usability.yaml",
    "classroom-feedback": ALIGN / "guides" / "classroom-feedback.yaml",
}
BEHAVIOURS = ("diligent", "late", "forgetful", "out_of_order", "mixed")
TARGETS = {"pooled": 0.95, "behaviour": 0.90, "start_median": 1.0, "hour": 1.0, "raw": 0.90}

# ----------------------------------------------------------------------------- scripts


@dataclass
class Turn:
    who: str  # "I" (the interviewer) or "P" (the participant)
    text: str
    gold: str | None  # the question it belongs to, None for none
    line: int
    marks: list[tuple[str, ...]] = field(default_factory=list)  # markers just above it


@dataclass
class Script:
    """One interview as written: its header and its turns, each with its gold label."""

    name: str
    path: Path
    guide: str  # a key of GUIDES
    call_interviewer: str  # the interviewer's name as the call (and transcript) shows it
    interviewer: str  # the session's [session] interviewer
    participant: str  # the participant's name in the call
    participant_id: str
    seed: int
    turns: list[Turn]
    about: str = ""


MARKERS = {"ask", "check", "skip", "covered", "probe", "stray", "pause", "resume", "closing"}


def parse_script(path: Path, guides: dict[str, Guide] | None = None) -> Script:
    """Read an interview script (bench/align/README.md); ValueError naming the line."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: starts with a --- header")
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head)
    first_line = head.count("\n") + 3
    guide = (guides or {}).get(meta["guide"]) or load_guide(GUIDES[meta["guide"]])
    ids = guide.question_index

    def fail(n: int, why: str):
        raise ValueError(f"{path}:{n}: {why}")

    turns: list[Turn] = []
    pending: list[tuple[str, ...]] = []
    gold: str | None = None
    before_pause: str | None = None
    paused = closed = False
    for n, raw in enumerate(body.split("\n"), first_line):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            kind, *args = line[1:].split()
            if kind not in MARKERS:
                fail(n, f"unknown marker @{kind}")
            if closed:
                fail(n, "a marker after @closing")
            if kind in ("ask", "check", "skip", "covered", "stray"):
                if not args or any(a not in ids for a in args):
                    fail(n, f"@{kind} needs question ids of the guide: {args}")
            if kind == "probe":
                probes = guide.questions[ids[gold]].probe_texts if gold else ()
                if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= len(probes):
                    fail(n, f"@probe {args}: {gold} has {len(probes)} probes")
            if kind == "pause":
                if paused or len(args) != 1:
                    fail(n, "@pause SECONDS, once until @resume")
                paused, before_pause, gold = True, gold, None
            elif kind == "resume":
                if not paused:
                    fail(n, "@resume without @pause")
                paused, gold = False, before_pause
            elif kind == "closing":
                if paused:
                    fail(n, "@closing during a pause")
                closed, gold = True, None
            pending.append((kind, *args))
            continue
        who, sep, said = line.partition(": ")
        if who not in ("I", "P") or not sep or not said.strip():
            fail(n, "a turn is 'I: text' or 'P: text'")
        for mark in pending:
            if mark[0] in ("ask", "check", "probe") and who != "I":
                fail(n, f"@{mark[0]} must be followed by an interviewer turn")
            if mark[0] == "stray" and who != "P":
                fail(n, "@stray must be followed by a participant turn")
            if mark[0] in ("ask", "check"):
                if paused:
                    fail(n, "a question raised during a pause")
                gold = mark[1]
        turns.append(Turn(who, said.strip(), gold, n, pending))
        pending = []
    if paused or pending:
        fail(n, "the script ends in a pause or with markers and no turn")
    if not any(t.gold for t in turns):
        fail(n, "no question is raised")
    return Script(
        name=meta["name"],
        path=path,
        guide=meta["guide"],
        call_interviewer=meta["call_interviewer"],
        interviewer=meta.get("interviewer", ""),
        participant=meta["participant"],
        participant_id=meta["participant_id"],
        seed=int(meta["seed"]),
        turns=turns,
        about=meta.get("about", ""),
    )


def load_scripts(names: list[str] | None = None) -> tuple[list[Script], dict[str, Guide]]:
    guides = {k: load_guide(p) for k, p in GUIDES.items()}
    paths = sorted((ALIGN / "interviews").glob("*.md"))
    scripts = [parse_script(p, guides) for p in paths]
    if names:
        scripts = [s for s in scripts if s.name in names]
    return scripts, guides


def rule_problems(script: Script, guide: Guide) -> list[str]:
    """The gold labels checked against the rule of issue 20, turn by turn, by an oracle of
    its own (the parser derives them; this re-derives them and says where they differ)."""
    problems = []
    current: str | None = None
    held: str | None = None  # the question before a pause
    in_pause = closed = False
    for n, turn in enumerate(script.turns):
        kinds = [m[0] for m in turn.marks]
        where = f"{script.path.name}:{turn.line}"
        if "pause" in kinds:
            in_pause, held, current = True, current, None
        if "resume" in kinds:
            in_pause, current = False, held
        if "closing" in kinds:
            closed, current = True, None
        raised = [m[1] for m in turn.marks if m[0] in ("ask", "check")]
        if raised:
            if turn.who != "I":
                problems.append(f"{where}: a question raised by a participant turn")
            current = raised[-1]
        if turn.gold != current:
            problems.append(f"{where}: gold {turn.gold!r}, the rule says {current!r}")
        if turn.gold is not None and turn.gold not in guide.question_index:
            problems.append(f"{where}: {turn.gold!r} is not a question of the guide")
        if (in_pause or closed) and turn.gold is not None:
            problems.append(f"{where}: talk in a pause or after the closing has a question")
        if n and turn.gold != script.turns[n - 1].gold and turn.gold is not None and not raised:
            if not ("resume" in kinds and turn.gold == held):
                problems.append(f"{where}: {turn.gold!r} begins without a turn raising it")
    if script.turns[0].gold is not None:
        problems.append(f"{script.path.name}: the first turn is a question's, not greetings")
    return problems


# --------------------------------------------------------------------------- rendering


@dataclass
class Word:
    text: str
    start: float
    end: float
    speaker: int  # 0 interviewer, 1 participant
    gold: str | None


@dataclass
class RCue:
    """A rendered cue: its times, speaker, text, gold label and its words' labels."""

    start: float
    end: float
    speaker: str
    text: str
    gold: str | None
    words: list[Word]
    turn: int = -1  # the script turn it came from (clean cues)


@dataclass
class Plan:
    """What happened in the call, in transcript seconds, for the simulated interviewer."""

    raises: list[tuple[str, str, float, float, float]]  # (question, kind, start, end, reply_end)
    probes: list[tuple[str, int, float]]  # (question, n, end of the probe turn)
    strays: list[tuple[str, str, float, float]]  # (question strayed to, host, start, end)
    passes: list[tuple[str, str, float]]  # (question, "skipped" | "covered", when decided)
    pauses: list[tuple[float, float, float, float]]  # (last cue end, silence end, talk end, next)
    closing: float  # the closing talk starts
    end: float


@dataclass
class Rendered:
    script: Script
    clean: list[RCue]
    raw: list[RCue]
    plan: Plan

    @property
    def duration(self) -> float:
        return self.clean[-1].end


SENTENCE = re.compile(r"(?<=[.?!])\s+")


def sentences(text: str) -> list[str]:
    """A turn cut into cues of a sentence or so, as call tools cut them: a short sentence
    joins the next, neighbours join while together they stay under 21 words, and a long
    sentence is cut at the comma nearest its middle."""
    out: list[str] = []
    for p in (p for p in SENTENCE.split(text) if p):
        if out and (len(out[-1].split()) < 4 or len(out[-1].split()) + len(p.split()) <= 20):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    cut: list[str] = []
    for p in out:
        while len(p.split()) > 34:
            words = p.split()
            commas = [i for i, w in enumerate(words[:-6]) if w.endswith(",") and i >= 6]
            at = min(commas, key=lambda i: abs(i - len(words) / 2)) + 1 if commas else 20
            cut.append(" ".join(words[:at]))
            p = " ".join(words[at:])
        cut.append(p)
    return cut


def _r(x: float) -> float:
    return round(x, 3)


def render(script: Script) -> Rendered:
    """Times for every cue (seeded by the script), the plan of the call, and its raw form."""
    rng = random.Random(script.seed)
    names = (script.call_interviewer, script.participant)
    cues: list[RCue] = []
    t = rng.uniform(1.5, 4.0)
    turn_times: list[tuple[float, float]] = []
    pause: list[float] = []  # last cue before, end of the silence, last cue in it, first after
    prev_who = None
    prev_raised = False
    for k, turn in enumerate(script.turns):
        kinds = {m[0] for m in turn.marks}
        if k == 0:
            gap = 0.0
        elif "pause" in kinds:  # the participant steps away: silence, then talk in the pause
            pause.append(cues[-1].end)
            gap = float(next(m[1] for m in turn.marks if m[0] == "pause"))
        elif "resume" in kinds:
            pause.append(cues[-1].end)
            gap = rng.uniform(3.0, 4.5)
        elif prev_who != turn.who and turn.who == "P" and prev_raised:
            gap = rng.uniform(0.8, 2.6)  # thinking before an answer
        elif prev_who != turn.who:
            gap = rng.uniform(0.2, 1.1)
        else:
            gap = rng.uniform(0.6, 1.5)
        t += gap
        if kinds & {"pause", "resume"}:
            pause.append(_r(t))
        rate = rng.uniform(2.3, 2.75)
        start = _r(t)
        for sent in sentences(turn.text):
            words = sent.split()
            dur = max(0.45, len(words) / rate * rng.uniform(0.9, 1.12))
            a, b = _r(t), _r(t + dur)
            who = 0 if turn.who == "I" else 1
            wl = [
                Word(
                    w,
                    _r(a + (b - a) * i / len(words)),
                    _r(a + (b - a) * (i + 1) / len(words)),
                    who,
                    turn.gold,
                )
                for i, w in enumerate(words)
            ]
            cues.append(RCue(a, b, names[who], sent, turn.gold, wl, k))
            t = b + rng.uniform(0.08, 0.4)
        turn_times.append((start, cues[-1].end))
        prev_who = turn.who
        prev_raised = bool(kinds & {"ask", "check", "probe"}) or turn.text.rstrip().endswith("?")
    plan = _plan(script, turn_times, pause, cues[-1].end)
    raw = render_raw(cues, random.Random(script.seed * 7919 + 1))
    return Rendered(script, cues, raw, plan)


def _plan(script: Script, times, pause_info, end: float) -> Plan:
    raises, probes, strays, passes = [], [], [], []
    closing = end
    for k, turn in enumerate(script.turns):
        start, stop = times[k]
        for m in turn.marks:
            if m[0] in ("ask", "check"):
                reply = times[k + 1][1] if k + 1 < len(times) else stop
                raises.append((m[1], m[0], start, stop, reply))
            elif m[0] == "probe":
                probes.append((turn.gold, int(m[1]), stop))
            elif m[0] == "stray":
                strays.append((m[1], turn.gold, start, stop))
            elif m[0] == "closing":
                closing = start
            elif m[0] in ("skip", "covered"):
                status = "skipped" if m[0] == "skip" else "covered"
                passes.extend((q, status, start) for q in m[1:])
    pauses = [tuple(pause_info[i : i + 4]) for i in range(0, len(pause_info), 4)]
    return Plan(raises, probes, strays, passes, pauses, closing, end)


# ------------------------------------------------------------------------ raw captions

STOP = set(
    """a about above after again all also am an and any are as at back be because been
    before being both but by can could did do does doing done don't down each even ever
    few for from get got had has have having he her here him his how i i'd i'll i'm i've
    if in into is it it's its just know let like lot made make many may me might more
    most much must my no not now of off on once one only or other our out over own quite
    really right said same say see she should so some still such sure than that that's
    the their them then there there's these they they're thing things think this those
    though through to too um uh up us very was way we we'd we're we've well were what
    when where which while who why will with would yeah yes you you're your okay oh
    mm-hm""".split()
)

# Mishearings a recogniser makes (from its output on real calls: sound-alikes, splits).
CONFUSIONS = {
    "hub": ["hob", "hug", "pub"],
    "hubs": ["hops", "pubs"],
    "resilience": ["resilient", "brazilian's"],
    "trust": ["trussed", "truss"],
    "trusts": ["trust's", "trusses"],
    "staff": ["stuff", "stiff"],
    "wellbeing": ["well being", "wellbing"],
    "pandemic": ["panic", "pandemics"],
    "commissioners": ["commissions", "missioners"],
    "referrals": ["refer rolls", "referral"],
    "outreach": ["out reach", "outrage"],
    "occupational": ["occupation", "vocational"],
    "app": ["up", "apt"],
    "apps": ["ups", "abs"],
    "reminder": ["remainder", "remind her"],
    "reminders": ["remainders", "remind us"],
    "dose": ["doze", "does"],
    "doses": ["dozes", "doses"],
    "medicine": ["medicin", "medicines"],
    "medicines": ["medicine's", "medicine"],
    "tablets": ["tablet", "tab lets"],
    "pharmacy": ["farmacy", "pharmacist"],
    "prescription": ["description", "prescriptions"],
    "snooze": ["snooks", "snoozed"],
    "dosewise": ["dose wise", "those wise", "doze wise"],
    "notification": ["notifications", "nation"],
    "feedback": ["feed back", "feet back"],
    "marking": ["marketing", "market"],
    "students": ["student's", "stupid"],
    "student": ["students", "stood and"],
    "homework": ["home work", "homeward"],
    "rubric": ["rubik", "rubrics"],
    "policy": ["polity", "police"],
    "scrutiny": ["scrutinise", "screw tiny"],
    "redraft": ["read raft", "redrafted"],
    "year": ["yeah", "ear"],
    "nine": ["mine", "nein"],
    "ten": ["then", "tim"],
    "eleven": ["11", "leaven"],
    "department": ["departments", "apartment"],
    "sixth": ["six", "sick"],
    "form": ["from", "farm"],
    "mental": ["metal", "men tal"],
    "health": ["help", "hells"],
    "service": ["survey", "services"],
    "services": ["surfaces", "service"],
    "support": ["sport", "support's"],
    "team": ["teen", "theme"],
    "teams": ["teens", "themes"],
    "system": ["systems", "sister"],
    "funding": ["founding", "fending"],
    "psychologist": ["psychologists", "sociologist"],
    "clinical": ["clinic", "cynical"],
    "carer": ["career", "carrier"],
    "carers": ["careers", "carriers"],
    "screen": ["scream", "green"],
    "button": ["mutton", "bottom"],
    "tap": ["top", "tab"],
    "swipe": ["swipe", "stripe"],
    "phone": ["fun", "foam"],
    "teacher": ["teachers", "teach her"],
    "teaching": ["teachings", "reaching"],
    "lesson": ["lessen", "lessons"],
    "lessons": ["lessens", "lesson"],
    "comments": ["comets", "comment"],
    "whole-class": ["hole class", "whole class"],
    "verbal": ["verbally", "herbal"],
}
FILLERS = ["um"] * 3 + ["uh"] * 3 + ["erm", "you know", "you know", "like", "sort of", "I mean"]


def _misheard(word: str, rng: random.Random, vocab: list[str]) -> list[str]:
    """What a recogniser might write for `word`: a known confusion, else a word of the
    call spelled (and so, roughly, sounding) much like it, else the word's number or
    tense changed, else nothing (a word lost)."""
    key = word.lower()
    if key in CONFUSIONS:
        return rng.choice(CONFUSIONS[key]).split()
    for cutoff in (0.75, 0.6):
        near = [w for w in difflib.get_close_matches(key, vocab, n=4, cutoff=cutoff) if w != key]
        if near:
            return [rng.choice(near)]
    for end, other in (("ing", "in"), ("ies", "y"), ("ed", "e"), ("s", "")):
        if key.endswith(end) and len(key) > len(end) + 2:
            return [key[: -len(end)] + other]
    return []


def _plain(word: str) -> str:
    w = word.lower().strip(".,;:!?\"'()[]—–-…")
    w = w.replace("’", "'").replace("‘", "'")
    return "I" + w[1:] if w in ("i", "i'm", "i've", "i'd", "i'll") else w


def render_raw(clean: list[RCue], rng: random.Random) -> list[RCue]:
    """The call as a recogniser captions it: lower case, no punctuation, about one content
    word in ten misheard, fillers, some short words lost, cues cut by time and length (so
    sentences split and short turns merged), anonymous speakers, now and then the wrong
    one. Each word keeps the gold label of the word it came from."""
    vocab = sorted(
        {
            p
            for c in clean
            for w in c.words
            if (p := _plain(w.text)).isalpha() and p not in STOP and len(p) > 2
        }
    )
    words: list[Word] = []
    for c in clean:
        for w in c.words:
            p = _plain(w.text)
            if not p:
                continue
            if p in STOP and len(p) <= 3 and rng.random() < 0.02:
                continue  # lost
            out = [p]
            if p.isalpha() and p not in STOP and len(p) > 2 and rng.random() < 0.1:
                out = _misheard(p, rng, vocab)
            if rng.random() < (0.04 if w.speaker else 0.02):
                out = rng.choice(FILLERS).split() + out
            if not out:
                continue
            span = (w.end - w.start) / len(out)
            for i, o in enumerate(out):
                a, b = _r(w.start + span * i), _r(w.start + span * (i + 1))
                words.append(Word(o, a, b, w.speaker, w.gold))
    cues: list[RCue] = []
    cur: list[Word] = []
    limit_s, limit_n = rng.uniform(3.5, 8.0), rng.randint(9, 22)

    def flush():
        nonlocal cur, limit_s, limit_n
        if cur:
            who = Counter(w.speaker for w in cur).most_common(1)[0][0]
            if rng.random() < 0.03:
                who = 1 - who  # the recogniser's diarisation slips
            labels = Counter(w.gold for w in cur)
            top = max(labels.values())
            gold = next(w.gold for w in cur if labels[w.gold] == top)
            text = " ".join(w.text for w in cur)
            cues.append(RCue(cur[0].start, cur[-1].end, who, text, gold, cur))
        cur = []
        limit_s, limit_n = rng.uniform(3.5, 8.0), rng.randint(9, 22)

    for w in words:
        if cur:
            gap = w.start - cur[-1].end
            new_speaker = w.speaker != cur[-1].speaker
            if (
                gap > 1.5
                or (new_speaker and (gap > 0.6 or rng.random() < 0.7))
                or w.end - cur[0].start > limit_s
                or len(cur) >= limit_n
            ):
                flush()
        cur.append(w)
    flush()
    # Speaker labels in order of first appearance, as recognisers number them.
    order: dict[int, str] = {}
    for c in cues:
        order.setdefault(c.speaker, f"Speaker {len(order) + 1}")
    for c in cues:
        c.speaker = order[c.speaker]
    return cues


def write_vtt(cues: list[RCue], path: Path) -> None:
    def stamp(x: float) -> str:
        ms = round(x * 1000)
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    lines = ["WEBVTT", ""]
    for n, c in enumerate(cues, 1):
        lines += [str(n), f"{stamp(c.start)} --> {stamp(c.end)}"]
        lines += [f"<v {c.speaker}>{html.escape(c.text, quote=False)}</v>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- interviewer behaviour


def seed_of(*parts) -> int:
    return zlib.crc32(":".join(map(str, parts)).encode())


def intentions(plan: Plan, guide: Guide, behaviour: str, rng: random.Random, shift: float):
    """What the interviewer means to do, and when (transcript seconds), under `behaviour`.

    Moves to the question being raised: diligent 0-3 s before the raising turn starts;
    late 3-25 s after it (none at all if the next question comes first); forgetful on
    time (-2 to +5 s) except runs of 1-3 questions with no move, caught up with quick
    `j`s either halfway through the last forgotten answer or at the next question;
    out_of_order on time (-3 to +3 s) and it also follows the participant: when an answer
    strays into another question's topic it jumps there (goto), notes it, and goes back
    (or stays until the next question); mixed draws one of these per question. Every
    behaviour presses `r` `shift` seconds into the recording, `a` after asking, the probe
    numbers after probing, `c` after a one-line check is confirmed, `s`/`c` on the
    questions it passes that it has decided to skip or found covered, `z` in the
    silences around a pause, and finishes a few seconds after the call's last word.
    """
    out: list[tuple[float, tuple]] = [(shift, ("recording",))]
    for before, silence_end, talk_end, after in plan.pauses:
        out.append((before + rng.uniform(0.4, min(3.0, silence_end - before - 0.5)), ("pause",)))
        out.append((talk_end + rng.uniform(0.5, max(0.6, after - talk_end - 0.5)), ("unpause",)))
    out.append((plan.end + rng.uniform(2.0, 8.0), ("finish",)))
    first = guide.questions[0].id
    raises = plan.raises
    n = len(raises)
    modes = _modes(behaviour, n, rng)
    for k, (q, kind, start, stop, reply) in enumerate(raises):
        nxt = raises[k + 1][2] if k + 1 < n else plan.closing
        prev_start = raises[k - 1][2] if k else 0.0
        mode = modes[k]
        if k == 0:  # leaves the introduction for the first question
            out.append((_when(mode if mode != "forget" else "on_time", start, rng), ("begin",)))
        if mode == "forget":
            continue
        catching = k > 0 and modes[k - 1] == "forget"
        if mode == "catchup":  # halfway through the last forgotten answer, to that question
            pq = raises[k - 1][0]
            at = prev_start + (start - prev_start) * rng.uniform(0.4, 0.85)
            out.append((at, ("move", pq, "quick")))
            mode, catching = "on_time", False
        at = _when(mode, start, rng)
        if mode == "late" and at >= nxt - 0.5:
            continue  # the next question came first: straight on to it
        at = max(at, prev_start + 0.5)
        if not (k == 0 and q == first):
            out.append((at, ("move", q, "quick" if catching else "keys")))
        if kind == "ask":
            out.append((min(max(at, stop) + rng.uniform(1.0, 8.0), nxt - 0.3), ("asked", q)))
        else:
            out.append((max(at + 0.5, reply + rng.uniform(0.5, 2.5)), ("cover", q)))
        for pq, num, pend in plan.probes:
            if pq == q and start <= pend < nxt:
                out.append((max(at, pend) + rng.uniform(0.5, 4.0), ("probe", q, num)))
        if mode == "out_of_order":
            for sq, host, s0, s1 in plan.strays:
                if host == q and start <= s0 < nxt and sq != q:
                    go = min(s0 + rng.uniform(2.0, 10.0), max(s0 + 0.5, s1 - 0.5))
                    out.append((go, ("goto", sq)))
                    if rng.random() < 0.7:
                        note = "came up earlier, in another answer"
                        out.append((go + rng.uniform(3.0, 12.0), ("note", sq, note)))
                    back = s1 + rng.uniform(0.5, 5.0)
                    if rng.random() < 0.6 and back < nxt - 3.0:
                        out.append((back, ("goto", q)))
    # On to the closing (j past the last question), timed as the behaviour moves; the
    # forgetful interviewer forgets it as often as a question, and only finishes.
    last = _modes(behaviour, 1, rng)[0] if behaviour == "mixed" else behaviour
    if not (last == "forgetful" and rng.random() < 0.3):
        mode = {"forgetful": "on_time"}.get(last, last)
        at = min(_when(mode, plan.closing, rng), plan.end)
        out.append((max(at, raises[-1][2] + 0.5), ("closing",)))
    for q, status, when in plan.passes:  # known by the time the interviewer gets there
        out.append((when - 30.0, ("decide", q, status)))
    return sorted(out, key=lambda x: x[0])


def _when(mode: str, start: float, rng: random.Random) -> float:
    """When a move for something that starts at `start` is made, by the mode's timing."""
    if mode == "diligent":
        return start - rng.uniform(0.0, 3.0)
    if mode == "late":
        return start + rng.uniform(3.0, 25.0)
    if mode == "out_of_order":
        return start + rng.uniform(-3.0, 3.0)
    return start + rng.uniform(-2.0, 5.0)  # on time, the forgetful interviewer remembering


def _modes(behaviour: str, n: int, rng: random.Random) -> list[str]:
    """How the move to each raised question is made: the behaviour's own, or for forgetful
    runs of forgotten moves (a run starts at 30% of questions, 1-3 long) each followed by
    a catch-up, and for mixed a draw per question: 35% diligent, 30% late, 20% out of
    order (following strays), 15% forgetting one question and catching up at the next."""
    if behaviour in ("diligent", "late", "out_of_order"):
        return [behaviour] * n
    modes = []
    k = 0
    while k < n:
        if behaviour == "forgetful":
            if 0 < k < n - 1 and rng.random() < 0.3:
                run = min(rng.choice([1, 1, 2, 2, 3]), n - k - 1)
                modes += ["forget"] * run
                k += run
                if k < n:
                    modes.append("catchup" if rng.random() < 0.5 else "on_time")
                    k += 1
                continue
            modes.append("on_time")
        else:  # mixed
            r = rng.random()
            if k > 0 and r < 0.15 and k < n - 1:
                modes += ["forget", "on_time"]
                k += 2
                continue
            modes.append("diligent" if r < 0.5 else "late" if r < 0.8 else "out_of_order")
        k += 1
    return modes[:n]


def _path(s: Session, target: str, style: str, decided: dict[str, str]) -> list[tuple]:
    """Key presses from the current question to `target`: j (next) over the ones between,
    `s`/`c` on those decided skipped or covered ("keys"), only j's ("quick"); k (previous)
    one back; goto (the question finder) when far."""
    ids = [q.id for q in s.guide.questions]
    here, there = ids.index(s.current), ids.index(target)
    if here == there:
        return []
    if there == here - 1:
        return [("previous",)]
    if there < here or there - here > (8 if style == "quick" else 4):
        return [("goto", target)]
    keys = [("next",)]
    for q in ids[here + 1 : there]:
        status = decided.get(q) if style == "keys" else None
        keys.append(("skip",) if status == "skipped" else ("cover_pass",) if status else ("next",))
    return keys


def replay(rendered: Rendered, guide: Guide, behaviour: str, folder: Path, seed: int):
    """Play the interviewer's keys through the session core, saving after every key as
    the screen does; returns (the session file, the shift to attach the transcript with).
    The session opens 20-90 s before the recording starts; `r` is pressed 1-6 s after."""
    script = rendered.script
    rng = random.Random(seed)
    lead = round(rng.uniform(20.0, 90.0), 3)
    shift = round(rng.uniform(1.0, 6.0), 3)
    clock = FakeClock(1000.0)

    def wall():
        return FIXED_NOW + timedelta(seconds=clock.t - 1000.0)

    s = Session(
        guide,
        script.participant_id,
        script.interviewer,
        {"mode": "video call"},
        clock=clock,
        now=FIXED_NOW,
        session_id=f"{script.participant_id}_{behaviour}",
        wallclock=wall,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{s.id}.toml"
    writer = SessionWriter(s, path)
    if guide.introduction and hasattr(s, "show"):
        s.show("introduction")  # the screen opens on the introduction (see _press)
    writer.save()
    decided: dict[str, str] = {}
    now = -lead
    for at, act in intentions(rendered.plan, guide, behaviour, rng, shift):
        if act[0] == "decide":
            decided[act[1]] = act[2]
            continue
        now = max(at, now + 0.05)
        keys = _keys(s, act, decided)
        for key in keys:
            clock.advance(max(0.0, round(1000.0 + lead + now, 3) - clock.t))
            _press(s, key)
            writer.save()
            now += rng.uniform(0.2, 0.5) if act[-1] == "quick" else rng.uniform(0.35, 0.9)
    return path, shift


def _keys(s: Session, act: tuple, decided: dict[str, str]) -> list[tuple]:
    name = act[0]
    if name == "move":
        return _path(s, act[1], act[2], decided)
    if name in ("asked", "cover", "probe", "note") and s.current != act[1]:
        return []  # not on that question: an interviewer marks only what is on screen
    st = s.question_state(s.current)
    if name == "asked":
        return [("mark", "asked")] if st.status == "pending" else []
    if name == "cover":
        return [("cover",)] if st.status in ("pending", "asked") else []
    if name == "probe":
        text = s.current_question.probe_texts[act[2] - 1]
        return [] if text in st.probes_used else [("probe", act[2])]
    if name == "note":
        return [("note", f"{st.note}\n{act[2]}".strip())]
    if name == "goto" and s.current == act[1]:
        return []
    if name == "closing":
        ids = [q.id for q in s.guide.questions]
        left = len(ids) - 1 - ids.index(s.current)
        # j through what is left of the guide, if little is; else the wrap-up screen later.
        return [("next",)] * left + [act] if left <= 3 else []
    return [act]


def _press(s: Session, key: tuple) -> None:
    """One key, as the interview screen does it (prompter/tui/interview.py)."""
    name = key[0]
    if name in ("next", "previous"):
        getattr(s, name)()
    elif name == "goto":
        s.goto(key[1])
    elif name == "mark":
        s.mark(key[1])
    elif name in ("skip", "cover", "cover_pass"):  # s and c mark, then move on
        status = "skipped" if name == "skip" else "covered"
        s.mark(status)
        if s.question_state(s.current).status == status:
            s.next()
    elif name == "probe":
        s.toggle_probe(key[1])
    elif name == "note":
        s.set_note(key[1])
    elif name in ("pause", "unpause"):
        if s.paused == (name == "unpause"):
            s.toggle_pause()
    elif name == "recording":
        s.mark_recording()
    elif name == "finish":
        s.finish()
    elif name in ("begin", "closing"):
        # `j` from the introduction to the first question, and from the last question to
        # the closing: sessions that record the screen's stop (`Session.show`, issue #20
        # point 3) log them; in a core without it they log nothing, as the screen did.
        show = getattr(s, "show", None)
        if show is not None:
            show(None if name == "begin" else "closing")
    else:
        raise ValueError(key)


# ------------------------------------------------------------------------------ corpus


@dataclass
class Case:
    """One transcript of one interview with the session file of one behaviour."""

    interview: str
    guide: str
    behaviour: str
    seed: int
    variant: str  # "clean" or "raw"
    transcript: Transcript
    gold: list[str | None]  # per cue
    words: list[int]  # per cue
    timeline: Timeline
    shift: float
    questions: list[dict]
    interviewer: str
    data: dict = field(default_factory=dict)  # the session file as read


@dataclass
class Corpus:
    rendered: list[Rendered]
    cases: list[Case]
    guides: dict[str, Guide]


def read_back(cues: list[RCue], path: Path) -> Transcript:
    """Write a transcript as WebVTT and read it with prompter's own reader."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_vtt(cues, path)
    transcript = read_transcript(path)
    assert len(transcript.cues) == len(cues), path
    for a, b in zip(transcript.cues, cues, strict=True):
        assert abs(a.start - b.start) < 0.002 and a.speaker == b.speaker, (path, a, b)
    return transcript


def session_timeline(path: Path) -> tuple[Timeline, list[dict], str, dict]:
    """A session file read back as the exports read it: its timeline, questions,
    interviewer, and the whole of it (for a method that reads more, as the exports do)."""
    data = read_session(path, keep_events=True)
    s = data["session"]
    return timeline_of(data), data["questions"], s.get("interviewer", ""), data


def build(
    folder: Path,
    *,
    seeds: int = 1,
    raw: bool = False,
    names: list[str] | None = None,
    behaviours: tuple[str, ...] = BEHAVIOURS,
) -> Corpus:
    """Render every interview, write its transcripts, replay its sessions under every
    behaviour (`seeds` sessions each), and pair them up as cases."""
    scripts, guides = load_scripts(names)
    rendered = [render(s) for s in scripts]
    cases = []
    for r in rendered:
        name, guide = r.script.name, guides[r.script.guide]
        variants = {"clean": r.clean, **({"raw": r.raw} if raw else {})}
        transcripts = {
            v: read_back(cues, folder / "transcripts" / f"{name}.{v}.vtt")
            for v, cues in variants.items()
        }
        for b in behaviours:
            for k in range(seeds):
                seed = seed_of(name, b, k)
                path, shift = replay(r, guide, b, folder / "sessions" / str(k), seed)
                timeline, questions, interviewer, data = session_timeline(path)
                for v, t in transcripts.items():
                    cases.append(
                        Case(
                            name,
                            r.script.guide,
                            b,
                            k,
                            v,
                            t,
                            [c.gold for c in variants[v]],
                            [len(c.text.split()) for c in t.cues],
                            timeline,
                            shift,
                            questions,
                            interviewer,
                            data,
                        )
                    )
    return Corpus(rendered, cases, guides)


# ----------------------------------------------------------------------------- methods

Method = Callable[..., Assignment]


def timeline_method(transcript, timeline, shift, *, questions, interviewer) -> Assignment:
    """Today's rule: the question current at each cue's midpoint (the text is not read)."""
    return assign_cues(transcript, timeline, shift)


def methods(spec: str) -> dict[str, Method | str]:
    """The methods to run: a callable, or the reason it cannot run."""
    out: dict[str, Method | str] = {}
    if spec in ("timeline", "all"):
        out["timeline"] = timeline_method
    if spec in ("text", "all"):
        try:
            from prompter.transcript.align import cut
        except ImportError as e:
            out["text"] = f"prompter.transcript.align.cut does not import ({e})"
        else:

            def text_method(transcript, timeline, shift, *, questions, interviewer, session):
                """What the exports do: the session file's questions, interviewer and
                scripts (introduction, closing) with the transcript."""
                return cut(transcript, timeline, shift, session, "text")

            out["text"] = text_method
    if ":" in spec:
        module, _, func = spec.partition(":")
        out[spec] = getattr(importlib.import_module(module), func)
    if not out:
        raise SystemExit(f"unknown method {spec!r}: timeline, text, all or MODULE:FUNCTION")
    return out


# ----------------------------------------------------------------------------- scoring

MISSING = "<missing>"  # a cue the method gave to no bucket, or to two


def predicted(assignment: Assignment, transcript: Transcript) -> list[str | None]:
    """The question (None for none) the assignment gives each cue of the transcript."""
    found: dict[int, list[str | None]] = {}
    by_value: dict[tuple, list[str | None]] = {}

    def put(cue: Cue, label):
        found.setdefault(id(cue), []).append(label)
        by_value.setdefault((cue.start, cue.end, cue.text), []).append(label)

    for q, cues in assignment.by_question.items():
        for c in cues:
            put(c, q)
    names = (
        [f.name for f in dataclasses.fields(assignment)]
        if dataclasses.is_dataclass(assignment)
        else list(vars(assignment))
    )
    for name in names:  # before_cues, after_cues, pause_cues (and any other such list)
        value = getattr(assignment, name)
        if name.endswith("_cues") and isinstance(value, list):
            for c in value:
                put(c, None)
    out = []
    for c in transcript.cues:
        labels = found.get(id(c)) or by_value.get((c.start, c.end, c.text)) or []
        out.append(labels[0] if len(labels) == 1 else MISSING)
    return out


@dataclass
class Score:
    words: int = 0
    correct: int = 0
    starts: list[float] = field(default_factory=list)  # seconds; inf: given no cue
    missing: int = 0  # cues in no bucket or in two
    seconds: float = 0.0

    def add(self, other: Score) -> None:
        self.words += other.words
        self.correct += other.correct
        self.starts += other.starts
        self.missing += other.missing
        self.seconds += other.seconds

    @property
    def accuracy(self) -> float:
        return self.correct / self.words if self.words else float("nan")


def score(case: Case, pred: list[str | None]) -> Score:
    out = Score()
    true_start: dict[str, float] = {}
    pred_start: dict[str, float] = {}
    for cue, gold, n, p in zip(case.transcript.cues, case.gold, case.words, pred, strict=True):
        out.words += n
        out.correct += n if p == gold else 0
        out.missing += p == MISSING
        if gold is not None:
            true_start.setdefault(gold, cue.start)
        if p not in (None, MISSING):
            pred_start.setdefault(p, cue.start)
    out.starts = [abs(pred_start.get(q, math.inf) - t) for q, t in true_start.items()]
    return out


def run_case(method: Method, case: Case) -> Score:
    t0 = time.perf_counter()
    extra = {"session": case.data} if "session" in inspect.signature(method).parameters else {}
    result = method(
        case.transcript,
        case.timeline,
        case.shift,
        questions=case.questions,
        interviewer=case.interviewer,
        **extra,
    )
    seconds = time.perf_counter() - t0
    s = score(case, predicted(result, case.transcript))
    s.seconds = seconds
    return s


def quantile(values: list[float], q: float) -> float:
    """The q-quantile by linear interpolation (inf where it reaches an infinite value)."""
    if not values:
        return float("nan")
    v = sorted(values)
    x = (len(v) - 1) * q
    lo, hi = math.floor(x), math.ceil(x)
    if math.isinf(v[hi]) or math.isinf(v[lo]):
        return v[hi] if x - lo > 0 else v[lo]
    return v[lo] + (v[hi] - v[lo]) * (x - lo)


# --------------------------------------------------------------------------- hour-long


def hour_long(scripts: list[Script], guides: dict[str, Guide], folder: Path, seconds=3600.0):
    """One call of at least `seconds`: the interviews of the bundled guide one after the
    other (as if one long interview went through the guide twice and more), rendered
    and replayed (mixed behaviour) as one; the last one cut at a turn once long enough."""
    parts = [s for s in scripts if s.guide == "resilience-hub"]
    turns: list[Turn] = []
    while True:
        for s in parts:
            turns += [Turn(t.who, t.text, t.gold, t.line, list(t.marks)) for t in s.turns]
            long = Script(
                "hour",
                parts[0].path,
                "resilience-hub",
                parts[0].call_interviewer,
                parts[0].interviewer,
                parts[0].participant,
                "HOUR",
                6000,
                turns,
            )
            r = render(long)
            if r.duration >= seconds:
                k = next(c.turn for c in r.clean if c.start >= seconds)
                while not _after_resume(turns, k):
                    k += 1
                long.turns = turns[: k + 1]
                r = render(long)
                path, shift = replay(r, guides["resilience-hub"], "mixed", folder, 6000)
                timeline, questions, interviewer, data = session_timeline(path)
                t = read_back(r.clean, folder / "hour.vtt")
                return r, t, timeline, shift, questions, interviewer, data


def _after_resume(turns: list[Turn], k: int) -> bool:
    """Whether turn k is outside every pause (each @pause closed by a @resume before it)."""
    depth = 0
    for t in turns[: k + 1]:
        for m in t.marks:
            depth += m[0] == "pause"
            depth -= m[0] == "resume"
    return depth == 0


# ---------------------------------------------------------------------------- the run


def scratch_dir() -> str | None:
    """Where to write the session files: a memory file system where there is one, so that
    the fsync of every save (the screen's, kept here) costs nothing; else the default."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def evaluate(corpus: Corpus, method: Method) -> dict:
    """Scores of one method on every case: by variant, behaviour and interview."""
    out: dict = {}
    for case in corpus.cases:
        s = run_case(method, case)
        v = out.setdefault(
            case.variant, {"by_behaviour": {}, "by_interview": {}, "pooled": Score()}
        )
        v["by_behaviour"].setdefault(case.behaviour, Score()).add(s)
        v["by_interview"].setdefault((case.interview, case.behaviour), Score()).add(s)
        v["pooled"].add(s)
    return out


def time_hour(method: Method, hour, rounds: int) -> float:
    _, transcript, timeline, shift, questions, interviewer, data = hour
    extra = {"session": data} if "session" in inspect.signature(method).parameters else {}
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        method(transcript, timeline, shift, questions=questions, interviewer=interviewer, **extra)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _f(x: float, digits: int = 3) -> str:
    return "∞" if math.isinf(x) else "–" if math.isnan(x) else f"{x:.{digits}f}"


def summary(scores: dict) -> dict:
    """The figures of one method and variant, as plain data (for --json and the tables)."""

    def one(s: Score) -> dict:
        return {
            "words": s.words,
            "accuracy": round(s.accuracy, 4),
            "start_median": quantile(s.starts, 0.5),
            "start_p90": quantile(s.starts, 0.9),
            "start_within_1s": round(sum(x <= 1.0 for x in s.starts) / len(s.starts), 3)
            if s.starts
            else math.nan,
            "raised": len(s.starts),
            "given_no_cue": sum(math.isinf(x) for x in s.starts),
            "missing_cues": s.missing,
        }

    return {
        "by_behaviour": {b: one(s) for b, s in scores["by_behaviour"].items()},
        "pooled": one(scores["pooled"]),
        "by_interview": {
            f"{i}/{b}": round(s.accuracy, 4) for (i, b), s in scores["by_interview"].items()
        },
    }


def targets(name: str, figures: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for the issue's targets."""
    rows = []
    clean = figures.get("clean")
    if clean:
        pooled = clean["pooled"]["accuracy"]
        rows.append(
            (f"pooled word accuracy ≥ {TARGETS['pooled']}", _f(pooled), pooled >= TARGETS["pooled"])
        )
        worst_b, worst = min(clean["by_behaviour"].items(), key=lambda kv: kv[1]["accuracy"])
        rows.append(
            (
                f"every behaviour ≥ {TARGETS['behaviour']}",
                f"{_f(worst['accuracy'])} (lowest: {worst_b})",
                worst["accuracy"] >= TARGETS["behaviour"],
            )
        )
        med = clean["pooled"]["start_median"]
        rows.append(
            (
                f"question-start error, median ≤ {TARGETS['start_median']:g} s",
                f"{_f(med, 1)} s",
                med <= TARGETS["start_median"],
            )
        )
    hour = figures.get("hour")
    if hour:
        rows.append(
            (
                f"an hour-long transcript in < {TARGETS['hour']:g} s",
                f"{hour['seconds'] * 1000:.1f} ms",
                hour["seconds"] < TARGETS["hour"],
            )
        )
    raw = figures.get("raw")
    if raw:
        pooled = raw["pooled"]["accuracy"]
        rows.append(
            (f"raw captions, pooled ≥ {TARGETS['raw']}", _f(pooled), pooled >= TARGETS["raw"])
        )
    else:
        rows.append((f"raw captions, pooled ≥ {TARGETS['raw']}", "not measured (--raw)", None))
    return rows


def corpus_facts(corpus: Corpus, seeds: int) -> dict:
    rows = []
    for r in corpus.rendered:
        rows.append(
            {
                "interview": r.script.name,
                "guide": r.script.guide,
                "about": r.script.about,
                "minutes": round(r.duration / 60, 1),
                "cues": len(r.clean),
                "raw_cues": len(r.raw),
                "words": sum(len(c.text.split()) for c in r.clean),
                "raised": len({q for q, *_ in r.plan.raises}),
                "pause": bool(r.plan.pauses),
            }
        )
    return {
        "interviews": rows,
        "guides": len({r["guide"] for r in rows}),
        "minutes": round(sum(r["minutes"] for r in rows), 1),
        "cues": sum(r["cues"] for r in rows),
        "raw_cues": sum(r["raw_cues"] for r in rows),
        "words": sum(r["words"] for r in rows),
        "sessions": len(corpus.rendered) * len(BEHAVIOURS) * seeds,
        "seeds": seeds,
    }


def markdown(facts: dict, results: dict) -> str:
    lines = [
        "## Transcript alignment (issue 20)",
        "",
        f"Corpus: {len(facts['interviews'])} interviews on {facts['guides']} guides, "
        f"{facts['minutes']:g} minutes, {facts['cues']:,} cues ({facts['raw_cues']:,} as raw "
        f"captions), {facts['words']:,} words; {facts['sessions']} session files "
        f"({len(BEHAVIOURS)} behaviours × {facts['seeds']} seed(s) × each interview).",
        "",
        "| interview | guide | minutes | cues | raw cues | words | questions raised | pause |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in facts["interviews"]:
        lines.append(
            f"| {r['interview']} | {r['guide']} | {r['minutes']:.1f} | {r['cues']} | "
            f"{r['raw_cues']} | {r['words']:,} | {r['raised']} | {'yes' if r['pause'] else 'no'} |"
        )
    for name, figures in results.items():
        if isinstance(figures, str):
            lines += ["", f"### `{name}`: not run", "", figures]
            continue
        for variant in ("clean", "raw"):
            if variant not in figures:
                continue
            f = figures[variant]
            lines += [
                "",
                f"### `{name}`, {'clean transcripts' if variant == 'clean' else 'raw auto-captions'}",
                "",
                "| behaviour | words | word accuracy | start error median | start error p90 | starts within 1 s | raised questions given no cue |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for b in [*BEHAVIOURS, "pooled"]:
                row = f["pooled"] if b == "pooled" else f["by_behaviour"].get(b)
                if row is None:
                    continue
                label = "**pooled**" if b == "pooled" else b
                lines.append(
                    f"| {label} | {row['words']:,} | {_f(row['accuracy'])} | "
                    f"{_f(row['start_median'], 1)} s | {_f(row['start_p90'], 1)} s | "
                    f"{_f(row['start_within_1s'], 2)} | "
                    f"{row['given_no_cue']} of {row['raised']} |"
                )
            missing = f["pooled"]["missing_cues"]
            if missing:
                lines.append(
                    f"\n{missing} cues were given to no question and no 'none' bucket, or to two."
                )
            lines += [
                "",
                "| interview | " + " | ".join(BEHAVIOURS) + " |",
                "|---|" + "---:|" * len(BEHAVIOURS),
            ]
            for r in facts["interviews"]:
                cells = [
                    _f(f["by_interview"].get(f"{r['interview']}/{b}", math.nan)) for b in BEHAVIOURS
                ]
                lines.append(f"| {r['interview']} | " + " | ".join(cells) + " |")
        hour = figures.get("hour")
        if hour:
            lines += [
                "",
                f"Hour-long transcript ({hour['minutes']:.1f} minutes, {hour['cues']:,} cues, "
                f"{hour['words']:,} words, the bundled guide's interviews one after the other): "
                f"**{hour['seconds'] * 1000:.1f} ms** to align (median of {hour['rounds']}).",
            ]
        lines += [
            "",
            f"Targets of issue 20, `{name}`:",
            "",
            "| target | measured | met |",
            "|---|---|---|",
        ]
        for target, measured, met in figures["targets"]:
            lines.append(
                f"| {target} | {measured} | {'–' if met is None else 'met' if met else 'not met'} |"
            )
    return "\n".join(lines) + "\n"


def _plain_json(x):
    """Strict JSON: infinite or missing figures as the strings "inf" and "nan"."""
    if isinstance(x, float) and not math.isfinite(x):
        return "inf" if math.isinf(x) else "nan"
    if isinstance(x, dict):
        return {str(k): _plain_json(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain_json(v) for v in x]
    return x


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--method", default="timeline", help="timeline, text, all or MODULE:FUNCTION")
    ap.add_argument("--raw", action="store_true", help="also score the raw auto-captions")
    ap.add_argument("--quick", action="store_true", help="one seed, one round of the hour-long")
    ap.add_argument(
        "--seeds",
        type=int,
        default=None,
        help="sessions per interview and behaviour (default 3; 1 with --quick)",
    )
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument("--keep", metavar="DIR", help="keep the transcripts and session files in DIR")
    args = ap.parse_args(argv)
    seeds = args.seeds or (1 if args.quick else 3)
    chosen = methods(args.method)
    with tempfile.TemporaryDirectory(prefix="bench_align_", dir=scratch_dir()) as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        corpus = build(folder, seeds=seeds, raw=args.raw)
        scripts = [r.script for r in corpus.rendered]
        hour = hour_long(scripts, corpus.guides, folder / "hour")
        results: dict = {}
        for name, method in chosen.items():
            if isinstance(method, str):
                results[name] = method
                continue
            try:
                scores = evaluate(corpus, method)
            except Exception as e:  # a method that fails is reported, not a traceback
                results[name] = f"failed: {type(e).__name__}: {e}"
                continue
            figures = {v: summary(s) for v, s in scores.items()}
            r, t = hour[0], hour[1]
            figures["hour"] = {
                "seconds": time_hour(method, hour, 1 if args.quick else 3),
                "rounds": 1 if args.quick else 3,
                "minutes": r.duration / 60,
                "cues": len(t.cues),
                "words": sum(len(c.text.split()) for c in t.cues),
            }
            figures["targets"] = targets(name, figures)
            results[name] = figures
        facts = corpus_facts(corpus, seeds)
    if args.json:
        print(json.dumps(_plain_json({"corpus": facts, "methods": results}), indent=1))
    else:
        print(markdown(facts, results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

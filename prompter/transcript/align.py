"""Lining a transcript up with the interview by its words as well as its keys (pure Python).

The rule (docs/transcripts.md, "Which question a cue belongs to"): a question begins
with the interviewer's turn that raises it, lead-in included, and everything after it
belongs to it until the next question is raised. Talk before the first question, while
the interview clock is paused and after the last answer belongs to no question.

The key timeline says roughly when, and in what order, questions were raised: the
interviewer presses keys late, in bursts, or ahead of time. The words say exactly
where: the interviewer's words that raise a question share its rarer words (weighted
by how few of the guide's questions use them). One ordered pass (dynamic programming
over the cues and the timeline's questions in order) picks the boundaries that agree
best with both:

- a question begins at an interviewer's turn (after any acknowledgement of the answer
  before it); a cue's words are read with the rest of the turn, so that a lead-in and
  the question after it begin together;
- the scripts read aloud (the introduction, the closing) are known when heard, and are
  no question's;
- a question the keys never made current is taken where the words plainly raise it;
- the interviewer's own habit (how long after asking they press the key) is learnt
  from the raises the words are sure of, and a second pass uses it;
- a pause of the interview clock is a wall no cue crosses.

`align_cues` gives the same `Assignment` as `assign_cues` (the timeline's rule), with
a confidence for each boundary. Deterministic: the same input gives the same answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from prompter.transcript.assign import Assignment, Boundary
from prompter.transcript.model import Cue, Transcript

# How much a word counts in a question's profile, by where it stands.
FIELD_WEIGHTS = {"text": 1.0, "probes": 0.5, "examples": 0.3, "section": 0.3}
# A raise is judged by the words it shares with its question (cosine, 0 to 1).
RAISE_WEIGHT = 4.0
# How far (seconds) a raise may lie from its key press before it costs anything, and
# what each second beyond that costs: keys come late (after the question is asked)
# more often than early, and rarely more than half a minute late, unless the
# interviewer forgot and caught up with a burst of keys (then any time before goes).
EARLY_FREE, EARLY_COST = 30.0, 0.03
LATE_FREE, LATE_COST, LATE_CAP = 4.0, 0.2, 3.0
BURST_EARLY_COST = 0.003
# A question current for less than this was passed through (a burst of keys).
BURST = 3.0
# A question that gets no cue of its own, by what the keys say of it: passed through,
# asked, or asked and probed (probes are talk). Skipped and covered: nothing. Of a
# question current more than once, only its longest stretch is expected to hold talk.
EMPTY_COST = {"pending": 1.0, "asked": 2.0, "probed": 3.0}
# A question that begins at someone else's cue: where the interviewer's words that
# raised it are not in the transcript (or not told apart), the keys place it, at the
# cue nearest its key press (each second away costs OTHER_COST).
OTHER_START, OTHER_COST = 2.5, 0.05
# A skipped or not-applicable question that gets cues anyway, and each interviewer cue
# of a covered one (a one-line check is all it should have).
NONEMPTY_SKIPPED = 1.5
COVERED_CUE = 0.2
# An interviewer cue whose words fit another question better than its own.
STRAY_WEIGHT = 1.0
# A question the keys never made current is taken only where an interviewer's words
# raise it this plainly (cosine), at this cost.
UNKEYED_FIT, UNKEYED_COST = 0.35, 1.5
# The scripts read aloud, as pseudo-questions: their words tell them from the questions'.
INTRODUCTION, CLOSING = "(introduction)", "(closing)"
# The interviewer's habit is learnt from at least HABIT_MIN raises this sure (cosine),
# with this much slack either side; each second outside it costs HABIT_COST.
SURE_FIT, HABIT_MIN, HABIT_SLACK, HABIT_COST = 0.5, 6, 3.0, 0.06
# A question that begins inside an interviewer's turn, not at its start.
MID_TURN = 0.5
# The most timeline questions one boundary may pass over as empty.
MAX_JUMP = 8
# A cue is never given to a question whose key press is further than this from it.
MAX_EARLY, MAX_LATE = 900.0, 300.0
# A boundary that beats the next best place for it by less than this is unsure.
WEAK_MARGIN = 1.0

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a about above after again against all am an and any are aren't as at be because
    been before being below between both but by can can't could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
    me more most mustn't my myself no nor not now of off on once only or other ought our
    ours ourselves out over own really right same say says she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too um uh
    under until up very was wasn't we we'd we'll we're we've well were weren't what
    what's when when's where where's which while who who's whom why why's will with
    won't would wouldn't yeah yes you you'd you'll you're you've your yours yourself
    yourselves okay ok mm hm mhm oh sort kind thing things think know mean going get got
    lot bit also maybe quite much many might tell us
    first next then now move moving moved turn ask asking question questions talk talking
    topic part section little wonder wondering curious interested great thanks thank
    alright good fine come back last final another lovely brilliant perfect
    """.split()
)
# (The last lines are the words of lead-ins, "Okay, moving on to the next part": they
# begin a raise but say nothing of which question it is.)


def words(text: str) -> list[str]:
    """Content words of `text`, lower-cased and stemmed (no stop words)."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _stem(w: str) -> str:
    """A light suffix stripper: enough for 'supports', 'supported', 'supporting'."""
    w = w.removesuffix("'s")
    for suffix in ("ational", "ations", "ation", "ingly", "ings", "ing", "edly", "ies", "ied"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    for suffix in ("ness", "ment", "ful", "ers", "er", "ed", "ly", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


class Profiles:
    """Each question's words, weighted by where they stand and by how few of the guide's
    questions use them (every question of a guide shares its topic words), and the
    cosine of any text's words against each."""

    def __init__(self, questions: list[dict]):
        raw: dict[str, dict[str, float]] = {}
        for q in questions:
            fields = {
                "text": [q.get("text", "")],
                "probes": [*q.get("probes", []), *(x for s in q.get("sub_prompts", []) for x in s)],
                "examples": list(q.get("examples", [])),
                "section": list(q.get("section", []))[-1:],
            }
            weights: dict[str, float] = {}
            for name, texts in fields.items():
                for text in texts:
                    for w in words(text):
                        weights[w] = max(weights.get(w, 0.0), FIELD_WEIGHTS[name])
            raw[q["id"]] = weights
        df: dict[str, int] = {}
        for weights in raw.values():
            for w in weights:
                df[w] = df.get(w, 0) + 1
        n = len(raw)
        self.idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}

        self.postings: dict[str, list[tuple[str, float]]] = {}
        self.norms: dict[str, float] = {}
        for qid, weights in raw.items():
            vector = {w: c * self.idf[w] for w, c in weights.items()}
            self.norms[qid] = math.sqrt(sum(v * v for v in vector.values()))
            for w, v in vector.items():
                self.postings.setdefault(w, []).append((qid, v))

    def vector(self, text_words: list[str]) -> dict[str, float]:
        """A text's words that the guide has, weighted by their rarity in it (other words
        say nothing of which question it is; the scripts read aloud are in the guide)."""
        return {w: self.idf[w] for w in text_words if w in self.idf}

    def fits(self, vector: dict[str, float]) -> dict[str, float]:
        """The cosine of `vector` against every question it shares a word with."""
        norm = math.sqrt(sum(v * v for v in vector.values()))
        dots: dict[str, float] = {}
        for w, v in vector.items():
            for qid, pv in self.postings.get(w, ()):
                dots[qid] = dots.get(qid, 0.0) + v * pv
        return {q: d / (norm * self.norms[q]) for q, d in dots.items() if self.norms[q]}


@dataclass
class _Unit:
    """A cue, with its time in recording seconds and, for the interviewer's, how its words
    (with the rest of their turn) fit each question."""

    cue: Cue
    start: float
    asks: bool  # the interviewer's (or there are no speaker labels)
    fits: dict[str, float] = field(default_factory=dict)
    # What it costs for a question to begin here (None: it cannot): nothing at the start
    # of an interviewer's turn, after any acknowledgement of the answer before it
    # ("Mm-hm.", "Right, that's helpful."); MID_TURN further into the turn (a read-aloud
    # introduction and the first question, said in one breath).
    opens: float | None = None

    def fit(self, qid: str) -> float:
        return self.fits.get(qid, 0.0)


@dataclass
class _Segment:
    """A stretch of the key timeline during which one question was current."""

    question: str
    start: float  # recording seconds of its key press
    end: float
    status: str
    main: bool  # the question's longest stretch: the one expected to hold its talk
    burst: bool  # passed through in a burst of keys (current for less than BURST)
    lo: float = -math.inf  # no cue before this time may be its own (a pause lies between)
    hi: float = math.inf  # nor from this one on
    keyed: bool = True  # `start` is a key press (not the session's own start)
    # How long after the raise its key may come without cost (shortest, longest seconds),
    # and what each second longer costs: interviewers in general, or this one's habit.
    habit: tuple[float, float, float] = (-LATE_FREE, EARLY_FREE, EARLY_COST)
    unkeyed: bool = False  # never current: raised by words the keys do not tell of
    # Its talk may run on to here: the key of the next question expected to hold talk (a
    # question visited to note a stray answer, or passed through, does not end it).
    until: float = math.inf


def interviewer_speaker(cues: list[Cue], profiles: Profiles, interviewer: str) -> str | None:
    """The speaker who asks: the one named like the session's interviewer, else the one
    whose turns best fit the guide's questions. None without speaker labels."""
    speakers = sorted({c.speaker for c in cues if c.speaker})
    if not speakers:
        return None
    name = interviewer.strip().casefold()
    if name:
        first = name.split()[0]
        for s in speakers:
            label = s.strip().casefold()
            if label == name or label.split()[:1] == [first]:
                return s
    fit = dict.fromkeys(speakers, 0.0)
    for speaker, text in _runs(cues):
        if speaker:
            fits = profiles.fits(profiles.vector(words(text)))
            fit[speaker] += max(fits.values(), default=0.0) + 0.2 * text.rstrip().endswith("?")
    return max(speakers, key=lambda s: (fit[s], s))


def _runs(cues: list[Cue]):
    """(speaker, text) of each run of consecutive cues by one speaker."""
    run: list[Cue] = []
    for cue in [*cues, None]:
        if run and (cue is None or cue.speaker != run[-1].speaker or not cue.speaker):
            yield run[-1].speaker, " ".join(c.text for c in run)
            run = []
        if cue is not None:
            run.append(cue)


# Words that acknowledge an answer: a cue of nothing else is not a question's beginning.
_ACK = frozenset(
    """mm hm mhm mmm uh huh yes yeah yep right okay ok sure of course great good lovely
    brilliant interesting fine thanks thank you that's that is it's really very so
    helpful useful a point i see true absolutely exactly wow oh ah sorry well makes
    sense indeed fair enough excellent fantastic perfect cool got understand totally
    definitely hmm ha no and
    """.split()
)


def _acknowledges(text: str) -> bool:
    tokens = _WORD.findall(text.lower())
    return bool(tokens) and all(t in _ACK for t in tokens)


def _units(cues: list[Cue], shift: float, asker: str | None, profiles: Profiles) -> list[_Unit]:
    units = [_Unit(c, c.start - shift, asker is None or c.speaker == asker) for c in cues]
    # Each interviewer's cue as words, once (both passes below read it).
    vectors = {id(u): profiles.vector(words(u.cue.text)) for u in units if u.asks}
    # Where a question may begin (every cue, without speaker labels): at a turn's start,
    # after acknowledgements; a cue of a script read aloud (the introduction) ends a turn.
    opening = True
    for u in units:
        if not u.asks:
            opening = True
        elif asker is None:
            u.opens = 0.0
        elif not _acknowledges(u.cue.text):
            u.opens, opening = (0.0 if opening else MID_TURN), False
            own = profiles.fits(vectors[id(u)])
            if own and max(own, key=own.get) in (INTRODUCTION, CLOSING):
                opening = True
    # An interviewer's cue is read with the rest of their turn: a lead-in with the question.
    following: dict[str, float] = {}
    for i in range(len(units) - 1, -1, -1):
        u = units[i]
        if not u.asks:
            following = {}
            continue
        same_turn = i + 1 < len(units) and units[i + 1].asks and asker is not None
        following = {**following} if same_turn else {}
        following.update(vectors[id(u)])
        u.fits = profiles.fits(following) if following else {}
    return units


def _segments(timeline, statuses: dict[str, str]) -> list[_Segment]:
    walls = [(a, math.inf if b is None else b) for a, b in timeline.pauses]
    out: list[_Segment] = []
    for span in timeline.spans:
        if out and out[-1].question == span.question:
            out[-1].end = span.rec_end
            continue
        status = statuses.get(span.question, "pending")
        out.append(_Segment(span.question, span.rec_start, span.rec_end, status, False, False))
    longest: dict[str, _Segment] = {}
    for seg in out:
        seg.burst = seg.end - seg.start < BURST
        best = longest.get(seg.question)
        if best is None or seg.end - seg.start > best.end - best.start:
            longest[seg.question] = seg
    for seg in longest.values():
        seg.main = True
    if out and not timeline.first_keyed:
        out[0].keyed = False  # current from the start: nothing says when it was raised
    for seg in out:
        # A pause that ends by the key press, or begins after the span, is a wall.
        seg.lo = max((b for a, b in walls if b <= seg.start), default=-math.inf)
        seg.hi = min((a for a, b in walls if a >= seg.end), default=math.inf)
    return out


def _with_unkeyed(segments: list[_Segment], units: list[_Unit], statuses) -> list[_Segment]:
    """The timeline's segments, and where an interviewer plainly raises a question the keys
    never made current (forgotten, jumped over), that question too: a segment of its
    own at that turn, in time order, which the pass may take (at UNKEYED_COST) or not."""
    _set_until(segments)
    keyed = {seg.question for seg in segments}
    extra = []
    for u in units:
        if u.opens is None or not u.fits:
            continue
        qid, fit = max(u.fits.items(), key=lambda kv: (kv[1], kv[0]))
        if qid not in keyed and qid not in (INTRODUCTION, CLOSING) and fit >= UNKEYED_FIT:
            seg = _Segment(qid, u.start, u.start, statuses.get(qid, "pending"), True, False)
            seg.unkeyed = True
            extra.append(seg)
    if not extra:
        return segments
    merged = sorted(segments + extra, key=lambda seg: seg.start)  # stable: keys first
    for seg in extra:  # the walls of the segment around it are its own; it may run to the next
        around = [x for x in segments if x.start <= seg.start] or segments[:1]
        seg.lo, seg.hi = around[-1].lo, around[-1].hi
        seg.end = min((x.start for x in segments if x.start > seg.start), default=seg.hi)
    return merged


def _set_until(segments: list[_Segment]) -> None:
    nxt = math.inf
    for seg in reversed(segments):
        seg.until = max(seg.end, nxt) if nxt != math.inf else math.inf
        if _empty_cost(seg) > 0:
            nxt = seg.start


def _time_cost(at: float, seg: _Segment) -> float:
    """What it costs to raise `seg`'s question at `at` (recording seconds), by its key and
    the interviewer's habit (how long after asking they press it)."""
    if not seg.keyed:
        return 0.0
    lag = seg.start - at  # how long after the raise the key came
    shortest, longest, slope = seg.habit
    if lag > longest:
        return (lag - longest) * (BURST_EARLY_COST if seg.burst else slope)
    if lag < shortest:  # an early key: noted when the answer strayed there, say
        return min(LATE_CAP, (shortest - lag) * LATE_COST)
    return 0.0


def _habit(units: list[_Unit], segments: list[_Segment], state: list[int]):
    """How long after a question is plainly raised this interviewer presses its key: the
    middle half of the lags of the boundaries the words are sure of, or None when too
    few are (then the habit of interviewers in general stands)."""
    lags = []
    for i, k in enumerate(state):
        if 0 <= k < len(segments) and (i == 0 or state[i - 1] != k):
            seg, u = segments[k], units[i]
            if seg.keyed and not seg.burst and not seg.unkeyed and u.fit(seg.question) >= SURE_FIT:
                lags.append(seg.start - u.start)
    if len(lags) < HABIT_MIN:
        return None
    lags.sort()
    low, high = lags[len(lags) // 4], lags[(3 * len(lags)) // 4]
    return low - HABIT_SLACK, high + HABIT_SLACK, HABIT_COST


def _empty_cost(seg: _Segment) -> float:
    if seg.unkeyed or not seg.main or (seg.burst and seg.status == "pending"):
        return 0.0  # a question current again, or passed through without a mark
    return EMPTY_COST.get(seg.status, 0.0)


def cut(transcript: Transcript, timeline, shift: float, data: dict, align: str) -> Assignment:
    """The transcript cut at the questions of the session file's `data`: by the keys and
    the words (`align` "text"), or by the keys alone ("timeline": each cue to the
    question current at its midpoint); then the corrections made in review, where the
    file has them (prompter.transcript.corrections)."""
    from prompter.transcript.corrections import apply_corrections

    return apply_corrections(
        _aligned(transcript, timeline, shift, data, align), transcript, data.get("corrections")
    )


def _aligned(transcript: Transcript, timeline, shift: float, data: dict, align: str):
    if align == "timeline":
        from prompter.transcript.assign import assign_cues

        return assign_cues(transcript, timeline, shift)
    guide = data.get("guide", {})
    return align_cues(
        transcript,
        timeline,
        shift,
        questions=data["questions"],
        interviewer=data.get("session", {}).get("interviewer", ""),
        introduction=guide.get("introduction", ""),
        closing=guide.get("closing", ""),
    )


def align_cues(
    transcript: Transcript,
    timeline,
    shift: float = 0.0,
    *,
    questions: list[dict],
    interviewer: str = "",
    introduction: str = "",
    closing: str = "",
) -> Assignment:
    """Give each cue a question, or none, by the keys and the words (see the module).

    `questions` are the session file's [[questions]] entries; `interviewer` its
    interviewer's name (to tell their cues; found from the words where it fails);
    `introduction` and `closing` the scripts read aloud before the first question and
    after the last, which belong to none (where the session file has them).
    """
    out = Assignment(shift=shift, assumed_start=timeline.assumed_start, method="text")
    spans = timeline.spans
    if not spans:
        out.before_cues = list(transcript.cues)
        return out
    first, last = spans[0].rec_start, spans[-1].rec_end
    # Cues inside a pause belong to no question, and so do those after the record ends.
    talk: list[Cue] = []
    for cue in transcript.cues:
        at = cue.midpoint - shift
        if at >= last:
            out.after_cues.append(cue)
        elif at >= first and timeline.in_pause(at):
            out.pause_cues.append(cue)
        else:
            talk.append(cue)
    scripts = [{"id": INTRODUCTION, "text": introduction}] if introduction else []
    scripts += [{"id": CLOSING, "text": closing}] if closing else []
    profiles = Profiles(questions + scripts)
    statuses = {q["id"]: q.get("status", "pending") for q in questions}
    units = _units(talk, shift, interviewer_speaker(talk, profiles, interviewer), profiles)
    segments = _with_unkeyed(_segments(timeline, statuses), units, statuses)
    closes = last if closing else None
    state = _decode(units, segments, first, closes)
    habit = _habit(units, segments, state)
    if habit is not None:  # again, with this interviewer's own habit
        for seg in segments:
            if not seg.unkeyed:
                seg.habit = habit
        state = _decode(units, segments, first, closes)
    for u, k in zip(units, state, strict=True):
        if k == -1:
            out.before_cues.append(u.cue)
        elif k == len(segments):
            out.after_cues.append(u.cue)
        else:
            out.by_question.setdefault(segments[k].question, []).append(u.cue)
    out.boundaries = _boundaries(units, segments, state)
    return out


def _decode(
    units: list[_Unit], segments: list[_Segment], first: float, closes: float | None
) -> list[int]:
    """The state of each cue: -1 before the first question, k for segment k, and (with
    `closes`, where the keys went to the closing) len(segments) for the closing, which
    begins at an interviewer's turn that reads it. Viterbi over the cues; a segment
    begins after the one before it in the timeline (at most MAX_JUMP passed over,
    empty), best at an interviewer's cue."""
    m = len(segments)
    neg = -math.inf
    empty = [0.0]  # empty[k]: what segments 0..k-1 cost, all passed over
    for seg in segments:
        empty.append(empty[-1] + _empty_cost(seg))
    score: dict[int, float] = {-1: 0.0}  # state -> the best total so far
    back: list[dict[int, int]] = []
    for u in units:
        new: dict[int, float] = {}
        came: dict[int, int] = {}
        if -1 in score:  # before the first question (what it passes over costs)
            new[-1] = score[-1]
            came[-1] = -1
        best_fit = max(u.fits.values(), default=0.0)
        for k, seg in enumerate(segments):
            if not (seg.lo <= u.start < seg.hi) or not (
                seg.start - MAX_EARLY <= u.start <= seg.end + MAX_LATE
            ):
                continue
            best, arg = score.get(k, neg), k
            if u.opens is not None:
                gain = RAISE_WEIGHT * u.fit(seg.question) - _time_cost(u.start, seg) - u.opens
                if seg.unkeyed:
                    gain = gain - UNKEYED_COST if u.start == seg.start else neg
            elif u.asks:
                gain = neg  # inside an interviewer's turn, or an acknowledgement
            else:
                gain = -OTHER_START - OTHER_COST * abs(u.start - seg.start) * seg.keyed
            if seg.status in ("skipped", "not_applicable"):
                gain -= NONEMPTY_SKIPPED
            for j in range(max(-1, k - MAX_JUMP - 1), k):
                if j in score:
                    total = score[j] + gain - (empty[k] - empty[j + 1])
                    if total > best:
                        best, arg = total, j
            if best == neg:
                continue
            cost = 0.0
            if u.asks:
                cost += STRAY_WEIGHT * (best_fit - u.fit(seg.question))
                if seg.status == "covered":
                    cost += COVERED_CUE
            if u.start > seg.until + LATE_FREE:
                cost += (u.start - seg.until - LATE_FREE) * LATE_COST
            new[k] = best - cost
            came[k] = arg
        if closes is not None:
            best, arg = score.get(m, neg), m
            if u.opens is not None:
                gain = RAISE_WEIGHT * u.fit(CLOSING) - u.opens
                gain -= _time_cost(u.start, _Segment(CLOSING, closes, closes, "", True, False))
                for j in range(max(-1, m - MAX_JUMP - 1), m):
                    if j in score and score[j] + gain - (empty[m] - empty[j + 1]) > best:
                        best, arg = score[j] + gain - (empty[m] - empty[j + 1]), j
            if best != neg:
                new[m], came[m] = best, arg
        if not new:  # no state allows it (far from every key): it stays where it was
            new, came = dict(score), {k: k for k in score}
        score = new
        back.append(came)
    # The segments after the last cue's are passed over, empty.
    final = max(score, key=lambda k: (score[k] - (empty[m] - empty[min(k, m - 1) + 1]), -k))
    state = [0] * len(units)
    for i in range(len(units) - 1, -1, -1):
        state[i] = final
        final = back[i][final]
    return state


def _boundaries(units: list[_Unit], segments: list[_Segment], state: list[int]) -> list[Boundary]:
    """Where each question begins (in the transcript's own seconds) and how sure the words
    make it: the chosen cue's raise against the best other interviewer cue near the key
    press."""
    out = []
    prev = -1
    for i, k in enumerate(state):
        if k == prev or k == -1 or k == len(segments):
            prev = k
            continue
        prev = k
        seg = segments[k]

        def raise_score(u: _Unit, seg: _Segment = seg) -> float:
            return RAISE_WEIGHT * u.fit(seg.question) - _time_cost(u.start, seg)

        rival = max(
            (
                raise_score(u)
                for j, u in enumerate(units)
                if j != i
                and u.opens is not None
                and seg.start - 3 * EARLY_FREE <= u.start <= seg.end + LATE_FREE
            ),
            default=-math.inf,
        )
        margin = raise_score(units[i]) - rival
        confidence = 1 / (1 + math.exp(-2 * (margin - WEAK_MARGIN / 2)))
        out.append(Boundary(seg.question, units[i].cue.start, round(confidence, 3)))
    return out

"""The corpus of the alignment benchmark (bench/bench_align.py, issue 20) loads, follows
the rule in every label, renders and replays, and is neither trivial nor broken for
today's midpoint rule. A smoke test: the benchmark itself is run by hand."""

from __future__ import annotations

import math
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from prompter.guide.load import load_guide
from prompter.transcript.assign import Assignment

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_align  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    folder = Path(tempfile.mkdtemp(prefix="align_corpus_", dir=bench_align.scratch_dir()))
    try:
        yield bench_align.build(folder, seeds=1, raw=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_corpus_is_what_the_issue_asks_for(corpus):
    facts = bench_align.corpus_facts(corpus, seeds=1)
    assert len(facts["interviews"]) >= 6
    assert facts["guides"] >= 3
    assert all(26 <= r["minutes"] <= 31 for r in facts["interviews"]), facts["interviews"]
    assert 1000 <= facts["cues"] <= 1600
    assert sum(r["pause"] for r in facts["interviews"]) >= 1
    for guide in ("medication-app-usability.yaml", "classroom-feedback.yaml"):
        assert load_guide(bench_align.ALIGN / "guides" / guide).questions


def test_every_turn_has_its_gold_label_by_the_rule(corpus):
    for r in corpus.rendered:
        guide = corpus.guides[r.script.guide]
        assert bench_align.rule_problems(r.script, guide) == []
        kinds = Counter(m[0] for t in r.script.turns for m in t.marks)
        assert kinds["ask"] and kinds["closing"] == 1
        assert r.clean[0].gold is None and r.clean[-1].gold is None  # greetings, goodbyes
    # The scripts have what makes alignment hard, between them.
    every = Counter(m[0] for r in corpus.rendered for t in r.script.turns for m in t.marks)
    assert {"check", "skip", "covered", "stray", "probe", "pause"} <= set(every)


def test_cues_follow_the_turns_and_never_overlap(corpus):
    for r in corpus.rendered:
        for cues in (r.clean, r.raw):
            for a, b in zip(cues, cues[1:]):
                assert a.start < a.end <= b.start, (r.script.name, a.text, b.text)
        for c in r.clean:
            assert c.gold == r.script.turns[c.turn].gold
        for c in r.raw:  # a raw cue's gold: most of its words'
            top = Counter(w.gold for w in c.words).most_common()
            assert top[0][1] == dict(top)[c.gold]
        assert {c.speaker for c in r.raw} == {"Speaker 1", "Speaker 2"}
        words = [w for c in r.raw for w in c.text.split()]
        assert all(w == w.lower() or w.startswith("I") for w in words)  # no capitals but I
        assert not any(re.search(r"[.,?!;:]", w) for w in words)  # no punctuation


def test_sessions_replay_under_every_behaviour(corpus):
    seen = Counter()
    for case in corpus.cases:
        if case.variant != "clean":
            continue
        seen[case.behaviour] += 1
        tl = case.timeline
        assert not tl.assumed_start and 1.0 <= case.shift <= 6.0
        assert tl.spans and tl.recording_offset > 0  # opened before the recording
        script = next(r for r in corpus.rendered if r.script.name == case.interview)
        assert len(tl.pauses) == len(script.plan.pauses)
        if case.behaviour == "diligent":  # every raised question has its span
            raised = {q for q, *_ in script.plan.raises}
            assert raised <= {s.question for s in tl.spans}
    assert set(seen) == set(bench_align.BEHAVIOURS)
    assert len(set(seen.values())) == 1


def test_the_midpoint_rule_is_neither_perfect_nor_useless_here(corpus):
    scores = bench_align.evaluate(corpus, bench_align.timeline_method)
    pooled = scores["clean"]["pooled"]
    assert 0.5 < pooled.accuracy < 0.95
    assert pooled.missing == 0
    diligent = scores["clean"]["by_behaviour"]["diligent"].accuracy
    assert all(diligent >= s.accuracy for s in scores["clean"]["by_behaviour"].values())
    assert 0.5 < scores["raw"]["pooled"].accuracy < 0.95
    assert not math.isnan(bench_align.quantile(pooled.starts, 0.5))


def gold_assignment(case) -> Assignment:
    """What a perfect method would return for one case."""
    out = Assignment()
    for cue, gold in zip(case.transcript.cues, case.gold):
        if gold is None:
            out.before_cues.append(cue)
        else:
            out.by_question.setdefault(gold, []).append(cue)
    return out


def test_the_scoring_gives_a_perfect_method_full_marks_and_counts_lost_cues(corpus):
    for case in corpus.cases[:4]:
        perfect = bench_align.score(
            case, bench_align.predicted(gold_assignment(case), case.transcript)
        )
        assert perfect.correct == perfect.words == sum(case.words)
        assert perfect.starts and set(perfect.starts) == {0.0}
        broken = gold_assignment(case)
        first = next(iter(broken.by_question))
        broken.after_cues.append(broken.by_question[first][0])  # one cue in two places
        del broken.by_question[first][1:]  # and some in none
        lost = bench_align.score(case, bench_align.predicted(broken, case.transcript))
        assert lost.missing >= 1 and lost.correct < perfect.correct


def test_a_method_can_be_named_by_module_and_function():
    found = bench_align.methods("bench_align:timeline_method")
    assert found == {"bench_align:timeline_method": bench_align.timeline_method}

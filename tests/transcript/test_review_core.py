"""The review's engine (prompter/transcript/review.py): one writer per session file
(the interview and the review refuse each other), every change saved at once, late
notes recorded as such, undo and redo, read-only that only looks; and the property:
any sequence of review actions, undo and redo leaves every cue with exactly one
question or none, and the exports agree with `transcript show`."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from helpers import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_fixture import AFFECT, GUIDE, STRAY, TOOLS, WHERE, make_call

from prompter.cli import main
from prompter.errors import SessionFileError
from prompter.session.lock import SessionLock, SessionLocked
from prompter.session.read import read_session_file
from prompter.session.timeline import question_spans
from prompter.transcript.review import NoTranscript, Review

IDS = [q.id for q in GUIDE.questions]


class Wall:
    """A wall clock that moves a minute a reading."""

    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return FIXED_NOW + timedelta(days=1, minutes=self.n)


def open_review(path, **kw) -> Review:
    return Review.open(path, wallclock=Wall(), **kw)


def spans(data):
    s = data["session"]
    return question_spans(data["events"], s["recording_offset_seconds"], end=s["elapsed_seconds"])


def test_a_correction_is_saved_at_once_and_undone_and_redone(tmp_path):
    call = make_call(tmp_path)
    original = read_session_file(call.session)
    r = open_review(call.session)
    try:
        assert r.question_of(STRAY) == TOOLS
        assert r.begin(STRAY, AFFECT)
        assert r.question_of(STRAY) == AFFECT
        saved = read_session_file(call.session)
        (c,) = saved["corrections"]
        assert (c["question"], c["cue_start"]) == (AFFECT, call.cues[STRAY][0])
        assert not r.begin(STRAY, AFFECT)  # it begins there already: nothing recorded
        assert r.undo().kind == "correction"
        assert read_session_file(call.session) == original  # as it was
        assert r.question_of(STRAY) == TOOLS
        assert r.redo().entry == c
        assert read_session_file(call.session)["corrections"] == [c]
        assert r.redo() is None and r.undo() and r.undo() is None
    finally:
        r.close()


def test_a_late_note_is_the_questions_note_and_an_event_and_the_session_stays_finished(
    tmp_path,
):
    call = make_call(tmp_path)
    before = read_session_file(call.session)
    r = open_review(call.session)
    try:
        assert r.late_note(WHERE, "kitchen table on school days")
        assert not r.late_note(WHERE, "kitchen table on school days")
    finally:
        r.close()
    after = read_session_file(call.session)
    assert after["session"] == before["session"]  # finished, its clock and saved_at as they were
    note = next(q for q in after["questions"] if q["id"] == WHERE)["note"]
    assert note == "kitchen table on school days"
    event = after["events"][-1]
    assert event == {
        "at_seconds": before["session"]["elapsed_seconds"],
        "action": "late_note",
        "question": WHERE,
        "value": "2026-11-26T14:31:00+01:00; kitchen table on school days",
    }
    assert spans(after).spans == spans(before).spans  # a late note is nobody's current question
    assert main(["tally", str(call.session), "--format", "csv"]) == 0


def test_undo_of_a_late_note_sets_it_back_and_says_so_in_the_log(tmp_path):
    call = make_call(tmp_path)
    r = open_review(call.session)
    try:
        r.late_note(WHERE, "first")
        r.late_note(WHERE, "second")
        assert r.undo().before == "first"
        assert r.note(WHERE) == "first"
    finally:
        r.close()
    data = read_session_file(call.session)
    values = [e["value"].split("; ", 1)[1] for e in data["events"] if e["action"] == "late_note"]
    assert values == ["first", "second", "first"]


def test_the_review_and_the_interview_refuse_each_other(tmp_path):
    call = make_call(tmp_path)
    interview = SessionLock.acquire(call.session)  # as `prompter resume` holds it
    try:
        with pytest.raises(SessionLocked, match="open in another prompter"):
            open_review(call.session)
        looking = open_review(call.session, read_only=True)  # looking needs no lock
        with pytest.raises(SessionFileError, match="read-only"):
            looking.begin(STRAY, AFFECT)
        assert looking.question_of(STRAY) == TOOLS
    finally:
        interview.release()
    r = open_review(call.session)
    try:
        with pytest.raises(SessionLocked):
            SessionLock.acquire(call.session)  # the interview, while the review is open
    finally:
        r.close()
    SessionLock.acquire(call.session).release()


def test_without_a_transcript_the_review_says_how_to_attach_one(tmp_path):
    call = make_call(tmp_path, attach=False)
    with pytest.raises(NoTranscript, match="prompter transcript attach"):
        open_review(call.session)


# ------------------------------------------------------------------ the property

ACTIONS = st.one_of(
    st.tuples(
        st.just("begin"),
        st.integers(0, 40),  # a cue (taken modulo the call's 21)
        st.sampled_from([*IDS, None]),
    ),
    st.tuples(st.just("note"), st.sampled_from(IDS), st.sampled_from(["", "a", "b\nc"])),
    st.just(("undo",)),
    st.just(("redo",)),
)


def csv_transcripts(path, capsys) -> dict[str, str]:
    capsys.readouterr()
    assert main(["export", str(path), "--format", "csv"]) == 0
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    return {row["question_id"]: row["transcript"] for row in rows if row["transcript"]}


def shown(path, capsys) -> dict[str, str]:
    capsys.readouterr()
    assert main(["transcript", "show", str(path), "--format", "json"]) == 0
    by: dict[str, list[str]] = {}
    for row in json.loads(capsys.readouterr().out):
        if row["question"] is not None:
            by.setdefault(row["question"], []).append(f"{row['speaker']}: {row['text']}")
    return {q: "\n".join(lines) for q, lines in by.items()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTIONS, max_size=12))
def test_property_every_cue_has_one_question_or_none_and_exports_agree(
    tmp_path_factory, capsys, actions
):
    call = make_call(tmp_path_factory.mktemp("call"))
    r = open_review(call.session)
    try:
        for action in actions:
            name, *args = action
            if name == "begin":
                r.begin(args[0] % len(r.cues), args[1])
            elif name == "note":
                r.late_note(*args)
            else:
                getattr(r, name)()
            a = r.assignment
            seen = [id(c) for cues in a.by_question.values() for c in cues]
            seen += [id(c) for c in a.before_cues + a.after_cues + a.pause_cues + a.aside_cues]
            assert sorted(seen) == sorted(id(c) for c in r.cues)  # each cue exactly once
            assert len(r.rows) == len(r.cues) + sum(row.heading for row in r.rows)
    finally:
        r.close()
    # The file read afresh gives what the review showed; the exports agree with show.
    again = open_review(call.session, read_only=True)
    assert again.labels == r.labels
    assert csv_transcripts(call.session, capsys) == shown(call.session, capsys)

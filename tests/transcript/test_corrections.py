"""Corrections made in review (prompter/transcript/corrections.py): the one rule that
moves cues after the aligner, followed by `transcript show` and every export; kept in
the session file's [[corrections]], for the transcript they were made on only."""

from __future__ import annotations

import shutil
import tomllib
from datetime import UTC, datetime

import pytest
from review_fixture import AFFECT, STRAY, TOOLS, WHERE, make_call

from prompter.cli import main
from prompter.errors import SessionFileError
from prompter.session.read import read_session_file
from prompter.transcript.assign import Assignment
from prompter.transcript.corrections import (
    REVIEWED,
    Correction,
    apply_corrections,
    begin,
    labels_of,
)
from prompter.transcript.model import Cue, Transcript

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "labels, i, question, after",
    [
        # A question begins at the cue and runs to the next boundary.
        ("AAABBB", 1, "Q", "AQQBBB"),
        ("AAABBB", 3, "A", "AAAAAA"),
        # No question from here, to the next boundary.
        (
            "AAABBB",
            4,
            None,
            "AAAB..",
        ),
        # The cue has that question already: the boundary moves down to it.
        ("AAABBB", 4, "B", "AAAABB"),
        ("..AAB", 3, "A", "...AB"),
        ("AA...B", 4, None, "AAAA.B"),
        # It begins there already: nothing changes.
        ("AAABBB", 3, "B", "AAABBB"),
        ("AAABBB", 0, "A", "AAABBB"),
        ("..AAB", 1, None, "..AAB"),
    ],
)
def test_a_correction_makes_its_cue_begin_its_question(labels, i, question, after):
    got = [None if x == "." else x for x in labels]
    changed = begin(got, i, question)
    assert "".join(x or "." for x in got) == after
    assert changed == (after != labels)


def cues(n: int) -> list[Cue]:
    return [
        Cue(float(i * 10), float(i * 10 + 8), "Ann" if i % 3 == 0 else "Bo", f"cue {i}")
        for i in range(n)
    ]


def assignment_of(all_cues, labels) -> Assignment:
    out = Assignment(method="text")
    for c, q in zip(all_cues, labels, strict=True):
        if q is None:
            out.before_cues.append(c)
        else:
            out.by_question.setdefault(q, []).append(c)
    return out


def entry(transcript, cue, question, sha=None) -> dict:
    e = Correction.at_cue(transcript, cue, question, WHEN).entry()
    if sha is not None:
        e["transcript_sha256"] = sha
    return e


def test_apply_places_cues_of_no_question_and_marks_reviewed_boundaries():
    all_cues = cues(8)
    t = Transcript("t.vtt", "vtt", all_cues, sha256="ab" * 32)
    base = assignment_of(all_cues, [None, "A", "A", "A", "B", "B", "B", "B"])
    assert apply_corrections(base, t, []) is base  # nothing to follow: the aligner's own
    out = apply_corrections(base, t, [entry(t, all_cues[2], ""), entry(t, all_cues[6], "C")])
    assert labels_of(out, all_cues) == [None, "A", None, None, "B", "B", "C", "C"]
    assert out.before_cues == all_cues[:1]
    assert out.aside_cues == all_cues[2:4]  # between questions: set aside in review
    assert out.corrected == 2
    assert [(b.question, b.start, b.confidence) for b in out.boundaries] == [("C", 60.0, REVIEWED)]
    assert out.report().endswith("2 set aside in review (2 corrections from review)")


def test_corrections_of_another_transcript_or_a_lost_cue_are_ignored_and_said():
    all_cues = cues(4)
    t = Transcript("t.vtt", "vtt", all_cues, sha256="ab" * 32)
    base = assignment_of(all_cues, ["A", "A", "B", "B"])
    other = entry(t, all_cues[1], "B", sha="cd" * 32)
    lost = entry(t, Cue(5.0, 6.0, "", "never said"), "B")
    out = apply_corrections(base, t, [other, lost])
    assert labels_of(out, all_cues) == ["A", "A", "B", "B"]
    assert out.notes == [
        "1 correction made in review is for another transcript (its sha256 differs): ignored",
        "1 correction made in review names a cue this transcript does not have: ignored",
    ]


# ------------------------------------------------------------- in the session file


def moved(path, capsys) -> dict:
    """`transcript show --format json`: each cue's text -> its question."""
    import json

    capsys.readouterr()
    assert main(["transcript", "show", str(path), "--format", "json"]) == 0
    return {row["text"]: row["question"] for row in json.loads(capsys.readouterr().out)}


def add_correction(path, cue_number: int, question: str) -> None:
    from prompter.session.edit import save_data
    from prompter.transcript.attach import attached_transcript

    data = read_session_file(path)
    transcript, _ = attached_transcript(path, data)
    cue = transcript.cues[cue_number]
    data.setdefault("corrections", []).append(entry(transcript, cue, question))
    save_data(path, data)


def test_show_and_exports_follow_the_corrections_of_this_transcript_only(tmp_path, capsys):
    call = make_call(tmp_path)
    before = moved(call.session, capsys)
    stray = call.cues[STRAY][3]
    assert before[stray] == TOOLS
    add_correction(call.session, STRAY, AFFECT)
    after = moved(call.session, capsys)
    assert after[stray] == AFFECT
    assert {k: v for k, v in after.items() if k != stray} == {
        k: v for k, v in before.items() if k != stray
    }
    assert main(["transcript", "show", str(call.session)]) == 0
    out = capsys.readouterr()
    assert "(1 correction from review)" in out.out

    # Attached again, the same bytes: the correction holds.
    assert main(["transcript", "attach", str(call.session), str(call.transcript)]) == 0
    assert moved(call.session, capsys)[stray] == AFFECT
    # Another transcript: ignored, and said (show and the exports).
    other = tmp_path / "other.vtt"
    shutil.copy(call.transcript, other)
    other.write_text(other.read_text().replace("Yes, loud and clear.", "Yes, loud."))
    assert main(["transcript", "attach", str(call.session), str(other)]) == 0
    capsys.readouterr()
    assert main(["transcript", "show", str(call.session)]) == 0
    note = (
        "note: 1 correction made in review is for another transcript (its sha256 differs): ignored"
    )
    assert note in capsys.readouterr().err
    assert (
        main(["export", str(call.session), "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 0
    )
    assert f"P07_2026-11-25_1430: {note}" in capsys.readouterr().err


def test_the_session_reader_checks_corrections(tmp_path):
    call = make_call(tmp_path)
    add_correction(call.session, STRAY, AFFECT)
    data = read_session_file(call.session)
    assert data["corrections"][0]["question"] == AFFECT
    text = call.session.read_text()
    bad = text.replace("cue_start = ", "cue_start = -", 1)
    call.session.write_text(bad)
    with pytest.raises(SessionFileError, match=r"corrections\[0\]\.cue_start must be a number"):
        read_session_file(call.session)
    head, sep, tail = text.rpartition(f'question = "{AFFECT}"')
    call.session.write_text(head + "question = 3" + tail)
    with pytest.raises(SessionFileError, match=r"corrections\[0\]\.question must be a string"):
        read_session_file(call.session)
    call.session.write_text(text + '\n[[corrections]]\nquestion = "x"\n')
    with pytest.raises(SessionFileError, match=r"missing required keys corrections\[1\]"):
        read_session_file(call.session)


def test_rewriting_a_session_file_keeps_it_byte_for_byte(tmp_path):
    from prompter.session.edit import data_text

    call = make_call(tmp_path, attach=False)
    text = call.session.read_text()
    assert data_text(tomllib.loads(text)) == text  # the writer's own layout


def test_a_resumed_interview_keeps_the_corrections_through_every_save(tmp_path):
    from guide_factory import FakeClock, bundled

    from prompter.session.resume import load_session
    from prompter.session.writer import SessionWriter

    call = make_call(tmp_path, finish=False)
    add_correction(call.session, STRAY, AFFECT)
    kept = read_session_file(call.session)["corrections"]
    session, _ = load_session(call.session, bundled("demo"), clock=FakeClock())
    writer = SessionWriter(session, call.session, resume=True)
    session.mark("asked")
    writer.save()
    session.goto(WHERE)
    writer.save()
    assert read_session_file(call.session)["corrections"] == kept

"""The transcript corpus: the same call in every supported form, read and lined up with
session P11 (made with the real session core), checked against what is expected."""

from __future__ import annotations

import shutil

import pytest
from transcript_corpus import (
    DATA,
    EXPECTED,
    Q1,
    Q2,
    Q3,
    TURNS,
    make_rev_docx,
    make_session,
    make_teams_docx,
)

from prompter.session.read import read_session_file
from prompter.session.timeline import question_spans
from prompter.transcript import Cue, assign_cues, read_transcript

SPEAKERS = [
    "Interviewer",
    "Ana Díaz",
    "Interviewer",
    "Ana Díaz",
    "Ana Díaz",
    "Interviewer",
    "Ana Díaz",
    "Ana Díaz",
]


def timeline_of(path):
    data = read_session_file(path)
    s = data["session"]
    return question_spans(
        data["events"], s.get("recording_offset_seconds"), end=s["elapsed_seconds"]
    )


def numbers(transcript, cues):
    return [transcript.cues.index(c) + 1 for c in cues]


def check(transcript, result):
    assert {q: numbers(transcript, cues) for q, cues in result.by_question.items()} == EXPECTED[
        "by_question"
    ]
    assert numbers(transcript, result.before_cues) == EXPECTED["before"]
    assert numbers(transcript, result.pause_cues) == EXPECTED["in_pause"]
    assert numbers(transcript, result.after_cues) == EXPECTED["after"]
    assert (result.before, result.after, result.in_pause) == (0, 1, 2)


@pytest.fixture
def session(tmp_path):
    return make_session(tmp_path / "sessions")


def test_the_session_timeline(session):
    t = timeline_of(session)
    assert [(x.question, x.rec_start, x.rec_end) for x in t.spans] == [
        (Q1, -5, 30),
        (Q2, 30, 125),
        (Q3, 125, 160),
    ]
    assert t.pauses == [(60, 100)]
    assert [b.rec for b in t.of_action("bookmark")] == [50]


def test_webvtt(session):
    tr = read_transcript(DATA / "P11.vtt")
    assert tr.format == "vtt" and len(tr.cues) == 9
    assert [c.speaker for c in tr.cues[:8]] == SPEAKERS and tr.cues[8].speaker == ""
    assert tr.cues[0] == Cue(0.5, 3.0, "Interviewer", "Thanks for joining & shall we start?")
    assert tr.cues[1].text == "Je suis responsable d'équipe, depuis six ans à peu près."
    assert tr.cues[3] == Cue(35, 58, "Ana Díaz", "Three, sometimes four — it depends on the week.")
    assert tr.cues[7].text == "My day starts at eight; 日本語も少し話します."
    assert tr.cues[2].line == 18  # where the cue's timing is
    check(tr, assign_cues(tr, timeline_of(session)))


def test_srt(session):
    tr = read_transcript(DATA / "P11.srt")
    assert tr.format == "srt"
    assert [c.speaker for c in tr.cues[:8]] == SPEAKERS
    assert tr.cues[1].text == "Je suis responsable d'équipe,\ndepuis six ans à peu près."
    assert tr.cues[2].text == "And how many days a week are you at home?"  # <i> dropped
    check(tr, assign_cues(tr, timeline_of(session)))


def test_subviewer(session):
    tr = read_transcript(DATA / "P11.sbv")  # YouTube's layout, CRLF line ends
    assert tr.format == "sbv" and tr.skipped == [] and tr.dropped == []
    assert [c.speaker for c in tr.cues[:8]] == SPEAKERS and tr.cues[8].speaker == ""
    assert tr.cues[0] == Cue(0.5, 3.0, "Interviewer", "Thanks for joining & shall we start?")
    assert tr.cues[1].text == "Je suis responsable d'équipe,\ndepuis six ans à peu près."
    assert tr.cues[8].text == "Thank you, that is all."  # YouTube's >> taken off
    assert [c.line for c in tr.cues[:3]] == [1, 4, 8]
    check(tr, assign_cues(tr, timeline_of(session)))


def test_plain_text(session):
    tr = read_transcript(DATA / "P11.txt")
    assert tr.format == "text"
    assert [(c.start, c.end) for c in tr.cues] == [
        (1, 4),
        (4, 27),
        (27, 35),
        (35, 58),
        (58, 70),
        (70, 98),
        (98, 126),
        (126, 162),
        (162, 162),
    ]
    assert [c.speaker for c in tr.cues[:8]] == SPEAKERS and tr.cues[8].speaker == ""
    assert tr.cues[1].text == "Je suis responsable d'équipe, depuis six ans à peu près."
    assert tr.cues[8].text == "Thank you, that is all."
    check(tr, assign_cues(tr, timeline_of(session)))


TURN_TIMES = [(1, 4), (4, 27), (27, 35), (35, 58), (58, 70), (70, 98), (98, 126), (126, 162)]


def test_revs_plain_text(session):
    tr = read_transcript(DATA / "P11-rev.txt")
    assert tr.format == "text" and tr.skipped == [] and tr.dropped == []
    assert [(c.start, c.end) for c in tr.cues] == [*TURN_TIMES, (162, 162)]
    assert [c.speaker for c in tr.cues] == [t[0] for t in TURNS]  # Interviewer, Ana Díaz
    assert tr.cues[1].text == "Je suis responsable d'équipe, depuis six ans à peu près."
    assert tr.cues[5].text == "(off the record while paused)"  # a bracket is no name
    assert tr.cues[8].text == "Thank you, that is all."  # the text on the name's line
    check(tr, assign_cues(tr, timeline_of(session)))


def test_revs_word_export(session, tmp_path):
    tr = read_transcript(make_rev_docx(tmp_path / "P11.docx"))
    assert [(c.speaker, c.text) for c in tr.cues] == [(t[0], t[2]) for t in TURNS]
    check(tr, assign_cues(tr, timeline_of(session)))


def test_revs_layout_past_an_hour(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(
        "Speaker 1 (59:58):\nAnd the last one.\n\n"
        "Speaker 2 (01:00:04):\nWell, (laughs) it depends.\nOn the week.\n\n"
        "Speaker 1 (01:02:03): Thank you.\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert [(c.start, c.end, c.speaker, c.text) for c in tr.cues] == [
        (3598, 3604, "Speaker 1", "And the last one."),
        (3604, 3723, "Speaker 2", "Well, (laughs) it depends. On the week."),
        (3723, 3723, "Speaker 1", "Thank you."),
    ]


def test_otters_stamps_without_speakers(tmp_path):
    path = tmp_path / "otter.txt"
    path.write_text(
        "0:00  \nWhen I was a kid, apples were red.\n\n0:21\nEverybody grew them.\n\n"
        "1:02:03  \nThanks for listening.\n\n\nTranscribed by https://otter.ai\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert [(c.start, c.speaker, c.text) for c in tr.cues] == [
        (0, "", "When I was a kid, apples were red."),
        (21, "", "Everybody grew them."),
        (3723, "", "Thanks for listening."),
    ]
    assert len(tr.dropped) == 1


@pytest.mark.parametrize("soft_breaks", [False, True])
def test_teams_docx(session, tmp_path, soft_breaks):
    tr = read_transcript(make_teams_docx(tmp_path / "P11.docx", soft_breaks=soft_breaks))
    assert tr.format == "docx"
    assert [c.speaker for c in tr.cues[:8]] == SPEAKERS
    assert tr.cues[7] == Cue(126, 162, "Ana Díaz", "My day starts at eight; 日本語も少し話します.")
    check(tr, assign_cues(tr, timeline_of(session)))


def test_a_late_r_is_corrected_by_shift(tmp_path, session):
    # The recording had run 7 s when r was pressed: every cue is 7 s later in the file.
    lines = (DATA / "P11.srt").read_text(encoding="utf-8")
    import re

    def later(m):
        h, mi, s, ms = map(int, m.groups())
        t = h * 3600 + mi * 60 + s + 7
        return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d},{ms:03d}"

    shifted = re.sub(r"(\d\d):(\d\d):(\d\d),(\d\d\d)", later, lines)
    shifted = "0\n00:00:00,000 --> 00:00:01,000\nRecording started.\n\n" + shifted
    path = tmp_path / "late.srt"
    path.write_text(shifted, encoding="utf-8")
    tr = read_transcript(path)
    result = assign_cues(tr, timeline_of(session), shift=7)
    assert result.before == 1  # the recording's first second, before the session began
    assert {q: [tr.cues.index(c) for c in v] for q, v in result.by_question.items()} == EXPECTED[
        "by_question"
    ]
    unshifted = assign_cues(tr, timeline_of(session))
    assert unshifted.by_question != result.by_question


def test_without_a_recording_mark_the_session_start_is_used(tmp_path):
    path = make_session(tmp_path, mark_recording=False)
    t = timeline_of(path)
    assert t.assumed_start
    tr = read_transcript(DATA / "P11.vtt")
    result = assign_cues(tr, t, shift=-5)  # the recording began 5 s after the session
    assert result.assumed_start and "no recording mark" in result.report()
    assert {q: numbers(tr, v) for q, v in result.by_question.items()} == EXPECTED["by_question"]


def test_the_form_is_found_from_the_content_too(tmp_path):
    for name in ("P11.vtt", "P11.srt", "P11.sbv"):
        copy = tmp_path / (name + ".transcript")
        shutil.copy(DATA / name, copy)
        assert read_transcript(copy).format == name[-3:]

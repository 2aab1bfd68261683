"""Transcripts in the exports: the project's text source is the transcript, each
question's span coded; the CSV, the matrix and the write-ups carry what was said."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from analysis_fixtures import save
from guide_factory import FakeClock, demo_guide
from test_analysis_qdpx import NS, T0, Project, check_importable, run, schema  # noqa: F401

from prompter.analysis.export import qdc
from prompter.session import Session

# Recording starts 10 s into the session. Recording times of the questions:
# role [-10, 50), where [50, 90), tools [90, 110).
VTT = """WEBVTT

00:00:02.000 --> 00:00:08.000
<v Interviewer>Could you tell me about your role? 🙂

00:00:10.000 --> 00:00:40.000
<v Ana Díaz>Je suis responsable — 日本語 👍🏽 and e\u0301

00:00:47.000 --> 00:00:51.000
<v Interviewer>And where do you usually work when you're at home?

00:00:52.000 --> 00:01:08.000
<v Ana Díaz>At the kitchen table, 𝔲𝔫𝔦𝔠𝔬𝔡𝔢.

00:01:12.000 --> 00:01:20.000
<v Interviewer>Anything else about the space?

00:01:35.000 --> 00:01:45.000
<v Ana Díaz>Laptop & phone <3

00:02:10.000 --> 00:02:20.000
<v Interviewer>Thank you!
"""


def call(participant="P1", when=T0):
    clock = FakeClock()
    s = Session(
        demo_guide(),
        participant,
        "AB",
        {"site": "Leeds"},
        clock=clock,
        now=when,
        wallclock=lambda: when,
    )
    clock.advance(10)
    s.mark_recording()
    clock.advance(5)
    s.mark("asked")  # role
    s.set_note("Team lead 🧑‍💼")
    clock.advance(30)
    s.add_bookmark("good quote")  # session 45 s = recording 35 s: inside the second cue
    clock.advance(15)
    s.goto("where")
    s.toggle_probe(1)
    s.set_note("Kitchen")
    clock.advance(40)
    s.goto("tools")
    s.mark("covered")
    clock.advance(20)
    s.finish(when + timedelta(minutes=2))
    return s


@pytest.fixture
def study(tmp_path):
    folder = tmp_path / "sessions"
    path = save(call(), folder)
    transcripts = tmp_path / "transcripts"
    transcripts.mkdir()
    (transcripts / "P1.vtt").write_text(VTT, encoding="utf-8")
    return folder, transcripts, path


CUE_2 = "[00:00:10] Ana Díaz: Je suis responsable — 日本語 👍🏽 and e\u0301"


def test_project_codes_the_transcript(study, tmp_path, schema):  # noqa: F811
    folder, transcripts, _ = study
    out = tmp_path / "t.qdpx"
    status, _, err = run(
        [
            "export",
            str(folder),
            "--format",
            "qdpx",
            "--transcripts",
            str(transcripts),
            "-o",
            str(out),
        ]
    )
    assert status == 0, err
    assert "transcript" in err and "P1.vtt" in err  # says which transcript, and the counts
    p = Project(out)
    check_importable(p, schema)
    (src,) = p.root.iter(NS + "TextSource")
    assert src.get("name").endswith(" transcript")
    text = p.source_text(src)
    codes = p.codes()
    spans, anchors, uncoded = {}, [], []
    for sel in src.findall(NS + "PlainTextSelection"):
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        if sel.get("name") == "bookmark":
            anchors.append(text[start:end])
        elif sel.findall(NS + "Coding"):
            spans[sel.get("name")] = (text[start:end], sel)
        else:  # not raised in the recording: the note as a memo, nothing coded
            uncoded.append(sel.get("name"))
    assert spans["role"][0] == (
        "[00:00:02] Interviewer: Could you tell me about your role? 🙂\n" + CUE_2
    )
    # `tools` was marked covered and never raised in the transcript: by the rule (docs/
    # transcripts.md) what is said after its key still answers `where`, the last raised.
    assert spans["where"][0] == (
        "[00:00:47] Interviewer: And where do you usually work when you're at home?\n"
        "[00:00:52] Ana Díaz: At the kitchen table, 𝔲𝔫𝔦𝔠𝔬𝔡𝔢.\n"
        "[00:01:12] Interviewer: Anything else about the space?\n"
        "[00:01:35] Ana Díaz: Laptop & phone <3"
    )
    assert "tools" not in spans and uncoded == ["tools"]
    assert "Thank you!" in text and "Thank you!" not in "".join(s for s, _ in spans.values())
    role = spans["role"][1]
    assert [c.find(NS + "CodeRef").get("targetGUID") for c in role.findall(NS + "Coding")] == [
        qdc.question_guid("role")
    ]
    where = spans["where"][1]
    assert {
        codes[c.find(NS + "CodeRef").get("targetGUID")].get("name")
        for c in where.findall(NS + "Coding")
    } == {"Setting", "Space", "where"}
    memo = p.notes()[role.find(NS + "NoteRef").get("targetGUID")]
    assert memo.findtext(NS + "PlainTextContent") == "Team lead 🧑‍💼"
    assert anchors == [CUE_2]  # the bookmark, at the cue spoken at that moment


def test_attached_transcript_is_used_without_the_folder(study, tmp_path):
    folder, transcripts, path = study
    assert run(["transcript", "attach", str(path), str(transcripts / "P1.vtt")])[0] == 0
    out = tmp_path / "a.qdpx"
    status, _, err = run(["export", str(folder), "--format", "qdpx", "-o", str(out)])
    assert status == 0, err
    assert "(attached)" in err
    assert "Ana Díaz" in next(iter(Project(out).files.values())).decode()


def test_a_changed_transcript_is_said_and_the_notes_used(study, tmp_path):
    folder, transcripts, path = study
    run(["transcript", "attach", str(path), str(transcripts / "P1.vtt")])
    (transcripts / "P1.vtt").write_text(VTT + "\n00:03:00.000 --> 00:03:01.000\nmore\n")
    out = tmp_path / "c.qdpx"
    status, _, err = run(["export", str(folder), "--format", "qdpx", "-o", str(out)])
    assert status == 1 and "has changed since it was attached" in err
    (src,) = Project(out).root.iter(NS + "TextSource")
    assert src.get("name").endswith(" notes")


def test_csv_has_the_transcript_and_recording_times(study):
    folder, transcripts, _ = study
    status, out, err = run(
        ["export", str(folder), "--format", "csv", "--transcripts", str(transcripts)]
    )
    assert status == 0, err
    rows = {r["question_id"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    assert rows["role"]["transcript"] == (
        "Interviewer: Could you tell me about your role? 🙂\n"
        "Ana Díaz: Je suis responsable — 日本語 👍🏽 and e\u0301"
    )
    assert (rows["where"]["recording_start"], rows["where"]["recording_end"]) == (
        "00:00:50",
        "00:01:30",
    )
    assert rows["team"]["transcript"] == rows["team"]["recording_start"] == ""
    # Without a transcript, the times are still there (the recording was marked).
    rows = {
        r["question_id"]: r
        for r in csv.DictReader(
            io.StringIO(run(["export", str(folder), "--format", "csv"])[1], newline="")
        )
    }
    assert rows["tools"]["recording_start"] == "00:01:30" and rows["tools"]["transcript"] == ""


def test_an_attached_shift_moves_every_recording_time_in_a_csv_row(study):
    # One clock per session: with `--shift 10` a question's first mark, its start and
    # its end are all on the recording file's own clock, 10 s on.
    folder, transcripts, path = study

    def rows():
        out = run(["export", str(folder), "--format", "csv"])[1]
        return {r["question_id"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}

    assert run(["transcript", "attach", str(path), str(transcripts / "P1.vtt")])[0] == 0
    before = rows()
    assert (
        run(["transcript", "attach", str(path), str(transcripts / "P1.vtt"), "--shift", "10"])[0]
        == 0
    )
    after = rows()
    # (role's span began before the recording: its start stays cut at 00:00:00)
    moments = [("role", "recording_time"), ("role", "recording_end")]
    moments += [(q, c) for q in ("where", "tools") for c in ("recording_start", "recording_end")]
    for qid, column in moments:
        h, m, sec = map(int, before[qid][column].split(":"))
        moved = h * 3600 + m * 60 + sec + 10
        want = f"{moved // 3600:02d}:{moved // 60 % 60:02d}:{moved % 60:02d}"
        assert after[qid][column] == want, (qid, column)


def test_matrix_cells(study):
    folder, transcripts, _ = study
    base = [
        "export",
        str(folder),
        "--format",
        "matrix",
        "--columns",
        "questions",
        "--transcripts",
        str(transcripts),
    ]
    cell = {}
    for what in ("notes", "transcript", "both"):
        status, out, err = run([*base, "--cells", what])
        assert status == 0, err
        cell[what] = next(csv.DictReader(io.StringIO(out, newline="")))["where"]
    assert cell["notes"] == "Kitchen"
    assert cell["transcript"] == (
        "Interviewer: And where do you usually work when you're at home?\n"
        "Ana Díaz: At the kitchen table, 𝔲𝔫𝔦𝔠𝔬𝔡𝔢.\nInterviewer: Anything else about the space?"
        "\nAna Díaz: Laptop & phone <3"
    )
    assert cell["both"] == "Note: Kitchen\nTranscript: " + cell["transcript"]
    status, _, err = run(["export", str(folder), "--format", "csv", "--cells", "both"])
    assert status == 2 and "--format matrix only" in err


def test_markdown_interleaves_transcript_and_note(study):
    folder, transcripts, _ = study
    status, out, err = run(
        ["export", str(folder), "--format", "markdown", "--transcripts", str(transcripts)]
    )
    assert status == 0, err
    role = out[out.index("### `role`") : out.index("### `team`")]
    q, t, n = (
        role.index(x) for x in ("Could you tell me briefly", "Transcript (recording", "> Team lead")
    )
    assert q < t < n  # the question, what was said, then the note
    assert "- **Interviewer** [00:00:02] Could you tell me about your role? 🙂" in role
    assert "| Transcript |" in out


def test_missing_transcripts_folder(study):
    folder, _, _ = study
    status, _, err = run(["export", str(folder), "--format", "csv", "--transcripts", "nope/"])
    assert status == 1 and "not a folder" in err

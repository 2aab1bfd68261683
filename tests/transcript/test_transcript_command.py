"""`prompter transcript attach|show`, driven as a user would, and finding a transcript
again: from the session file's [transcript] table, or in a folder of transcripts."""

from __future__ import annotations

import shutil
import stat
import tomllib

import pytest
from transcript_corpus import DATA, Q1, Q2, Q3, make_session, make_teams_docx

from prompter.analysis.read import SessionRecord, load_sessions, read_session
from prompter.cli import main
from prompter.session.read import read_session_file
from prompter.transcript import TranscriptError, attached_transcript, find_transcript

REPORT = (
    "9 cues: 6 on 3 questions, 0 before the first question, 1 after the last, 2 inside a pause\n"
)


def test_attach_records_the_transcript_and_reports(tmp_path, capsys):
    session = make_session(tmp_path / "sessions")
    calls = tmp_path / "calls"
    calls.mkdir()
    vtt = calls / "P11 call.vtt"
    shutil.copy(DATA / "P11.vtt", vtt)
    before = read_session_file(session)
    assert main(["transcript", "attach", str(session), str(vtt)]) == 0
    out = capsys.readouterr().out
    assert out == f"attached {vtt} to {session} (vtt, shift 0 s, aligned by text)\n" + REPORT
    data = read_session_file(session)  # still a valid session file for the core's reader
    t = data.pop("transcript")
    assert data == before  # nothing else changed
    assert t == {
        "path": "../calls/P11 call.vtt",
        "format": "vtt",
        "shift_seconds": 0.0,
        "align": "text",
        "sha256": __import__("hashlib").sha256(vtt.read_bytes()).hexdigest(),
    }
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert load_sessions([session]).sessions  # the analysis reads it too
    assert main(["tally", str(session), "--format", "csv"]) == 0

    # Found again (as an export would), with its shift; and shown per question.
    capsys.readouterr()
    assert main(["transcript", "show", str(session)]) == 0
    out = capsys.readouterr().out.splitlines()
    heads = [line for line in out if not line.startswith("  [")]  # the cues are indented
    assert heads[0].startswith(f"{Q1} -0:05-0:30 2 cues, ")
    assert heads[1].startswith(f"{Q2} 0:30-2:05 3 cues, ")
    assert heads[2].startswith(f"{Q3} 2:05-2:40 1 cue, ")
    assert heads[3:5] == ["(during a pause)", "(after the last question)"]
    assert heads[-1] + "\n" == REPORT
    # Each cue under its question, with its time and speaker.
    assert out[1] == "  [0:00] Interviewer: Thanks for joining & shall we start?"


def test_attach_again_with_a_shift_replaces_the_table(tmp_path, capsys):
    session = make_session(tmp_path)
    docx = make_teams_docx(tmp_path / "P11.docx")
    assert main(["transcript", "attach", str(session), str(DATA / "P11.srt")]) == 0
    assert main(["transcript", "attach", str(session), str(docx), "--shift", "2.5"]) == 0
    t = tomllib.loads(session.read_text())["transcript"]
    assert (t["path"], t["format"], t["shift_seconds"]) == ("P11.docx", "docx", 2.5)
    transcript, shift = attached_transcript(session, read_session_file(session))
    assert shift == 2.5 and transcript.format == "docx" and len(transcript.cues) == 9


def test_a_changed_transcript_is_not_used(tmp_path, capsys):
    session = make_session(tmp_path)
    vtt = tmp_path / "P11.vtt"
    shutil.copy(DATA / "P11.vtt", vtt)
    assert main(["transcript", "attach", str(session), str(vtt)]) == 0
    vtt.write_text(vtt.read_text() + "\n00:03:00.000 --> 00:03:01.000\nmore\n")
    capsys.readouterr()
    assert main(["transcript", "show", str(session)]) == 1
    assert capsys.readouterr().err == (
        f"prompter: {vtt}: has changed since it was attached (sha256 differs); attach it again\n"
    )


def test_a_session_file_cannot_make_us_read_another_file(tmp_path, capsys):
    session = make_session(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("[00:00:01] the password is swordfish\n")
    text = session.read_text() + (
        '\n[transcript]\npath = "secret.txt"\nsha256 = "00"\nshift_seconds = 0.0\nformat = "text"\n'
    )
    session.write_text(text)
    assert main(["transcript", "show", str(session)]) == 1
    err = capsys.readouterr().err
    assert "sha256 differs" in err and "swordfish" not in err


def test_bad_shift_and_no_transcript(tmp_path, capsys):
    session = make_session(tmp_path)
    with pytest.raises(SystemExit):
        main(["transcript", "attach", str(session), str(DATA / "P11.vtt"), "--shift", "nan"])
    assert (
        main(["transcript", "attach", str(session), str(DATA / "P11.vtt"), "--shift", "1e9"]) == 1
    )
    assert main(["transcript", "show", str(session)]) == 2
    assert "no transcript attached" in capsys.readouterr().err


def record(path) -> SessionRecord:
    return SessionRecord(str(path), read_session(path))


def test_find_transcript_by_session_id_or_participant(tmp_path):
    rec = record(make_session(tmp_path / "s"))
    folder = tmp_path / "t"
    folder.mkdir()
    assert find_transcript(rec, folder) is None
    (folder / "P110.vtt").write_text("x")  # another participant
    (folder / "P11_2026-12-01_1000.vtt").write_text("x")  # another session of P11
    (folder / "notes.docx").write_text("x")
    assert find_transcript(rec, folder) is None
    (folder / "P11 transcript.docx").write_text("x")
    assert find_transcript(rec, folder).name == "P11 transcript.docx"
    (folder / "p11.srt").write_text("x")
    assert find_transcript(rec, folder).name == "p11.srt"  # exactly the participant
    (folder / f"{rec.id}.teams.docx").write_text("x")
    assert find_transcript(rec, folder).name == f"{rec.id}.teams.docx"
    (folder / f"{rec.id}.vtt").write_text("x")
    assert find_transcript(rec, folder).name == f"{rec.id}.vtt"  # exactly the session
    (folder / f"{rec.id}.txt").write_text("x")
    with pytest.raises(TranscriptError, match="several transcripts match"):
        find_transcript(rec, folder)


def test_attach_reads_revs_layout(tmp_path, capsys):
    session = make_session(tmp_path)
    rev = DATA / "P11-rev.txt"
    assert main(["transcript", "attach", str(session), str(rev), "--align", "timeline"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[1] + "\n" == REPORT and out.err == ""
    assert tomllib.loads(session.read_text())["transcript"]["format"] == "text"

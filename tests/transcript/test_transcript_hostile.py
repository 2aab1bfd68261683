"""Transcripts that are not what they claim: each ends in one line naming the file (and
the line or paragraph), never a traceback, never a hang."""

from __future__ import annotations

import os
import zipfile

import pytest
from transcript_corpus import make_session, make_teams_docx

from prompter.cli import main
from prompter.transcript import TranscriptError, read_transcript


def one_line_error(path) -> str:
    with pytest.raises(TranscriptError) as e:
        read_transcript(path)
    message = str(e.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


VTT_HEAD = "WEBVTT\n\n"
NONE_READ = "no cue could be read; the first: "


# A file whose every cue is unreadable is refused, naming the first (a file with some
# good cues is read, the others counted: test_transcript_left_out.py).
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "a.vtt",
            VTT_HEAD + "00:00:61.000 --> 00:01:02.000\nbad\n",
            f" (line 3): {NONE_READ}bad time stamp '00:00:61.000' (minutes and seconds go up to 59)",
        ),
        (
            "a.vtt",
            VTT_HEAD + "00:00:05.000 --> 00:00:03.000\nbackwards\n",
            f" (line 3): {NONE_READ}cue ends before it starts (00:00:03.000 < 00:00:05.000)",
        ),
        (
            "a.vtt",
            VTT_HEAD + "00:00:0x.000 --> 00:00:03.000\nx\n",
            f" (line 3): {NONE_READ}bad time",
        ),
        (
            "a.vtt",
            "Hello\n\n00:00:01.000 --> 00:00:02.000\nhi\n",
            " (line 1): not a WebVTT file (the first line must be WEBVTT)",
        ),
        (
            "a.srt",
            "1\n00:00:03 --> 00:00:04,000\nyo\n",
            f" (line 2): {NONE_READ}bad time stamp '00:00:03'",
        ),
        (
            "a.srt",
            "Subtitles by someone\n\nand more words\n",
            f" (line 1): {NONE_READ}no time line (START --> END) before the text",
        ),
        (
            "a.srt",
            "Credits\n00:00:01,000 --> 00:00:02,000\nhi\n",
            f" (line 1): {NONE_READ}not an SRT cue (expected a number, then START --> END)",
        ),
        (
            "a.txt",
            "Title\n[00:75:00] Bob: no\n",
            f" (line 2): {NONE_READ}bad time stamp '00:75:00'",
        ),
        (
            "a.txt",
            "[00:00:10] Ana: hi\n[00:00:05] Bob: earlier\n[00:00:06] Bob: still\n",
            " (line 2): more cues cannot be read (2) than can (1); the first: time goes back "
            "(00:00:05 after 00:00:10 at line 1)",
        ),
        ("a.txt", "no stamps here\njust words\n", ": no time stamps found"),
        ("a.vtt", "WEBVTT\n\nNOTE nothing but a note\n", ": no cues found (read as vtt)"),
        (
            "a.txt",
            "[00:00:01] ok\n\ud800".encode("utf-8", "surrogatepass"),
            " (line 2): not a text file (not UTF-8)",
        ),
        ("a.vtt", b"WEBVTT\n\n\x00\x01\x02binary", " (line 3): not a text file (binary data)"),
    ],
)
def test_bad_transcripts_name_file_and_line(tmp_path, name, text, expected):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    assert one_line_error(path) == f"{path}{expected}" or one_line_error(path).startswith(
        f"{path}{expected}"
    )


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "call.vtt"
    os.mkfifo(fifo)
    assert one_line_error(fifo).endswith("not a regular file; not a transcript")


def test_a_folder_and_a_missing_file(tmp_path):
    (tmp_path / "d.vtt").mkdir()
    assert one_line_error(tmp_path / "d.vtt").endswith("is a folder, not a transcript")
    assert one_line_error(tmp_path / "gone.srt").endswith("no such file")


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.vtt"
    with open(path, "wb") as f:
        f.truncate(40 * 1024 * 1024)  # sparse: costs no disk
    assert one_line_error(path).endswith("larger than 32 MiB; not a transcript")


def test_docx_problems(tmp_path, monkeypatch):
    notzip = tmp_path / "a.docx"
    notzip.write_bytes(b"just text pretending")
    assert one_line_error(notzip).endswith("not a .docx file (not a zip archive)")
    nodoc = tmp_path / "b.docx"
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("hello.txt", "no word document in here")
    assert "not a Word document" in one_line_error(nodoc)
    bad = make_teams_docx(tmp_path / "c.docx", [("Bob", "0:75", "no")])
    assert one_line_error(bad) == (
        f"{bad} (paragraph 4): no cue could be read; the first: bad time stamp '0:75' "
        "(minutes and seconds go up to 59)"
    )
    back = make_teams_docx(
        tmp_path / "d.docx", [("Ana", "1:01", "hi"), ("Bob", "0:05", "no"), ("Ana", "0:06", "x")]
    )
    assert one_line_error(back).endswith(
        "(paragraph 6): more cues cannot be read (2) than can (1); the first: time goes back "
        "(0:05 after 1:01 in paragraph 4)"
    )
    import prompter.transcript.forms.docx as docx_form

    monkeypatch.setattr(docx_form, "MAX_UNPACKED", 1000)  # as if it were a zip bomb
    big = make_teams_docx(tmp_path / "e.docx")
    assert one_line_error(big).endswith("a .docx that unpacks to more than 256 MiB; refused")


def test_the_command_refuses_an_unreadable_transcript_and_leaves_the_session(tmp_path, capsys):
    session = make_session(tmp_path / "s")
    before = session.read_bytes()
    bad = tmp_path / "call.vtt"
    bad.write_text(VTT_HEAD + "00:00:61.000 --> 00:01:02.000\nbad\n", encoding="utf-8")
    assert main(["transcript", "attach", str(session), str(bad)]) == 1
    err = capsys.readouterr().err
    assert (
        err == f"prompter: {bad} (line 3): no cue could be read; the first: bad time stamp "
        "'00:00:61.000' (minutes and seconds go up to 59)\n"
    )
    assert session.read_bytes() == before


def test_terminal_escapes_in_a_transcript_never_reach_the_terminal(tmp_path, capsys):
    session = make_session(tmp_path / "s")
    path = tmp_path / "call.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v \x1b[31mEvil>hi\x1b]0;x\x07</v>\n"
        "\n00:00:61.000 --> 00:00:62.000\n\x1b[2J\n",
        encoding="utf-8",
    )
    main(["transcript", "show", str(session), str(path)])
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err

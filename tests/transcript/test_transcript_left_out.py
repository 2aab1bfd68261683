"""What a transcript reader leaves out, and says so: cues it cannot take (a missing or
broken time line, a cue that ends before it starts or starts before the one before it)
and the transcription tool's own lines (Otter's "Transcribed by https://otter.ai",
Teams' "… started/stopped transcription"). `attach`, `show` and the exports print a
note naming their lines; nothing is glued onto a neighbouring cue, nothing vanishes."""

from __future__ import annotations

import json
import shutil

from transcript_corpus import DATA, EXPECTED, TURNS, make_session, make_teams_docx

from prompter.cli import main
from prompter.transcript import read_transcript

# The call of session P11 as Otter's plain-text export writes it, footer and all.
OTTER = (
    "\n\n".join(f"{speaker}  {start}  \n{text}" for speaker, start, text in TURNS)
    + "\n\n\nTranscribed by https://otter.ai\n"
)
OTTER_FOOTER_LINE = OTTER.count("\n")  # the last line


def attach(session, transcript, capsys, *more) -> tuple[str, str]:
    assert main(["transcript", "attach", str(session), str(transcript), *more]) == 0
    out = capsys.readouterr()
    return out.out, out.err


def shown(session, capsys) -> list[dict]:
    assert main(["transcript", "show", str(session), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_otters_footer_is_left_out_and_counted(tmp_path, capsys):
    session = make_session(tmp_path / "s")
    path = tmp_path / "P11 otter.txt"
    path.write_text(OTTER, encoding="utf-8")
    out, err = attach(session, path, capsys)
    assert "9 cues: " in out  # the footer is no cue of its own
    assert (
        f"note: {path}: 1 line of the transcription tool's own left out: "
        f"line {OTTER_FOOTER_LINE}: 'Transcribed by https://otter.ai'"
    ) in err.splitlines()
    cues = shown(session, capsys)
    assert cues[-1]["text"] == "Thank you, that is all."  # not glued onto the last turn
    assert [c["speaker"] for c in cues] == [t[0] for t in TURNS]


def test_teams_started_and_stopped_lines_are_left_out(tmp_path, capsys):
    docx = make_teams_docx(tmp_path / "P11.docx", started_by="Interviewer")
    tr = read_transcript(docx)
    assert [c.text for c in tr.cues] == [t[2] for t in TURNS]
    assert [(x.where, x.line, x.reason) for x in tr.dropped] == [
        ("paragraph", 4, "'Interviewer started transcription'"),
        ("paragraph", 23, "'Interviewer stopped transcription'"),
    ]
    session = make_session(tmp_path / "s")
    _, err = attach(session, docx, capsys)
    assert (
        f"note: {docx}: 2 lines of the transcription tool's own left out: paragraph 4: "
        "'Interviewer started transcription'; paragraph 23: 'Interviewer stopped transcription'"
    ) in err.splitlines()
    assert shown(session, capsys)[-1]["text"] == "Thank you, that is all."


def test_the_same_words_said_by_a_person_are_speech(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(
        "[00:00:01] Ana: Last year\n"
        "We stopped transcription.\n"  # a sentence, with its full stop
        "so we stopped transcription\n"  # lower case: said, not written by Teams
        "[00:00:09] Bob: Transcribed by hand, by me.\n"
        "Ana Díaz: stopped transcription\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert tr.dropped == [] and tr.skipped == []
    assert tr.cues[0].text == "Last year We stopped transcription. so we stopped transcription"
    assert tr.cues[1].text == "Transcribed by hand, by me. Ana Díaz: stopped transcription"


def test_a_footer_cue_in_subtitles_is_left_out(tmp_path):
    path = tmp_path / "call.srt"
    text = (DATA / "P11.srt").read_text(encoding="utf-8").rstrip("\n")
    text += "\n\n10\n00:02:50,000 --> 00:02:52,000\nTranscribed by https://otter.ai\n"
    path.write_text(text, encoding="utf-8")
    tr = read_transcript(path)
    assert len(tr.cues) == 9 and tr.cues[-1].text == "Thank you, that is all."
    footer = text.count("\n")  # the last line
    assert [str(x) for x in tr.dropped] == [f"line {footer}: 'Transcribed by https://otter.ai'"]


# P11's call as WebVTT with four cues no reader can take, between good ones.
BROKEN_VTT = """WEBVTT

00:00:00.500 --> 00:00:03.000
<v Interviewer>Thanks for joining &amp; shall we start?

00:00:04.000 --> 00:00:28.000
<v Ana Díaz>Je suis responsable d'équipe, depuis six ans à peu près.

a cue whose time line was lost
<v Ana Díaz>and this was said somewhere

00:00:27.000 --> 00:00:34.000
<v Interviewer>And how many days a week are you at home?

00:00:35.000 --> 00:00:61.000
<v Ana Díaz>a minute of 61 seconds

00:00:35.000 --> 00:00:58.000
<v Ana Díaz>Three, sometimes four — it depends on the week.

00:00:58.000 --> 00:01:04.000
<v Ana Díaz>Sorry, the doorbell, can we stop a moment?

00:01:20.000 --> 00:01:10.000
<v Interviewer>ends before it starts

00:01:10.000 --> 00:01:30.000
<v Interviewer>(off the record while paused)

00:00:40.000 --> 00:00:45.000
<v Ana Díaz>starts before the cue before it

00:01:38.000 --> 00:01:45.000
<v Ana Díaz>OK, I'm back.

00:02:06.000 --> 00:02:40.000
<v Ana Díaz>My day starts at eight; 日本語も少し話します.

00:02:38.000 --> 00:02:45.000
<v Interviewer>Thank you, that is all.
"""


def test_cues_that_cannot_be_taken_are_counted_with_their_lines(tmp_path, capsys):
    session = make_session(tmp_path / "s")
    path = tmp_path / "P11.vtt"
    path.write_text(BROKEN_VTT, encoding="utf-8")
    out, err = attach(session, path, capsys, "--align", "timeline")
    # The good cues go where the corpus's do (the last overlaps the one before: kept).
    assert out.splitlines()[1] == (
        "9 cues: 6 on 3 questions, 0 before the first question, 1 after the last, 2 inside a pause"
    )
    assert err == (
        f"note: {path}: 4 cues could not be read and are left out: line 9: no time line "
        "(START --> END) before the text; line 15: bad time stamp '00:00:61.000' (minutes "
        "and seconds go up to 59); line 24: cue ends before it starts (00:01:10.000 < "
        "00:01:20.000); and 1 more\n"
    )
    cues = shown(session, capsys)
    assert cues[1]["text"] == "Je suis responsable d'équipe, depuis six ans à peu près."
    assert not any("said somewhere" in c["text"] or "before the cue" in c["text"] for c in cues)
    # Cue for cue, the questions of the corpus's other forms of this call.
    question_of = {n: q for q, ns in EXPECTED["by_question"].items() for n in ns}
    assert [c["question"] for c in cues] == [question_of.get(n) for n in range(1, 10)]
    tr = read_transcript(path)
    assert [x.line for x in tr.skipped] == [9, 15, 24, 30]
    assert tr.skipped[3].reason == "starts before the cue before it (line 27)"


def test_srt_block_without_its_time_line_is_not_glued_onto_the_cue_before(tmp_path, capsys):
    # The `srt` library alone reads "2 / no timing" as more text of cue 1.
    path = tmp_path / "call.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nAna: hi\n\n2\nno timing\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nBob: there\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert [(c.speaker, c.text) for c in tr.cues] == [("Ana", "hi"), ("Bob", "there")]
    assert [str(x) for x in tr.skipped] == ["line 5: no time line (START --> END) before the text"]


def test_a_turn_with_a_bad_stamp_is_left_out_with_its_lines(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_text(
        "Call with Ana\n"
        "[00:00:01] Ana: first\n"
        "[00:01:5x] Ana: broken stamp\n"
        "and the line after it\n"
        "[00:00:20] Bob: third\n"
        "[00:00:10] Ana: goes back\n"
        "with its own second line\n"
        "[00:00:30] Bob: fourth\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert [(c.start, c.end, c.text) for c in tr.cues] == [
        (1, 20, "first"),
        (20, 30, "third"),
        (30, 30, "fourth"),
    ]
    assert [str(x) for x in tr.skipped] == [
        "line 3: bad time stamp in '[00:01:5x] Ana: broken stamp'",
        "line 6: time goes back (00:00:10 after 00:00:20 at line 5)",
    ]


def test_a_docx_turn_that_cannot_be_taken(tmp_path):
    turns = [*TURNS[:3], ("Ana Díaz", "0:75", "a broken turn"), *TURNS[3:]]
    tr = read_transcript(make_teams_docx(tmp_path / "P11.docx", turns))
    assert [c.text for c in tr.cues] == [t[2] for t in TURNS]
    assert [str(x) for x in tr.skipped] == [
        "paragraph 10: bad time stamp '0:75' (minutes and seconds go up to 59)"
    ]


def test_exports_print_the_note_under_their_report(tmp_path, capsys):
    session = make_session(tmp_path / "sessions")
    folder = tmp_path / "transcripts"
    folder.mkdir()
    shutil.copy(DATA / "P11.vtt", folder / "P11.vtt")
    with open(folder / "P11.vtt", "a", encoding="utf-8") as f:
        f.write("\n00:02:50.000 --> 00:02:5x.000\nbroken\n")
    assert (
        main(["export", str(session.parent), "--format", "csv", "--transcripts", str(folder)]) == 0
    )
    err = capsys.readouterr().err.splitlines()
    sid = session.stem
    assert err[0].startswith(f"{sid}: transcript {folder / 'P11.vtt'} (found): 9 cues: ")
    assert err[1] == (
        f"{sid}: note: {folder / 'P11.vtt'}: 1 cue could not be read and is left out: "
        "line 45: bad time stamp '00:02:5x.000'"
    )


def test_older_teams_layout_cue_that_goes_back(tmp_path):
    import docx

    d = docx.Document()
    for timing, who, text in [
        ("0:0:1.0 --> 0:0:4.5", "Ana Díaz", "Hello."),
        ("0:0:9.0 --> 0:0:7.0", "Bob", "ends before it starts"),
        ("0:0:5.0 --> 0:0:8.0", "Bob", "Hi Ana."),
        ("0:0:2.0 --> 0:0:3.0", "Ana Díaz", "starts before the one before"),
        ("0:0:9.0 --> 0:0:12.0", "Ana Díaz", "Shall we start?"),
    ]:
        for line in (timing, who, text):
            d.add_paragraph(line)
    d.add_paragraph("Bob stopped transcription")
    path = tmp_path / "old.docx"
    d.save(str(path))
    tr = read_transcript(path)
    assert [(c.start, c.speaker, c.text) for c in tr.cues] == [
        (1.0, "Ana Díaz", "Hello."),
        (5.0, "Bob", "Hi Ana."),
        (9.0, "Ana Díaz", "Shall we start?"),
    ]
    assert [str(x) for x in tr.skipped] == [
        "paragraph 4: cue ends before it starts",
        "paragraph 10: starts before the cue before it (paragraph 7)",
    ]
    assert [str(x) for x in tr.dropped] == ["paragraph 16: 'Bob stopped transcription'"]

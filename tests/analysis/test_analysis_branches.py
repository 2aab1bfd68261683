"""The analysis of branching sessions through the CLI: `tally` counts not_applicable in its
own column, the long CSV gives the status, the kind and the items ticked, the matrix
treats not applicable as absent, Markdown lists the checks and shows the rest, and the
.qdc codebook gives question wordings plain."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from branch_guide import branch_guide
from helpers import FIXED_NOW, FakeClock

from prompter.cli import main
from prompter.session import Session
from prompter.session.writer import SessionWriter


@pytest.fixture
def sessions(tmp_path):
    """Two sessions of the branch guide: P01 took the 'Not visited' branch, P02 visited."""
    guide = branch_guide(tmp_path)
    folder = tmp_path / "sessions"
    folder.mkdir()
    one = Session(guide, "P01", clock=FakeClock(), now=FIXED_NOW)
    one.mark("asked")  # consent ticked; `recording` stays unticked
    one.goto("visited")
    one.choose_branch(2)
    one.set_note("Never used it.")
    two = Session(guide, "P02", clock=FakeClock(), now=FIXED_NOW.replace(day=26))
    two.goto("visited")
    two.choose_branch(1)  # passes over `role`
    two.goto("role")
    two.mark("not_applicable")  # it did apply after all: the same mark again clears it
    two.tick(1, 1)
    two.tick(1, 3)
    two.set_note("Email and video.")
    for s in (one, two):
        SessionWriter(s, folder / f"{s.id}.toml").save()
    return folder


def run(capsys, *argv) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_tally_has_a_not_applicable_column(sessions, capsys):
    rows = {r["id"]: r for r in json.loads(run(capsys, "tally", str(sessions), "--format", "json"))}
    assert rows["role"]["not_applicable"] == 1 and rows["role"]["probed"] == 1
    assert rows["find"]["not_applicable"] == 1 and rows["find"]["pending"] == 1
    assert rows["visited"]["asked"] == 2
    out = run(capsys, "tally", str(sessions), "--format", "csv")
    assert out.startswith("id,asked,probed,skipped,covered,not_applicable,pending,sessions\r\n")
    table = run(capsys, "tally", str(sessions), "--by", "section")
    assert "not" in table.lower() and "applicable" in table.lower()


def test_csv_gives_status_kind_and_items_ticked(sessions, capsys):
    rows = list(
        csv.DictReader(
            io.StringIO(run(capsys, "export", str(sessions), "--format", "csv"), newline="")
        )
    )
    by = {(r["participant"], r["question_id"]): r for r in rows}
    assert by["P01", "role"]["status"] == "not_applicable"
    assert by["P02", "role"]["status"] == "probed"
    assert by["P02", "role"]["items_ticked"] == "Email;Video calls"
    assert by["P01", "role"]["items_ticked"] == ""
    assert by["P01", "consent"]["kind"] == "check" and by["P01", "consent"]["status"] == "asked"
    assert by["P01", "visited"]["kind"] == "question"
    assert by["P01", "visited"]["question_text"] == "Have you visited the new site?"  # plain


def test_matrix_presence_treats_not_applicable_as_absent(sessions, capsys):
    out = run(
        capsys,
        "export",
        str(sessions),
        "--format",
        "matrix",
        "--columns",
        "questions",
        "--presence",
    )
    rows = {r["participant"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    assert rows["P01"]["role"] == "0" and rows["P02"]["role"] == "1"
    assert rows["P01"]["visited"] == rows["P02"]["visited"] == "1"
    assert rows["P02"]["first-look"] == "0"  # pending: absent too


def test_markdown_lists_checks_and_shows_not_applicable_and_ticks(sessions, capsys):
    out = run(capsys, "export", str(sessions / "P01_2026-11-25_1430.toml"), "--format", "markdown")
    assert "Checks:\n\n- [ ] Recording started\n- [x] Consent obtained\n" in out
    assert "### `role`: not applicable" in out
    assert "### `recording`: check, not ticked" in out
    assert "Have you visited the new site?" in out and "**visited**" not in out
    assert "3 not applicable" in out
    out = run(capsys, "export", str(sessions / "P02_2026-11-26_1430.toml"), "--format", "markdown")
    assert "- Ticked: Email, Video calls" in out


def test_qdc_of_the_sessions_gives_questions_plain(sessions, capsys):
    xml = run(capsys, "export", str(sessions), "--format", "qdc")
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    codes = {c.get("name"): c for c in ET.fromstring(xml).iter(f"{{{ns['q']}}}Code")}
    visited = codes["visited"].find("q:Description", ns).text
    assert visited == "Have you visited the new site?"
    assert codes["consent"].get("isCodable") == "true"

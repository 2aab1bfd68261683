"""What a session carries besides its marks, in the tally and the exports: notes of uncoded
questions in the matrix, the session's state, metadata, duration and bookmarks in the
long CSV and the tally by session, removed questions not counted in tallies but kept in
the exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from analysis_fixtures import save
from guide_factory import FakeClock, demo_guide, make_guide
from test_analysis_qdpx import T0, interview, run

from prompter.session import Session
from prompter.session.resume import load_session


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_matrix_keeps_notes_of_uncoded_questions(tmp_path):
    g = demo_guide()
    save(interview(g, "P1", T0, note="About me: nurse 🙂"), tmp_path)
    status, out, err = run(["export", str(tmp_path), "--format", "matrix"])
    assert status == 0, err
    (p1,) = rows(out)
    assert list(p1)[-1] == "(uncoded)"  # after the codebook's codes
    assert p1["(uncoded)"] == "[role] About me: nurse 🙂"  # role carries no code
    status, out, _ = run(["export", str(tmp_path), "--format", "matrix", "--presence"])
    assert rows(out)[0]["(uncoded)"] == "1"
    # A guide whose every question is coded has no such column.
    coded = make_guide(
        [{"title": "S", "codes": ["A"], "questions": [{"id": "q", "text": "Q?"}]}],
        codebook={"A": {}},
    )
    folder = tmp_path / "coded"
    s = Session(coded, "P2", "AB", clock=FakeClock(), now=T0, wallclock=lambda: T0)
    s.set_note("x")
    save(s, folder)
    assert rows(run(["export", str(folder), "--format", "matrix"])[1])[0] == {
        "participant": "P2",
        "A": "[q] x",
    }


def test_long_csv_has_state_metadata_duration_and_bookmarks(tmp_path):
    g = demo_guide()
    a = interview(g, "P1", T0, extra={"site": "Leeds", "mode": "video"})
    clock = FakeClock()
    b = Session(
        g,
        "P2",
        "CD",
        {"site": "York", "room": "3 🚪"},
        clock=clock,
        now=T0 + timedelta(days=1),
        wallclock=lambda: T0,
    )
    clock.advance(42)
    b.mark("asked")
    save(a, tmp_path)
    save(b, tmp_path)  # still in progress
    status, out, err = run(["export", str(tmp_path), "--format", "csv"])
    assert status == 0, err
    table = rows(out)
    header = list(table[0])
    assert header[-3:] == ["extra_site", "extra_mode", "extra_room"]
    for col in ("state", "duration_seconds", "bookmarks", "removed"):
        assert col in header
    r1 = next(r for r in table if r["participant"] == "P1" and r["question_id"] == "role")
    assert r1["state"] == "finished" and float(r1["duration_seconds"]) == a.elapsed
    assert r1["extra_site"] == "Leeds" and r1["extra_mode"] == "video" and r1["extra_room"] == ""
    assert r1["bookmarks"] == "00:00:50 quote 🙂 here"  # 60 s of session time, r at 10 s
    assert r1["removed"] == ""
    r2 = next(r for r in table if r["participant"] == "P2")
    assert r2["state"] == "in_progress" and r2["extra_room"] == "3 🚪" and r2["extra_mode"] == ""
    assert r2["bookmarks"] == ""


def test_tally_by_session_has_the_state(tmp_path):
    g = demo_guide()
    save(interview(g, "P1", T0), tmp_path)
    s = Session(g, "P2", "CD", clock=FakeClock(), now=T0 + timedelta(days=1), wallclock=lambda: T0)
    save(s, tmp_path)
    _, out, _ = run(["tally", str(tmp_path), "--by", "session", "--format", "json"])
    assert [(r["id"][:2], r["state"]) for r in json.loads(out)] == [
        ("P1", "finished"),
        ("P2", "in_progress"),
    ]
    _, out, _ = run(["tally", str(tmp_path), "--by", "session", "--format", "csv"])
    assert out.startswith("id,state,asked,")
    _, out, _ = run(["tally", str(tmp_path), "--by", "session", "--format", "markdown"])
    assert "P1, 2026-03-02 10:00, finished" in out and "in progress" in out
    _, out, _ = run(["tally", str(tmp_path), "--format", "csv"])  # by question: no state
    assert out.startswith("id,asked,")


def test_removed_questions_not_counted_but_exported(tmp_path):
    g = demo_guide()
    path = save(interview(g, "P1", T0), tmp_path)
    without_role = make_guide(
        [
            {
                "title": "About you",
                "questions": [
                    {"id": "where", "text": "Where do you usually work when you are at home?"}
                ],
            }
        ],
        title=g.title,
    )
    s, rec = load_session(path, without_role, clock=FakeClock(), wallclock=lambda: T0)
    assert set(rec.removed) == {"role", "team", "move", "tools", "help"}
    save(s, tmp_path, path.name)
    _, out, _ = run(["tally", str(tmp_path), "--format", "json"])
    counted = json.loads(out)
    assert [r["id"] for r in counted] == ["where"]  # removed questions are not counted
    _, out, _ = run(["tally", str(tmp_path), "--by", "session", "--format", "json"])
    (ses,) = json.loads(out)
    assert sum(ses[k] for k in ("asked", "probed", "skipped", "covered", "pending")) == 1
    _, out, _ = run(["tally", str(tmp_path), "--by", "code", "--format", "json"])
    assert {r["id"] for r in json.loads(out)} == set()  # where carries no code in this guide
    # The exports keep them, marked.
    table = rows(run(["export", str(tmp_path), "--format", "csv"])[1])
    removed = {r["question_id"]: r["removed"] for r in table}
    assert removed == {
        "where": "",
        "role": "true",
        "team": "true",
        "move": "true",
        "tools": "true",
        "help": "true",
    }
    assert next(r for r in table if r["question_id"] == "role")["status"] == "asked"
    md = run(["export", str(tmp_path), "--format", "markdown"])[1]
    assert "`role`: asked (no longer in the guide)" in md


def test_no_negative_recording_time_in_the_write_ups():
    """A moment before the call's recording began is said so, never '-00:00:12'."""
    from prompter.timefmt import recording_moment

    assert recording_moment(-12.0) == "before the recording"
    assert recording_moment(0.0) == "recording 00:00:00"
    assert recording_moment(None) == ""

"""`prompter export --format csv|matrix|markdown`: what goes in comes back out."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from analysis_fixtures import make_session, run_command, save
from guide_factory import FakeClock, demo_guide
from test_analysis_tally import T0, hostile, scripted

from prompter.analysis import read
from prompter.analysis.export import long_csv, markdown, matrix
from prompter.session import Session

NASTY = 'Said "yes, but";\nthen: =SUM(A1) | *not* a [link] <b>\r\n# heading? – ünïcödé 🙂'


def interview(guide, participant, when, interviewer="AB"):
    """A session with notes, probes, a recording mark and bookmarks at known times."""
    clock = FakeClock()
    s = Session(
        guide,
        participant,
        interviewer,
        {"site": "Leeds"},
        clock=clock,
        now=when,
        wallclock=lambda: when,
    )
    clock.advance(10)
    s.mark_recording()  # recording starts 10 s into the session
    clock.advance(65)
    s.mark("asked")  # role: first marked at 75 s -> 00:01:05 into the recording
    s.set_note(NASTY)
    s.add_bookmark("a good quote")
    clock.advance(20)
    s.goto("where")
    s.toggle_probe(1)
    s.toggle_probe(2)
    s.set_note("At the kitchen table")
    clock.advance(3600)
    s.goto("tools")
    s.mark("covered")
    s.set_note("Laptop; phone")
    s.goto("help")
    s.mark("skipped")
    s.finish(when + timedelta(hours=2))
    return s


@pytest.fixture
def two(tmp_path):
    g = demo_guide()
    folder = tmp_path / "sessions"
    a = interview(g, "P2", T0)
    b = interview(g, "P10", T0 + timedelta(days=1), interviewer="CD")
    save(a, folder)
    save(b, folder)
    return folder, g, (a, b)


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ------------------------------------------------------------------- csv


def test_csv_round_trip(two):
    folder, g, (a, b) = two
    code, out, err = run_command(["export", str(folder), "--format", "csv"])
    assert code == 0, err
    rows = read_csv(out)
    assert list(rows[0]) == [*long_csv.CSV_COLUMNS, *long_csv.TIMELINE_COLUMNS, "extra_site"]
    assert len(rows) == 2 * len(g.questions)  # one row per session and question
    role = rows[0]
    assert role["session_id"] == a.id and role["participant"] == "P2"
    assert role["interviewer"] == "AB" and role["started_at"] == "2026-03-02T10:00:00+00:00"
    assert role["guide_title"] == g.title and role["guide_version"] == g.version
    assert role["question_id"] == "role" and role["section"] == "About you"
    assert role["question_text"] == "Could you tell me briefly about your job role?"
    assert role["status"] == "asked" and role["priority"] == "core"
    assert role["note"] == NASTY  # quotes, new lines, CR, separators and emoji intact
    assert float(role["first_marked_seconds"]) == 75.0
    assert role["recording_time"] == "00:01:05"
    assert role["codes"] == "" and role["probes_used"] == ""
    where = next(r for r in rows if r["question_id"] == "where" and r["participant"] == "P2")
    assert where["section"] == "Working days > The space"
    assert where["codes"].split(";") == ["Setting", "Setting/Space"]
    assert where["probes_used"].split(";") == [
        "Do you share that space?",
        "What would make it better?",
    ]
    assert where["status"] == "probed"
    tools = next(r for r in rows if r["question_id"] == "tools" and r["participant"] == "P2")
    assert tools["note"] == "Laptop; phone"
    assert float(tools["seconds_on_question"]) == 0.0
    assert tools["recording_time"] == "01:01:25"  # 95 + 3600 - 10 s
    pending = next(r for r in rows if r["question_id"] == "team")
    assert pending["first_marked_seconds"] == "" and pending["recording_time"] == ""
    # Against the session core's own record of every question.
    for row in rows:
        s = a if row["participant"] == "P2" else b
        st = s.question_state(row["question_id"])
        assert row["status"] == st.status and row["note"] == st.note
        assert row["probes_used"] == ";".join(st.probes_used)
        assert float(row["seconds_on_question"]) == st.seconds_on_question


def test_csv_is_rfc4180(two):
    folder, _, _ = two
    _, out, _ = run_command(["export", str(folder), "--format", "csv"])
    assert out.startswith("session_id,participant,")
    assert out.endswith("\r\n") and out.count("\r\n") >= 13
    assert '"Said ""yes, but"";' in out  # quotes doubled inside a quoted field
    assert not out.startswith("\ufeff")


def test_csv_without_recording_mark_or_seconds(tmp_path):
    s = scripted(demo_guide(), "P01", "AB", T0, [("role", "mark", "asked")])
    save(s, tmp_path)
    rows = read_csv(run_command(["export", str(tmp_path), "--format", "csv"])[1])
    assert rows[0]["recording_time"] == "" and float(rows[0]["first_marked_seconds"]) == 30.0


def test_csv_to_file_and_force(two, tmp_path):
    folder, _, _ = two
    out_file = tmp_path / "long.csv"
    assert run_command(["export", str(folder), "--format", "csv", "-o", str(out_file)])[0] == 0
    first = out_file.read_bytes()
    assert first.decode("utf-8").startswith("session_id,")
    code, _, err = run_command(["export", str(folder), "--format", "csv", "-o", str(out_file)])
    assert code == 1 and f"{out_file}: already exists; use --force" in err
    assert out_file.read_bytes() == first
    assert (
        run_command(["export", str(folder), "--format", "csv", "-o", str(out_file), "--force"])[0]
        == 0
    )


def test_bad_files_skipped_rest_exported(two):
    folder, g, _ = two
    hostile(folder / "junk")
    code, out, err = run_command(["export", str(folder), "--format", "csv"])
    assert code == 1
    assert len(read_csv(out)) == 2 * len(g.questions)
    assert err.count("(skipped)") == 7 and "Traceback" not in err


def test_empty_export(tmp_path):
    for fmt in ("csv", "matrix", "markdown", "qdc"):
        code, out, err = run_command(["export", str(tmp_path), "--format", fmt])
        assert code == 1 and out == "" and "no session files (*.toml) found" in err


# ---------------------------------------------------------------- matrix


def test_matrix_by_code(two):
    folder, g, (a, b) = two
    code, out, err = run_command(["export", str(folder), "--format", "matrix"])
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["participant", *g.codes, "(uncoded)"]  # one column per code
    assert [r[0] for r in body] == ["P2", "P10"]  # one row per participant, natural order
    cell = dict(zip(header, body[0]))
    assert cell["Setting/Space"] == "[where] At the kitchen table"
    assert cell["Setting"].splitlines() == ["[where] At the kitchen table", "[tools] Laptop; phone"]
    assert cell["Wellbeing"] == "[tools] Laptop; phone"


def test_matrix_presence_and_questions(two):
    folder, g, _ = two
    _, out, _ = run_command(["export", str(folder), "--format", "matrix", "--presence"])
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    # where is probed and tools covered (Setting/Space, Setting/Tools); help skipped.
    assert rows[0] == {
        "participant": "P2",
        "Setting": "1",
        "Setting/Space": "1",
        "Setting/Tools": "1",
        "Wellbeing": "1",
        "(uncoded)": "1",
    }
    _, out, _ = run_command(["export", str(folder), "--format", "matrix", "--columns", "questions"])
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0]) == ["participant", *(q.id for q in g.questions)]
    assert rows[0]["role"] == NASTY.strip() and rows[0]["team"] == ""
    _, out, _ = run_command(
        ["export", str(folder), "--format", "matrix", "--columns", "questions", "--presence"]
    )
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [rows[0][q.id] for q in g.questions] == ["1", "0", "1", "0", "1", "0"]


def test_matrix_merges_a_participants_sessions(tmp_path):
    g = demo_guide()
    save(scripted(g, "P1", "AB", T0, [("where", "note", "first")]), tmp_path)
    save(
        scripted(
            g,
            "P1",
            "AB",
            T0 + timedelta(days=2),
            [("where", "note", "second"), ("where", "mark", "asked")],
        ),
        tmp_path,
    )
    save(make_session(g, 4, participant="P0"), tmp_path)
    header, rows = matrix.matrix(read.load_sessions([tmp_path]).sessions)
    assert [r[0] for r in rows] == ["P0", "P1"]
    p1 = dict(zip(header, rows[1]))
    assert p1["Setting/Space"] == "[where] first\n[where] second"
    _, pres = matrix.matrix(read.load_sessions([tmp_path]).sessions, presence=True)
    assert dict(zip(header, pres[1]))["Setting/Space"] == "1"


def test_matrix_options_only_for_matrix(two):
    folder, _, _ = two
    code, _, err = run_command(["export", str(folder), "--format", "csv", "--presence"])
    assert code == 2 and "--format matrix only" in err
    code, _, err = run_command(["export", str(folder)])
    assert code == 2  # --format is required


# -------------------------------------------------------------- markdown


def test_markdown_write_up(two):
    folder, g, (a, b) = two
    code, out, err = run_command(["export", str(folder / f"{a.id}.toml"), "--format", "markdown"])
    assert code == 0, err
    assert out.startswith("# Interview P2\n")
    assert f"| Session | `{a.id}` |" in out
    for text in (
        "| Interviewer | AB |",
        "| Started | 2026-03-02 10:00 +00:00 |",
        "| Ended | 2026-03-02 12:00 +00:00 |",
        "| State | finished |",
        "| Recording marked at | 0:10 of session time |",
        "| site | Leeds |",
        "## About you",
        "## Working days > The space",
        "### `role`: asked",
        "### `where`: probed",
        "- Probe used: Do you share that space?",
        "- First marked at 1:15 (recording 00:01:05)",
        "> At the kitchen table",
        "## Bookmarks",
        "| 1:15 | 00:01:05 | a good quote | `role` |",
        "Could you tell me briefly about your job role?",
    ):
        assert text in out, text
    # The nasty note cannot break the document: no raw heading, table or HTML.
    assert "\n# heading" not in out and " <b>" not in out and "\\<b>" in out
    quoted = [ln for ln in out.splitlines() if "heading?" in ln]
    assert quoted and all(ln.startswith(">") for ln in quoted)


def test_markdown_several_sessions(two, tmp_path):
    folder, _, (a, b) = two
    code, out, _ = run_command(["export", str(folder), "--format", "markdown"])
    assert code == 0 and out.count("# Interview ") == 2 and "\n---\n" in out
    outdir = tmp_path / "write-ups"
    code, out, err = run_command(["export", str(folder), "--format", "markdown", "-o", str(outdir)])
    assert code == 0 and out == ""
    assert sorted(p.name for p in outdir.iterdir()) == sorted([f"{a.id}.md", f"{b.id}.md"])
    assert (outdir / f"{a.id}.md").read_text().startswith("# Interview P2")
    code, _, err = run_command(["export", str(folder), "--format", "markdown", "-o", str(outdir)])
    assert code == 1 and "already exists" in err and "--force" in err
    assert (
        run_command(["export", str(folder), "--format", "markdown", "-o", str(outdir), "--force"])[
            0
        ]
        == 0
    )
    one = tmp_path / "one.md"
    assert (
        run_command(
            ["export", str(folder / f"{b.id}.toml"), "--format", "markdown", "-o", str(one)]
        )[0]
        == 0
    )
    assert one.read_text().startswith("# Interview P10")
    code, _, err = run_command(
        ["export", str(folder), "--format", "markdown", "-o", str(one), "--force"]
    )
    assert code == 1 and "names a folder" in err


def test_safe_file_names():
    assert markdown.safe_file_name("P01_2026-03-02_1000") == "P01_2026-03-02_1000.md"
    assert markdown.safe_file_name("../../etc/passwd") == "_.._etc_passwd.md"
    assert markdown.safe_file_name("") == "session.md"
    assert markdown.md_code("a`b") == "``a`b``" and markdown.md_code("`x") == "`` `x ``"


def test_absurd_numbers_are_refused_not_crashed_on(two, tmp_path):
    """1e308 seconds is damage: the file is skipped with one line, never a traceback."""
    folder, _, (a, _b) = two
    text = (folder / f"{a.id}.toml").read_text()
    text = text.replace("first_marked_seconds = 75.0", "first_marked_seconds = 1e308")
    assert "1e308" in text
    (tmp_path / "huge.toml").write_text(text)  # beside the good files of `two`
    for fmt in ("csv", "markdown", "matrix"):
        code, out, err = run_command(["export", str(tmp_path), "--format", fmt])
        assert code == 1 and "Traceback" not in err, (fmt, err)
        assert "huge.toml: questions[0].first_marked_seconds must be a number of seconds" in err
    rows = read_csv(run_command(["export", str(tmp_path), "--format", "csv"])[1])
    assert a.id in {r["session_id"] for r in rows}  # the good files are still exported


def test_a_session_that_cannot_be_rendered_is_skipped(two, monkeypatch):
    folder, g, (a, b) = two
    real = markdown.session_markdown

    def fail_for_a(rec, st=None):
        if rec.id == a.id:
            raise ValueError("boom")
        return real(rec, st)

    monkeypatch.setattr(markdown, "session_markdown", fail_for_a)
    code, out, err = run_command(["export", str(folder), "--format", "markdown"])
    assert code == 1 and out.count("# Interview ") == 1 and "# Interview P10" in out
    assert f"{a.id}.toml: cannot export: ValueError: boom (skipped)" in err

    def boom(sessions, transcripts=None):
        if sessions:
            raise ZeroDivisionError("division by zero")
        return []

    monkeypatch.setattr(long_csv, "csv_rows", boom)
    code, out, err = run_command(["export", str(folder), "--format", "csv"])
    assert code == 1 and out.count("\r\n") == 1  # the header alone
    assert err.count("cannot export: ZeroDivisionError") == 2

"""`prompter tally` and the session reader: counts checked against sessions made by
the session core, formats, filters, bad inputs, the tomllib fallback, no textual."""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from analysis_fixtures import make_session, run_command, save, write_sessions
from guide_factory import FakeClock, demo_guide, make_guide
from helpers import REPO, SUPPORT, child_env, run, session_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import apply

from prompter.analysis import read, tally
from prompter.session import Session
from prompter.session.read import validate_session_data

ROOT = REPO
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
COUNTS = ("asked", "probed", "skipped", "covered", "not_applicable", "pending")


def scripted(guide, participant, interviewer, when, script, finish=True):
    """A session driven by `script`: (question id, action, argument) steps, each 30 s after
    the last, at its question (the actions are the interview driver's: mark, probe, note)."""
    clock = FakeClock()
    s = Session(guide, participant, interviewer, clock=clock, now=when, wallclock=lambda: when)
    for qid, action, arg in script:
        for step in (("advance", 30), ("goto", qid), (action, arg)):
            apply(s, clock, step)
    if finish:
        s.finish(when + timedelta(hours=1))
    return s


@pytest.fixture
def three(tmp_path):
    """Three demo-guide sessions with known statuses (guide order: role team where
    move tools help)."""
    g = demo_guide()
    a = scripted(
        g,
        "P01",
        "AB",
        T0,
        [
            ("role", "mark", "asked"),
            ("team", "mark", "skipped"),
            ("where", "probe", 1),
            ("tools", "mark", "covered"),
        ],
    )
    b = scripted(
        g,
        "P02",
        "CD",
        T0 + timedelta(days=1),
        [
            ("role", "mark", "covered"),
            ("team", "mark", "asked"),
            ("where", "mark", "skipped"),
            ("move", "probe", 1),
            ("tools", "probe", 2),
            ("help", "mark", "skipped"),
        ],
    )
    c = scripted(
        g,
        "P03",
        "ab",
        T0 + timedelta(days=5),
        [("role", "mark", "asked"), ("tools", "mark", "probed")],
        finish=False,
    )
    folder = tmp_path / "sessions"
    for s in (a, b, c):
        save(s, folder)
    return folder


def rows_of(out: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(out)}


# -------------------------------------------------------------- counting


def test_counts_by_question(three):
    code, out, err = run_command(["tally", str(three), "--format", "json"])
    assert code == 0, err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["role", "team", "where", "move", "tools", "help"]
    assert all(list(r) == ["id", *COUNTS, "sessions"] for r in rows)
    by = {r["id"]: r for r in rows}
    assert by["role"] == {
        "id": "role",
        "asked": 2,
        "probed": 0,
        "skipped": 0,
        "covered": 1,
        "not_applicable": 0,
        "pending": 0,
        "sessions": 3,
    }
    assert by["team"] == {
        "id": "team",
        "asked": 1,
        "probed": 0,
        "skipped": 1,
        "covered": 0,
        "not_applicable": 0,
        "pending": 1,
        "sessions": 3,
    }
    # "move" had a probe toggled with no probes: nothing recorded.
    assert (by["where"]["probed"], by["where"]["skipped"], by["where"]["pending"]) == (1, 1, 1)
    assert by["move"]["pending"] == 3
    assert by["tools"] == {
        "id": "tools",
        "asked": 0,
        "probed": 2,
        "skipped": 0,
        "covered": 1,
        "not_applicable": 0,
        "pending": 0,
        "sessions": 3,
    }
    assert by["help"]["skipped"] == 1 and by["help"]["pending"] == 2


def test_counts_by_section_code_session(three):
    _, out, _ = run_command(["tally", str(three), "--by", "section", "--format", "json"])
    sec = rows_of(out)
    assert list(sec) == ["About you", "Working days > The space", "Working days > Tools"]
    assert sec["About you"] == {
        "id": "About you",
        "asked": 3,
        "probed": 0,
        "skipped": 1,
        "covered": 1,
        "not_applicable": 0,
        "pending": 1,
        "sessions": 3,
    }
    _, out, _ = run_command(["tally", str(three), "--by", "code", "--format", "json"])
    code = rows_of(out)
    assert list(code) == ["Setting", "Setting/Space", "Setting/Tools", "Wellbeing"]
    # Setting is on where, move, tools and help: 4 questions x 3 sessions.
    assert sum(code["Setting"][k] for k in COUNTS) == 12 and code["Setting"]["sessions"] == 3
    assert code["Wellbeing"] == {
        "id": "Wellbeing",
        "asked": 0,
        "probed": 2,
        "skipped": 0,
        "covered": 1,
        "not_applicable": 0,
        "pending": 0,
        "sessions": 3,
    }
    _, out, _ = run_command(["tally", str(three), "--by", "session", "--format", "json"])
    ses = json.loads(out)
    assert [r["id"] for r in ses] == [
        "P01_2026-03-02_1000",
        "P02_2026-03-03_1000",
        "P03_2026-03-07_1000",
    ]
    assert ses[0] == {
        "id": "P01_2026-03-02_1000",
        "state": "finished",
        "asked": 1,
        "probed": 1,
        "skipped": 1,
        "covered": 1,
        "not_applicable": 0,
        "pending": 2,
        "sessions": 1,
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seeds=st.lists(st.integers(0, 10_000), min_size=1, max_size=6, unique=True),
    by=st.sampled_from(["question", "section", "code", "session"]),
)
def test_property_rows_add_up(tmp_path_factory, seeds, by):
    """Each question of each session is counted once: a question's row adds up to
    its sessions, and the totals to sessions x questions."""
    g = demo_guide()
    folder = tmp_path_factory.mktemp("prop")
    sessions = [make_session(g, seed, participant=f"P{i}") for i, seed in enumerate(seeds)]
    for s in sessions:
        save(s, folder)
    loaded = read.load_sessions([folder], jobs=1)
    assert len(loaded.sessions) == len(seeds) and not loaded.skipped
    result = tally.tally(loaded.sessions, by)
    n_q = len(g.questions)
    if by == "question":
        assert len(result.rows) == n_q
        for r in result.rows:
            assert sum(getattr(r, k) for k in COUNTS) == r.sessions == len(seeds)
    if by in ("question", "section", "session"):
        assert sum(r.total for r in result.rows) == len(seeds) * n_q
    if by == "session":
        assert all(r.total == n_q and r.sessions == 1 for r in result.rows)
    if by == "code":  # a question counts once under each of its codes and their parents
        per_session = sum(len(read.with_parents(q.codes)) for q in g.questions)
        assert sum(r.total for r in result.rows) == len(seeds) * per_session
    # Against the session core's own counts.
    expected = dict.fromkeys(COUNTS, 0)
    for s in sessions:
        for k, v in s.tallies().items():
            if k in expected:
                expected[k] += v
    totals = result.totals()
    if by != "code":
        assert {k: getattr(totals, k) for k in COUNTS} == expected


def test_by_code_rolls_up_to_parent_codes(tmp_path):
    """A construct's row counts the questions of its sub-constructs, each once."""
    g = make_guide(
        [
            {
                "title": "S",
                "questions": [
                    {"id": "q1", "text": "One?", "codes": ["A/B"]},
                    {"id": "q2", "text": "Two?", "codes": ["C/D"]},
                    {"id": "q3", "text": "Three?", "codes": ["A"]},
                ],
            }
        ],
        codebook={"A": {"B": {}}, "C": {"D": {}}},
    )
    save(
        scripted(g, "P1", "AB", T0, [("q1", "mark", "asked"), ("q2", "mark", "skipped")]), tmp_path
    )
    rows = {r.id: r for r in tally.tally(read.load_sessions([tmp_path]).sessions, "code").rows}
    assert list(rows) == ["A", "A/B", "C", "C/D"]
    assert (rows["A"].asked, rows["A"].pending, rows["A"].total) == (1, 1, 2)  # q1 once, q3
    assert (rows["C"].skipped, rows["C"].total) == (1, 1)
    assert read.with_parents(["A/B/C", "A/B", "X"]) == ["A", "A/B", "A/B/C", "X"]


def test_removed_questions_are_counted_once(tmp_path):
    """A question recorded in a session file but gone from the guide stays counted."""
    g = demo_guide()
    s = scripted(g, "P01", "AB", T0, [("role", "mark", "asked")])
    s2 = make_session(g, 3)
    data = session_to_dict(s)
    assert data["questions"][0]["id"] == "role"
    save(s, tmp_path)
    save(s2, tmp_path)
    loaded = read.load_sessions([tmp_path])
    res = tally.tally(loaded.sessions)
    assert sum(r.total for r in res.rows) == 2 * len(g.questions)


def test_different_texts_across_guide_versions_are_reported(tmp_path):
    sections = [
        {
            "title": "S",
            "questions": [
                {"id": "q1", "text": "How was it?"},
                {"id": "q2", "text": "Anything else?"},
            ],
        }
    ]
    v1 = make_guide(sections, version="1")
    sections2 = [
        {
            "title": "S",
            "questions": [
                {"id": "q1", "text": "How did it go for you?"},
                {"id": "q2", "text": "Anything else?"},
            ],
        }
    ]
    v2 = make_guide(sections2, version="2")
    save(scripted(v1, "P01", "AB", T0, [("q1", "mark", "asked")]), tmp_path)
    save(scripted(v2, "P02", "AB", T0 + timedelta(days=1), [("q1", "mark", "skipped")]), tmp_path)
    code, out, err = run_command(["tally", str(tmp_path), "--format", "json"])
    assert code == 0
    assert "q1 has 2 different texts across guide versions" in err
    assert 'v1: "How was it?"' in err and 'v2: "How did it go for you?"' in err
    assert "q2" not in err
    res = tally.tally(read.load_sessions([tmp_path]).sessions)
    assert res.rows[0].text == "How did it go for you?"  # the newest wording
    _, out, _ = run_command(["tally", str(tmp_path), "--format", "markdown"])
    assert "q1 has 2 different texts" in out
    _, out, _ = run_command(["tally", str(tmp_path)])
    assert "note: question q1 has 2 different texts" in out


def test_messages_carry_no_terminal_control_characters(tmp_path):
    g1 = make_guide([{"title": "S", "questions": [{"id": "q1", "text": "Plain?"}]}], version="1")
    g2 = make_guide(
        [{"title": "S", "questions": [{"id": "q1", "text": "Evil\x1b[2J?"}]}], version="2"
    )
    save(scripted(g1, "P01", "AB", T0, []), tmp_path)
    save(scripted(g2, "P02", "AB", T0 + timedelta(days=1), []), tmp_path)
    (tmp_path / "bad\x1b[31m.toml").write_text("x = [")
    code, out, err = run_command(["tally", str(tmp_path), "--format", "json"])
    assert code == 1
    assert "\x1b" not in err and "Evil\\x1b[2J?" in err and "bad\\x1b[31m.toml" in err
    for argv in (["tally"], ["tally", "--format", "markdown"], ["export", "--format", "markdown"]):
        code, out, err = run_command([argv[0], str(tmp_path), *argv[1:]])
        assert "\x1b" not in out and "\x1b" not in err, argv


# --------------------------------------------------------------- formats


def test_csv_format(three):
    code, out, _ = run_command(["tally", str(three), "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", *COUNTS, "sessions"]
    assert rows[0] == {
        "id": "role",
        "asked": "2",
        "probed": "0",
        "skipped": "0",
        "covered": "1",
        "not_applicable": "0",
        "pending": "0",
        "sessions": "3",
    }
    assert out.startswith("id,asked,probed,skipped,covered,not_applicable,pending,sessions\r\n")


def test_table_and_markdown(three):
    code, out, _ = run_command(["tally", str(three)])
    assert code == 0
    assert "Tally of 3 sessions, by question" in out
    assert "role" in out and "Could you tell me briefly" in out and "67%" in out
    code, out, _ = run_command(["tally", str(three), "--format", "markdown", "--by", "code"])
    assert out.startswith("## Tally of 3 sessions, by code")
    assert "| `Setting/Space` |" in out and "| **total** |" in out


def test_rich_only_for_the_table_and_never_textual(three):
    code = (
        "import sys\n"
        "sys.path.insert(0, %r)\n"
        "from analysis_fixtures import run_command\n"
        "run_command(['tally', %r, '--format', 'json'])\n"
        "assert 'rich' not in sys.modules, 'rich imported for json'\n"
        "run_command(['export', %r, '--format', 'csv'])\n"
        "run_command(['export', 'demo', '--format', 'qdc'])\n"
        "run_command(['export', %r, '--format', 'markdown'])\n"
        "run_command(['export', %r, '--format', 'matrix'])\n"
        "assert 'rich' not in sys.modules, 'rich imported for an export'\n"
        "run_command(['tally', %r])\n"
        "assert 'rich' in sys.modules\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    ) % (str(SUPPORT), str(three), str(three), str(three), str(three), str(three))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --------------------------------------------------------------- filters


def test_filters(three):
    def ids(*extra):
        code, out, err = run_command(
            ["tally", str(three), "--by", "session", "--format", "json", *extra]
        )
        return code, [r["id"][:3] for r in json.loads(out)] if out else [], err

    assert ids("--finished-only")[1] == ["P01", "P02"]
    assert ids("--interviewer", "AB")[1] == ["P01", "P03"]  # any case
    assert ids("--interviewer", "AB", "--interviewer", "cd")[1] == ["P01", "P02", "P03"]
    assert ids("--since", "2026-03-03")[1] == ["P02", "P03"]
    assert ids("--guide", "demo: WORKING from home")[1] == ["P01", "P02", "P03"]
    sha = demo_guide().sha256
    assert ids("--guide", sha[:8])[1] == ["P01", "P02", "P03"]
    code, rows, err = ids("--guide", "another guide")
    assert code == 1 and rows == []
    assert "no sessions match the filters (3 session files read, none kept)" in err
    code, _, err = run_command(["tally", str(three), "--since", "03/03/2026"])
    assert code == 2 and "YYYY-MM-DD" in err


def test_filters_unit():
    f = read.Filters(since=date(2026, 3, 2))
    g = {"title": "T", "sha256": "ab" * 32}
    assert read.guide_matches(g, "t") and read.guide_matches(g, "ABABAB")
    assert not read.guide_matches(g, "abab")  # too short for a hash prefix
    rec = read.SessionRecord("x", {"session": {"started_at": T0, "state": "finished"}, "guide": g})
    assert f.keep(rec)


# ------------------------------------------------------------ bad inputs


def hostile(folder: Path) -> dict[str, str]:
    """Files that are not usable session files -> the text their message must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {
        "pyproject.toml": ('[project]\nname = "x"\n', "no [session] table"),
        "broken.toml": ("schema_version = 1\n[session\n", "not valid TOML"),
        "latin1.toml": (b"note = '\xe9t\xe9'\n", "not UTF-8"),
        "newer.toml": ("schema_version = 9\n[session]\nid = 'x'\n", "newer prompter"),
        "empty.toml": ("", "no [session] table"),
        "wrong-types.toml": (
            "schema_version = 1\n[session]\nid = 3\nparticipant = 'P'\nstarted_at = 2026-01-01\n",
            "missing required keys",
        ),
    }
    for name, (content, _) in cases.items():
        p = folder / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
    (folder / "dangling.toml").symlink_to(folder / "nowhere.toml")
    expected = {name: msg for name, (_, msg) in cases.items()}
    expected["dangling.toml"] = "no such file"
    return expected


def test_bad_files_are_skipped_and_reported(three, tmp_path):
    expected = hostile(three / "junk")
    code, out, err = run_command(
        ["tally", str(three), str(tmp_path / "missing"), "--format", "json"]
    )
    assert code == 1
    assert sum(r["sessions"] for r in json.loads(out)[:1]) == 3  # the rest is still tallied
    lines = err.splitlines()
    for name, msg in expected.items():
        line = next(ln for ln in lines if f"junk/{name}:" in ln)
        assert msg in line and line.endswith("(skipped)")
    assert any("missing: no such file or folder" in ln for ln in lines)
    assert lines[-1] == "prompter: 8 files skipped of 10 found"
    assert "Traceback" not in err


def test_unreadable_file(three, monkeypatch):
    target = str(next(three.glob("*.toml")))
    real = os.open

    def fake(path, *args, **kwargs):
        if str(path) == target:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake)
    loaded = read.load_sessions([three], jobs=1)
    assert len(loaded.sessions) == 2
    assert loaded.skipped == [f"{target}: permission denied"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_reported_not_waited_for(three):
    os.mkfifo(three / "pipe.toml")
    code, out, err = run_command(
        ["tally", str(three), str(three / "pipe.toml"), "--format", "json"]
    )
    assert code == 1 and json.loads(out)[0]["sessions"] == 3
    assert err.count("pipe.toml: not a regular file; not a session file (skipped)") == 1


def test_empty_set_of_sessions(tmp_path):
    code, out, err = run_command(["tally", str(tmp_path)])
    assert code == 1 and out == ""
    assert err.strip() == f"prompter: no session files (*.toml) found in {tmp_path}"
    hostile(tmp_path / "x")
    code, out, err = run_command(["tally", str(tmp_path)])
    assert code == 1 and err.splitlines()[-1] == f"prompter: no usable session files in {tmp_path}"


def test_output_file_never_overwritten_without_force(three, tmp_path):
    out_file = tmp_path / "tally.json"
    out_file.write_text("keep me")
    code, out, err = run_command(["tally", str(three), "--format", "json", "-o", str(out_file)])
    assert code == 1 and "already exists; use --force" in err
    assert out_file.read_text() == "keep me"
    code, out, err = run_command(
        ["tally", str(three), "--format", "json", "-o", str(out_file), "--force"]
    )
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())[0]["id"] == "role"
    new = tmp_path / "new.md"
    assert run_command(["tally", str(three), "--format", "markdown", "-o", str(new)])[0] == 0
    assert new.read_text().startswith("## Tally")


# ------------------------------------------------- the reader and parsers


def _mutations():
    values = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=True),
        st.text(max_size=3),
        st.just([]),
        st.just(["a", 1]),
        st.just({}),
        st.just({"a": 1}),
        st.just(T0),
        st.just(T0.replace(tzinfo=None)),
        st.just(date(2026, 1, 1)),
        st.just("finished"),
        st.just("asked"),
    )
    return st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["set", "del"]), values),
        min_size=1,
        max_size=4,
    )


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


_BASE = session_to_dict(make_session(demo_guide(), 7, actions=40))


@settings(max_examples=300, deadline=None)
@given(_mutations())
def test_property_what_the_check_accepts_every_tally_can_use(muts):
    """The check never raises on a damaged file, and a file it accepts is counted by every
    tally without an error."""
    import copy

    data = copy.deepcopy(_BASE)
    for n, op, value in muts:
        paths = [p for p in _paths(data) if p]
        path = paths[n % len(paths)]
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        if op == "del" and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(value)
    problems = validate_session_data(data)
    assert all(type(p) is str for p in problems)
    if not problems:
        rec = read.SessionRecord("P.toml", read._tidy(data))
        for by in tally.BY:
            counter = tally.Tallier(by)
            counter.add(rec)
            assert counter.result().sessions == 1


def test_tomllib_fallback(three, monkeypatch):
    assert read.PARSER == "tomli"  # the test extra installs it
    monkeypatch.setitem(sys.modules, "tomli", None)
    try:
        slow = importlib.reload(read)
        assert slow.PARSER == "tomllib"
        assert slow._toml.__name__ == "tomllib"
        loaded = slow.load_sessions([three], jobs=1)
        assert len(loaded.sessions) == 3 and not loaded.skipped
        broken = three / "broken.toml"
        broken.write_text("[session\n")
        loaded = slow.load_sessions([three], jobs=1)
        assert "not valid TOML" in loaded.skipped[0]
    finally:
        monkeypatch.undo()
        importlib.reload(read)
    assert read.PARSER == "tomli"


def test_process_pool_gives_the_same_result(tmp_path, monkeypatch):
    write_sessions(tmp_path, demo_guide(), 24)
    (tmp_path / "bad.toml").write_text("nope")
    monkeypatch.setattr(read, "POOL_MIN_FILES", 4)
    monkeypatch.setattr(read, "CHUNK", 5)
    pooled = read.load_sessions([tmp_path], jobs=2)
    serial = read.load_sessions([tmp_path], jobs=1)
    assert [r.data for r in pooled.sessions] == [r.data for r in serial.sessions]
    assert pooled.skipped == serial.skipped and len(pooled.skipped) == 1


def test_same_file_twice_is_read_once(three):
    one = next(three.glob("*.toml"))
    loaded = read.load_sessions([three, one, three])
    assert len(loaded.sessions) == 3


def test_copies_of_a_session_are_pointed_out(three):
    one = sorted(three.glob("*.toml"))[0]
    (three / "backup").mkdir()
    (three / "backup" / one.name).write_bytes(one.read_bytes())
    code, out, err = run_command(["tally", str(three), "--format", "json"])
    assert code == 0 and json.loads(out)[0]["sessions"] == 4
    assert f"note: session {one.stem} is in 2 files" in err


# ------------------------------------------------------ the real command


def test_through_python_m_prompter(three):
    env = child_env(PYTHONPATH=str(ROOT))
    python_m = [sys.executable, "-m", "prompter"]
    r = run([*python_m, "tally", three, "--format", "json"], env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["id"] == "role"
    (three / "bad.toml").write_text("x = ")
    r = run([*python_m, "tally", three, "--format", "csv"], env=env)
    assert r.returncode == 1 and "bad.toml" in r.stderr and "Traceback" not in r.stderr
    r = run([*python_m, "tally", three, "--by", "nope"], env=env)
    assert r.returncode == 2

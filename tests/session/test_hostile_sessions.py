"""Hostile session files for `prompter resume`, `tally` and `export`.

A valid session file is written by the real session core (`Session` +
`save_session`), then damaged in every way a crash, an editor, another program
or a malicious hand could: truncated at several byte offsets, each contract key
given a wrong type, each required key removed, a newer `schema_version`,
duplicate question ids, not TOML at all, some other program's TOML, empty,
binary garbage, UTF-16, absurd nesting, larger than the 64 MiB limit, a folder
or a FIFO named `x.toml`, unreadable.

- `prompter resume FILE`: exit status 1, one clear line naming the file, no
  traceback, no screen started (standard input is /dev/null; a timeout catches
  a hang).
- `prompter tally` / `prompter export` on a folder of three good files and the
  hostile ones: one line on standard error per hostile file, naming it; the
  good files' counts still come out; exit status 1.

The child processes for `resume` run a few at a time in a thread pool, once per
test session; each case is then a test of its own.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
import random
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from analysis_fixtures import marked_session
from guide_factory import bundled
from helpers import REPO, run_prompter

from prompter.errors import SessionFileError
from prompter.session.read import MAX_FILE_BYTES, read_session_file
from prompter.session.resume import load_session
from prompter.session.writer import save_session

# One xdist worker runs this module: its module fixtures start 90 `prompter resume`s.
pytestmark = pytest.mark.xdist_group("hostile_sessions")

GUIDE = bundled("demo")
IDS = [q.id for q in GUIDE.questions]
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
RUN_TIMEOUT = 20.0  # seconds for one child (generous: they run several at a time)
FIFO_TIMEOUT = 15.0  # a FIFO must be refused, not opened (which would block)


GOOD_MARKS = {
    "P01": {"role": "asked", "tools": "skipped"},
    "P02": {"role": "asked", "tools": "covered"},
    "P03": {"role": "skipped", "tools": "asked"},
}


def write_good(folder: Path, participant: str) -> Path:
    path = folder / f"{participant}_2026-03-02_0900.toml"
    save_session(marked_session(GUIDE, participant, GOOD_MARKS[participant], now=START), path)
    return path


def expected_counts() -> dict[str, dict[str, int]]:
    """Per question id: how many of the good sessions have each status."""
    counts = {
        qid: dict.fromkeys(("asked", "probed", "skipped", "covered", "pending"), 0) for qid in IDS
    }
    for p in GOOD_MARKS:
        s = marked_session(GUIDE, p, GOOD_MARKS[p], now=START)
        for qid in IDS:
            counts[qid][s.question_state(qid).status] += 1
    return counts


# ---------------------------------------------------------------- the hostile files


def _template() -> tuple[bytes, dict]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = write_good(Path(d), "P01")
        raw = p.read_bytes()
    return raw, tomllib.loads(raw.decode())


TEMPLATE_BYTES, TEMPLATE = _template()
TEMPLATE_TEXT = TEMPLATE_BYTES.decode()


def _set(data: dict, where: str, value) -> None:
    """Set (or with value=DELETE remove) a dotted key such as 'questions.0.status'."""
    parts = where.split(".")
    node = data
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node[p]
    last = parts[-1]
    if value is DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value


DELETE = object()
NAIVE = datetime(2026, 3, 2, 9, 0, 0)

WRONG_TYPES = {
    "schema_version": "1",
    "session": "P01",
    "session.id": 1,
    "session.participant": ["P01"],
    "session.interviewer": 3,
    "session.started_at": "2026-03-02T09:00:00Z",
    "session.ended_at": 5,
    "session.elapsed_seconds": "90",
    "session.recording_offset_seconds": "soon",
    "session.current_question": 7,
    "session.state": 1,
    "session.paused": "no",
    "session.extra": ["Leeds"],
    "guide": "demo",
    "guide.title": 1,
    "guide.sha256": [],
    "guide.version": 1.5,
    "guide.path": 5,
    "questions": "all of them",
    "questions.0.id": 5,
    "questions.0.section": "About you",
    "questions.0.text": 1,
    "questions.0.status": True,
    "questions.0.probes": "x",
    "questions.0.probes_used": [1],
    "questions.0.note": 3,
    "questions.0.first_marked_seconds": "x",
    "questions.0.seconds_on_question": [],
    "questions.0.removed": "yes",
    "bookmarks": "x",
    "bookmarks.0.label": 1,
    "bookmarks.0.at_seconds": "then",
    "events.0.at_seconds": "soon",
    "events.0.action": 4,
    "events.0.value": 1,
}
BAD_VALUES = {  # the right type, a wrong value
    "schema_version": 0,
    "session.started_at": NAIVE,
    "session.elapsed_seconds": -600,  # beyond the -60 s that resume repairs
    "session.state": "done",
    "questions.0.status": "done",
    "questions.0.seconds_on_question": -600,
    "session.extra": {"site": 1},
}
NOT_FINITE = {  # tomllib reads inf and nan; the validation refuses them
    "session.elapsed_seconds": math.inf,
    "questions.0.first_marked_seconds": math.nan,
}
HUGE_NUMBERS = {  # finite, accepted by the validation, but overflow whole milliseconds
    "session.elapsed_seconds": 1e308,
    "session.recording_offset_seconds": 1e308,
    "questions.0.first_marked_seconds": 1e308,
    "questions.0.seconds_on_question": 1e308,
}
REQUIRED = [
    "schema_version",
    "session",
    "guide",
    "questions",
    "session.id",
    "session.participant",
    "session.started_at",
    "session.elapsed_seconds",
    "session.current_question",
    "session.state",
    "guide.title",
    "guide.sha256",
    "questions.0.id",
    "questions.0.section",
    "questions.0.text",
    "questions.0.status",
    "bookmarks.0.at_seconds",
    "bookmarks.0.label",
    "bookmarks.0.question",
    "events.0.at_seconds",
    "events.0.action",
    "events.0.question",
]


def _mutated(where: str, value) -> bytes:
    data = copy.deepcopy(TEMPLATE)
    _set(data, where, value)
    return tomli_w.dumps(data).encode()


def _truncations() -> dict[str, bytes]:
    """The template cut inside a key, a header, a string, a date-time, a table..."""
    t = TEMPLATE_TEXT
    second_q = t.index("[[questions]]", t.index("[[questions]]") + 1)
    offsets = {
        "one byte": 1,
        "in the first value": t.index("schema_version = ") + len("schema_version = "),
        "in a header": t.index("[session]") + 4,
        "in a string": t.index('participant = "') + len('participant = "') + 1,
        "in a date-time": t.index("started_at = ") + len("started_at = ") + 7,
        "before the questions": t.index("[[questions]]"),
        "in an array-of-tables header": second_q + 5,
        "in a question's text": t.index('text = "', second_q) + 12,
        "in the middle of a line": len(t) // 2 if t[len(t) // 2 - 1] != "\n" else len(t) // 2 + 2,
    }
    return {f"truncated {name} (at byte {n})": TEMPLATE_BYTES[:n] for name, n in offsets.items()}


def _duplicate_ids() -> bytes:
    data = copy.deepcopy(TEMPLATE)
    data["questions"][1]["id"] = data["questions"][0]["id"]
    return tomli_w.dumps(data).encode()


def _future() -> bytes:
    data = copy.deepcopy(TEMPLATE)
    data["schema_version"] = 2
    data["session"]["a_key_from_the_future"] = {"x": [1, 2]}
    return tomli_w.dumps(data).encode()


def _garbage() -> bytes:
    rng = random.Random(5)
    return bytes(rng.randrange(256) for _ in range(4096))


def hostile_contents() -> dict[str, tuple[bytes, str]]:
    """name -> (file content, a fragment the message must contain)."""
    cases: dict[str, tuple[bytes, str]] = {}
    for name, raw in _truncations().items():
        cases[name] = (raw, "")
    for where, value in WRONG_TYPES.items():
        cases[f"wrong type: {where} = {value!r}"] = (_mutated(where, value), where.split(".")[-1])
    for where, value in BAD_VALUES.items():
        cases[f"bad value: {where} = {value!r}"] = (_mutated(where, value), where.split(".")[-1])
    for where, value in NOT_FINITE.items():
        cases[f"not finite: {where} = {value!r}"] = (_mutated(where, value), where.split(".")[-1])
    for where in REQUIRED:
        cases[f"missing {where}"] = (
            _mutated(where, DELETE),
            where.split(".")[-1] if where not in ("session",) else "session",
        )
    cases["schema_version = 2"] = (_future(), "newer prompter")
    cases["duplicate question ids"] = (_duplicate_ids(), "twice")
    cases["not TOML"] = (b"Interview with P01\nwent well, see notes.\n", "TOML")
    cases["pyproject.toml"] = ((REPO / "pyproject.toml").read_bytes(), "not a prompter session")
    cases["empty"] = (b"", "")
    cases["binary garbage"] = (_garbage(), "")
    cases["NUL bytes"] = (b"\x00" * 100, "")
    cases["UTF-16"] = (TEMPLATE_TEXT.encode("utf-16"), "UTF-8")
    cases["nested 100000 deep"] = (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "")
    cases["escape sequences in a value"] = (
        _mutated("session.state", "\x1b[2J\x1b]0;pwned\x07"),
        "state",
    )
    return cases


HOSTILE = hostile_contents()
HUGE = {f"huge number: {w} = 1e308": _mutated(w, v) for w, v in HUGE_NUMBERS.items()}
# Fixed bug: a finite but huge number of seconds (1e308) passes validate_session_data (it checks
#   isfinite and >= 0) but session_from_dict's _ms() does round(1e308 * 1000) = round(inf):
#   OverflowError escapes load_session and `prompter resume` prints a traceback
# Fixed bug: read_session_file opens the path with open(path, 'rb'): a FIFO named x.toml blocks for
#   ever (no writer), so `prompter resume x.toml` hangs instead of saying it is not a regular
#   file


def _file_name(name: str) -> str:
    keep = "".join(c if c.isalnum() else "_" for c in name)
    return keep.strip("_")[:60] + ".toml"


# ---------------------------------------------------------------- running resume


@pytest.fixture(scope="module")
def resume_results(tmp_path_factory):
    """`prompter resume` on every hostile file, a few children at a time."""
    folder = tmp_path_factory.mktemp("hostile_resume")
    jobs: dict[str, Path] = {}
    for name, (raw, _) in {**HOSTILE, **{k: (v, "") for k, v in HUGE.items()}}.items():
        p = folder / _file_name(name)
        p.write_bytes(raw)
        jobs[name] = p
    special = folder / "special"
    special.mkdir()
    (special / "x.toml").mkdir()
    jobs["a folder named x.toml"] = special / "x.toml"
    jobs["missing file"] = special / "nothing-here.toml"
    big = folder / "bigger_than_the_limit.toml"
    with open(big, "wb") as f:
        f.write(TEMPLATE_BYTES)
        f.write(b"\n# " + b"x" * (MAX_FILE_BYTES + 16) + b"\n")
    jobs["larger than 64 MiB"] = big
    if os.geteuid() != 0:
        unreadable = folder / "unreadable.toml"
        unreadable.write_bytes(TEMPLATE_BYTES)
        unreadable.chmod(0)
        jobs["unreadable"] = unreadable
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(run_prompter, "resume", p, cwd=folder, timeout=RUN_TIMEOUT)
            for name, p in jobs.items()
        }
        results = {
            name: (jobs[name], r.returncode, r.stdout, r.stderr, r.seconds)
            for name, r in ((n, f.result()) for n, f in futures.items())
        }
    big.unlink()
    return results


def check_clear_message(path: Path, code, out: str, err: str, fragment: str = "") -> None:
    assert code is not None, f"hung: no exit within {RUN_TIMEOUT} s"
    assert "Traceback" not in err + out, err[-2000:]
    assert code == 1, f"exit status {code}; stderr: {err[-800:]}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{err[:2000]}"
    line = lines[0]
    assert str(path) in line, f"the message does not name the file: {line}"
    assert len(line) < 600, f"message too long ({len(line)} characters): {line[:300]}..."
    assert "\x1b" not in err + out, "terminal escape sequences in the output"
    assert "\x1b[?1049h" not in out and out == "", f"a screen was started: {out[:300]!r}"
    if fragment:
        assert fragment.lower() in line.lower(), f"{fragment!r} not in: {line}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_resume_refuses_hostile_file(resume_results, name):
    path, code, out, err, _ = resume_results[name]
    check_clear_message(path, code, out, err, HOSTILE[name][1])


@pytest.mark.parametrize(
    "name", ["a folder named x.toml", "missing file", "larger than 64 MiB", "unreadable"]
)
def test_resume_refuses_what_is_not_a_session_file(resume_results, name):
    if name == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads any file")
    path, code, out, err, _ = resume_results[name]
    fragment = {
        "a folder named x.toml": "folder",
        "missing file": "no such file",
        "larger than 64 MiB": "64 MiB",
        "unreadable": "permission",
    }[name]
    check_clear_message(path, code, out, err, fragment)


@pytest.mark.parametrize("name", sorted(HUGE))
def test_resume_refuses_huge_numbers(resume_results, name):
    path, code, out, err, _ = resume_results[name]
    check_clear_message(path, code, out, err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_resume_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    r = run_prompter("resume", fifo, cwd=tmp_path, timeout=FIFO_TIMEOUT)
    check_clear_message(fifo, r.returncode, r.stdout, r.stderr)


def test_every_hostile_file_is_refused_by_the_reader_too():
    """The same files through `read_session_file` in-process: SessionFileError only."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for name, (raw, _) in HOSTILE.items():
            p = Path(d) / _file_name(name)
            p.write_bytes(raw)
            with pytest.raises(SessionFileError) as e:
                read_session_file(p)
            assert str(p) in str(e.value), name
            assert "\n" not in str(e.value) and "\x1b" not in str(e.value), name


def test_a_5_mb_note_is_kept_and_read_quickly(tmp_path):
    """Huge but legal: a 5 MB note loads, resumes and saves back unchanged."""
    note = ("All work and no play. " * 240_000)[:5_000_000]
    s = marked_session(GUIDE, "P09", {"role": "asked"}, now=START, note=note)
    path = tmp_path / "P09.toml"
    # CPU time of this process, not wall time: a busy machine must not fail the test, a
    # quadratic parse would.
    t0 = time.process_time()
    save_session(s, path)
    saved = time.process_time() - t0
    assert path.stat().st_size > 5_000_000
    t0 = time.process_time()
    data = read_session_file(path)
    resumed, _ = load_session(path, GUIDE)
    loaded = time.process_time() - t0
    notes = {q["id"]: q["note"] for q in data["questions"]}
    assert notes["typical-day"] == note
    assert resumed.question_state("typical-day").note == note
    assert saved < 5 and loaded < 5, (saved, loaded)
    print(f"\n5 MB note: save {saved:.3f} s, read + resume {loaded:.3f} s")


# ---------------------------------------------------------------- tally and export


# Files whose problem every reader reports (the byte-level and validation cases).
FOLDER_CASES = sorted(HOSTILE)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> tuple[Path, list[Path], dict[str, Path]]:
    folder = tmp_path_factory.mktemp("mixed")
    good = [write_good(folder, p) for p in GOOD_MARKS]
    bad: dict[str, Path] = {}
    for name in FOLDER_CASES:
        p = folder / ("zz_" + _file_name(name))
        p.write_bytes(HOSTILE[name][0])
        bad[name] = p
    (folder / "a folder.toml").mkdir()  # a folder: searched, not a file
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "a_fifo.toml")  # not a regular file: must not block the reader
    return folder, good, bad


def check_skipped_lines(err: str, bad: dict[str, Path]) -> None:
    assert "Traceback" not in err, err[-3000:]
    lines = err.splitlines()
    for name, path in bad.items():
        naming = [line for line in lines if str(path) in line]
        assert len(naming) == 1, f"{name}: {len(naming)} lines name {path}:\n{err[-3000:]}"


def test_tally_reports_each_hostile_file_and_counts_the_good_ones(mixed_folder):
    folder, good, bad = mixed_folder
    r = run_prompter("tally", folder, "--format", "json", cwd=folder, timeout=RUN_TIMEOUT)
    code, out, err, seconds = r.returncode, r.stdout, r.stderr, r.seconds
    assert code is not None, "tally hung"
    check_skipped_lines(err, bad)
    assert code == 1
    rows = {row["id"]: row for row in json.loads(out)}
    want = expected_counts()
    for qid in IDS:
        got = {k: rows[qid][k] for k in want[qid]}
        assert got == want[qid], (qid, got, want[qid])
        assert rows[qid]["sessions"] == len(good)
    print(f"\ntally, 3 good + {len(bad)} hostile files: {seconds:.2f} s")


def test_tally_table_still_shows_the_good_files(mixed_folder):
    folder, good, bad = mixed_folder
    r = run_prompter("tally", folder, cwd=folder, timeout=RUN_TIMEOUT)
    code, out, err = r.returncode, r.stdout, r.stderr
    assert code == 1
    check_skipped_lines(err, bad)
    assert "3 sessions" in out


def test_export_reports_each_hostile_file_and_exports_the_good_ones(mixed_folder):
    folder, good, bad = mixed_folder
    r = run_prompter("export", folder, "--format", "csv", cwd=folder, timeout=RUN_TIMEOUT)
    code, out, err = r.returncode, r.stdout, r.stderr
    assert code is not None, "export hung"
    check_skipped_lines(err, bad)
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["participant"] for r in rows} == set(GOOD_MARKS)
    assert len(rows) == len(GOOD_MARKS) * len(IDS)
    for r in rows:
        want = GOOD_MARKS[r["participant"]].get(r["question_id"])
        if want:
            assert r["status"] == want


def test_tally_skips_huge_numbers_as_resume_would(tmp_path):
    for p in GOOD_MARKS:
        write_good(tmp_path, p)
    paths = {}
    for name, raw in HUGE.items():
        p = tmp_path / ("zz_" + _file_name(name))
        p.write_bytes(raw)
        paths[name] = p
    r = run_prompter("tally", tmp_path, "--format", "json", cwd=tmp_path, timeout=RUN_TIMEOUT)
    code, err = r.returncode, r.stderr
    check_skipped_lines(err, paths)
    assert code == 1

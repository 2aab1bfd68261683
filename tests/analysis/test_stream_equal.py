"""The streaming `tally` and `export` give exactly what they gave with every session in
memory: over many generated files (two guide versions, a copy of a session, a
`[session.extra]` table at the end of a file and keys first seen late, files that
cannot be used, filters), read in one process and by a pool, each output is compared
with the in-memory functions (`stream_oracle` for the folds that changed)."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
import stream_oracle
from analysis_fixtures import bundled, run_command, write_sessions
from stream_oracle import old_matrix, old_tally

from prompter.analysis import read, tally
from prompter.analysis.export import long_csv, markdown, matrix, qdc, qdpx

EXTRA_BLOCK = re.compile(r"\[session\.extra\]\n(?:[^\n]+\n)*\n")


def _edit(path, fn):
    path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream") / "sessions"
    g = bundled()
    paths = write_sessions(folder, g, 40)
    newer = write_sessions(folder / "v2", g, 8, seed=100)
    first_q = g.questions[0]
    for p in newer:  # a later guide version that rewords a question
        _edit(
            p,
            lambda t: t.replace('version = "1.0"', 'version = "2.0"', 1).replace(
                f'text = "{first_q.text}"', 'text = "Tell me about your role, in a few words."', 1
            ),
        )
    shutil.copy(paths[3], folder / "v2" / "copy-of-a-session.toml")  # the same id twice
    # [session.extra] at the end of the file (still valid TOML), with a key first seen late
    _edit(
        paths[-1],
        lambda t: (
            EXTRA_BLOCK.sub("", t, count=1) + '\n[session.extra]\nsite = "York"\nwave = "2"\n'
        ),
    )
    # unusable files: not TOML, and one valid at its head with a key no usable file has
    (folder / "broken.toml").write_text("this is = = not toml\n", encoding="utf-8")
    _edit(
        shutil.copy(paths[5], folder / "bad-status.toml"),
        lambda t: t.replace('site = "', 'only_here = "x"\nsite = "', 1).replace(
            'status = "pending"', 'status = "maybe"', 1
        ),
    )
    return folder


def loaded(folder, **kw):
    """The sessions in memory, ordered as before: start time, id, path of the full read."""
    result = read.load_sessions([folder], read.Filters(**kw), jobs=1)
    full = sorted(result.sessions, key=lambda r: (r.started_at, r.id, r.path))
    assert [r.path for r in result.sessions] == [r.path for r in full]
    return full


@pytest.fixture(params=["one", "pool"])
def jobs(request, monkeypatch):
    """Read in this process, or by a pool of two with small chunks and a small window."""
    if request.param == "one":
        return ["--jobs", "1"]
    monkeypatch.setattr(read, "POOL_MIN_FILES", 5)
    monkeypatch.setattr(read, "CHUNK", 3)
    monkeypatch.setattr(read, "WINDOW", 1)
    return ["--jobs", "2"]


def test_order_and_skipped_lines(corpus, jobs):
    sessions = loaded(corpus)
    assert len(sessions) == 49
    code, out, err = run_command(
        ["tally", str(corpus), "--by", "session", "--format", "json", *jobs]
    )
    assert code == 1
    skipped = [line for line in err.splitlines() if line.endswith("(skipped)")]
    assert [line.split(":")[0] for line in skipped] == [
        str(corpus / "bad-status.toml"),
        str(corpus / "broken.toml"),
    ]
    assert "2 files skipped of 51 found" in err
    assert "is in 2 files" in err and "copy-of-a-session.toml" in err


@pytest.mark.parametrize("by", tally.BY)
def test_tally_equals_the_old_tally(corpus, jobs, by):
    code, out, err = run_command(["tally", str(corpus), "--by", by, "--format", "json", *jobs])
    assert code == 1
    assert out == tally.to_json(old_tally(loaded(corpus), by))
    if by == "question":  # two wordings of a question across the guide versions
        assert "different texts across guide versions" in err


def test_tally_with_filters(corpus, jobs):
    code, out, _ = run_command(
        ["tally", str(corpus), "--interviewer", "AB", "--format", "csv", *jobs]
    )
    expected = old_tally(loaded(corpus, interviewers=["AB"]), "question")
    assert 0 < expected.sessions < 49
    assert out == tally.to_csv(expected)


def test_long_csv_equals_the_in_memory_csv(corpus, jobs):
    code, out, _ = run_command(["export", str(corpus), "--format", "csv", *jobs])
    sessions = loaded(corpus)
    assert code == 1 and out == long_csv.to_csv(sessions)
    header = out.split("\r\n", 1)[0].split(",")
    assert header[-2:] == ["extra_site", "extra_wave"] and "extra_only_here" not in header


def test_long_csv_without_extra_keys_streams(tmp_path, jobs):
    folder = tmp_path / "plain"
    for p in write_sessions(folder, bundled(), 12):
        _edit(p, lambda t: EXTRA_BLOCK.sub("", t, count=1))
    assert not read.SessionStream([folder]).may_have_extra
    code, out, _ = run_command(["export", str(folder), "--format", "csv", *jobs])
    assert code == 0 and out == long_csv.to_csv(loaded(folder))


@pytest.mark.parametrize("columns", ["codes", "questions"])
@pytest.mark.parametrize("presence", [False, True])
def test_matrix_equals_the_old_matrix(corpus, jobs, columns, presence):
    argv = ["export", str(corpus), "--format", "matrix", "--columns", columns, *jobs]
    code, out, _ = run_command(argv + (["--presence"] if presence else []))
    expected = old_matrix(loaded(corpus), columns=columns, presence=presence)
    assert code == 1 and out == matrix.rows_csv(*expected)


def test_markdown_to_standard_output_and_to_a_folder(corpus, tmp_path, jobs):
    sessions = loaded(corpus)
    texts = [markdown.session_markdown(r) for r in sessions]
    code, out, _ = run_command(["export", str(corpus), "--format", "markdown", *jobs])
    assert code == 1 and out == markdown.MD_SEPARATOR.join(texts)
    folder = tmp_path / "write-ups"
    code, _, err = run_command(
        ["export", str(corpus), "--format", "markdown", "-o", str(folder), *jobs]
    )
    assert code == 1 and f"wrote 49 files to {folder}" in err
    names: list[str] = []
    for rec, text in zip(sessions, texts, strict=True):
        name = markdown.safe_file_name(rec.id)
        if name in names:  # the copy of a session: the second file of that name
            name = name[:-3] + "_2.md"
        names.append(name)
        assert (folder / name).read_text(encoding="utf-8") == text
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)  # no temporary files


def test_qdpx_equals_the_in_memory_archive(corpus, tmp_path, jobs):
    out = tmp_path / "study.qdpx"
    code, _, err = run_command(["export", str(corpus), "--format", "qdpx", "-o", str(out), *jobs])
    assert code == 1 and f"wrote {out}: 49 sessions" in err
    expected = stream_oracle.qdpx_bytes([qdpx.notes_source(r) for r in loaded(corpus)])
    assert out.read_bytes() == expected
    with zipfile.ZipFile(out) as z:
        assert z.namelist()[0] == "project.qde" and len(z.namelist()) == 50


def test_qdc_equals_the_in_memory_codebook(corpus, jobs):
    code, out, _ = run_command(["export", str(corpus), "--format", "qdc", *jobs])
    sessions = loaded(corpus)
    roots = qdc.build_tree([qdc.entries_from_session(r.data) for r in sessions])
    carried = qdc.carried_codes(q.get("codes", ()) for r in sessions for q in r.questions)
    assert code == 1 and out == qdc.codebook_xml(roots, carried=carried).decode("utf-8")


def test_a_later_session_table_is_read_whole(corpus):
    """The file whose [session.extra] follows its questions: its head cannot tell its keys."""
    late = max(p for p in corpus.glob("*.toml") if "wave" in p.read_text(encoding="utf-8"))
    assert read.head_key(str(late)) is None
    assert read.head_key(str(corpus / "broken.toml")) is None
    some = next(p for p in sorted(corpus.glob("P0*.toml")) if p != late)
    started, sid, has_extra = read.head_key(str(some))
    data = read.read_session(some)
    assert (started, sid, has_extra) == (data["session"]["started_at"], data["session"]["id"], True)

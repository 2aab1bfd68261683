"""Issue 22, finding 8: an export onto a full disk. Before, `export --format csv` and
`qdpx -o` ended in a Python traceback and left 0-byte `.x.csv.tmp-*` files behind. Now
every command that writes files says one line, exits 1 and leaves nothing behind: the
installed `prompter` on a tmpfs that is really full (root only; skipped elsewhere)."""

from __future__ import annotations

import os
import subprocess

import pytest
from analysis_fixtures import bundled, marked_session, save, write_sessions
from helpers import FIXED_NOW, PROMPTER, child_env, run, run_prompter
from review_fixture import make_call
from small_disk import seen_from_namespace, small_disk, without_temp_folders


@pytest.fixture(scope="module")
def studies(tmp_path_factory):
    """Folders of session files on an ordinary disk: three sessions (with extra keys,
    so that the long CSV spools its rows), and one with the recording marked."""
    base = tmp_path_factory.mktemp("studies")
    many = base / "many"
    write_sessions(many, bundled("demo"), 3)
    one = base / "one"
    save(marked_session(bundled("demo"), "P01", {"role": "asked"}, now=FIXED_NOW), one)
    return many, one


@pytest.fixture
def full(tmp_path):
    with small_disk(tmp_path / "full") as disk:
        disk.fill()
        yield disk


def _one_line(r, full) -> str:
    assert r.returncode == 1, (r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert "No space left on device" in lines[0]
    assert full.files() == []  # no temporary file, no half an output
    return lines[0]


# (what, arguments after the study folder, output name, which study)
WRITERS = [
    ("long csv", ["export", "--format", "csv"], "x.csv", 0),
    ("matrix", ["export", "--format", "matrix"], "x.csv", 0),
    ("qdpx", ["export", "--format", "qdpx"], "x.qdpx", 0),
    ("qdc", ["export", "--format", "qdc"], "x.qdc", 0),
    ("markdown folder", ["export", "--format", "markdown"], "notes", 0),
    ("markdown file", ["export", "--format", "markdown"], "x.md", 1),
    ("chapters", ["export", "--format", "chapters"], "x.vtt", 1),
    ("tally", ["tally", "--format", "csv"], "x.csv", 0),
]


@pytest.mark.parametrize("what,args,name,study", WRITERS, ids=[w[0] for w in WRITERS])
def test_an_export_onto_a_full_disk_says_one_line(studies, full, what, args, name, study):
    target = full.path / name
    r = run_prompter(args[0], str(studies[study]), *args[1:], "-o", str(target))
    assert str(target) in _one_line(r, full)


@pytest.mark.parametrize("fmt", ["csv", "markdown", "matrix"])
def test_standard_output_onto_a_full_disk_says_one_line(studies, full, fmt):
    # `prompter export ... > full/x`: the shell made the file; writing to it fails.
    target = full.path / "x.out"
    with open(target, "wb") as out:
        r = subprocess.run(
            [str(PROMPTER), "export", str(studies[0]), "--format", fmt],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=child_env(),
            timeout=60,
            text=True,
        )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
    [line] = r.stderr.splitlines()
    assert "standard output" in line and "No space left on device" in line
    target.unlink()
    assert full.files() == []


@pytest.mark.parametrize("fmt", ["csv", "qdpx"])
def test_no_usable_temporary_folder_says_one_line(studies, tmp_path, fmt):
    # The long CSV spools rows and the project its parts in temporary files; here every
    # temporary folder is a full disk (tempfile.gettempdir() raises).
    out = tmp_path / "out"
    out.mkdir()
    env = child_env()
    for name in ("TMPDIR", "TEMP", "TMP"):
        env.pop(name, None)
    argv = without_temp_folders(
        [str(PROMPTER), "export", seen_from_namespace(studies[0]), "--format", fmt]
        + ["-o", seen_from_namespace(out / f"x.{fmt}")]
    )
    r = run(argv, env=env)
    assert r.returncode == 1, (r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stderr
    [line] = r.stderr.splitlines()
    assert "no usable temporary folder" in line
    assert os.listdir(out) == []


@pytest.mark.parametrize(
    "args",
    [["schema"], ["validate", "demo"], ["config", "path"], ["transcript", "show"]],
    ids=lambda a: " ".join(a),
)
def test_any_command_onto_a_full_standard_output_says_one_line(tmp_path, args):
    # `prompter schema > /dev/full`: every command's output goes through one writer.
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    if args[0] == "transcript":
        args = [*args, str(make_call(tmp_path).session)]
    with open("/dev/full", "w") as out:
        r = subprocess.run(
            [str(PROMPTER), *args],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=child_env(),
            timeout=60,
            text=True,
        )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
    line = r.stderr.splitlines()[0]
    assert "standard output" in line and "No space left on device" in line

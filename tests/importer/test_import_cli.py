"""`prompter import` as a user drives it: standard output, -o and --force, what it
refuses to write to, and the installed command in a subprocess."""

from __future__ import annotations

import os

import pytest
from helpers import DATA, PROMPTER, run

from prompter.cli import main
from prompter.guide import load_guide

GUIDE = DATA / "import" / "ux-discussion-guide.md"


def test_without_output_the_guide_goes_to_stdout_and_the_summary_to_stderr(capsys, tmp_path):
    assert main(["import", str(GUIDE)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Imported by 'prompter import' from \"ux-discussion-guide.md\"")
    assert 'title: "Discussion guide: school meals ordering app (usability study)"' in out
    (tmp_path / "g.yaml").write_text(out, encoding="utf-8")
    guide = load_guide(tmp_path / "g.yaml")
    assert len(guide.questions) == 10
    # "If not, go to Wrap up." under the first question: a branch to the Wrap up section
    (branch,) = guide.questions[2].branches
    assert (branch.label, branch.to) == ("Not used", ("Wrap up",))
    assert guide.questions[2].guidance == ""
    lines = err.splitlines()
    assert lines[0] == (f"imported {GUIDE}: 4 sections, 10 questions, 5 probes, 3 guesses")
    assert lines[1:] == [
        f"  {GUIDE}: line 3: guessed: 'Moderator notes: Sessions run for 60 minutes over "
        "video.' read as the planned length: 60 minutes",
        f"  {GUIDE}: line 3: guessed: 'Moderator notes: Sessions run for 60 minutes ov...' "
        "taken as a note to the interviewer, not read aloud",
        f"  {GUIDE}: line 12: guessed: 'If not, go to Wrap up.' read as branch: Not used -> Wrap up",
    ]


def test_output_file_is_never_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "guide.yaml"
    out.write_text("mine\n")
    assert main(["import", str(GUIDE), "-o", str(out)]) == 1
    assert f"{out}: already exists; use --force to overwrite it" in capsys.readouterr().err
    assert out.read_text() == "mine\n"
    assert main(["import", str(GUIDE), "-o", str(out), "--force"]) == 0
    assert load_guide(out).title.startswith("Discussion guide")
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # written by write_atomic
    assert [p.name for p in tmp_path.iterdir()] == ["guide.yaml"]  # no temporary left


def test_refuses_a_symlink_even_with_force(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    link = tmp_path / "guide.yaml"
    link.symlink_to(victim)
    assert main(["import", str(GUIDE), "-o", str(link), "--force"]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert victim.read_text() == "keep me\n" and link.is_symlink()


def test_refuses_a_dangling_symlink(tmp_path, capsys):
    link = tmp_path / "guide.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    assert main(["import", str(GUIDE), "-o", str(link)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_refuses_a_device_a_fifo_and_a_folder(tmp_path, capsys):
    assert main(["import", str(GUIDE), "-o", "/dev/null", "--force"]) == 1
    assert "/dev/null: is not a regular file" in capsys.readouterr().err
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert main(["import", str(GUIDE), "-o", str(fifo), "--force"]) == 1
    assert "is not a regular file" in capsys.readouterr().err
    assert main(["import", str(GUIDE), "-o", str(tmp_path), "--force"]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_refuses_to_overwrite_the_source(tmp_path, capsys):
    src = tmp_path / "guide.md"
    src.write_text(GUIDE.read_text())
    assert main(["import", str(src), "-o", str(src), "--force"]) == 1
    assert "is the file being imported" in capsys.readouterr().err
    assert src.read_text() == GUIDE.read_text()


def test_a_document_without_questions_is_refused(tmp_path, capsys):
    src = tmp_path / "notes.md"
    src.write_text("# Notes\n\nSome thoughts about the project.\n")
    assert main(["import", str(src)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"prompter: {src}: no questions found")


def test_missing_file(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.docx")]) == 1
    assert capsys.readouterr().err == f"prompter: {tmp_path / 'nope.docx'}: no such file\n"


@pytest.mark.skipif(
    not PROMPTER.exists(), reason="the prompter console script is not installed in this environment"
)
def test_installed_command_imports_and_validate_accepts(tmp_path):
    out = tmp_path / "seed.yaml"
    r = run([PROMPTER, "import", DATA / "seed-topic-guide.txt", "--codes", "-o", out])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith(f"imported {DATA / 'seed-topic-guide.txt'} -> {out}: ")
    assert (
        "line 332: guessed: code label 'Reflective Monitoring' taken as 'Reflexive "
        "Monitoring' (a near match)" in r.stderr
    )
    v = run([PROMPTER, "validate", out])
    assert v.returncode == 0, v.stderr
    assert v.stdout.startswith(f"ok {out}: ")

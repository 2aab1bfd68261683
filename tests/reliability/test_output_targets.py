"""Case 7 of issue #10: `-o PATH` writes only a new name or a regular file. A symbolic link,
a device node or a FIFO is refused with or without --force (one line, exit 1), and is left
as it was; so is a link inside the folder of a Markdown export."""

from __future__ import annotations

import os

import pytest
from reliability_kit import run, write_session


@pytest.fixture
def sessions(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    write_session(folder)
    write_session(folder, name="P02_x")
    return folder


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "markdown", "qdc"])
def test_a_symlink_is_never_replaced(tmp_path, sessions, fmt, force):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "out"
    link.symlink_to(target)
    r = run(
        "export",
        "--format",
        fmt,
        "-o",
        str(link),
        *(["--force"] * force),
        str(sessions / "P01_x.toml"),
    )
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    # (the Markdown export says "already exists" first when there is no --force)
    assert "symbolic link" in r.stderr or not force and "already exists" in r.stderr
    assert link.is_symlink() and target.read_text() == "keep me"


@pytest.mark.parametrize("force", [False, True])
def test_a_device_or_fifo_is_never_written(tmp_path, sessions, force):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (fifo, "/dev/null"):
        r = run(
            "tally", "--format", "csv", "-o", str(target), *(["--force"] * force), str(sessions)
        )
        assert r.returncode == 1 and "not a regular file" in r.stderr, r.stderr
    assert fifo.exists() and not fifo.is_file()


def test_a_regular_file_is_replaced_with_force(tmp_path, sessions):
    out = tmp_path / "out.csv"
    out.write_text("old")
    assert run("export", "--format", "csv", "-o", str(out), str(sessions)).returncode == 1
    assert (
        run("export", "--format", "csv", "-o", str(out), "--force", str(sessions)).returncode == 0
    )
    assert out.read_text().startswith("session")


def test_a_link_inside_a_markdown_folder_export_is_refused(tmp_path, sessions):
    out = tmp_path / "md"
    out.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (out / "P01_x.md").symlink_to(target)
    r = run("export", "--format", "markdown", "-o", str(out), "--force", str(sessions))
    assert r.returncode == 1 and "symbolic link" in r.stderr
    assert target.read_text() == "keep me" and (out / "P01_x.md").is_symlink()
    assert (out / "P02_x.md").is_file()  # the others are written

"""Case 4 of issue #10: resuming through a symbolic link. The link is resolved once, at the
start: saves go to the file it names (the notice says so), and the link stays a link.
Before, the first save replaced the link with a regular file and left the real file stale."""

from __future__ import annotations

from reliability_kit import leave, see, spawn, write_session

from prompter.session.read import read_session_file


def test_resume_through_a_link_saves_to_the_real_file(tmp_path):
    real_folder = tmp_path / "archive"
    real_folder.mkdir()
    real = write_session(real_folder)
    link = tmp_path / "current.toml"
    link.symlink_to(real)
    child = spawn("resume", str(link))
    child.expect("is a link")
    child.send("c")
    see(child, "≈1")
    out = leave(child)
    assert f"Session file: {real}" in " ".join(out.split())
    assert link.is_symlink() and link.resolve() == real
    assert read_session_file(real)["questions"][0]["status"] == "covered"
    assert not list(tmp_path.glob(".current.toml*"))  # no lock or temp file beside the link

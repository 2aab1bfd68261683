"""Case 6 of issue #10: the `[guide] path` of a session file is untrusted. `resume` reads it
only if it is a YAML file that loads as a guide; an error names the path and never quotes
the other file's contents; a relative path is taken from the session file's folder; `run`
records the guide's absolute path."""

from __future__ import annotations

import shutil

from reliability_kit import leave, run, spawn, write_session

from prompter.guide.bundled import resolve_guide
from prompter.session.read import read_session_file

SECRET = "root:$6$saltsalt$NOTAHASH:19000:0:99999:7:::\n"


def _recording(path, guide_path: str) -> None:
    text = path.read_text()
    start = text.index("path = ", text.index("[guide]"))
    end = text.index("\n", start)
    path.write_text(text[:start] + f"path = {guide_path!r}".replace("'", '"') + text[end:])


def test_a_recorded_path_that_is_not_a_guide_is_never_quoted(tmp_path):
    path = write_session(tmp_path)
    for name in ("shadow", "shadow.yaml"):
        secret = tmp_path / name
        secret.write_text(SECRET)
        _recording(path, str(secret))
        r = run("resume", str(path))
        assert r.returncode == 2, r.stderr
        assert "root:" not in r.stderr and "NOTAHASH" not in r.stderr
        assert r.stderr.count("\n") == 1 and "--guide GUIDE" in r.stderr
        assert str(secret) in r.stderr


def test_a_relative_path_is_taken_from_the_session_files_folder(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    path = write_session(folder)
    shutil.copy(resolve_guide("demo"), folder / "guide.yaml")
    _recording(path, "guide.yaml")
    child = spawn("resume", str(path), cwd=tmp_path)  # not the session file's folder
    child.expect("Resumed")
    assert "Continue it with" in leave(child)


def test_run_records_the_guides_absolute_path(tmp_path):
    shutil.copy(resolve_guide("demo"), tmp_path / "guide.yaml")
    child = spawn("run", "guide.yaml", "-p", "P01", "-d", "s", cwd=tmp_path)
    child.expect("Introduction")
    leave(child)
    [path] = (tmp_path / "s").glob("*.toml")
    assert read_session_file(path)["guide"]["path"] == str(tmp_path / "guide.yaml")

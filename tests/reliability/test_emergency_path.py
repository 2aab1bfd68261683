"""Issue 22, findings 1 and 3: the emergency path never depends on being able to print,
nor on a temporary folder. The copy is made first and said after; saying it may fail
(the terminal is gone) without changing the exit status; the folders are tried in order
(the user's data folder, the sessions folder's parent, the home folder, temp), each on
its own. Real `prompter`s in real pseudo-terminals on a disk that really fills up (a
tmpfs), and in a mount namespace where every temporary folder is full."""

from __future__ import annotations

import stat
from pathlib import Path

from helpers import PROMPTER, child_env, wait_until
from small_disk import seen_from_namespace, small_disk, without_temp_folders

from prompter.session.read import read_session_file

INTRO = "Introduction"


def _mark_then_fill(t, disk) -> Path:
    """Past the introduction, the first question asked and saved; then the disk fills."""
    t.wait_text(INTRO)
    m = t.mark()
    t.send("j")
    t.send("a")
    t.wait_text("✓1", m)
    [path] = disk.path.glob("*.toml")
    disk.fill()
    return path


def _gone(t) -> int | None:
    """The exit status once the process has ended (its terminal may be gone)."""
    wait_until(lambda: not t.proc.isalive(), "prompter to end")
    return t.proc.exitstatus


def _copies(data: Path) -> list[Path]:
    return sorted((data / "prompter" / "emergency").glob("*.toml"))


def test_a_closed_terminal_while_saves_fail_still_leaves_an_emergency_copy(tmp_path, terminals):
    # Finding 1: NOT SAVED on screen, then the window is closed (SIGHUP, the pty gone).
    # Before: the report was printed first, raised EIO, and the copy was never made.
    data = tmp_path / "data"
    with small_disk(tmp_path / "sessions") as disk:
        t = terminals(
            ["run", "demo", "-p", "P01", "-d", disk.path],
            env=child_env(XDG_DATA_HOME=str(data)),
        )
        path = _mark_then_fill(t, disk)
        m = t.mark()
        t.send("n")
        t.wait_text("escape returns to the guide", m)
        t.send("not on disk")
        t.wait_text("not on disk", m)  # typed, and on screen
        t.wait_text("NOT SAVED", m)
        t.close_terminal()  # what closing the window does
        assert _gone(t) == 3  # the report could not be said; the status stands
        assert "not on disk" not in path.read_text(encoding="utf-8")
    [copy] = _copies(data)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    saved = read_session_file(copy)
    assert saved["questions"][0]["status"] == "asked"
    assert saved["questions"][0]["note"] == "not on disk"


def test_no_usable_temp_folder_still_leaves_an_emergency_copy(tmp_path, terminals):
    # Finding 3: every temporary folder is full, so tempfile.gettempdir() raises. Before,
    # that stopped every folder being tried: no copy, no word, exit 0, though the user's
    # data folder had room.
    data = tmp_path / "data"
    cache = tmp_path / "cache"
    with small_disk(tmp_path / "sessions") as disk:
        env = child_env(
            XDG_DATA_HOME=seen_from_namespace(data),
            PROMPTER_CACHE_DIR=seen_from_namespace(cache),
            HOME=seen_from_namespace(tmp_path),
        )
        for name in ("TMPDIR", "TEMP", "TMP"):
            env.pop(name, None)
        argv = without_temp_folders(
            [str(PROMPTER), "run", "demo", "-p", "P01", "-d", seen_from_namespace(disk.path)]
        )
        t = terminals(argv[1:], program=argv[0], env=env)
        _mark_then_fill(t, disk)
        m = t.mark()
        t.send("j")
        t.send("s")
        t.wait_text("NOT SAVED", m)
        m = t.mark()
        t.sendcontrol("q")
        assert t.finish() == 3, t.text(m)
        out = t.text(m)
    [copy] = _copies(data)
    assert "was NOT saved (No space left on device)" in out
    assert f"prompter resume {seen_from_namespace(copy)}" in " ".join(out.split())
    saved = read_session_file(copy)
    assert [q["status"] for q in saved["questions"][:2]] == ["asked", "skipped"]

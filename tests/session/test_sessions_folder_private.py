"""The sessions folder is private (0700); the default one also when it existed before
(a fresh clone's `sessions/` is 0755)."""

import os
import stat

from prompter.session.paths import ensure_sessions_dir


def test_an_existing_open_sessions_folder_is_made_private(tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    os.chmod(folder, 0o755)
    ensure_sessions_dir(folder, make_private=True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_new_sessions_folder_and_its_parents_are_private(tmp_path):
    folder = tmp_path / "a" / "b"
    ensure_sessions_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700

"""Issue 22, finding 2: `prompter serve` when the last save fails. The browser showed NOT
SAVED, the interview ended, and the file was left with the old note: no emergency copy and
nothing in the server's log, because the browser's interview never went through `run`'s
ending. It now does: the copy is made and the server says where. The installed `prompter
serve` on a tmpfs that really fills up, driven by a real websocket client."""

from __future__ import annotations

import stat

import pytest
from helpers import child_env
from serve_kit import Page, serving, session_files
from small_disk import small_disk

from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow  # a real server and interview: the e2e worker


async def test_a_failed_last_save_in_the_browser_gives_an_emergency_copy(tmp_path):
    data = tmp_path / "data"
    with small_disk(tmp_path / "sessions") as disk:
        env = child_env(XDG_DATA_HOME=str(data))
        async with serving(tmp_path, "demo", "-p", "P01", "-d", str(disk.path), env=env) as server:
            page = await Page.open(server)
            await page.shows("Introduction")
            await page.press("j", "a")
            await page.shows("✓1")
            [path] = session_files(disk.path)
            disk.fill()
            m = page.mark()
            await page.press("j", "s")
            await page.shows("NOT SAVED", m)
            await page.close()  # the tab is closed
            said = await server.said("Continue it with")
        assert read_session_file(path)["questions"][1]["status"] == "pending"  # as it was
    [copy] = sorted((data / "prompter" / "emergency").glob("*.toml"))
    assert f"the session file {path} was NOT saved (No space left on device)" in said
    assert f"everything is in an emergency copy: {copy}" in said
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    saved = read_session_file(copy)
    assert [q["status"] for q in saved["questions"][:2]] == ["asked", "skipped"]

"""Issue 22, finding 4: `prompter serve` and what reaches it. A websocket from any Origin
was accepted (a page on another site could start interviews on this machine and drive
them), with no Host check (DNS rebinding) and no limit (15 connections made 15 interview
processes and 15 files); after a SIGKILL of the server its interview ran on for ever,
holding the lock; a reload started a blank interview. The installed `prompter serve`,
driven by real websocket clients as textual-serve's page drives it (serve_kit.py)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest
from helpers import run_prompter
from serve_kit import Page, aiohttp, alive, serving, session_files, until

from prompter.session.lock import lock_path
from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow  # real servers and interviews: the e2e worker

INTRO = "Introduction"


def _serve(tmp_path, *more):
    return serving(tmp_path, "demo", "-p", "P01", "-d", str(tmp_path / "sessions"), *more)


async def _refused(server, **how) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as e:
        await Page.open(server, **how)
    return e.value.status


async def test_a_page_of_another_site_or_name_is_refused(tmp_path):
    async with _serve(tmp_path) as server:
        port = server.port
        assert await _refused(server, origin="http://evil.example") == 403
        assert await _refused(server, origin=None) == 403  # browsers always send one
        assert await _refused(server, origin=f"http://127.0.0.1:{port + 1}") == 403
        # DNS rebinding: evil.example resolved to 127.0.0.1, so the browser thinks the
        # page and the socket are one site; the Host header still says evil.example.
        rebound = f"evil.example:{port}"
        assert await _refused(server, origin=f"http://{rebound}", host=rebound) == 403
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url, headers={"Host": rebound}) as r:
                assert r.status == 403
            async with http.get(server.url) as r:
                assert r.status == 200
        assert "refused" in server.err
        assert not (tmp_path / "sessions").exists() or not session_files(tmp_path / "sessions")
        # The page itself, by either of its names: accepted.
        page = await Page.open(server, origin=f"http://localhost:{port}")
        await page.shows(INTRO)
        await page.close()


async def test_one_interview_at_a_time_by_default(tmp_path):
    async with _serve(tmp_path) as server:
        first = await Page.open(server)
        await first.shows(INTRO)
        others = await asyncio.gather(*(Page.open(server) for _ in range(14)))
        for page in others:
            await page.shows("already open")
        assert len(session_files(tmp_path / "sessions")) == 1
        await first.press("j", "a")
        await first.shows("✓1")
        for page in [first, *others]:
            await page.close()


async def test_max_sessions_allows_more(tmp_path):
    async with _serve(tmp_path, "--max-sessions", "2") as server:
        pages = [await Page.open(server) for _ in range(2)]
        for page in pages:
            await page.shows(INTRO)
        third = await Page.open(server)
        await third.shows("already open")
        await until(lambda: len(session_files(tmp_path / "sessions")) == 2, "two files")
        for page in [*pages, third]:
            await page.close()


async def _one_mark(server, folder):
    """A page with an interview whose first question is marked asked: the page, the
    session file and the pid of the interview holding its lock."""
    page = await Page.open(server)
    await page.shows(INTRO)
    await page.press("j", "a")
    await page.shows("✓1")
    [path] = session_files(folder)
    return page, path, int(lock_path(path).read_text().split()[0])


async def test_the_interview_ends_when_the_server_is_killed(tmp_path):
    async with _serve(tmp_path) as server:
        page, path, child = await _one_mark(server, tmp_path / "sessions")
        os.kill(server.proc.pid, signal.SIGKILL)  # the server only: its child is on its own
        await until(lambda: not alive(child), "the interview to end with its server")
        await page.close()
    assert read_session_file(path)["questions"][0]["status"] == "asked"
    # The lock went with it: resume gets past the lock (and stops for want of a terminal).
    after = run_prompter("resume", str(path))
    assert after.returncode == 2 and "needs a terminal" in after.stderr


async def test_a_new_page_offers_the_interview_in_progress(tmp_path):
    folder = tmp_path / "sessions"
    async with _serve(tmp_path) as server:
        page = await Page.open(server)
        await page.shows(INTRO)
        await page.press("j", "a")
        await page.shows("✓1")
        await page.close()  # reloaded: the new page comes while the old interview ends
        again = await Page.open(server)
        await again.shows("in progress")
        m = again.mark()
        await again.press("\r")  # carry on with it
        await again.shows("✓1", m)
        await again.press("j", "s")
        await again.shows("✗1", m)
        [path] = session_files(folder)
        await until(
            lambda: read_session_file(path)["questions"][1]["status"] == "skipped",
            "the second mark in the same file",
        )
        await again.close()
        await server.said("Interview saved, in progress. Session file", timeout=30)
        fresh = await Page.open(server)
        await fresh.shows("in progress")
        m = fresh.mark()
        await fresh.press("n")  # a new interview after all
        await fresh.shows(INTRO, m)
        await until(lambda: len(session_files(folder)) == 2, "a second session file")
        await fresh.close()


async def test_ctrl_c_ends_the_server_and_says_what_became_of_the_interview(tmp_path):
    async with _serve(tmp_path) as server:
        page, path, child = await _one_mark(server, tmp_path / "sessions")
        os.killpg(server.proc.pid, signal.SIGINT)  # ctrl+c in the server's terminal
        await until(lambda: server.proc.poll() is not None, "the server to end")
        await until(lambda: not alive(child), "the interview to end")
        await server.said(f"Interview saved, in progress. Session file: {path}")
        assert server.proc.returncode == 0 and "Traceback" not in server.err
        await page.close()

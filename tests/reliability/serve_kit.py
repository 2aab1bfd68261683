"""`prompter serve` as the tests run it: the installed command in its own process group,
its output read all the time, and pages that talk to it as textual-serve's page does (a
real websocket client: `["stdin", key]` in, the screen's bytes out).

Tests are async (pytest-asyncio's auto mode); they wait on what they expect, polling, never
for a fixed time. Without textual-serve (the `serve` extra) they skip, saying why."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import DEADLINE, PROMPTER, child_env
from pty_terminal import plain

aiohttp = pytest.importorskip("aiohttp", reason="aiohttp comes with textual-serve: not installed")
pytest.importorskip("textual_serve", reason="textual-serve is not installed (the serve extra)")

POLL = 0.05  # polling interval, not a synchronisation


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def until(check, what: str, timeout: float = DEADLINE):
    """Poll `check()` until it returns something true, and return that."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(POLL)


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie waiting for a parent that never reaps it, as
    under a container's init, has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


class Server:
    """`prompter serve ARGS --port PORT`, started at once; `err` is its standard error so
    far (where it says what its interviews became), `out` its standard output."""

    def __init__(self, cwd: Path, *args: str, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(PROMPTER), "serve", *args, "--port", str(self.port)],
            cwd=cwd,
            env=env or child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.out = self.err = ""
        self._lock = threading.Lock()
        for name in ("out", "err"):
            threading.Thread(target=self._drain, args=(name,), daemon=True).start()

    def _drain(self, name: str) -> None:
        stream = getattr(self.proc, f"std{name}")
        for raw in iter(stream.readline, b""):
            with self._lock:
                setattr(self, name, getattr(self, name) + raw.decode("utf-8", "replace"))

    async def listening(self) -> None:
        def connects() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"prompter serve ended: {self.err[-2000:]}")
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0

        await until(connects, "prompter serve to listen")

    async def said(self, needle: str, timeout: float = DEADLINE) -> str:
        """Wait until standard error holds `needle`; returns all of it."""
        await until(
            lambda: needle in self.err,
            f"{needle!r} from the server; it said: {self.err[-1500:]!r}",
            timeout,
        )
        return self.err

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)  # the server and its interviews
        try:
            self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@contextlib.asynccontextmanager
async def serving(cwd: Path, *args: str, env: dict | None = None):
    server = Server(cwd, *args, env=env)
    try:
        await server.listening()
        yield server
    finally:
        server.stop()


class Page:
    """One browser page's websocket to the server (`open`), reading the screen always."""

    def __init__(self, session, ws):
        self.session, self.ws = session, ws
        self.raw = ""
        self.closed = False
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(
        cls,
        server: Server,
        *,
        origin: str | None = "same",
        host: str | None = None,
        size: tuple[int, int] = (100, 30),
    ) -> Page:
        """As a browser opens the page at `server.url`: Origin that page's (`None`: no
        Origin header), Host the address asked for (`host` instead, a DNS rebinding)."""
        headers = {}
        if host is not None:
            headers["Host"] = host
        session = aiohttp.ClientSession()
        try:
            ws = await session.ws_connect(
                f"ws://127.0.0.1:{server.port}/ws?width={size[0]}&height={size[1]}",
                origin=server.url if origin == "same" else origin,
                headers=headers,
                autoping=True,
            )
        except BaseException:
            await session.close()
            raise
        return cls(session, ws)

    async def _read(self) -> None:
        async for msg in self.ws:
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.raw += msg.data.decode("utf-8", "replace")
        self.closed = True

    def text(self) -> str:
        return plain(self.raw)

    async def shows(self, needle: str, since: int = 0, timeout: float = DEADLINE) -> None:
        await until(
            lambda: needle in plain(self.raw[since:]),
            f"{needle!r} on the page; it shows: {plain(self.raw[since:])[-1500:]!r}",
            timeout,
        )

    def mark(self) -> int:
        return len(self.raw)

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_json(["stdin", key])

    async def close(self) -> None:
        """The tab closed (or reloaded): the websocket goes."""
        await self.ws.close()
        await self._reader
        await self.session.close()


def session_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml"))

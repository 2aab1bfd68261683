"""The web server of `prompter serve`: textual-serve's `Server` with three things added
(issue 22, finding 4), and the pipe its interviews report through (finding 2).

- **Who may ask.** Every request's Host must be the address served (for 127.0.0.1 also
  `localhost` and `::1`; for a wildcard address such as 0.0.0.0, an IP address: never a
  name, which DNS rebinding could point here) on the port served. The websocket, which
  starts and drives an interview, must also come from a page of this server: its Origin
  (browsers always send one) names such an address, and for a wildcard address the
  very one the request was sent to. Anything else gets 403 and one line on standard error.
- **How many.** At most `max_sessions` interviews at once. A page beyond gets a few lines
  saying so in place of the screen, and no interview. A page that comes while one is
  closing (a reload) waits for it to end, and is then offered that interview
  (prompter.tui.served).
- **What became of each.** Each interview says it (prompter.session.ending) into a named
  pipe in a private temporary folder, read as it comes and put on this process's
  standard error: the server's log. (textual-serve copies a child's standard error only
  once it has ended, and may drop what arrives with the end.)

Textual-serve has no hook for middleware: `PrompterServer._make_app` (private in
textual-serve) is extended; tests/reliability/test_serve_limits.py fails if it goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import shutil
import tempfile
import time
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from prompter.output import say

WILDCARD = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
# How long a new page waits for an interview whose page has gone (a reload) to end.
CLOSING_WAIT = 30.0


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guard:
    """The checks above, for a server on `host`:`port`."""

    def __init__(self, host: str, port: int, max_sessions: int):
        self.port = port
        self.max_sessions = max_sessions
        if host in WILDCARD:
            self.names: frozenset[str] | None = None  # any IP address of this machine
        elif host in LOOPBACK_NAMES:
            self.names = LOOPBACK_NAMES
        else:
            self.names = frozenset({host.strip("[]")})
        self.open: dict[int, web.Request] = {}  # the requests whose interviews run, by id
        self._freed: asyncio.Event | None = None

    def _served(self, host: str | None, port: int | None) -> bool:
        if not host or port != self.port:
            return False
        host = host.strip("[]").lower()
        if self.names is None:
            return host == "localhost" or _is_ip(host)
        return host in self.names

    def host_ok(self, value: str | None) -> bool:
        """Whether a request's Host header names this server."""
        if not value:
            return False
        try:
            url = URL(f"http://{value}")
        except ValueError:
            return False
        return self._served(url.host, url.port)

    def origin_ok(self, origin: str | None, host: str) -> bool:
        """Whether a websocket's Origin is a page of this server (`host`: its Host)."""
        if not origin:
            return False
        try:
            page, asked = URL(origin), URL(f"http://{host}")
        except ValueError:
            return False
        if page.scheme != "http" or page.path not in ("", "/") or page.user:
            return False
        if self.names is None and page.host != asked.host:
            return False  # a wildcard address: the page's own address only
        return self._served(page.host, page.port)

    @web.middleware
    async def middleware(self, request: web.Request, handler):
        host = request.headers.get("Host")
        if not self.host_ok(host):
            return _refuse(f"a request for {host!r}, which is not this server's address")
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            if not self.origin_ok(origin, host):
                return _refuse(f"an interview asked for by {origin!r}, not by this server's page")
            return await self._interview(request, handler)
        return await handler(request)

    async def _interview(self, request: web.Request, handler):
        if len(self.open) >= self.max_sessions and any(map(_closing, self.open.values())):
            await self._wait_for_room()
        if len(self.open) >= self.max_sessions:
            n = self.max_sessions
            say(f"prompter: refused a page: {n} interview{'s' * (n != 1)} already open")
            return await _full_page(request, n)
        self.open[id(request)] = request
        try:
            return await handler(request)
        finally:
            del self.open[id(request)]
            if self._freed is not None:
                self._freed.set()

    async def _wait_for_room(self) -> None:
        self._freed = self._freed or asyncio.Event()
        end = time.monotonic() + CLOSING_WAIT
        while len(self.open) >= self.max_sessions and (left := end - time.monotonic()) > 0:
            self._freed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._freed.wait(), left)


def _closing(request: web.Request) -> bool:
    """Whether the page of an interview has gone (its connection closed: a reload)."""
    transport = request.transport
    return transport is None or transport.is_closing()


def _refuse(why: str) -> web.Response:
    say(f"prompter: refused {why}")
    return web.Response(status=403, text="prompter serve: refused\n")


async def _full_page(request: web.Request, n: int) -> web.WebSocketResponse:
    """In place of the screen: why there is no interview on this page."""
    ws = web.WebSocketResponse(heartbeat=15)
    await ws.prepare(request)
    many = "one interview" if n == 1 else f"{n} interviews"
    await ws.send_bytes(
        (
            "\r\n  An interview is already open in another window or tab.\r\n"
            f"  prompter serve runs {many} at a time (--max-sessions).\r\n"
            "  Leave that one first, then reload this page.\r\n"
        ).encode()
    )
    async for _ in ws:  # stays until the page goes
        pass
    return ws


class Reports:
    """A named pipe that the interviews write what became of them to (`path`, None where
    no private folder could be made: they then use their standard error), read as lines
    come and said on standard error. A context manager: the folder goes at the end."""

    def __init__(self):
        self.path: Path | None = None
        self._folder: str | None = None
        self._fds: list[int] = []
        self._partial = b""
        try:
            self._folder = tempfile.mkdtemp(prefix="prompter-serve-")  # 0700
            path = Path(self._folder) / "reports"
            os.mkfifo(path, 0o600)
            self.path = path
        except OSError:
            self.close()

    def __enter__(self) -> Reports:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    async def start(self, app=None) -> None:
        """Read the pipe on the server's event loop (an aiohttp on_startup hook)."""
        if self.path is None:
            return
        read = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        # Held open by us too, so that the pipe never reads as ended between interviews.
        keep = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        self._fds = [read, keep]
        asyncio.get_running_loop().add_reader(read, self._read, read)

    def _read(self, fd: int) -> bool:
        """Say the lines that have come; False once nothing more is there for now."""
        try:
            data = os.read(fd, 65536)
        except OSError:  # BlockingIOError: nothing for now
            return False
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            if line.strip():
                say(line.decode("utf-8", "replace"))
        return bool(data)

    async def stop(self, app=None) -> None:
        if self._fds:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._fds[0])

    def close(self) -> None:
        """Say what the last interviews said as they ended (the server waited for them),
        then remove the pipe and its folder."""
        if self._fds:
            while self._read(self._fds[0]):
                pass
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self.path = None


class PrompterServer(Server):
    """textual-serve's server with the guard and the reports above."""

    def __init__(self, command: str, *, max_sessions: int, reports: Reports, **kw):
        super().__init__(command, **kw)
        self.guard = Guard(self.host, self.port, max_sessions)
        self.reports = reports

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard.middleware)
        app.on_startup.append(self.reports.start)
        app.on_shutdown.append(self.reports.stop)
        return app

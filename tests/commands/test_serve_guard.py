"""Issue 22, finding 4 (in process): which Host and Origin `prompter serve` accepts, for
each kind of address it may listen on. The real server and websocket clients:
tests/reliability/test_serve_limits.py."""

from __future__ import annotations

import pytest

pytest.importorskip("textual_serve", reason="textual-serve is not installed (the serve extra)")

from prompter.commands.serve_web import Guard  # noqa: E402  (after the skip)

PORT = 8000


@pytest.mark.parametrize(
    "listen,host,ok",
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "LOCALHOST:8000", True),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "127.0.0.1", False),  # port 80
        ("127.0.0.1", "evil.example:8000", False),  # DNS rebinding
        ("127.0.0.1", "127.0.0.1.nip.io:8000", False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", None, False),
        ("127.0.0.1", "a b:8000", False),
        ("0.0.0.0", "192.168.1.5:8000", True),
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "localhost:8000", True),
        ("0.0.0.0", "intranet.example:8000", False),  # a name could be rebound
        ("192.168.1.5", "192.168.1.5:8000", True),
        ("192.168.1.5", "10.0.0.1:8000", False),
        ("::1", "[::1]:8000", True),
        ("myhost.local", "myhost.local:8000", True),
        ("myhost.local", "other.local:8000", False),
    ],
)
def test_host(listen, host, ok):
    assert Guard(listen, PORT, 1).host_ok(host) is ok


@pytest.mark.parametrize(
    "listen,origin,host,ok",
    [
        ("127.0.0.1", "http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("127.0.0.1", "http://localhost:8000", "127.0.0.1:8000", True),  # the page by name
        ("127.0.0.1", "http://evil.example", "127.0.0.1:8000", False),
        ("127.0.0.1", "http://evil.example:8000", "127.0.0.1:8000", False),
        ("127.0.0.1", "http://127.0.0.1:9999", "127.0.0.1:8000", False),  # another local app
        ("127.0.0.1", "https://127.0.0.1:8000", "127.0.0.1:8000", False),
        ("127.0.0.1", "null", "127.0.0.1:8000", False),  # a sandboxed frame, a file
        ("127.0.0.1", "", "127.0.0.1:8000", False),
        ("127.0.0.1", None, "127.0.0.1:8000", False),
        ("0.0.0.0", "http://192.168.1.5:8000", "192.168.1.5:8000", True),
        ("0.0.0.0", "http://10.9.9.9:8000", "192.168.1.5:8000", False),  # another machine's page
        ("192.168.1.5", "http://192.168.1.5:8000", "192.168.1.5:8000", True),
    ],
)
def test_origin(listen, origin, host, ok):
    assert Guard(listen, PORT, 1).origin_ok(origin, host) is ok

"""Shared helpers of the reliability tests: a session file written by the real core, and
the installed `prompter` in a pseudo-terminal or as a plain process."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect

from prompter.guide import load_guide
from prompter.guide.bundled import resolve_guide
from prompter.session import Session
from prompter.session.writer import SessionWriter

PROMPTER = str(Path(sys.executable).parent / "prompter")
ENV = {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin"}
TIMEOUT = 30  # generous: the machine is shared


def demo_guide():
    return load_guide(resolve_guide("demo"))


def write_session(folder: Path, *, finished: bool = False, name: str = "P01_x") -> Path:
    """A session file with one mark (finished if asked), as `prompter run` writes it."""
    session = Session(demo_guide(), "P01", session_id=name)
    session.mark("asked")
    if finished:
        session.finish()
    path = folder / f"{name}.toml"
    SessionWriter(session, path).save()
    return path


def spawn(*args: str, cwd: Path | None = None) -> pexpect.spawn:
    """The installed `prompter` in a pseudo-terminal of 80x24."""
    child = pexpect.spawn(
        PROMPTER,
        list(args),
        dimensions=(24, 80),
        env=ENV,
        timeout=TIMEOUT,
        encoding="utf-8",
        cwd=str(cwd) if cwd else None,
    )
    child.delaybeforesend = None
    return child


def leave(child: pexpect.spawn) -> str:
    """ctrl+q, then everything the process printed until it ended; returns that output."""
    child.sendcontrol("q")
    child.expect(pexpect.EOF)
    child.close()
    return child.before


def run(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    """The installed `prompter` with no terminal (stdin from /dev/null, output captured)."""
    return subprocess.run(
        [PROMPTER, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        cwd=cwd,
        **kw,
    )


_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]")


def see(child: pexpect.spawn, needle: str, timeout: float = TIMEOUT) -> None:
    """Wait until `needle` is in the screen output with its escape sequences taken out
    (styles often sit between a glyph and its count). Output read so far is used up."""
    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in _ESCAPES.sub("", seen):
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never shown; last: {_ESCAPES.sub('', seen)[-300:]!r}")
        try:
            seen += child.read_nonblocking(65536, timeout=0.2)
        except pexpect.TIMEOUT:
            continue

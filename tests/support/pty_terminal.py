"""`prompter` in a real pseudo-terminal, read all the time as a real terminal reads it.

A thread drains the terminal continuously into `raw`: a program's writes never block on
a full pty buffer while the test waits for something else (a session file, a timer).
Tests wait on what they expect to see (`expect`, `wait_text`, `wait_for`), never for a
fixed time. `pause_reading()` stops the drain on purpose: a terminal that falls behind.
"""

from __future__ import annotations

import codecs
import os
import re
import select
import signal
import threading
import time
from pathlib import Path

import ptyprocess
from helpers import DEADLINE, PROMPTER, child_env

EOF = object()  # `expect(EOF)`: the program closed the terminal (it ended)

# Escape sequences: CSI, OSC, DCS/APC/PM strings, charset selection, single-char escapes.
ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\"
    r"|[()*+][0-9A-Za-z]|[ -/]*[0-~])"
)


def plain(raw: str) -> str:
    """Terminal output without its escape sequences."""
    return ANSI.sub("", raw)


class Terminal:
    """`program ARGS` in a pseudo-terminal of `size` (rows, columns).

    `raw` is everything written so far; `expect(pattern)` waits for a regular expression
    after the last match (pexpect-style: `before` is the text up to the match); `mark()`
    and `text(since)` / `wait_text(needle, since)` follow output from a point on.
    """

    def __init__(
        self,
        args: list,
        *,
        size: tuple[int, int] = (24, 80),
        cwd: Path | str | None = None,
        env: dict | None = None,
        program: Path | str = PROMPTER,
        timeout: float = DEADLINE,
    ):
        argv = [str(program), *map(str, args)]
        self.proc = ptyprocess.PtyProcess.spawn(
            argv,
            dimensions=size,
            env=child_env() if env is None else env,
            cwd=str(cwd) if cwd else None,
        )
        self.timeout = timeout
        self.raw = ""
        self.eof = False
        self.before = ""
        self._cursor = 0  # where the next `expect` starts looking
        self._changed = threading.Condition()
        self._reading = threading.Event()
        self._reading.set()
        self._stop = False
        self._closed = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ the reader thread

    def _drain(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        fd = self.proc.fd
        while not self._stop:
            if not self._reading.is_set():
                self._reading.wait(0.05)
                continue
            # A bounded wait, so that `close_terminal` can stop the thread before it
            # closes the descriptor (a read blocked on it would keep the terminal open).
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, 1 << 16)
            except OSError:  # EIO: the program's side is gone
                data = b""
            with self._changed:
                if data:
                    self.raw += decoder.decode(data)
                else:
                    self.raw += decoder.decode(b"", final=True)
                    self.eof = True
                self._changed.notify_all()
            if not data:
                return

    def pause_reading(self) -> None:
        """Stop draining (the program's writes pile up, then block): a slow terminal."""
        self._reading.clear()

    def resume_reading(self) -> None:
        self._reading.set()

    # ------------------------------------------------------------ waiting

    @property
    def pid(self) -> int:
        return self.proc.pid

    def mark(self) -> int:
        return len(self.raw)

    def text(self, since: int = 0) -> str:
        return plain(self.raw[since:])

    def wait_for(self, pred, timeout: float | None = None, what: str = "") -> None:
        """Wait until `pred()` holds (checked on every new output); fail after `timeout`."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        with self._changed:
            while not pred():
                left = deadline - time.monotonic()
                if self.eof or left <= 0:
                    if pred():
                        return
                    tail = self.text()[-1500:]
                    raise AssertionError(
                        f"timed out waiting for {what}; eof={self.eof}; "
                        f"screen output ends with:\n{tail}"
                    )
                self._changed.wait(min(left, 0.1))

    def wait_text(self, needle: str, since: int = 0, timeout: float | None = None) -> None:
        self.wait_for(lambda: needle in self.text(since), timeout, repr(needle))

    def wait_eof(self, timeout: float | None = None) -> None:
        self.wait_for(lambda: self.eof, timeout, "the end of output")

    def expect(self, pattern, timeout: float | None = None) -> None:
        """Wait for `pattern` (a regular expression on the raw output, or EOF) after the
        previous match; `before` is then the output up to it."""
        found: list[re.Match] = []

        def seen() -> bool:
            if pattern is EOF:
                return self.eof
            m = re.compile(pattern).search(self.raw, self._cursor)
            if m:
                found.append(m)
            return m is not None

        self.wait_for(seen, timeout, "the end of output" if pattern is EOF else repr(pattern))
        end = len(self.raw) if pattern is EOF else found[-1].end()
        start = len(self.raw) if pattern is EOF else found[-1].start()
        self.before = self.raw[self._cursor : start]
        self._cursor = end

    # ------------------------------------------------------------ input and ending

    def send(self, keys: str) -> None:
        os.write(self.proc.fd, keys.encode("utf-8"))

    def sendcontrol(self, char: str) -> None:
        self.send(chr(ord(char.lower()) - ord("a") + 1))

    def setwinsize(self, rows: int, cols: int) -> None:
        self.proc.setwinsize(rows, cols)

    def isalive(self) -> bool:
        return self.proc.isalive()

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def wait_gone(self, bound: float) -> float | None:
        """Seconds until the process was gone, or None if it still runs after `bound`."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < bound:
            if not self.proc.isalive():
                return time.monotonic() - t0
            time.sleep(0.005)  # polling interval, not a synchronisation
        return None if self.proc.isalive() else time.monotonic() - t0

    def finish(self, timeout: float | None = None) -> int | None:
        """Wait for the end of output and the exit; the exit status (None if signalled)."""
        self.wait_eof(timeout)
        self._stop_reader()
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while self.proc.isalive():
            assert time.monotonic() < deadline, "output ended but the process did not"
            time.sleep(0.01)  # polling interval, not a synchronisation
        return self.proc.exitstatus

    @property
    def exitstatus(self) -> int | None:
        return self.proc.exitstatus

    @property
    def signalstatus(self) -> int | None:
        return self.proc.signalstatus

    def _stop_reader(self) -> None:
        self._stop = True
        self._reading.set()
        self._thread.join()

    def close_terminal(self) -> None:
        """Close the master side: what closing the terminal window does."""
        self._stop_reader()
        if not self._closed:
            self._closed = True
            self.proc.fileobj.close()  # closes the descriptor (once)
            self.proc.closed = True
        self.eof = True

    def kill(self) -> None:
        """SIGKILL the program if it still runs, and close the terminal."""
        if self.proc.isalive():
            os.kill(self.proc.pid, signal.SIGKILL)
        self.close_terminal()
        try:
            self.proc.wait()
        except ptyprocess.PtyProcessError:
            pass  # already reaped

"""What the end-to-end tests of the interview in a pseudo-terminal share: the
environment and timeouts, reading the status line's tallies from the raw output, a
model of what the screen holds after each key (`State`), and `Term`, the terminal
that reads them."""

from __future__ import annotations

import fcntl
import re
import sys
import termios
from dataclasses import dataclass, replace
from pathlib import Path

from guide_factory import bundled
from helpers import DEADLINE, child_env
from pty_terminal import Terminal

ENV = child_env()

STARTUP_TIMEOUT = DEADLINE  # seconds for the first screen (generous: the machine may be busy)
KEY_TIMEOUT = DEADLINE  # seconds for a key's effect to be drawn
EXIT_BOUND = 1.0  # the promise: gone within a second of SIGHUP/SIGTERM
EXIT_POLL = 3.0  # how long we wait before calling it a hang (CI load)

# The status line's tallies: in full (`✓1 ✚0 ✗0 ≈0 ·5`), or, on a narrow line, only the
# ones that are not zero, run together between the line's separators (`│ ✓1·5 │`).
TALLY = re.compile(r"✓\d+ ✚\d+ ✗\d+ ≈\d+ ·\d+|(?<=│ )(?:[✓✚✗≈·]\d+)+(?= │)")
TALLY_GLYPHS = "✓✚✗≈·"  # asked, probed, skipped, covered, pending


def last_tallies(text: str) -> tuple[int, ...] | None:
    """(asked, probed, skipped, covered, pending) of the last tallies in `text`, either
    form (a count the compact form leaves out is 0)."""
    found = TALLY.findall(text)
    if not found:
        return None
    counts = dict(re.findall(r"([✓✚✗≈·])(\d+)", found[-1]))
    return tuple(int(counts.get(g, 0)) for g in TALLY_GLYPHS)


ALT_SCREEN = "\x1b[?1049h"

GUIDE = bundled("demo")
IDS = [q.id for q in GUIDE.questions]
PROBES = [q.probe_texts for q in GUIDE.questions]
N = len(IDS)

# Figures reported by docs/reliability.md (printed with -s).
FIGURES: dict[str, object] = {}


# --------------------------------------------------------------- the model


@dataclass(frozen=True)
class State:
    """What the interview screen holds, as far as the keys used here change it."""

    stop: str  # "intro", "q" or "closing"
    i: int  # index of the current question
    status: tuple[str, ...]
    probes: tuple[frozenset, ...]

    @classmethod
    def fresh(cls) -> State:
        return cls("intro" if GUIDE.introduction else "q", 0, ("pending",) * N, (frozenset(),) * N)

    @classmethod
    def from_file(cls, data: dict) -> State:
        """The state a resumed screen starts in (on the saved question, never the intro)."""
        by_id = {q["id"]: q for q in data["questions"]}
        return cls(
            "q",
            IDS.index(data["session"]["current_question"]),
            tuple(by_id[i]["status"] for i in IDS),
            tuple(frozenset(by_id[i].get("probes_used", ())) for i in IDS),
        )

    def tallies(self) -> tuple[int, ...]:
        return tuple(
            self.status.count(s) for s in ("asked", "probed", "skipped", "covered", "pending")
        )

    def saved_part(self) -> tuple:
        """What the session file records of this state."""
        return (IDS[self.i], self.status, self.probes)

    def press(self, key: str) -> State:
        s = self
        if key == "j":
            if s.stop == "intro":
                return replace(s, stop="q")
            if s.stop == "q":
                return replace(s, i=s.i + 1) if s.i + 1 < N else replace(s, stop="closing")
            return s
        if key == "k":
            if s.stop == "closing":
                return replace(s, stop="q")
            if s.stop == "q":
                if s.i > 0:
                    return replace(s, i=s.i - 1)
                return replace(s, stop="intro") if GUIDE.introduction else s
            return s
        if s.stop != "q":
            return s  # the introduction and the closing are not marked
        status, probes = list(s.status), list(s.probes)
        if key in "apsc":
            want = {"a": "asked", "p": "probed", "s": "skipped", "c": "covered"}[key]
            status[s.i] = "pending" if status[s.i] == want else want
            out = replace(s, status=tuple(status))
            if want in ("skipped", "covered") and status[s.i] == want:
                out = replace(out, i=s.i + 1) if s.i + 1 < N else replace(out, stop="closing")
            return out
        if key.isdigit():
            n = int(key)
            texts = PROBES[s.i]
            if not 1 <= n <= len(texts):
                return s
            text = texts[n - 1]
            if text in probes[s.i]:
                probes[s.i] = probes[s.i] - {text}
            else:
                probes[s.i] = probes[s.i] | {text}
                if status[s.i] in ("pending", "asked"):
                    status[s.i] = "probed"
            return replace(s, status=tuple(status), probes=tuple(probes))
        raise ValueError(key)


def file_state(data: dict) -> tuple:
    by_id = {q["id"]: q for q in data["questions"]}
    return (
        data["session"]["current_question"],
        tuple(by_id[i]["status"] for i in IDS),
        tuple(frozenset(by_id[i].get("probes_used", ())) for i in IDS),
    )


# --------------------------------------------------------------- the terminal


class Term(Terminal):
    """`prompter` in a pseudo-terminal (drained all the time), with the status line's
    tallies."""

    def tallies(self, since: int = 0) -> tuple[int, ...] | None:
        return last_tallies(self.text(since))

    def wait_tallies(
        self, expected: tuple[int, ...], since: int, timeout: float = KEY_TIMEOUT
    ) -> None:
        self.wait_for(lambda: self.tallies(since) == expected, timeout, f"the tallies {expected}")

    def started(self) -> tuple[int, ...]:
        """Wait for the interview screen's first status line; its tallies."""
        self.wait_for(lambda: self.tallies() is not None, STARTUP_TIMEOUT, "the status line")
        return self.tallies()

    def unread(self) -> int:
        """Bytes the program has written that the terminal has not read yet."""
        return int.from_bytes(fcntl.ioctl(self.proc.fd, termios.FIONREAD, b"\0" * 4), sys.byteorder)


def only_session_file(folder: Path) -> Path | None:
    files = sorted(folder.glob("*.toml"))
    assert len(files) <= 1, files
    return files[0] if files else None


def run_args(folder: Path, participant: str = "P01") -> list:
    return ["run", "demo", "--participant", participant, "--sessions-dir", folder]


def assert_no_traceback(output: str) -> None:
    assert "Traceback" not in output and "Error:" not in output, output[-3000:]


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident set size (Linux), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None

"""Keys typed on a busy laptop take effect in the order they were typed (issue 23).

A loop keeps every core busy while `prompter` runs in a real pseudo-terminal, as a video
call does on an interviewer's laptop. The keys are written as a person types them: a
note in one burst, then escape, then a guide key 0, 30, 120 or 300 ms later (0: in the
same write). Whatever the gap, the note keeps exactly its text and the key acts on the
guide. The same for escape then `q` after the help, and for a find typed in one burst.
Every case must pass: none is retried.

One prompter runs per note length (1, 40 and 400 characters) and goes through its cases
question by question; a case that fails ends its prompter, so the next starts afresh.
The gap between two writes is the input under test, not a wait for anything.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from helpers import DEADLINE, child_env, wait_until
from pty_terminal import Terminal

from prompter.session.read import read_session_file

pytestmark = pytest.mark.slow

GUIDE = "resilience-hub-wider-stakeholders"
GAPS = {"together": 0.0, "30ms": 0.03, "120ms": 0.12, "300ms": 0.3}
SENTENCE = "staff absence and moral injury as drivers "  # 42 characters
NOTES = {1: "x", 40: SENTENCE[:40], 400: (SENTENCE * 10)[:400]}
ESC = "\x1b"


@pytest.fixture(scope="module")
def busy_cores():
    """A busy loop on every core for the whole module, stopped at its end."""
    loops = [
        subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(os.cpu_count() or 2)
    ]
    yield
    for loop in loops:
        loop.kill()
        loop.wait()


class Interview:
    """One prompter on the bundled guide, and what its session file says."""

    def __init__(self, folder: Path):
        self.sessions = folder / "sessions"
        self.term = Terminal(
            ["run", GUIDE, "--participant", "P01", "--sessions-dir", self.sessions],
            size=(24, 80),
            env=child_env(HOME=str(folder), PROMPTER_CONFIG=str(folder / "none.toml")),
        )
        self.term.wait_text("Introduction")
        self.send("j")
        self.ids = [q["id"] for q in self.data()["questions"]]
        self.wait(lambda d: d["session"]["current_question"] == self.ids[0], "the first question")

    def send(self, keys: str) -> None:
        self.term.send(keys)

    def data(self) -> dict:
        files = list(self.sessions.glob("*.toml"))
        return read_session_file(files[0]) if files else {}

    def wait(self, check, what: str) -> dict:
        seen: dict = {}

        def shows():
            seen["data"] = data = self.data()
            return data if data and check(data) else None

        return wait_until(shows, what, DEADLINE, lambda: str(seen.get("data", {}).get("session")))

    def current(self) -> str:
        return self.data()["session"]["current_question"]

    def next_id(self, qid: str) -> str:
        return self.ids[self.ids.index(qid) + 1]


def note_of(data: dict, qid: str) -> str:
    return next(q["note"] for q in data["questions"] if q["id"] == qid)


def status_of(data: dict, qid: str) -> str:
    return next(q["status"] for q in data["questions"] if q["id"] == qid)


@pytest.fixture(scope="module")
def interviews(busy_cores, tmp_path_factory):
    """`interviews(key)`: the running prompter for `key` (started on first use); a case
    that fails removes its prompter (`interviews.drop(key)`)."""
    running: dict = {}

    class Pool:
        def __call__(self, key) -> Interview:
            if key not in running:
                running[key] = Interview(tmp_path_factory.mktemp(f"load-{key}"))
            return running[key]

        def drop(self, key) -> None:
            running.pop(key).term.kill()

    yield Pool()
    for interview in running.values():
        interview.term.kill()


def run_case(interviews, key, case) -> None:
    interview = interviews(key)
    try:
        case(interview)
    except BaseException:
        interviews.drop(key)
        raise


def moved_on_keeping(interview: Interview, qid: str, note: str) -> None:
    """Wait until the guide is on the question after `qid`, then check that `qid`'s note
    is exactly `note`. Fails at once if anything other than `note` (or part of it, while
    it is being typed) reaches the note: a key that went into it."""
    after = interview.next_id(qid)
    data = interview.wait(
        lambda d: d["session"]["current_question"] == after or not note.startswith(note_of(d, qid)),
        f"the guide on {after}",
    )
    assert note_of(data, qid) == note
    assert data["session"]["current_question"] == after


@pytest.mark.parametrize("gap", GAPS.values(), ids=GAPS.keys())
@pytest.mark.parametrize("toast", [False, True], ids=["", "toast"])
@pytest.mark.parametrize("length", NOTES)
def test_escape_then_a_guide_key_after_a_note(interviews, length, toast, gap):
    note = NOTES[length]

    def case(interview: Interview) -> None:
        qid = interview.current()
        if toast:
            # The note first; then, as in issue 23, a toast (U: nothing to redo), the
            # note opened again, and escape then j while the toast is on screen.
            interview.send("n" + note + ESC)
            interview.wait(
                lambda d: (
                    any(e["action"] == "note" and e["question"] == qid for e in d["events"])
                    and note_of(d, qid) == note
                ),
                "the note kept",
            )
            since = interview.term.mark()
            interview.send("U")
            interview.term.wait_text("Nothing to redo", since)
            interview.send("n" + ESC)
        else:
            interview.send("n" + note + ESC)  # the note typed in one burst, then escape
        if gap:
            time.sleep(gap)  # the typing gap under test
        interview.send("j")
        moved_on_keeping(interview, qid, note)

    run_case(interviews, length, case)


@pytest.mark.parametrize("gap", GAPS.values(), ids=GAPS.keys())
def test_escape_then_q_after_the_help(interviews, gap):
    def case(interview: Interview) -> None:
        qid = interview.current()
        since = interview.term.mark()
        interview.send("?")
        interview.term.wait_text("closes", since)  # the help's last line
        since = interview.term.mark()
        interview.send(ESC)
        if gap:
            time.sleep(gap)  # the typing gap under test
        interview.send("q")
        interview.term.wait_text("Finish the interview", since)
        interview.send(ESC + "a")  # back from the wrap-up, and a guide key
        interview.wait(lambda d: status_of(d, qid) == "asked", f"{qid} asked")

    run_case(interviews, "help", case)


# Words each found in one question's text only, and that question.
FINDS = {
    "confidence": "ca.ri.confidence",
    "outreach": "cp.act.outreach",
    "accessibility": "ca.iw.accessibility",
    "sustainability": "rm.rec.useful-role",
}


@pytest.mark.parametrize("gap", GAPS.values(), ids=GAPS.keys())
def test_a_find_typed_in_one_burst_after_a_note(interviews, gap):
    word = list(FINDS)[list(GAPS.values()).index(gap)]

    def case(interview: Interview) -> None:
        qid = interview.current()
        note = f"found {word}"
        interview.send("n" + note + ESC)
        if gap:
            time.sleep(gap)  # the typing gap under test
        interview.send("/" + word + "\r")  # the find, typed in one burst, then enter
        target = FINDS[word]
        data = interview.wait(
            lambda d: (
                d["session"]["current_question"] not in (qid,)
                or not note.startswith(note_of(d, qid))
            ),
            f"the guide on {target}",
        )
        assert note_of(data, qid) == note
        assert data["session"]["current_question"] == target

    run_case(interviews, "find", case)

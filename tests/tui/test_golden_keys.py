"""The same keys at the same times write the same session file, byte for byte, as before
the house was simplified (tests/data/golden/keys-demo.toml; see
tests/session/test_golden_files.py for how to write it again after a deliberate change)."""

from __future__ import annotations

import os
import shutil

from helpers import DATA, REPO, FakeClock
from interview_driver import new_session

from prompter.guide import load_guide
from prompter.session.writer import SessionWriter
from prompter.tui.app import PrompterApp

GOLDEN = DATA / "golden" / "keys-demo.toml"

# (seconds to wait, then the keys): an interview on the demo guide with every kind of key.
SCRIPT = [
    (4.0, "j"),
    (30.5, "a"),
    (12.0, "1"),
    (3.0, "n"),
    (0.0, 'Said "two days"; back\\slash'),
    (2.0, "escape"),
    (1.0, "j"),
    (20.0, "p"),
    (2.0, "b"),
    (0.0, "good quote"),
    (1.0, "enter"),
    (5.0, "r"),
    (8.0, "s"),
    (3.0, "z"),
    (60.0, "z"),
    (4.0, "c"),
    (2.0, "u"),
    (1.0, "U"),
    (7.0, "x"),
    (2.0, "k"),
    (1.0, "X"),
    (9.0, "]"),
    (2.0, "["),
    (3.0, "1"),
    (3.0, "1"),
    (0.25, "n"),
    (0.0, "late note"),
    (1.0, "escape"),
]


async def test_keys_write_the_golden_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPO / "guides" / "demo.yaml", tmp_path / "demo.yaml")
    guide = load_guide("demo.yaml")
    clock = FakeClock()
    session = new_session(guide, clock)
    path = tmp_path / f"{session.id}.toml"
    writer = SessionWriter(session, path)
    app = PrompterApp(guide, session=session, writer=writer, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for wait, keys in SCRIPT:
            clock.advance(wait)
            if len(keys) > 1 and keys not in ("enter", "escape"):
                await pilot.press(*keys)  # typed text, a character at a time
            else:
                await pilot.press(keys)
            await pilot.pause()
        app.action_leave()
    got = path.read_bytes()
    if os.environ.get("PROMPTER_WRITE_GOLDEN") == "1":
        GOLDEN.write_bytes(got)
    assert got.decode("utf-8") == GOLDEN.read_text(encoding="utf-8")

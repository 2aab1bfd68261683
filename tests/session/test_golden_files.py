"""The session file of the same actions at the same times is byte for byte what it was.

The files in tests/data/golden/ were written before the house was simplified (issue
19: dataclasses for the hand-written records, tomli-w for the hand-written emitter, no
journal): each case drives a session through seeded random actions on a fake clock,
saving after every action as the screen does, and compares the final file with
`NAME.toml` and the SHA-256 of every save along the way with `NAME.saves`.

After a deliberate change of the format, write them again with
`PROMPTER_WRITE_GOLDEN=1 pytest tests/session/test_golden_files.py` and say why in the
commit.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from helpers import DATA, REPO, FakeClock
from interview_driver import WallClock, apply, new_session, random_actions

from prompter.guide import load_guide
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter

GOLDEN = DATA / "golden"
WRITE = os.environ.get("PROMPTER_WRITE_GOLDEN") == "1"

# A guide with every kind of thing a question entry records: conditions, guidance,
# examples, sub-prompts, checklists, branches, checks, colours and nested codes, and
# texts that need escapes in TOML.
RICH_GUIDE = r"""
title: "Rich guide: \"quotes\", back\\slash and tab\there"
version: "2.1"
minutes: 40
introduction: Thanks for taking part.
codebook:
  - name: Coherence
    color: "#aa3355"
    description: Making sense of the Hub
    codes:
      - {name: Differentiation, description: "How it differs"}
  - name: Reflexive monitoring
sections:
  - title: Before we start
    questions:
      - {id: consent, text: Consent obtained, kind: check}
  - title: "Écoute & \"voice\""
    minutes: 10
    codes: [Coherence]
    guidance: Say "now about you"
    questions:
      - id: visited
        text: Have you visited the Hub?
        condition: Only if they work on site
        codes: [Coherence/Differentiation]
        branches:
          - {label: Visited, to: Using it}
          - {label: Not visited, to: Closing}
      - id: role
        text: "What is your role?\tTabs, \"quotes\" and a back\\slash"
        guidance: Keep it short
        examples:
          - text: A ward manager
            examples: [nursing, AHP]
          - A porter
        probes:
          - text: Which of these do you use?
            checklist: true
            probes: [Email, Chat, "Video \"calls\""]
          - text: How long have you done it?
            probes: [Months, Years]
          - Anything else?
  - title: Using it
    codes: [Reflexive monitoring]
    sections:
      - title: Sub one
        minutes: 5
        questions:
          - id: first
            text: What did you notice first? 😀
            probes: [Why?, "Émotions?"]
          - id: second
            text: Could you find what you needed?
            priority: optional
  - title: Closing
    questions:
      - {id: anything, text: Anything else?, probes: [Anything at all?]}
"""


def _guide(tmp_path: Path, monkeypatch, name: str, text: str | None = None):
    """A guide loaded from a path relative to `tmp_path` (the file records the path as given)."""
    monkeypatch.chdir(tmp_path)
    if text is None:
        shutil.copy(REPO / "guides" / f"{name}.yaml", tmp_path / f"{name}.yaml")
    else:
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_guide(f"{name}.yaml")


def _play(session, clock, writer, actions) -> list[str]:
    """Do each action and save after it, as the screen does; the SHA-256 of every save."""
    hashes = []
    for action in actions:
        apply(session, clock, action)
        writer.save()
        hashes.append(hashlib.sha256(writer.path.read_bytes()).hexdigest())
    return hashes


def _check(name: str, path: Path, hashes: list[str]) -> None:
    got = path.read_bytes()
    saves = "\n".join(hashes) + "\n"
    if WRITE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / f"{name}.toml").write_bytes(got)
        (GOLDEN / f"{name}.saves").write_text(saves, encoding="ascii")
        return
    want = (GOLDEN / f"{name}.toml").read_bytes()
    assert got.decode("utf-8") == want.decode("utf-8"), f"{name}: the final file differs"
    assert got == want
    want_saves = (GOLDEN / f"{name}.saves").read_text(encoding="ascii").split()
    assert len(hashes) == len(want_saves)
    for i, (h, w) in enumerate(zip(hashes, want_saves, strict=True)):
        assert h == w, f"{name}: save {i + 1} of {len(hashes)} differs from the golden one"


CASES = [
    ("demo", None, 1, 300),
    ("resilience-hub-wider-stakeholders", None, 2, 400),
    ("rich", RICH_GUIDE, 3, 400),
    ("rich", RICH_GUIDE, 4, 400),
]


@pytest.mark.parametrize(
    ("guide_name", "text", "seed", "n"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_random_interview_writes_the_golden_file(tmp_path, monkeypatch, guide_name, text, seed, n):
    guide = _guide(tmp_path, monkeypatch, guide_name, text)
    clock = FakeClock()
    session = new_session(guide, clock)
    path = tmp_path / f"{session.id}.toml"
    writer = SessionWriter(session, path)
    hashes = _play(session, clock, writer, random_actions(guide, seed, n))
    writer.close()
    _check(f"{guide_name}-{seed}", path, hashes)


def test_resumed_with_a_changed_guide_and_a_transcript(tmp_path, monkeypatch):
    """A session saved, resumed with a guide that lost a question and reworded another,
    with a transcript table, then carried on: removed questions and original texts."""
    guide = _guide(tmp_path, monkeypatch, "rich", RICH_GUIDE)
    clock = FakeClock()
    session = new_session(guide, clock)
    path = tmp_path / f"{session.id}.toml"
    writer = SessionWriter(session, path)
    first = _play(session, clock, writer, random_actions(guide, 5, 150))
    first += _play(
        session,
        clock,
        writer,
        [
            ("reopen",),
            ("goto", "second"),
            ("mark", "asked"),
            ("note", 'said "no"'),
            ("goto", "role"),
        ]
        + [("tick", 1, 3), ("advance", 12.5), ("goto", "first"), ("probe", 2)],
    )
    session.transcript = {
        "path": "transcripts/P01 call.vtt",
        "sha256": "ab" * 32,
        "shift_seconds": -2.5,
        "format": "vtt",
        "cues": 212,
    }
    writer.save()
    writer.close()

    second = (
        "          - id: second\n"
        "            text: Could you find what you needed?\n"
        "            priority: optional\n"
    )
    assert second in RICH_GUIDE
    changed = RICH_GUIDE.replace(second, "").replace(
        "What did you notice first? 😀", "What stood out first?"
    )
    new_guide = _guide(tmp_path, monkeypatch, "rich2", changed)
    clock2 = FakeClock(5000.0)
    resumed, _ = load_session(path, new_guide, clock=clock2, wallclock=WallClock(clock2))
    writer2 = SessionWriter(resumed, path, resume=True)
    later = _play(resumed, clock2, writer2, random_actions(new_guide, 6, 150))
    writer2.close()
    _check("resumed", path, first + later)

"""A fixture study for the overview and report tests, made by the real session core.

`make_study(folder)` writes sessions of the bundled Resilience Hub guide with
`analysis_fixtures.write_sessions` (a `Session` driven by a fake clock through a
seeded sequence of screen actions, saved as an interview saves), plus one session
with hostile text put in by the session core itself (a note) and, in its file,
an interviewer name with markup and a terminal escape.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from analysis_fixtures import bundled, make_session, save, write_sessions

HOSTILE_NOTE = '<script>alert("x")</script> & \x1b]52;c;aGk=\x07 \u202eevil'
HOSTILE_INTERVIEWER = '<b onmouseover="x()">Z\x1b[31m</b>'
HOSTILE_SEED = 999


def make_study(folder: Path, count: int = 12) -> Path:
    guide = bundled()
    write_sessions(folder, guide, count)
    s = make_session(
        guide,
        HOSTILE_SEED,
        participant="P999",
        interviewer="XX",
        started_at=datetime(2026, 4, 20, 14, 0, tzinfo=timezone(timedelta(0))),
        finish=True,
    )
    s.goto(guide.questions[0].id)
    s.set_note(HOSTILE_NOTE)
    path = save(s, folder)
    # Text the session core would never write, as a damaged or crafted file has it.
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'interviewer = "XX"', 'interviewer = "<b onmouseover=\\"x()\\">Z\\u001b[31m</b>"', 1
    )
    path.write_text(text, encoding="utf-8")
    return folder

"""Whatever a guide's lines, the importer either refuses it in one line or writes a guide
that loads (docs/guide-import.md: "The written guide always loads"): guides drawn from
the lines of real guides, numbered sections, routes, stage directions, cues, lengths."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prompter.guide.load import load_guide
from prompter.importer import ImportSourceError, import_guide

LINES = [
    "# Guide (1 hour)",
    "# Remote teaching – version 2.1 (60–75 minutes)",
    "Version 2",
    "Duration: approx. 50 minutes",
    "The interview takes about 45 minutes.",
    "## Section 3: Payments (5 mins)",
    "## 3. Payments",
    "## Part B – Trust",
    "### 2.1 Sub",
    "## Wrap up (5 mins)",
    "## Introduction (5 mins)",
    "1. What do you do?",
    "2. Have you used the app? _If no, skip to section 3._",
    "   - Why?",
    "   - Who made it: you, them, or us?",
    "   - Probe: any of: a, b, c?",
    "   - Note: show card A.",
    "- Select any:",
    "  - a",
    "Which? (tick all that apply)",
    "_Interviewer: read the sheet._",
    "Interviewer: ask them to open it. What now?",
    "Stop the recording. Thank you.",
    "[Note: give them the card.]",
    "(If not, go to Section 9.)",
    "If yes, continue at 2.1 Sub. If not, go to 4.",
    "→ Part B",
    "If the participant has not used it, jump to section three.",
    "☐ Consent obtained",
    "Thank you for your time.",
    "",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["", " x", "?", ":"])), max_size=30)
)
def test_an_import_is_refused_or_loads(tmp_path, lines):
    src = tmp_path / "guide.md"
    src.write_text("\n".join(line + end for line, end in lines), encoding="utf-8")
    try:
        result = import_guide(src)
    except ImportSourceError as e:
        assert "\n" not in str(e)
        return
    out = tmp_path / "guide.yaml"
    out.write_text(result.yaml, encoding="utf-8")
    guide = load_guide(out)
    assert len(guide.questions) == result.questions

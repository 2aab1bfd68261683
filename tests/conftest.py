"""Fixtures for every test folder (the folders: tests/README.md).

The helpers that more than one folder uses are plain modules in `tests/support/`, put on
the path by `pythonpath` in pyproject.toml and imported as top-level modules: `helpers`
(paths, the fake clock, the fixed "now", waiting, the runner of the installed
`prompter`), `guide_factory` (guides), `interview_driver` (the one driver of made-up
interviews), `analysis_fixtures` (sessions and files of them), `branch_guide` (the
branching guide), `study_fixture` (a study), `pty_terminal` (a pseudo-terminal) and
`browser` (headless Chromium). A helper that one folder uses lives in that folder.

Under pytest-xdist (`-n`, in pyproject.toml's addopts), the tests in `tests/e2e/` and
any test marked `slow` (a real terminal) go to one worker (`xdist_group("e2e")` with
`--dist loadgroup`), so that two interviews in pseudo-terminals never compete with each
other, only with the in-process tests of the other worker. A module may join that
worker with the same mark (tests/reliability/test_save_kill.py, a tight loop of saves).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from pty_terminal import Terminal

# In CI the property tests draw the same examples every run, so that a run fails only
# for a change, never for a new draw; locally each run explores new examples.
settings.register_profile("ci", derandomize=True)

# Parsed guides are cached (prompter.guide.cache): the tests keep theirs to themselves.
os.environ.setdefault("PROMPTER_CACHE_DIR", tempfile.mkdtemp(prefix="prompter-test-cache-"))
if os.environ.get("CI"):
    settings.load_profile("ci")

TESTS = Path(__file__).resolve().parent
E2E = TESTS / "e2e"


@pytest.fixture
def terminals():
    """Start `prompter` in pseudo-terminals with `terminals(args, **kw)` (see
    `pty_terminal.Terminal`); any still running at the end of the test is killed."""
    started: list[Terminal] = []

    def start(args, cls: type[Terminal] = Terminal, **kw) -> Terminal:
        t = cls(args, **kw)
        started.append(t)
        return t

    yield start
    for t in started:
        t.kill()


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E in Path(item.path).parents or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.xdist_group("e2e"))

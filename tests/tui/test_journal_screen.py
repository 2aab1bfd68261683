"""The screen and a large session's journal: keys append to the journal (the whole file is
not rewritten per key); the file is written whole when the keys stop for a moment, at a
pause and on leaving, and always holds what the screen showed once it is."""

from __future__ import annotations

import time

from tui_helpers import SIZE, make_app, saved, status

from prompter.session.journal import journal_path
from prompter.tui.interview import COMPACT_AFTER


def as_large(app) -> None:
    """Make the demo session journal as a 5,000-question one would (its file is ~10 KiB)."""
    app.writer.journal_threshold = 1_000


def file_status(app, qid: str) -> str:
    """The status as the file alone holds it, without its journal (what a plain TOML
    reader sees)."""
    import tomllib

    data = tomllib.loads(app.session_path.read_text(encoding="utf-8"))
    return next(q["status"] for q in data["questions"] if q["id"] == qid)


async def test_keys_append_and_the_file_is_written_whole_when_they_stop(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        as_large(app)
        await pilot.press("j")
        qid = app.session.current
        inode = app.session_path.stat().st_ino
        await pilot.press("a")
        assert app.writer.journaled >= 1 and journal_path(app.session_path).stat().st_size
        assert app.session_path.stat().st_ino == inode  # not rewritten for the key
        assert status(saved(app), qid) == "asked"  # readers fold the journal in
        assert file_status(app, qid) == "pending"
        deadline = time.monotonic() + 10 * COMPACT_AFTER + 30
        while app.writer.journaled and time.monotonic() < deadline:
            await pilot.pause(0.05)  # until the keys have stopped for COMPACT_AFTER
        assert app.writer.journaled == 0
        assert file_status(app, qid) == "asked"


async def test_a_pause_writes_the_file_whole_at_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        as_large(app)
        await pilot.press("j")
        qid = app.session.current
        await pilot.press("s")  # skipped (and on to the next question)
        assert app.writer.journaled and file_status(app, qid) == "pending"
        await pilot.press("z")
        assert app.session.paused and app.writer.journaled == 0
        assert file_status(app, qid) == "skipped"


async def test_leaving_folds_the_journal_into_the_file(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        as_large(app)
        await pilot.press("j", "a", "j")
        first, second = app.session.guide.questions[0].id, app.session.current
        await pilot.press("c")
        path = app.session_path
        await pilot.press("ctrl+q")
    assert app.writer.journaled == 0  # (the emptied journal goes when the CLI closes it)
    assert file_status(app, first) == "asked" and file_status(app, second) == "covered"
    assert path == app.session_path

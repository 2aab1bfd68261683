"""A save that fails during a review (a full disk, say): the change stays on screen and
in memory, the status line says NOT SAVED and why, the next change saves everything,
and leaving says whether the file has it all (exit status 3 if not)."""

from __future__ import annotations

import pytest
from review_app import lines, on_disk, review_app
from review_fixture import STRAY
from tui_helpers import NARROW, SIZE

import prompter.transcript.review as engine
from prompter.errors import SessionFileError
from prompter.tui.review import report


@pytest.mark.parametrize("size", [SIZE, NARROW], ids=["80x24", "60x20"])
async def test_a_failed_save_is_said_and_tried_again(tmp_path, monkeypatch, capsys, size):
    """At 60 columns too: the save state is never the part of the top line cut off."""
    app = review_app(tmp_path)
    real = engine.save_data

    def full(path, data, **kw):
        raise SessionFileError(f"{path}: cannot save: No space left on device")

    try:
        async with app.run_test(size=size) as pilot:
            monkeypatch.setattr(engine, "save_data", full)
            await pilot.press("w", "k", "x")
            assert app.review.question_of(STRAY) is None  # done, on screen
            assert "NOT SAVED" in lines(app)[0]
            assert "corrections" not in on_disk(app)
            monkeypatch.setattr(engine, "save_data", real)
            await pilot.press("j", "n", *"later", "escape")  # the next change saves it all
            assert lines(app)[0].rstrip().endswith("saved")
            assert on_disk(app)["corrections"][0]["question"] == ""
        assert report(app.review) == 0
        assert "Review saved: 1 correction in the file." in capsys.readouterr().out
        # Failing to the end: leaving says so, with exit status 3.
        monkeypatch.setattr(engine, "save_data", full)
        assert app.review.begin(STRAY, None) or app.review.begin(STRAY - 1, None)
        assert report(app.review) == 3
        assert "the review's changes were NOT saved" in capsys.readouterr().err
    finally:
        app.review.close()

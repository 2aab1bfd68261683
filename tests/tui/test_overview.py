"""`prompter overview`: the study's heat map in the terminal, driven with Pilot as a user
would (moving, sorting, opening a session, the sections), and its SVG snapshots at
80x24 and 120x40 (also in the high-contrast theme)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from study_fixture import HOSTILE_NOTE, make_study

from prompter.analysis.read import load_sessions
from prompter.cli import main
from prompter.study import build_study, row_order
from prompter.tui.overview import GLYPHS, OverviewApp, OverviewScreen, SectionsView, SessionView


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = make_study(tmp_path_factory.mktemp("study"))
    return build_study(load_sessions([folder]).sessions)


def lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def text(app) -> str:
    return "\n".join(lines(app))


def row_labels(app) -> list[str]:
    """The participants of the rows on screen, top to bottom."""
    ids = {r.participant for r in app.study.rows}
    out = []
    for line in lines(app):
        first = line.split(" ", 1)[0]
        if first in ids:
            out.append(first)
    return out


# ---------------------------------------------------------------- snapshots


def test_snapshot_80x24(snap_compare, study):
    assert snap_compare(OverviewApp(study), terminal_size=(80, 24))


def test_snapshot_120x40(snap_compare, study):
    assert snap_compare(OverviewApp(study), terminal_size=(120, 40))


def test_snapshot_high_contrast_80x24(snap_compare, study):
    app = OverviewApp(study, theme="prompter-high-contrast")
    assert snap_compare(app, press=["down", "right", "right"], terminal_size=(80, 24))


def test_snapshot_session_view_80x24(snap_compare, study):
    assert snap_compare(
        OverviewApp(study), press=["down", "right", "enter"], terminal_size=(80, 24)
    )


# -------------------------------------------------------------------- Pilot


async def test_moving_shows_the_cells_note_and_counts(study):
    app = OverviewApp(study)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        # Find a cell with a note, then move there with the arrow keys.
        r, c = next(
            (r, c)
            for r in range(len(study.rows))
            for c in range(len(study.columns))
            if study.rows[r].cells[c] is not None
            and len(study.rows[r].cells[c].note.strip()) > 10
            and "\x1b" not in study.rows[r].cells[c].note
        )
        await pilot.press(*["down"] * screen.rows.index(r), *["right"] * screen.columns.index(c))
        await pilot.pause()
        shown = text(app)
        cell = study.rows[r].cells[c]
        assert cell.note.strip().split("\n")[0][:40] in shown
        assert f"{c + 1}. {study.columns[c].id}" in shown
        counts = study.questions[c].counts
        assert f"{GLYPHS['skipped']}{counts['skipped']} skipped" in shown
        assert f"{study.rows[r].participant} · {study.rows[r].started_at:%Y-%m-%d %H:%M}" in shown


async def test_dates_are_iso_8601(study):
    # 26-12-07 read as 26 December 2007 in the UK: every date is 2026-12-07.
    app = OverviewApp(study)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for row in study.rows:
            line = next(ln for ln in lines(app) if ln.startswith(row.participant + " "))
            assert f" {row.started_at:%Y-%m-%d} " in line, line
        assert not re.search(r"(?<![\d-])\d\d-\d\d-\d\d(?![\d:])", text(app)), text(app)


async def test_sorting_rows_and_columns(study):
    app = OverviewApp(study)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        by_date = [study.rows[i].participant for i in row_order(study, "date")]
        assert row_labels(app) == by_date
        await pilot.press("s")
        await pilot.pause()
        assert "rows by skip rate" in text(app)
        by_skips = [study.rows[i].participant for i in row_order(study, "skip rate")]
        assert row_labels(app) == by_skips != by_date
        rates = [study.rows[i].skip_rate for i in row_order(study, "skip rate")]
        assert rates == sorted(rates, reverse=True)
        # Columns by skip rate: the most skipped question comes first.
        await pilot.press("c")
        await pilot.pause()
        top = max(range(len(study.columns)), key=lambda i: (study.questions[i].skip_rate, -i))
        assert app.screen.columns[0] == top
        header = next(line for line in lines(app) if line.lstrip().startswith(str(top + 1)))
        assert header.split()[0] == str(top + 1)
        await pilot.press("s", "s", "s")  # participant, interviewer, back to date
        await pilot.pause()
        assert row_labels(app) == by_date


async def test_enter_opens_the_session_read_only_and_escapes_its_text(study):
    app = OverviewApp(study)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        hostile = next(r.index for r in study.rows if r.participant == "P999")
        await pilot.press(*["down"] * screen.rows.index(hostile), "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionView)
        shown = text(app)
        assert "(read only)" in shown
        assert "\\x1b]52;c;aGk=\\x07" in shown and "\x1b" not in shown
        assert '<script>alert("x")</script>' in shown  # text, not markup
        assert '<b onmouseover="x()">Z\\x1b[31m</b>' in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        # Another session: its notes, every one, and its bookmarks are in its view.
        await pilot.press("up", "enter")
        await pilot.pause()
        row = study.rows[screen.rows[screen.rows.index(hostile) - 1]]
        body = "\n".join(str(w.render()) for w in app.screen.query(".question, .bookmark"))
        for cell in row.cells:
            if cell is not None and cell.note.strip():
                assert cell.note.strip().split("\n")[0] in body
        assert len(app.screen.query(".bookmark")) == len(row.bookmarks)


async def test_sections_screen(study):
    app = OverviewApp(study)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, SectionsView)
        shown = text(app)
        about = next(s for s in study.sections if s.path == ("About You",))
        line = next(ln for ln in shown.splitlines() if ln.strip().startswith("About You"))
        assert f"{about.over_budget}/{len(about.spent)}" in line and "5:00" in line
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_no_color_keeps_the_glyphs(study, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = OverviewApp(study)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = text(app)
        for status in ("asked", "probed", "skipped", "covered", "pending"):
            assert GLYPHS[status] in shown


def test_overview_needs_a_terminal(tmp_path):
    make_study(tmp_path, count=2)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["overview", str(tmp_path)])
    assert status == 2 and "needs a terminal" in err.getvalue()


def test_hostile_note_is_in_the_fixture(study):
    assert any(c is not None and c.note == HOSTILE_NOTE for r in study.rows for c in r.cells)

"""`prompter overview`: a study at a glance in the terminal (read only).

A heat map of sessions (rows, labelled participant, date, interviewer, state) by
questions (columns, numbered, under their sections), each cell the status's
glyph on the status's theme colour; the glyphs alone tell the statuses apart
(NO_COLOR, monochrome). Below it, the cell under the cursor (or the mouse): its
note, the question's counts and median time, its section's time against budget.
Enter opens the session read only; `s`/`c` sort rows/columns; `t` lists the
sections. Everything from a file is shown through `prompter.text` (never markup).

Longer than most modules on purpose: one screen and its three small read-only views.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from prompter.study import COLUMN_SORTS, ROW_SORTS, Study, column_order, row_order
from prompter.study.model import SectionStats, SessionRow
from prompter.text import SECTION_SEP, one_line, visible_lines
from prompter.timefmt import clock
from prompter.tui.widgets import STATUS_GLYPHS

# The interview screen's glyphs, and one for a status it does not have.
GLYPHS = {"not_applicable": "–"} | {s: g for s, (g, _) in STATUS_GLYPHS.items()}
# Theme colours of the statuses as cell backgrounds: four that differ in the default
# and the high-contrast themes (accent and warning are both orange in textual-dark).
FILLS = {
    "asked": "success",
    "probed": "accent",
    "skipped": "error",
    "covered": "secondary",
    "not_applicable": "panel",
}
CELL_W = 3
LABEL_PARTICIPANT = 8


def _short(text: str, n: int) -> str:
    text = one_line(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def row_label(row: SessionRow) -> Text:
    state = "done" if row.state == "finished" else "open"
    return Text(
        f"{_short(row.participant, LABEL_PARTICIPANT):<{LABEL_PARTICIPANT}} "
        f"{row.started_at:%Y-%m-%d} {_short(row.interviewer, 3):<3} {state}"
    )


def section_text(study: Study, path: tuple[str, ...]) -> str:
    sec = next((s for s in study.sections if s.path == path), None)
    if sec is None or sec.median is None:
        return ""
    text = f"{_short(path[-1], 30)}: median {clock(sec.median)}"
    if sec.budget_seconds is not None:
        text += (
            f" of {clock(sec.budget_seconds)} budget, {sec.over_budget} of "
            f"{len(sec.spent)} sessions over"
        )
    return text


class OverviewScreen(Screen):
    """The heat map and the details of the cell under the cursor."""

    BINDINGS = [
        Binding("enter", "open", "Open session", priority=True),
        Binding("s", "sort_rows", "Sort rows"),
        Binding("c", "sort_columns", "Sort columns"),
        Binding("t", "sections", "Sections"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, study: Study, *, skipped: int = 0):
        super().__init__()
        self.study = study
        self.skipped = skipped
        self.row_sort = ROW_SORTS[0]
        self.column_sort = COLUMN_SORTS[0]
        self.rows: list[int] = row_order(study, self.row_sort)
        self.columns: list[int] = column_order(study, self.column_sort)
        self._cells: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield DataTable(
            id="matrix", cursor_type="cell", header_height=2, cell_padding=0, show_row_labels=True
        )
        yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.watch(table, "hover_coordinate", self._hovered, init=False)
        self.fill()
        table.focus()
        # Cell colours are the theme's: a new theme redraws them.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.fill(self._cursor()))

    # ------------------------------------------------------------- building

    def cell_texts(self) -> dict[str, Text]:
        """One styled text per status, in the theme's colours (shared by every cell)."""
        variables = self.app.theme_variables
        texts = {}
        for status, glyph in GLYPHS.items():
            fill = FILLS.get(status)
            if fill is None:  # pending: a muted dot on the table's own background
                style = f"{variables.get('text-muted', 'grey50')}"
            else:
                bg = Color.parse(variables.get(fill, "grey50"))
                style = f"bold {bg.get_contrast_text(1.0).hex} on {bg.hex}"
            texts[status] = Text(f" {glyph} ", style=style)
        return texts

    def fill(self, keep: tuple[int, int] | None = None) -> None:
        """(Re)build the table in the current orders; the cursor on `keep` (row, column
        indexes into the study) if given."""
        study, table = self.study, self.query_one(DataTable)
        self._cells = self.cell_texts()
        table.clear(columns=True)
        previous: tuple[str, ...] | None = None
        offset = 0
        for i in self.columns:
            col = study.columns[i]
            top = col.section[:1]
            if top != previous:  # a new group: its section title runs across its columns
                previous, offset = top, 0
            title = (top[0] if top else "") + " "
            piece = one_line(title)[offset * CELL_W : (offset + 1) * CELL_W]
            offset += 1
            label = Text(f"{piece:<{CELL_W}}\n{i + 1:>{CELL_W}}", no_wrap=True)
            table.add_column(label, width=CELL_W, key=str(i))
        blank = Text(" " * CELL_W)
        for r in self.rows:
            row = study.rows[r]
            cells = [
                self._cells[c.status] if c is not None else blank
                for c in (row.cells[i] for i in self.columns)
            ]
            table.add_row(*cells, key=str(r), label=row_label(row))
        if keep is not None:
            table.move_cursor(
                row=self.rows.index(keep[0]), column=self.columns.index(keep[1]), animate=False
            )
        self.show_summary()
        self.show_detail(table.cursor_coordinate)

    def show_summary(self) -> None:
        meta = self.study.metadata()
        skipped = f" · {self.skipped} file(s) skipped" if self.skipped else ""
        self.query_one("#summary", Static).update(
            Content(
                f"{meta['sessions']} sessions × {meta['questions']} questions · rows by "
                f"{self.row_sort} · columns by {self.column_sort}{skipped}"
            )
        )

    # -------------------------------------------------------------- details

    def at(self, coordinate: Coordinate) -> tuple[int, int] | None:
        """(row, column) indexes into the study at a table coordinate."""
        if not (
            0 <= coordinate.row < len(self.rows) and 0 <= coordinate.column < len(self.columns)
        ):
            return None
        return self.rows[coordinate.row], self.columns[coordinate.column]

    def show_detail(self, coordinate: Coordinate) -> None:
        where = self.at(coordinate)
        detail = self.query_one("#detail", Static)
        if where is None:
            detail.update("")
            return
        study = self.study
        row, col_i = study.rows[where[0]], where[1]
        col, stats = study.columns[col_i], study.questions[col_i]
        cell = row.cells[col_i]
        state = "finished" if row.state == "finished" else "in progress"
        lines = [
            Content.assemble(
                (one_line(row.participant), "bold"),
                f" · {row.started_at:%Y-%m-%d %H:%M} · {one_line(row.interviewer)} · {state}",
            ),
            Content.assemble((f"{col_i + 1}. {one_line(col.id)}", "bold"), " ", one_line(col.text)),
        ]
        if cell is None:
            lines.append(Content("not in this session's guide"))
        else:
            note = one_line(cell.note) if cell.note.strip() else "(no note)"
            lines.append(
                Content(
                    f"{GLYPHS[cell.status]} {cell.status.replace('_', ' ')} · "
                    f"{clock(cell.seconds)} on it · note: {note}"
                )
            )
        counts = " ".join(
            f"{GLYPHS[s]}{stats.counts.get(s, 0)} {s.replace('_', ' ')}" for s in study.statuses
        )
        median = clock(stats.median_seconds) if stats.median_seconds is not None else "–"
        lines.append(Content(f"{stats.sessions} sessions: {counts} · median {median}"))
        lines.append(
            Content(
                section_text(study, col.section)
                or SECTION_SEP.join(one_line(s) for s in col.section)
            )
        )
        detail.update(Content("\n").join(lines))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_detail(event.coordinate)

    def _hovered(self, coordinate: Coordinate) -> None:
        table = self.query_one(DataTable)
        if table.is_mouse_over and self.at(coordinate) is not None:
            self.show_detail(coordinate)

    # -------------------------------------------------------------- actions

    def _cursor(self) -> tuple[int, int] | None:
        return self.at(self.query_one(DataTable).cursor_coordinate)

    def action_sort_rows(self) -> None:
        self.row_sort = ROW_SORTS[(ROW_SORTS.index(self.row_sort) + 1) % len(ROW_SORTS)]
        keep = self._cursor()
        self.rows = row_order(self.study, self.row_sort)
        self.fill(keep)
        self.notify(f"Rows by {self.row_sort}", timeout=2)

    def action_sort_columns(self) -> None:
        self.column_sort = COLUMN_SORTS[
            (COLUMN_SORTS.index(self.column_sort) + 1) % len(COLUMN_SORTS)
        ]
        keep = self._cursor()
        self.columns = column_order(self.study, self.column_sort)
        self.fill(keep)
        self.notify(f"Columns by {self.column_sort}", timeout=2)

    def action_open(self) -> None:
        where = self._cursor()
        if where is not None:
            self.app.push_screen(SessionView(self.study, where[0], focus=where[1]))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_open()  # a click on a cell

    def action_sections(self) -> None:
        self.app.push_screen(SectionsView(self.study))


class SessionView(Screen):
    """One session, read only: every question's status, time and note; its bookmarks."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def __init__(self, study: Study, row: int, *, focus: int | None = None):
        super().__init__()
        self.study, self.row, self.focus_column = study, row, focus

    def compose(self) -> ComposeResult:
        study, row = self.study, self.study.rows[self.row]
        state = "finished" if row.state == "finished" else "in progress"
        yield Static(
            Content.assemble(
                (one_line(row.participant), "bold"),
                f" · {row.started_at:%Y-%m-%d %H:%M} · {one_line(row.interviewer)} · {state} · "
                f"{clock(row.elapsed_seconds)} · {one_line(row.guide)} (read only)",
            ),
            id="session-title",
        )
        with VerticalScroll(id="session-body"):
            previous: tuple[str, ...] = ()
            for i, col in enumerate(study.columns):
                cell = row.cells[i]
                if cell is None:
                    continue
                if col.section != previous:
                    previous = col.section
                    yield Static(
                        Content.styled(
                            SECTION_SEP.join(one_line(s) for s in col.section), "bold underline"
                        ),
                        classes="section",
                    )
                head = Content.assemble(
                    (f"{GLYPHS[cell.status]} ", "bold"),
                    (f"{i + 1}. {one_line(col.id)}", "bold"),
                    f"  {cell.status.replace('_', ' ')} · {clock(cell.seconds)}",
                )
                parts = [head, Content(one_line(col.text))]
                if cell.note.strip():
                    parts.append(Content.styled(visible_lines(cell.note), "italic"))
                yield Static(Content("\n").join(parts), classes="question", id=f"q{i}")
            if row.bookmarks:
                yield Static(Content.styled("Bookmarks", "bold underline"), classes="section")
                for b in row.bookmarks:
                    label = one_line(b.get("label", "")) or "(no label)"
                    yield Static(
                        Content(
                            f"{clock(b.get('at_seconds'))}  "
                            f"{one_line(b.get('question', ''))}  {label}"
                        ),
                        classes="bookmark",
                    )
        yield Footer()

    def on_mount(self) -> None:
        body = self.query_one("#session-body")
        body.focus()
        if self.focus_column is not None:
            found = self.query(f"#q{self.focus_column}")
            if found:
                self.call_after_refresh(
                    body.scroll_to_widget, found.first(), animate=False, top=True
                )


def _bar(sec: SectionStats, longest: float, width: int = 20) -> str:
    if sec.median is None or longest <= 0:
        return ""
    filled = round(width * sec.median / longest)
    bar = "█" * filled + " " * (width - filled)
    if sec.budget_seconds is not None:
        mark = min(width - 1, round(width * sec.budget_seconds / longest))
        bar = bar[:mark] + "│" + bar[mark + 1 :]
    return bar


class SectionsView(Screen):
    """Every section: median and longest time across sessions, against its budget."""

    BINDINGS = [Binding("escape,q,t", "app.pop_screen", "Back")]

    def __init__(self, study: Study):
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        yield Static(
            Content("Sections: time across sessions against the budget (█ median, │ budget)"),
            id="summary",
        )
        yield DataTable(id="sections", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("section", "median", "longest", "budget", "over", "")
        longest = max(
            [s.maximum or 0 for s in self.study.sections]
            + [s.budget_seconds or 0 for s in self.study.sections]
            + [1]
        )
        for sec in self.study.sections:
            name = "  " * (len(sec.path) - 1) + _short(sec.path[-1] if sec.path else "", 28)
            budget = clock(sec.budget_seconds) if sec.budget_seconds is not None else "–"
            over = f"{sec.over_budget}/{len(sec.spent)}" if sec.budget_seconds is not None else "–"
            table.add_row(
                Text(name),
                clock(sec.median) or "–",
                clock(sec.maximum) or "–",
                budget,
                over,
                _bar(sec, longest),
            )
        table.focus()


class OverviewApp(App[int]):
    CSS_PATH = Path(__file__).parent / "overview.tcss"
    TITLE = "prompter overview"

    def __init__(self, study: Study, *, theme: str | None = None, skipped: int = 0):
        super().__init__()
        from prompter.tui.app import use_theme

        self.study = study
        self.skipped = skipped
        use_theme(self, theme)

    def on_mount(self) -> None:
        self.push_screen(OverviewScreen(self.study, skipped=self.skipped))


def run_overview(study: Study, *, theme: str | None = None, skipped: int = 0) -> int:
    OverviewApp(study, theme=theme, skipped=skipped).run()
    return 0

"""The report's charts as inline SVG strings: the heat map of sessions by questions,
the per-question status bars and the per-section time against budget.

Every drawn count carries data attributes (`data-status`, `data-count`, ...) so that
what the SVG shows can be read back and checked against `tally`. All text from
files goes through `esc` (one line, control characters made visible, HTML-escaped).
"""

from __future__ import annotations

import html

from prompter.report.palette import INK, LABELS, STATUS_COLOURS, STATUS_SYMBOLS
from prompter.study import Study
from prompter.text import one_line, visible_lines
from prompter.timefmt import clock

CELL = 14  # heat-map cell, px
LABEL_W = 300  # session labels left of the heat map
BAND_H = 18  # a section band above the heat map
NUM_H = 28  # the column numbers
CHAR_W = 6.8  # approximate width of a character at the charts' font size
BAR_W = 420  # the full width of a bar chart


def esc(text: object) -> str:
    """File text made safe for HTML and SVG: on one line, controls visible, escaped."""
    return html.escape(one_line(str(text)), quote=True)


def esc_lines(text: str) -> str:
    """Multi-line file text (notes), controls visible, escaped."""
    return html.escape(visible_lines(text), quote=True)


def fit(text: str, width: float) -> str:
    """`text` cut with an ellipsis to about `width` px."""
    n = max(1, int(width / CHAR_W))
    return text if len(text) <= n else text[: max(0, n - 1)] + "…"


def _svg(width: float, height: float, label: str, body: list[str], cls: str) -> str:
    return (
        f'<svg class="{cls}" role="img" '
        f'aria-label="{esc(label)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}">' + "".join(body) + "</svg>"
    )


def _bands(study: Study, order: list[int], depth: int, y: float) -> list[str]:
    """Section titles at `depth` spanning each run of columns that share them."""
    out = []
    start = 0
    keys = [study.columns[i].section[: depth + 1] for i in order]
    for j in range(1, len(order) + 1):
        if j == len(order) or keys[j] != keys[start]:
            key = keys[start]
            if len(key) > depth:
                x = LABEL_W + start * CELL
                w = (j - start) * CELL
                title = key[depth]
                out.append(
                    f'<g class="band"><title>{esc(title)}</title>'
                    f'<rect x="{x}" y="{y}" width="{w - 1}" height="{BAND_H - 2}" '
                    f'fill="{"#dde6f0" if depth == 0 else "#eef2f7"}"/>'
                    f'<text x="{x + 3}" y="{y + 12}">{esc(fit(title, w - 6))}</text></g>'
                )
            start = j
    return out


def heat_map(study: Study, order: list[int], *, with_notes: bool) -> str:
    """Rows: sessions (oldest first); columns: questions under their sections."""
    depth = max((len(c.section) for c in study.columns), default=0)
    bands = min(depth, 2)
    top = bands * BAND_H + NUM_H
    width = LABEL_W + len(order) * CELL + 8
    height = top + len(study.rows) * CELL + 8
    body: list[str] = []
    for d in range(bands):
        body += _bands(study, order, d, d * BAND_H)
    y_num = bands * BAND_H + NUM_H - 4
    for j, i in enumerate(order):
        x = LABEL_W + j * CELL + CELL / 2 + 3
        col = study.columns[i]
        body.append(
            f'<text class="num" x="{x:.1f}" y="{y_num}" '
            f'transform="rotate(-90 {x:.1f} {y_num})">{i + 1}'
            f"<title>{i + 1}. {esc(col.id)}</title></text>"
        )
    for r, row in enumerate(study.rows):
        y = top + r * CELL
        label = (
            f"{fit(one_line(row.participant), 90)}  {row.started_at:%Y-%m-%d %H:%M}  "
            f"{fit(one_line(row.interviewer), 40)}  "
            f"{'finished' if row.state == 'finished' else 'in progress'}"
        )
        body.append(f'<text class="row" x="4" y="{y + CELL - 3}">{html.escape(label)}</text>')
        for j, i in enumerate(order):
            cell = row.cells[i]
            if cell is None:
                continue
            x = LABEL_W + j * CELL
            st = cell.status
            tip = f"{one_line(row.participant)} · {study.columns[i].id}: {LABELS[st]}"
            if cell.seconds:
                tip += f" · {clock(cell.seconds)}"
            note = f"\n{esc_lines(cell.note)}" if with_notes and cell.note.strip() else ""
            body.append(
                f'<g class="cell"><title>{esc(tip)}{note}</title>'
                f'<rect x="{x}" y="{y}" width="{CELL - 1}" height="{CELL - 1}" '
                f'fill="{STATUS_COLOURS[st]}" data-session="{esc(row.id)}" '
                f'data-question="{esc(study.columns[i].id)}" data-status="{st}"/>'
                f'<text x="{x + (CELL - 1) / 2}" y="{y + CELL - 4}" fill="{INK[st]}">'
                f"{STATUS_SYMBOLS[st]}</text></g>"
            )
    return _svg(
        width, height, "Heat map: sessions by questions, coloured by status", body, "heatmap"
    )


def question_bars(study: Study, order: list[int]) -> str:
    """One stacked bar per question: how many sessions left it in each status."""
    row_h, label_w = 16, 300
    width = label_w + BAR_W + 90
    height = len(order) * row_h + 8
    most = max((q.sessions for q in study.questions), default=0) or 1
    body = []
    for j, i in enumerate(order):
        col, stats = study.columns[i], study.questions[i]
        y = j * row_h + 4
        body.append(
            f'<text class="row" x="4" y="{y + 11}">{i + 1}. '
            f"{esc(fit(one_line(col.id), label_w - 40))}<title>{esc(col.text)}</title>"
            "</text>"
        )
        x = float(label_w)
        for st in study.statuses:
            n = stats.counts.get(st, 0)
            w = BAR_W * n / most
            body.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{row_h - 3}" '
                f'fill="{STATUS_COLOURS[st]}" data-question="{esc(col.id)}" '
                f'data-status="{st}" data-count="{n}"><title>{esc(col.id)}: '
                f"{n} {LABELS[st]}</title></rect>"
            )
            x += w
        median = clock(stats.median_seconds) if stats.median_seconds is not None else "–"
        body.append(
            f'<text class="time" x="{label_w + BAR_W + 8}" y="{y + 11}" '
            f'data-question="{esc(col.id)}" data-median-seconds='
            f'"{stats.median_seconds if stats.median_seconds is not None else ""}">'
            f"{median}</text>"
        )
    return _svg(
        width,
        height,
        "Status of each question across sessions, and the median time on it",
        body,
        "bars",
    )


def section_bars(study: Study) -> str:
    """Per section: the median time spent (bar), the longest (thin bar) and the budget
    (a line), across sessions."""
    row_h, label_w = 20, 300
    width = label_w + BAR_W + 330
    height = len(study.sections) * row_h + 8
    longest = max(
        [s.maximum or 0 for s in study.sections]
        + [s.budget_seconds or 0 for s in study.sections]
        + [1]
    )
    body = []
    for j, sec in enumerate(study.sections):
        y = j * row_h + 4
        indent = 12 * (len(sec.path) - 1)
        title = sec.path[-1] if sec.path else ""
        body.append(
            f'<text class="row" x="{4 + indent}" y="{y + 13}">'
            f"{esc(fit(one_line(title), label_w - indent - 8))}"
            f"<title>{esc(' > '.join(sec.path))}</title></text>"
        )
        scale = BAR_W / longest
        if sec.maximum is not None:
            body.append(
                f'<rect x="{label_w}" y="{y + 12}" width="{sec.maximum * scale:.2f}" '
                f'height="3" fill="#9aa7b4"/>'
            )
        if sec.median is not None:
            body.append(
                f'<rect class="spent" x="{label_w}" y="{y + 2}" '
                f'width="{sec.median * scale:.2f}" height="9" fill="#3d5a80" '
                f'data-median-seconds="{sec.median:.3f}" data-sessions="{len(sec.spent)}">'
                f"<title>median {clock(sec.median)}, longest {clock(sec.maximum)}"
                "</title></rect>"
            )
        text = f"{clock(sec.median)} median" if sec.median is not None else "no time"
        if sec.budget_seconds is not None:
            bx = label_w + sec.budget_seconds * scale
            body.append(
                f'<line class="budget" x1="{bx:.2f}" x2="{bx:.2f}" y1="{y}" '
                f'y2="{y + row_h - 2}" stroke="#d55e00" stroke-width="2" '
                f'data-budget-seconds="{sec.budget_seconds:.0f}"/>'
            )
            text += (
                f" / {clock(sec.budget_seconds)} budget, {sec.over_budget} of {len(sec.spent)} over"
            )
        body.append(f'<text class="time" x="{label_w + BAR_W + 8}" y="{y + 13}">{text}</text>')
    return _svg(width, height, "Time in each section against its budget", body, "sections")


def legend(study: Study) -> str:
    body = []
    x = 0
    for st in study.statuses:
        body.append(
            f'<rect x="{x}" y="2" width="13" height="13" fill="{STATUS_COLOURS[st]}" '
            f'data-status="{st}"/><text x="{x + 6.5}" y="12" fill="{INK[st]}" '
            f'class="glyph">{STATUS_SYMBOLS[st]}</text>'
            f'<text x="{x + 18}" y="13">{LABELS[st]}</text>'
        )
        x += 30 + CHAR_W * len(LABELS[st])
    return _svg(x, 18, "Legend of the statuses", body, "legend")

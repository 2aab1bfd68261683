"""The report's HTML page: metadata, legend, heat map, charts, tallies table and (only
when asked for) the participants' notes. One file; nothing is fetched: no scripts,
no fonts, no images, no URLs. Print CSS lays it out for A4/Letter landscape."""

from __future__ import annotations

import html
from datetime import datetime

from prompter.report import svg
from prompter.report.palette import LABELS
from prompter.report.svg import esc, esc_lines
from prompter.study import Study
from prompter.text import SECTION_SEP
from prompter.timefmt import clock

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, sans-serif; color: #111; background: #fff;
       margin: 1.5rem auto; max-width: 1200px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .4rem; border-bottom: 1px solid #ccc; }
.meta { border-collapse: collapse; margin: .5rem 0; }
.meta th { text-align: left; padding: 1px 1rem 1px 0; font-weight: 600; }
.privacy { padding: .4rem .6rem; background: #f3f3f3; border-left: 4px solid #3d5a80; }
.scroll { overflow-x: auto; }
svg { display: block; font: 11px ui-monospace, monospace; }
svg text.num { font-size: 9px; }
svg .cell text, svg text.glyph { font-size: 10px; text-anchor: middle; }
svg .band text { font: 11px system-ui, sans-serif; }
table.tally { border-collapse: collapse; font-size: 12px; width: 100%; }
table.tally th, table.tally td { border-bottom: 1px solid #ddd; padding: 2px 6px; }
table.tally td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.tally th { text-align: left; background: #f3f3f3; }
table.tally tfoot td { font-weight: 600; }
.notes dt { font-weight: 600; margin-top: .5rem; }
.notes dd { white-space: pre-wrap; margin-left: 1.5rem; }
.small { color: #555; font-size: 12px; }
@media print {
  @page { size: landscape; margin: 12mm; }
  body { margin: 0; max-width: none; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scroll { overflow: visible; }
  svg { max-width: 100%; height: auto; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
}
"""


def _counts_line(counts: dict) -> str:
    return ", ".join(f"{esc(k)} ({v})" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))


def _metadata(study: Study, filters: str, with_notes: bool, generated: datetime) -> str:
    meta = study.metadata()
    first, last = meta["first"], meta["last"]
    dates = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first else "–"
    states = {("in progress" if k == "in_progress" else k): v for k, v in meta["states"].items()}
    rows = [
        ("Sessions", str(meta["sessions"])),
        ("Questions", str(meta["questions"])),
        ("Guides", _counts_line(meta["guides"])),
        ("Interviewers", _counts_line(meta["interviewers"])),
        ("Dates", dates),
        ("States", _counts_line(states)),
        ("Filters", esc(filters or "none")),
        ("Made", f"{generated:%Y-%m-%d %H:%M} by prompter report"),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    privacy = (
        "This report includes the participants' notes (made with --with-notes): "
        "share it only as your ethics approval allows."
        if with_notes
        else "Participants' notes and bookmark labels are not in this report; it holds "
        "statuses, times and the guide's text only."
    )
    return f'<table class="meta">{table}</table><p class="privacy">{privacy}</p>'


def _tally_table(study: Study) -> str:
    statuses = study.statuses
    head = "".join(f"<th>{LABELS[s]}</th>" for s in statuses)
    body = []
    totals = dict.fromkeys(statuses, 0)
    for i, (col, q) in enumerate(zip(study.columns, study.questions, strict=True)):
        cells = []
        for s in statuses:
            n = q.counts.get(s, 0)
            totals[s] += n
            pct = f"{100 * n / q.sessions:.0f}%" if q.sessions else "–"
            cells.append(
                f'<td class="n" data-status="{s}" data-count="{n}">{n} '
                f'<span class="small">{pct}</span></td>'
            )
        median = clock(q.median_seconds) if q.median_seconds is not None else "–"
        body.append(
            f'<tr data-question="{esc(col.id)}"><td class="n">{i + 1}</td>'
            f"<td><code>{esc(col.id)}</code></td><td>{esc(col.text)}"
            f'<div class="small">{esc(SECTION_SEP.join(col.section))}</div></td>'
            + "".join(cells)
            + f'<td class="n">{q.sessions}</td>'
            f'<td class="n">{median}</td></tr>'
        )
    foot = "".join(f'<td class="n">{totals[s]}</td>' for s in statuses)
    return (
        f'<table class="tally"><thead><tr><th>#</th><th>id</th><th>question</th>{head}'
        f"<th>sessions</th><th>median time</th></tr></thead><tbody>{''.join(body)}</tbody>"
        f"<tfoot><tr><td></td><td>total</td><td></td>{foot}<td></td><td></td></tr>"
        "</tfoot></table>"
    )


def _notes(study: Study) -> str:
    parts = []
    for row in study.rows:
        items = []
        for col, cell in zip(study.columns, row.cells, strict=True):
            if cell is not None and cell.note.strip():
                items.append(
                    f'<dt>{esc(col.id)} <span class="small">({LABELS[cell.status]})'
                    f"</span></dt><dd>{esc_lines(cell.note)}</dd>"
                )
        for b in row.bookmarks:
            label = b.get("label", "")
            items.append(
                f"<dt>bookmark at {clock(b.get('at_seconds'))}"
                f" ({esc(b.get('question', ''))})</dt><dd>{esc_lines(label)}</dd>"
            )
        if items:
            parts.append(
                f"<h3>{esc(row.participant)}, {row.started_at:%Y-%m-%d %H:%M}</h3>"
                f'<dl class="notes">{"".join(items)}</dl>'
            )
    return "".join(parts) or "<p>No notes.</p>"


def report_html(
    study: Study,
    *,
    with_notes: bool = False,
    filters: str = "",
    generated: datetime | None = None,
    title: str = "Study report",
) -> str:
    """The whole report as one HTML document."""
    generated = generated or datetime.now().astimezone()
    order = list(range(len(study.columns)))  # guide order; rows are oldest first
    sections = study.sections
    notes_part = f"<h2>Notes</h2>{_notes(study)}" if with_notes else ""
    tally_notes = "".join(f"<li>{esc(n)}</li>" for n in study.tally_notes)
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # No network at all, whatever the page holds: a second line of defence.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'\">",
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{html.escape(title)}</h1>",
            _metadata(study, filters, with_notes, generated),
            "<h2>Sessions by question</h2>",
            '<p class="small">One row per session (oldest first), one column per question '
            "(numbered as in the table below) under its section; the symbol in each cell "
            "repeats its colour. A blank cell: that session's guide has no such question.</p>",
            svg.legend(study),
            f'<figure class="scroll">{svg.heat_map(study, order, with_notes=with_notes)}</figure>',
            "<h2>Questions</h2>",
            '<p class="small">How many sessions left each question in each status, and the '
            "median time on it among the sessions that spent any time on it.</p>",
            f'<figure class="scroll">{svg.question_bars(study, order)}</figure>',
            "<h2>Sections: time against budget</h2>",
            '<p class="small">Bar: median time in the section (its sub-sections included) '
            "across sessions; thin bar: the longest; line: the guide's budget.</p>",
            f'<figure class="scroll">{svg.section_bars(study)}</figure>'
            if sections
            else "<p>No section times recorded.</p>",
            "<h2>Tallies</h2>",
            _tally_table(study),
            f"<ul>{tally_notes}</ul>" if tally_notes else "",
            notes_part,
            "</body></html>\n",
        ]
    )

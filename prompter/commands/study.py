"""`overview` and `report`: look at a study instead of reading it. Argparse only here;
each handler imports what it needs (textual only for `overview`, once the sessions are
read and checked)."""

from __future__ import annotations

import argparse
from pathlib import Path

from prompter.commands.session_files import (
    add_session_filters,
    report_duplicates,
    report_skipped,
    session_filters,
)
from prompter.errors import EXIT_INVALID, EXIT_OK

REPORT_HELP = (
    "Write one self-contained HTML file about the sessions under PATH: their metadata, a "
    "heat map of sessions by questions, each question's statuses and median time, each "
    "section's time against its budget, and the tallies. It needs no network and prints "
    "to PDF from a browser. The report is meant to be shared, so the participants' notes "
    "and bookmark labels are left out unless you add --with-notes: only do that where "
    "your ethics approval allows the notes to travel with it."
)


def _filter_args(p: argparse.ArgumentParser) -> None:
    add_session_filters(p, "which sessions (as for tally)")


def register(subparsers) -> dict:
    """Add `overview` and `report` to `subparsers`; returns {name: handler}."""
    overview = subparsers.add_parser(
        "overview",
        help="see a study at a glance: sessions by questions, in the terminal",
        description="Open a screen over the sessions under PATH: a heat map of sessions by "
        "questions coloured by status, each question's counts and median time, "
        "each section's time against its budget. Move over a cell to see its "
        "note; enter opens the session (read only).",
    )
    overview.add_argument("paths", nargs="+", metavar="PATH", help="session file or folder")
    overview.add_argument("--theme", help="a Textual theme, e.g. prompter-high-contrast")
    _filter_args(overview)

    report = subparsers.add_parser(
        "report",
        help="write a shareable HTML report of a study (no notes unless asked)",
        description=REPORT_HELP,
    )
    report.add_argument("paths", nargs="+", metavar="PATH", help="session file or folder")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the HTML file to write, e.g. report.html",
    )
    report.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    report.add_argument(
        "--with-notes",
        action="store_true",
        help="include the participants' notes and bookmark labels (left out "
        "by default: the report is meant to be shared)",
    )
    report.add_argument("--title", default="Study report", help="the report's heading")
    _filter_args(report)
    return {"overview": cmd_overview, "report": cmd_report}


def describe_filters(args) -> str:
    """The filters given, in words, for the report's header."""
    parts = [f"guide {g}" for g in args.guide] + [f"interviewer {i}" for i in args.interviewer]
    if args.since:
        parts.append(f"since {args.since:%Y-%m-%d}")
    if args.finished_only:
        parts.append("finished only")
    return ", ".join(parts)


def load_study(args):
    """(study, files skipped) for the PATHs and filters; None for the study (after saying
    why) when no session is left."""
    from prompter.analysis.read import empty_message, load_sessions
    from prompter.output import err
    from prompter.study import build_study

    loaded = load_sessions(args.paths, session_filters(args), jobs=args.jobs)
    report_skipped(loaded.skipped, loaded.notes)
    report_duplicates(loaded.sessions)
    if not loaded.sessions:
        err(empty_message(loaded, args.paths))
        return None, loaded.skipped
    return build_study(loaded.sessions), loaded.skipped


def cmd_report(args) -> int:
    from prompter.output import err, refuse_existing, say, write_output

    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    study, skipped = load_study(args)
    if study is None:
        return EXIT_INVALID
    from prompter.report import report_html

    text = report_html(
        study, with_notes=args.with_notes, filters=describe_filters(args), title=args.title
    )
    status = write_output(args.output, text, args.force)
    if status == EXIT_OK:
        notes = "with the participants' notes" if args.with_notes else "without notes"
        say(
            f"wrote {args.output}: {len(study.rows)} sessions, {len(study.columns)} "
            f"questions, {notes}"
        )
    if skipped:
        err(f"{len(skipped)} file{'s' * (len(skipped) != 1)} skipped")
        return max(status, EXIT_INVALID)
    return status


def cmd_overview(args) -> int:
    from prompter.commands.interview import need_terminal

    need_terminal(
        "overview is a screen: it needs a terminal (for a file to share, use 'prompter report')"
    )
    study, skipped = load_study(args)
    if study is None:
        return EXIT_INVALID
    from prompter.tui.overview import run_overview

    status = run_overview(study, theme=args.theme, skipped=len(skipped))
    return max(status, EXIT_INVALID if skipped else EXIT_OK)

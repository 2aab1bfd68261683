"""The parsers of `tally` and `export`. Imported whenever the `prompter` parser is
built, so it imports nothing heavy: the handlers import the readers and formats."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

TALLY_BY = ("question", "section", "code", "session")
TALLY_FORMATS = ("table", "csv", "json", "markdown")
EXPORT_FORMATS = ("csv", "matrix", "qdc", "markdown", "qdpx", "chapters")


def since_date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, such as 2026-03-01; got '{text}'"
        )
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date") from None


def positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1; got '{text}'")
    return n


def _common(p: argparse.ArgumentParser, output_help: str) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help=output_help)
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    add_session_filters(p)


def add_session_filters(p: argparse.ArgumentParser, title: str = "which sessions") -> None:
    """The options that choose sessions, the same for every command that reads many."""
    f = p.add_argument_group(title)
    f.add_argument(
        "--guide",
        action="append",
        default=[],
        metavar="TITLE_OR_SHA256",
        help="only sessions of this guide: its title, or its sha256 (or the first "
        "6+ digits of it); repeatable",
    )
    f.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar="NAME",
        help="only sessions by this interviewer (any case); repeatable",
    )
    f.add_argument(
        "--since",
        type=since_date,
        metavar="DATE",
        help="only sessions started on or after DATE (YYYY-MM-DD)",
    )
    f.add_argument(
        "--finished-only", action="store_true", help="leave out sessions still in progress"
    )
    p.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        help="processes reading files (default: one per idle core, up to 8; "
        "a pool is used from 200 files on)",
    )


def register(subparsers) -> dict:
    """Add `tally` and `export` to `subparsers`; returns {name: handler}."""
    tally = subparsers.add_parser(
        "tally",
        help="count asked/probed/skipped/covered/pending across sessions",
        description="Count, across session files, how often each question was asked, probed, "
        "skipped, covered or left pending. PATH is a session file, or a folder "
        "searched recursively for *.toml.",
    )
    tally.add_argument("paths", nargs="+", metavar="PATH", help="session file or folder")
    tally.add_argument(
        "--by",
        choices=TALLY_BY,
        default="question",
        help="one row per question (default), section, code or session",
    )
    tally.add_argument(
        "--format",
        choices=TALLY_FORMATS,
        default="table",
        help="table (default), or csv/json for machines, or markdown",
    )
    _common(tally, "write to FILE instead of standard output")

    export = subparsers.add_parser(
        "export",
        help="export sessions as CSV, a Framework matrix, a REFI-QDA codebook "
        "or project, or Markdown",
        description="Export session files. csv: one row per session and question; matrix: a "
        "Framework Method matrix, one row per participant; qdc: a REFI-QDA "
        "codebook of the guide's codes (PATH may be a guide); markdown: one "
        "write-up per session; qdpx: a REFI-QDA project (needs -o), one coded "
        "text per session, for NVivo, ATLAS.ti, MAXQDA or QualCoder.",
    )
    export.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="session file or folder (for qdc also a guide file or bundled guide name)",
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument(
        "--columns",
        choices=("codes", "questions"),
        help="matrix: one column per code (default) or per question",
    )
    export.add_argument(
        "--chapters",
        choices=("vtt", "audacity", "ffmetadata", "youtube"),
        help="chapters: WebVTT (default), Audacity labels, FFmpeg metadata or "
        "a YouTube list (docs/transcripts.md)",
    )
    export.add_argument(
        "--transcripts",
        type=Path,
        metavar="DIR",
        help="csv, matrix, markdown, qdpx: a folder of transcripts, found by "
        "session id or participant (attached ones are used first)",
    )
    export.add_argument(
        "--cells",
        choices=("notes", "transcript", "both"),
        help="matrix: what a cell holds: the notes (default), the transcript "
        "of the question, or both",
    )
    export.add_argument(
        "--presence",
        action="store_true",
        help="matrix: 1 where a question was asked, probed or covered, else 0, "
        "instead of the notes",
    )
    _common(
        export,
        "write to FILE instead of standard output (markdown of several "
        "sessions: FILE is a folder, one <session id>.md each)",
    )
    return {"tally": _handler("cmd_tally"), "export": _handler("cmd_export")}


def _handler(name: str):
    """The handler `name`, its module imported only when the command runs."""

    def run(args) -> int:
        from prompter.analysis.commands import handlers

        return getattr(handlers, name)(args)

    return run

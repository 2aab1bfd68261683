"""`tally` and `export` (pure; never imports textual): their parsers here, imported
whenever the `prompter` parser is built, so nothing heavy; `analysis_handlers` runs
them and imports the readers and formats.

A handler takes the parsed arguments and returns the exit status: 0 when every
file was used, 1 when any file was skipped (the rest is still processed) or the
output could not be written, 2 for a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prompter.commands.session_files import add_session_filters
from prompter.vocabulary import ALIGNS

TALLY_BY = ("question", "section", "code", "session")
TALLY_FORMATS = ("table", "csv", "json", "markdown")
EXPORT_FORMATS = ("csv", "matrix", "qdc", "markdown", "qdpx", "chapters")


def _common(p: argparse.ArgumentParser, output_help: str) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help=output_help)
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    add_session_filters(p)


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
        help="csv, matrix, markdown, qdpx, chapters: a folder of transcripts, found by "
        "session id or participant (attached ones are used first)",
    )
    export.add_argument(
        "--align",
        choices=ALIGNS,
        help="how a transcript's cues go to questions: 'text' (the keys and the "
        "interviewer's words) or 'timeline' (the question current at each cue's "
        "midpoint); default: as attached, else text (docs/transcripts.md)",
    )
    export.add_argument(
        "--cells",
        choices=("notes", "transcript", "both"),
        help="matrix: what a cell holds: the notes (default), the transcript "
        "of the question, or both",
    )
    export.add_argument(
        "--raw",
        action="store_true",
        help="csv, matrix: every cell exactly as written, for pandas or R; by default a "
        "cell that a spreadsheet would run as a formula (it begins with = + - @) gets an "
        "apostrophe in front (docs/analysis.md)",
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
        from prompter.commands import analysis_handlers

        return getattr(analysis_handlers, name)(args)

    return run

"""What the commands that read many session files share (tally, export, overview,
report): the options that choose the sessions, the filters they make, and the lines
that tell which files were skipped or counted twice. Imported while the parser is
built, so argparse-level only: the reader comes when a handler asks for filters."""

from __future__ import annotations

import argparse
import re
from datetime import date


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


def session_filters(args):
    """The reader's `Filters` for the options `add_session_filters` added."""
    from prompter.analysis.read import Filters

    return Filters(
        guides=list(args.guide),
        interviewers=list(args.interviewer),
        since=args.since,
        finished_only=args.finished_only,
    )


def report_skipped(skipped: list[str], notes: list[str] = ()) -> None:
    """The files not used, and the notes of the reading (a session and its emergency
    copy: which was used)."""
    from prompter.output import err, say

    for line in skipped:
        say(line + " (skipped)")
    for note in notes:
        err(note)


def report_duplicates(sessions) -> None:
    """A session id in several files (a copy, a backup) is counted once per file: say so."""
    paths: dict[str, list[str]] = {}
    for rec in sessions:
        paths.setdefault(rec.id, []).append(rec.path)
    report_duplicate_files({sid: where for sid, where in paths.items() if len(where) > 1})


def report_duplicate_files(duplicates: dict[str, list[str]]) -> None:
    """`report_duplicates` for a stream: session id -> its files (more than one)."""
    from prompter.output import err

    for sid, where in duplicates.items():
        err(f"note: session {sid} is in {len(where)} files ({', '.join(where)}); each is counted")

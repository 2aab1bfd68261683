"""`overview`, `report` and `serve`: look at a study instead of reading it, and run the
interview in a browser. Argparse only here; each handler imports what it needs
(textual only for `overview` and `serve`, once the sessions are read and checked)."""

from __future__ import annotations

import argparse
from pathlib import Path

from prompter.analysis.commands.args import add_session_filters
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
    _register_serve(subparsers)
    return {"overview": cmd_overview, "report": cmd_report, "serve": cmd_serve}


def _filters(args):
    from prompter.analysis.read import Filters

    return Filters(
        guides=list(args.guide),
        interviewers=list(args.interviewer),
        since=args.since,
        finished_only=args.finished_only,
    )


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
    from prompter.analysis.commands.output import err, report_duplicates, report_skipped
    from prompter.analysis.read import empty_message, load_sessions
    from prompter.study import build_study

    loaded = load_sessions(args.paths, _filters(args), jobs=args.jobs)
    report_skipped(loaded)
    report_duplicates(loaded.sessions)
    if not loaded.sessions:
        err(empty_message(loaded, args.paths))
        return None, loaded.skipped
    return build_study(loaded.sessions), loaded.skipped


def cmd_report(args) -> int:
    from prompter.analysis.commands.output import err, refuse_existing, say, write_output

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
    import sys

    from prompter.errors import UsageError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "overview is a screen: it needs a terminal (for a file to share, use 'prompter report')"
        )
    study, skipped = load_study(args)
    if study is None:
        return EXIT_INVALID
    from prompter.tui.overview import run_overview

    status = run_overview(study, theme=args.theme, skipped=len(skipped))
    return max(status, EXIT_INVALID if skipped else EXIT_OK)


# -------------------------------------------------------------------- serve

LOOPBACK = ("127.0.0.1", "localhost", "::1")
SERVE_INSTALL = (
    "'prompter serve' needs textual-serve: pip install 'prompter[serve]' "
    "(or pip install textual-serve)"
)


def _register_serve(subparsers) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="run the interview screen in a web browser (on this computer only)",
        description="Run the interview screen in a web browser: the same screen, keys and "
        "session file as 'prompter run'. It listens on 127.0.0.1 only, so that "
        "only this computer can open it; the URL is printed. Needs textual-serve "
        "(pip install 'prompter[serve]').",
    )
    from prompter.cli import add_run_options

    add_run_options(serve)
    serve.add_argument(
        "--host",
        help="address to listen on (default 127.0.0.1); any other "
        "lets other computers open the interview and its notes",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def _run_argv(args) -> list[str]:
    """The `prompter run` options the browser's interview is started with."""
    argv = [args.guide] if args.guide else []
    if args.participant is not None:
        argv += ["--participant", args.participant]
    argv += ["--interviewer", args.interviewer]
    for pair in args.extra:
        argv += ["--extra", pair]
    argv += ["--sessions-dir", str(args.sessions_dir)]
    if args.theme:
        argv += ["--theme", args.theme]
    return argv


def cmd_serve(args) -> int:
    import shlex
    import sys

    from prompter.analysis.commands.output import say
    from prompter.cli import parse_extra, sessions_dir
    from prompter.errors import UsageError
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.session.paths import ensure_sessions_dir, validate_participant

    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(SERVE_INSTALL) from None
    # Everything that can fail is checked here, before the server starts.
    load_guide(resolve_guide(args.guide))
    parse_extra(args.extra)
    if args.participant is not None:
        validate_participant(args.participant)
    args.sessions_dir = ensure_sessions_dir(sessions_dir(args.sessions_dir)).resolve()
    if args.guide and Path(args.guide).exists():
        args.guide = str(Path(args.guide).resolve())
    host = args.host or "127.0.0.1"
    if args.host is not None and args.host not in LOOPBACK:
        say(
            f"prompter: warning: listening on {host}: anyone who can reach this address can "
            "open the interview, and its notes would cross the network unencrypted"
        )
    command = shlex.join(
        [sys.executable, "-m", "prompter.study_commands", "serve-child", *_run_argv(args)]
    )
    url = f"http://{'[' + host + ']' if ':' in host else host}:{args.port}"
    print(f"prompter: the interview is at {url} (open it in a browser; ctrl+c stops)", flush=True)
    Server(command, host=host, port=args.port, title="prompter").serve()
    return EXIT_OK


def serve_child(argv: list[str]) -> int:
    """The interview in the browser: `prompter run`'s app on Textual's web driver (which
    textual-serve names in TEXTUAL_DRIVER). The session file is written by the same
    writer as in a terminal."""
    from prompter.cli import build_parser, parse_extra, sessions_dir
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.tui.app import PrompterApp

    args = build_parser().parse_args(["run", *argv])
    app = PrompterApp(
        load_guide(resolve_guide(args.guide)),
        participant=args.participant,
        interviewer=args.interviewer,
        extra=parse_extra(args.extra),
        sessions_dir=sessions_dir(args.sessions_dir),
        theme=args.theme,
    )
    app.driver_class = app.get_driver_class()  # the web driver, not the terminal's
    try:
        return app.run() or 0
    finally:
        if app.writer is not None:
            app.writer.close()


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["serve-child"]:
        sys.exit(serve_child(sys.argv[2:]))
    sys.exit(2)

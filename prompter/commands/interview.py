"""The interview commands: `run` (an interview from a guide) and `resume` (reopen one where
it stopped); `serve`, the same interview in a browser, is prompter.commands.serve.
Argparse only here; everything that can fail is read and checked before textual is
imported, so a bad file or a missing terminal is answered in milliseconds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prompter.errors import GuideError, UsageError

SESSIONS_ENV = "PROMPTER_SESSIONS_DIR"


def register(subparsers) -> dict:
    """Add `run` and `resume` to `subparsers`; returns {name: handler}."""
    run = subparsers.add_parser(
        "run",
        help="run an interview (the default command)",
        description="Run an interview from GUIDE: a YAML file, or the name of "
        "a bundled guide ('demo'). Default: the bundled "
        "Resilience Hub guide.",
    )
    add_run_options(run)

    resume = subparsers.add_parser("resume", help="reopen an interview where it stopped")
    resume.add_argument("session_file", type=Path, help="the session's .toml file")
    resume.add_argument(
        "--guide", help="the guide to resume with (default: the path recorded in the session file)"
    )
    resume.add_argument("--theme", help="a Textual theme, e.g. prompter-high-contrast")
    resume.add_argument(
        "--read-only",
        action="store_true",
        help="look at the session without changing its file (works while "
        "another prompter has it open)",
    )
    return {"run": cmd_run, "resume": cmd_resume}


def add_run_options(parser) -> None:
    """The options of an interview: `run`'s, and `serve`'s (the same interview in a browser)."""
    parser.add_argument("guide", nargs="?", help="guide file or bundled guide name")
    parser.add_argument("--participant", "-p", help="participant id; skips the start screen")
    parser.add_argument("--interviewer", "-i", default="", help="interviewer's name or initials")
    parser.add_argument(
        "--extra",
        "-x",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an extra metadata field such as site=Leeds or mode=video (repeatable)",
    )
    parser.add_argument(
        "--sessions-dir",
        "-d",
        type=Path,
        help=f"where session files go (default: ${SESSIONS_ENV} or ./sessions)",
    )
    parser.add_argument(
        "--theme", help="a Textual theme, e.g. prompter-high-contrast, textual-light"
    )


def parse_extra(pairs: list[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--extra takes KEY=VALUE, such as site=Leeds; got '{pair}'")
        extra[key.strip()] = value.strip()
    return extra


def sessions_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    return Path(os.environ.get(SESSIONS_ENV) or "sessions")


def need_terminal(
    message: str = "prompter needs a terminal: standard input and output must both "
    "be a terminal to run or resume an interview",
) -> None:
    """The screen needs a terminal on both sides: without one it could never be seen
    and would wait for ever (exit status 2, before anything else happens)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(message)


def use_escape_delay(config) -> None:
    """The config's `escape_delay_ms` for the screen: as $ESCDELAY, which curses and
    Textual read too (prompter.tui.textual_private)."""
    if config.escape_delay_ms is not None:
        os.environ["ESCDELAY"] = str(config.escape_delay_ms)


def cmd_run(args) -> int:
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide

    guide_path = resolve_guide(args.guide)
    guide = load_guide(guide_path)
    # Recorded absolute: `resume` finds it from any folder (docs/reliability.md).
    from dataclasses import replace

    guide = replace(guide, path=str(guide_path.absolute()))
    extra = parse_extra(args.extra)
    from prompter.config import load_config
    from prompter.session.paths import ensure_sessions_dir, validate_participant

    config = load_config()  # the user's defaults; the command line wins
    args.sessions_dir = args.sessions_dir or (
        None if os.environ.get(SESSIONS_ENV) else config.sessions_dir
    )

    if args.participant is not None:
        validate_participant(args.participant)
    # Fails here, not mid-screen. The default ./sessions is made private (0700) if it is not.
    default = args.sessions_dir is None and not os.environ.get(SESSIONS_ENV)
    folder = ensure_sessions_dir(sessions_dir(args.sessions_dir), make_private=default)
    need_terminal()
    use_escape_delay(config)
    from prompter.tui.app import run_interview

    return run_interview(
        guide,
        participant=args.participant,
        interviewer=args.interviewer or config.interviewer or "",
        extra=extra,
        sessions_dir=folder,
        theme=args.theme or config.theme,
        keymap=config.keymap,
    )


def cmd_resume(args) -> int:
    # Everything that can fail is read and checked here, once, before textual is imported.
    from prompter.session.lock import SessionLock
    from prompter.session.paths import check_writable
    from prompter.session.read import read_session_to_resume

    path = given = args.session_file
    # Through a link: resolved once, here, and saved to the file it names (an atomic save
    # to the link's name would replace the link and leave that file stale).
    path = _real_path(given)
    read_session_to_resume(path)  # a bad file is refused before anything is made beside it
    lock = None
    if not args.read_only:
        lock = SessionLock.acquire(path)
    try:
        if not args.read_only:
            check_writable(path.parent)
        # Read again under the lock: the previous writer may have saved meanwhile.
        data, repaired = read_session_to_resume(path)
        session, notice, reopen = _resumed_session(args, path, data)
        if path != given:
            notice += f" {given} is a link: saving to {path}."
        if repaired:
            notice += (
                f" Repaired: {repaired} time{'s' * (repaired != 1)} just below zero "
                "(a clock that went back) set to 0."
            )
        from prompter.config import load_config

        config = load_config()  # the user's theme and keymap
        need_terminal()
        use_escape_delay(config)
        from prompter.tui.app import resume_interview

        return resume_interview(
            session,
            path,
            notice=notice,
            theme=args.theme or config.theme,
            lock=lock,
            read_only=args.read_only,
            reopen=reopen,
            keymap=config.keymap,
        )
    finally:
        if lock is not None:
            lock.release()


def _real_path(path):
    """`path` with every symbolic link resolved (the file a link names), else `path`."""
    real = Path(os.path.realpath(path))
    return real if real != Path(os.path.abspath(path)) else path


def _recorded_guide(session_path, recorded: str | None):
    """The guide a session file records, read only if it is a YAML file that loads as a
    guide. A relative path is taken from the session file's folder. The file is untrusted:
    an error names the path and never quotes what the other file holds."""
    from prompter.guide import load_guide
    from prompter.text import visible

    if not recorded:
        raise UsageError(
            f"{session_path}: it does not record its guide's path; name it with --guide GUIDE"
        )
    guide_path = Path(recorded)
    if not guide_path.is_absolute():
        guide_path = Path(session_path).parent / guide_path
    shown = visible(str(guide_path))
    if guide_path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            f"{session_path}: its recorded guide {shown} is not a YAML file; "
            "name the guide with --guide GUIDE"
        )
    if not guide_path.is_file():
        raise UsageError(
            f"{session_path}: its guide {shown} is not there any more; name it with --guide GUIDE"
        )
    try:
        return load_guide(guide_path)
    except GuideError:
        raise UsageError(
            f"{session_path}: its recorded guide {shown} does not load as a "
            "guide; name it with --guide GUIDE"
        ) from None


def _resumed_session(args, path, data: dict):
    """(session, the notice for the screen, `reopen` for the writer) of a session file."""
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.session.resume import session_from_dict

    if args.guide is not None:
        guide = load_guide(resolve_guide(args.guide))
    else:
        guide = _recorded_guide(path, data["guide"].get("path"))
    session, reconciliation = session_from_dict(data, guide, log_resume=False)
    notice = f"Resumed {session.id}: {reconciliation.summary()}."
    reopen = None
    if args.read_only:
        notice += " Read-only: nothing you do here is saved."
    elif session.state == "finished":
        # Looking is not changing: the file is left as it is until the first change,
        # which opens the interview again (logged as 'resume' and 'reopen').
        reopen = reconciliation.summary()
        notice += (
            " It was finished; your first change opens it again (q, enter finishes "
            "it again). Until then its file is not touched."
        )
    else:
        session.log_resume(reconciliation.summary())
        notice += _closed_for(session, data["session"])
    return session, notice, reopen


def _closed_for(session, saved: dict) -> str:
    """Log how long prompter was closed while the interview ran (not paused): the
    recording is taken to have run on (recording time counts it; R on the screen says it
    did not). A file from before `saved_at` says nothing: read as before."""
    from prompter.timefmt import clock

    saved_at = saved.get("saved_at")
    if saved_at is None or saved.get("paused"):
        return ""  # a pause already counts the time away, as the recording ran on
    gap = (session.wall_now() - saved_at).total_seconds()
    if not 1 <= gap < 7 * 86400:  # a clock set back, or a file from another week
        return ""
    session.log_closed(gap)
    return f" Closed for {clock(gap)}: the recording is taken to have run on (R if it was stopped)."

"""The `prompter` command line: the door to the house.

Each command module in `COMMAND_MODULES` adds its sub-commands to the parser
and returns their handlers; they import nothing heavy until a handler runs.
Only `run` and `resume` import the screen (textual), and only once everything
that can fail has been checked: every other command stays in the pure core so
that it starts fast and works without a terminal.
"""

from __future__ import annotations

import gc
import sys

from prompter import __version__

# Everything else is imported where it is used: `prompter --version` and the
# non-screen commands start in the time of a bare interpreter plus what they use.
from prompter.errors import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    GuideError,
    PrompterError,
    UsageError,
)

SESSIONS_ENV = "PROMPTER_SESSIONS_DIR"
# Modules with `register(subparsers) -> {command: handler}`, besides this one's own, with
# the commands each adds (a test checks that they agree): a command's parser is built
# without importing the other modules, which keeps `prompter run` quick to start.
COMMAND_MODULES = {
    "prompter.analysis.commands": ("tally", "export"),
    "prompter.importer.command": ("import",),
    "prompter.study_commands": ("overview", "report", "serve"),
    "prompter.transcript.command": ("transcript",),
    "prompter.config_command": ("config",),
}
OWN_COMMANDS = ("run", "resume", "validate", "schema")
COMMANDS = (*OWN_COMMANDS, *(c for names in COMMAND_MODULES.values() for c in names))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:  # noqa: F821
    """The command line's parser; with `only`, just that command's sub-parser is complete
    (the other modules are not imported)."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(
        prog="prompter",
        description="Run a semi-structured interview from a YAML topic guide, beside the call.",
        epilog="With no command, 'run' is assumed: 'prompter' alone runs the bundled "
        "Resilience Hub guide. 'prompter COMMAND --help' tells more.",
    )
    parser.add_argument("--version", action="version", version=f"prompter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run an interview (the default command)",
        description="Run an interview from GUIDE: a YAML file, or the name of "
        "a bundled guide ('demo'). Default: the bundled "
        "Resilience Hub guide.",
    )
    add_run_options(run)

    resume = sub.add_parser("resume", help="reopen an interview where it stopped")
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

    validate = sub.add_parser("validate", help="check guide files and report every problem")
    validate.add_argument("guides", nargs="+", metavar="GUIDE")

    sub.add_parser("schema", help="print the JSON Schema of the guide format")

    from importlib import import_module

    for name, commands in COMMAND_MODULES.items():
        if only is None or only in commands:
            COMMAND_HANDLERS.update(import_module(name).register(sub))
    return parser


def add_run_options(parser) -> None:
    """The options of an interview: `run`'s, and `serve`'s (the same interview in a browser)."""
    from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # asked by scripts and installers: answer without the parser
        print(f"prompter {__version__}")
        return EXIT_OK
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        if argv and (mistyped := unknown_command(argv[0])):
            print(f"prompter: {mistyped}", file=sys.stderr)
            return EXIT_USAGE
        argv.insert(0, "run")
    parser = build_parser(only=argv[0] if argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    paused = args.command in ("run", "resume") and gc.isenabled()
    if paused:
        # Start-up builds much (Textual, the guide, the session) and frees little: no
        # cyclic collection until the screen runs (prompter.tui.app: then the collector
        # goes on, and what start-up built is frozen out of its sight).
        gc.disable()
    try:
        return COMMAND_HANDLERS[args.command](args)
    except GuideError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except UsageError as e:
        print(f"prompter: {e}", file=sys.stderr)
        return EXIT_USAGE
    except PrompterError as e:
        print(f"prompter: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    finally:
        if paused:
            gc.enable()


def unknown_command(word: str) -> str | None:
    """Why `word` (first on the command line, not a command) is refused, or None when it
    may name a guide for `run`: a file, or a bundled guide's name."""
    import difflib
    from pathlib import Path

    from prompter.guide.bundled import bundled_guides
    from prompter.text import one_line

    if word.startswith("-") or any(c in word for c in "./\\") or Path(word).exists():
        return None
    if word in {p.stem for p in bundled_guides()}:
        return None
    close = difflib.get_close_matches(word, sorted(COMMANDS), n=1, cutoff=0.6)
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else f"; the commands are {', '.join(sorted(COMMANDS))}"
    )
    return f"unknown command '{one_line(word)}'{hint} ('prompter --help' tells more)"


def cmd_validate(args) -> int:
    # Always parsed, never taken from the cache of parsed guides: checking is the point.
    from prompter.guide.bundled import resolve_guide
    from prompter.guide.load import load_guide
    from prompter.text import one_line

    status = EXIT_OK
    for name in args.guides:
        try:
            guide = load_guide(resolve_guide(name))
        except GuideError as e:
            for problem in e.problems:
                print(problem, file=sys.stderr)
            status = EXIT_INVALID
            continue
        probes = sum(len(q.probes) for q in guide.questions)
        print(  # the name and the guide's words made visible: never raw to the terminal
            f'ok {one_line(name)}: "{one_line(guide.title)}" v{one_line(guide.version)}, '
            f"{len(guide.sections)} sections, {len(guide.questions)} questions, {probes} probes"
        )
    return status


def cmd_schema(args) -> int:
    from prompter.guide.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def parse_extra(pairs: list[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--extra takes KEY=VALUE, such as site=Leeds; got '{pair}'")
        extra[key.strip()] = value.strip()
    return extra


def sessions_dir(given: Path | None) -> Path:  # noqa: F821
    import os
    from pathlib import Path

    if given is not None:
        return given
    return Path(os.environ.get(SESSIONS_ENV) or "sessions")


def need_terminal() -> None:
    """The screen needs a terminal on both sides: without one it could never be seen
    and would wait for ever (exit status 2, before anything else happens)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "prompter needs a terminal: standard input and output must both "
            "be a terminal to run or resume an interview"
        )


def cmd_run(args) -> int:
    import os

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
    import os
    from pathlib import Path

    real = Path(os.path.realpath(path))
    return real if real != Path(os.path.abspath(path)) else path


def _recorded_guide(session_path, recorded: str | None):
    """The guide a session file records, read only if it is a YAML file that loads as a
    guide. A relative path is taken from the session file's folder. The file is untrusted:
    an error names the path and never quotes what the other file holds."""
    from pathlib import Path

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
    return session, notice, reopen


COMMAND_HANDLERS = {
    "run": cmd_run,
    "resume": cmd_resume,
    "validate": cmd_validate,
    "schema": cmd_schema,
}

"""`prompter serve`: the interview screen in a web browser, and the child process each
page's interview runs in (`python -m prompter.commands.serve serve-child`).

The server (prompter.commands.serve_web) checks each request's Host and each websocket's
Origin against the address it serves, runs at most `--max-sessions` interviews at once
(one by default), and says on its standard error what became of each. A child is `prompter
run`'s app on Textual's web driver (prompter.tui.served): it ends when its server does
(SIGKILL included), goes through `run`'s save, report and emergency path
(prompter.session.ending), and a new page first offers the interview in progress that an
earlier page of this server left (issue 22, findings 2 and 4)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from prompter.commands.interview import add_run_options, parse_extra, sessions_dir
from prompter.commands.session_files import positive_int
from prompter.errors import EXIT_INVALID, EXIT_OK, PrompterError, UsageError

SERVE_INSTALL = (
    "'prompter serve' needs textual-serve: pip install 'prompter[serve]' "
    "(or pip install textual-serve)"
)


def register(subparsers) -> dict:
    """Add `serve` to `subparsers`; returns {name: handler}."""
    serve = subparsers.add_parser(
        "serve",
        help="run the interview screen in a web browser (on this computer only)",
        description="Run the interview screen in a web browser: the same screen, keys and "
        "session file as 'prompter run'. It listens on 127.0.0.1 only, so that "
        "only this computer can open it; the URL is printed. Needs textual-serve "
        "(pip install 'prompter[serve]').",
    )
    add_run_options(serve)
    serve.add_argument(
        "--host",
        help="address to listen on (default 127.0.0.1); any other "
        "lets other computers open the interview and its notes",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--max-sessions",
        type=positive_int,
        default=1,
        metavar="N",
        help="interviews open at once (default 1); a page beyond says one is already open",
    )
    return {"serve": cmd_serve}


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
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.output import err
    from prompter.session.paths import ensure_sessions_dir, validate_participant

    try:
        import textual_serve.server  # noqa: F401  (the server, before anything is started)
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
    from prompter.commands.serve_web import LOOPBACK_NAMES, PrompterServer, Reports

    host = args.host or "127.0.0.1"
    if args.host is not None and args.host not in LOOPBACK_NAMES:
        err(
            f"warning: listening on {host}: anyone who can reach this address can "
            "open the interview, and its notes would cross the network unencrypted"
        )

    with Reports() as reports:
        child = [sys.executable, "-m", "prompter.commands.serve", "serve-child"]
        child += _run_argv(args) + ["--serve-since", repr(time.time())]
        if reports.path is not None:
            child += ["--report-to", str(reports.path)]
        url = f"http://{'[' + host + ']' if ':' in host else host}:{args.port}"
        print(f"prompter: the interview is at {url} (open it in a browser; ctrl+c stops)")
        sys.stdout.flush()
        server = PrompterServer(
            shlex.join(child),
            host=host,
            port=args.port,
            title="prompter",
            max_sessions=args.max_sessions,
            reports=reports,
        )
        server.serve()
    return EXIT_OK


# ------------------------------------------------------------------- the child


def serve_child(argv: list[str]) -> int:
    """The interview in the browser: `prompter run`'s app on Textual's web driver (which
    textual-serve talks to through standard input and output), written by the same
    writer, ended by the same path (prompter.session.ending) as in a terminal. What it
    says goes to the server (`--report-to`, else standard error), never to standard
    output, which is the screen's channel."""
    parser = argparse.ArgumentParser(prog="prompter run")  # `run`'s options, as `run` names them
    add_run_options(parser)
    parser.add_argument("--serve-since", type=float)  # when the server started
    parser.add_argument("--report-to", type=Path)  # the server's pipe for what we say
    args = parser.parse_args(argv)
    report = _report_channel(args.report_to)
    from prompter.session.ending import ERR, Ending, settle, tell

    try:
        app = _served_app(args)
    except PrompterError as e:  # the guide changed since the server checked it
        tell(Ending(EXIT_INVALID, ((ERR, f"prompter: {e}"),)), out=report, err=report)
        return EXIT_INVALID
    try:
        app.run()
    finally:
        app.release_offer()
        try:
            ending = settle(app.writer)
        finally:
            if app.writer is not None:
                app.writer.close()
    tell(ending, out=report, err=report)
    return ending.status


def _served_app(args):
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.tui.served import ServedApp

    guide = load_guide(resolve_guide(args.guide))
    folder = sessions_dir(args.sessions_dir)
    offer = None
    if args.serve_since is not None:
        offer = interview_to_offer(folder, guide, args.participant, args.serve_since)
    return ServedApp(
        guide,
        offer=offer,
        participant=args.participant,
        interviewer=args.interviewer,
        extra=parse_extra(args.extra),
        sessions_dir=folder,
        theme=args.theme,
    )


def interview_to_offer(folder: Path, guide, participant: str | None, since: float):
    """The interview a new page offers to carry on (a `prompter.tui.served.Offer`), or
    None: the newest in progress in `folder` that was saved since `since` (by a page of
    this server), of `guide`, of `participant` where one is given, and that no other
    prompter has open (its lock is taken here, and held while the page asks)."""
    from prompter.session.lock import SessionLock
    from prompter.session.paths import SUFFIX, is_emergency_copy
    from prompter.session.read import read_session_to_resume

    found = []
    try:
        for entry in os.scandir(folder):
            name = entry.name
            if not name.endswith(SUFFIX) or name.startswith(".") or is_emergency_copy(name):
                continue
            if participant is not None and not name.startswith(f"{participant}_"):
                continue
            st = entry.stat(follow_symlinks=False)
            if st.st_mtime >= since:
                found.append((st.st_mtime, Path(entry.path)))
    except OSError:
        return None
    for _, path in sorted(found, reverse=True):
        try:
            data, _ = read_session_to_resume(path)
        except PrompterError:
            continue
        s = data["session"]
        if s.get("state") != "in_progress" or data["guide"].get("sha256") != guide.sha256:
            continue
        if participant is not None and s.get("participant") != participant:
            continue
        try:
            lock = SessionLock.acquire(path)
        except PrompterError:
            continue  # open in another page
        try:
            return _offer(path, guide, lock)
        except PrompterError:
            lock.release()
    return None


def _offer(path: Path, guide, lock):
    from prompter.session.read import read_session_to_resume
    from prompter.session.resume import session_from_dict
    from prompter.tui.served import Offer

    data, _ = read_session_to_resume(path)  # again, under the lock
    session, reconciliation = session_from_dict(data, guide, log_resume=False)
    return Offer(path, session, lock, reconciliation.summary())


def _report_channel(path: Path | None):
    """Where the child says what became of its interview: the server's pipe (never
    waiting on it: a server that does not read must not keep the child), else standard
    error."""
    if path is not None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            return os.fdopen(fd, "w", encoding="utf-8", errors="replace", buffering=1)
        except OSError:  # the server is gone (no reader), or its pipe with it
            pass
    return sys.stderr


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve-child"]:
        sys.exit(serve_child(sys.argv[2:]))
    sys.exit(2)

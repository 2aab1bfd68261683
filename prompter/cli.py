"""The `prompter` command line: the door to the house. It parses, dispatches, and turns
errors into exit statuses; the commands themselves are in `prompter/commands/`.

Each command module in `COMMAND_MODULES` adds its sub-commands to the parser
and returns their handlers; they import nothing heavy until a handler runs.
Only `run`, `resume`, `serve`, `overview` and `review` import the screen (textual),
and only once everything that can fail has been checked: every other command stays in
the pure core so that it starts fast and works without a terminal.
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

# Modules with `register(subparsers) -> {command: handler}`, with the commands each adds
# (a test checks that they agree): a command's parser is built without importing the
# other modules, which keeps `prompter run` quick to start.
COMMAND_MODULES = {
    "prompter.commands.interview": ("run", "resume"),
    "prompter.commands.serve": ("serve",),
    "prompter.commands.guides": ("validate", "schema", "import"),
    "prompter.commands.analysis": ("tally", "export"),
    "prompter.commands.study": ("overview", "report"),
    "prompter.commands.transcript": ("transcript",),
    "prompter.commands.review": ("review",),
    "prompter.commands.config": ("config",),
}
COMMANDS = tuple(c for names in COMMAND_MODULES.values() for c in names)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:  # noqa: F821
    """The command line's parser; with `only`, just that command's sub-parser is complete
    (the other modules are not imported)."""
    import argparse
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="prompter",
        description="Run a semi-structured interview from a YAML topic guide, beside the call.",
        epilog="With no command, 'run' is assumed: 'prompter' alone runs the bundled "
        "Resilience Hub guide. 'prompter COMMAND --help' tells more.",
    )
    parser.add_argument("--version", action="version", version=f"prompter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, commands in COMMAND_MODULES.items():
        if only is None or only in commands:
            COMMAND_HANDLERS.update(import_module(name).register(sub))
    return parser


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
        from prompter.output import say_problems

        say_problems(e)
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


COMMAND_HANDLERS: dict = {}  # {command: handler}, filled as build_parser registers

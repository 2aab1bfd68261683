"""The `import` sub-command: `prompter import FILE [-o GUIDE.yaml] [--force] [--codes]`.

Argparse only here; the readers and rules are imported when the command runs. The
guide goes to standard output, or with `-o` to a new file (or, with `--force`, over
an existing regular file: never through a symlink, into a device or a folder), written
atomically. A summary of what was found and every guess goes to standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from prompter.errors import EXIT_INVALID, EXIT_OK
from prompter.text import one_line


def register(subparsers) -> dict:
    p = subparsers.add_parser(
        "import",
        help="turn a topic guide in Word, Markdown or text into a YAML guide",
        description="Read a topic guide (.docx, .md or .txt) and write a prompter guide. "
        "Every place where the importer had to guess is marked in the YAML "
        "with '# guessed:' and listed on standard error. See "
        "docs/guide-import.md for the rules.",
    )
    p.add_argument("file", metavar="FILE", help="the topic guide: .docx, .md or .txt")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="GUIDE.yaml",
        help="write the guide here (default: standard output)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument(
        "--codes",
        action="store_true",
        help="read code labels such as 'Coherence/ Communal specification' into "
        "codes and a codebook",
    )
    return {"import": cmd_import}


def say(line: str, indent: str = "") -> None:
    print(indent + one_line(line), file=sys.stderr)


def refuse_output(path: Path, source: str, force: bool) -> str | None:
    """Why `path` must not be written, or None."""
    from prompter.session.atomic import not_replaceable

    why = not_replaceable(path)
    if why is not None or not path.exists():
        return why
    try:
        if os.path.samefile(path, source):
            return "is the file being imported; refusing to overwrite it"
    except OSError:
        pass
    if not force:
        return "already exists; use --force to overwrite it"
    return None


def cmd_import(args: argparse.Namespace) -> int:
    from prompter.importer import import_guide

    if args.output is not None:
        why = refuse_output(args.output, args.file, args.force)
        if why:
            say(f"prompter: {args.output}: {why}")
            return EXIT_INVALID
    result = import_guide(args.file, codes=args.codes)
    data = result.yaml.encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from prompter.session.atomic import write_atomic

        try:
            write_atomic(args.output, data, exclusive=not args.force)
        except FileExistsError:
            say(f"prompter: {args.output}: already exists; use --force to overwrite it")
            return EXIT_INVALID
        except OSError as e:
            say(f"prompter: {args.output}: cannot write: {e.strerror or e}")
            return EXIT_INVALID
    target = f" -> {args.output}" if args.output is not None else ""
    subs = (
        f" ({result.all_sections} with sub-sections)"
        if result.all_sections > result.sections
        else ""
    )
    say(
        f"imported {args.file}{target}: {result.sections} sections{subs}, {result.questions} "
        f"questions, {result.probes} probes, {len(result.guesses)} guesses"
    )
    if len(result.label_lines) >= 2:
        say(
            f"note: {len(result.label_lines)} lines look like code labels (the first at "
            f"{result.label_lines[0]}); --codes reads them as codes"
        )
    for g in result.guesses:
        say(f"{args.file}: {g.where}: guessed: {g.message}", indent="  ")
    return EXIT_OK

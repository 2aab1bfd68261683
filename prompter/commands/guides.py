"""The guide commands: `validate` (check guide files, report every problem), `schema`
(the guide format as a JSON Schema) and `import` (`prompter import FILE [-o GUIDE.yaml]
[--force] [--codes]`: a topic guide in Word, Markdown or text made a YAML guide).

Argparse only here; the loader, the readers and rules are imported when a command runs.
`import` writes the guide to standard output, or with `-o` to a new file (or, with
`--force`, over an existing regular file: never through a symlink, into a device or a
folder), written atomically. A summary of what was found and every guess goes to
standard error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prompter.errors import EXIT_INVALID, EXIT_OK, GuideError


def register(subparsers) -> dict:
    """Add `validate`, `schema` and `import` to `subparsers`; returns {name: handler}."""
    validate = subparsers.add_parser("validate", help="check guide files and report every problem")
    validate.add_argument("guides", nargs="+", metavar="GUIDE")

    subparsers.add_parser("schema", help="print the JSON Schema of the guide format")

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
    return {"validate": cmd_validate, "schema": cmd_schema, "import": cmd_import}


def cmd_validate(args) -> int:
    # Always parsed, never taken from the cache of parsed guides: checking is the point.
    from prompter.guide.bundled import resolve_guide
    from prompter.guide.load import load_guide
    from prompter.output import say_problems, write_output
    from prompter.text import one_line

    status = EXIT_OK
    for name in args.guides:
        try:
            guide = load_guide(resolve_guide(name))
        except GuideError as e:
            say_problems(e)
            status = EXIT_INVALID
            continue
        probes = sum(len(q.probes) for q in guide.questions)
        # The name and the guide's words made visible: never raw to the terminal.
        line = (
            f'ok {one_line(name)}: "{one_line(guide.title)}" v{one_line(guide.version)}, '
            f"{len(guide.sections)} sections, {len(guide.questions)} questions, {probes} probes"
        )
        status = max(status, write_output(None, line + "\n", False))
    return status


def cmd_schema(args) -> int:
    from prompter.guide.schema import schema_text
    from prompter.output import write_output

    return write_output(None, schema_text(), False)


def cmd_import(args: argparse.Namespace) -> int:
    from prompter.importer import import_guide
    from prompter.output import refuse_existing, say, write_output

    if refuse_existing(args.output, args.force, source=args.file):
        return EXIT_INVALID
    result = import_guide(args.file, codes=args.codes)
    status = write_output(args.output, result.yaml.encode("utf-8"), args.force)
    if status != EXIT_OK:
        return status
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

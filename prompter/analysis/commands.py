"""The `tally` and `export` commands (pure; never imports textual).

`register(subparsers)` adds both to the `prompter` parser and returns their
handlers by name; a handler takes the parsed arguments and returns the exit
status: 0 when every file was used, 1 when any file was skipped (the rest is
still processed) or the output could not be written, 2 for a usage error.
Every problem is one line on standard error that names the file.

This module is imported whenever the parser is built, so it imports nothing
heavy: the readers and formats are imported by the handlers.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
TALLY_BY = ("question", "section", "code", "session")
TALLY_FORMATS = ("table", "csv", "json", "markdown")
EXPORT_FORMATS = ("csv", "matrix", "qdc", "markdown")
GUIDE_SUFFIXES = (".yaml", ".yml")


def since_date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, such as 2026-03-01; "
                                         f"got '{text}'")
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
    f = p.add_argument_group("which sessions")
    f.add_argument("--guide", action="append", default=[], metavar="TITLE_OR_SHA256",
                   help="only sessions of this guide: its title, or its sha256 (or the first "
                        "6+ digits of it); repeatable")
    f.add_argument("--interviewer", action="append", default=[], metavar="NAME",
                   help="only sessions by this interviewer (any case); repeatable")
    f.add_argument("--since", type=since_date, metavar="DATE",
                   help="only sessions started on or after DATE (YYYY-MM-DD)")
    f.add_argument("--finished-only", action="store_true",
                   help="leave out sessions still in progress")
    p.add_argument("--jobs", type=positive_int, metavar="N",
                   help="processes reading files (default: one per idle core, up to 8; "
                        "a pool is used from 200 files on)")


def register(subparsers) -> dict:
    """Add `tally` and `export` to `subparsers`; returns {name: handler}."""
    tally = subparsers.add_parser(
        "tally", help="count asked/probed/skipped/covered/pending across sessions",
        description="Count, across session files, how often each question was asked, probed, "
                    "skipped, covered or left pending. PATH is a session file, or a folder "
                    "searched recursively for *.toml.")
    tally.add_argument("paths", nargs="+", metavar="PATH", help="session file or folder")
    tally.add_argument("--by", choices=TALLY_BY, default="question",
                       help="one row per question (default), section, code or session")
    tally.add_argument("--format", choices=TALLY_FORMATS, default="table",
                       help="table (default), or csv/json for machines, or markdown")
    _common(tally, "write to FILE instead of standard output")

    export = subparsers.add_parser(
        "export", help="export sessions as CSV, a Framework matrix, a REFI-QDA codebook "
                       "or Markdown",
        description="Export session files. csv: one row per session and question; matrix: a "
                    "Framework Method matrix, one row per participant; qdc: a REFI-QDA "
                    "codebook of the guide's codes (PATH may be a guide); markdown: one "
                    "write-up per session.")
    export.add_argument("paths", nargs="+", metavar="PATH",
                        help="session file or folder (for qdc also a guide file or bundled "
                             "guide name)")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--columns", choices=("codes", "questions"),
                        help="matrix: one column per code (default) or per question")
    export.add_argument("--presence", action="store_true",
                        help="matrix: 1 where a question was asked, probed or covered, else 0, "
                             "instead of the notes")
    _common(export, "write to FILE instead of standard output (markdown of several "
                    "sessions: FILE is a folder, one <session id>.md each)")
    return {"tally": cmd_tally, "export": cmd_export}


# ------------------------------------------------------------------ helpers


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """`text` as one line with no terminal control characters (they come from files)."""
    text = " ".join(str(text).split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _say(line: str) -> None:
    print(one_line(line), file=sys.stderr)


def _err(message: str) -> None:
    _say(f"prompter: {message}")


def _report_skipped(loaded) -> None:
    for line in loaded.skipped:
        _say(line + " (skipped)")


def _report_duplicates(sessions) -> None:
    """A session id in several files (a copy, a backup) is counted once per file: say so."""
    paths: dict[str, list[str]] = {}
    for rec in sessions:
        paths.setdefault(rec.id, []).append(rec.path)
    for sid, where in paths.items():
        if len(where) > 1:
            _err(f"note: session {sid} is in {len(where)} files ({', '.join(where)}); "
                 "each is counted")


def _filters(args):
    from prompter.analysis.read import Filters

    return Filters(guides=list(args.guide), interviewers=list(args.interviewer),
                   since=args.since, finished_only=args.finished_only)


def _refuse_existing(path: Path | None, force: bool) -> bool:
    """True (after saying why) if `path` must not be written."""
    if path is None:
        return False
    if path.is_dir():
        _err(f"{path}: is a folder; -o takes a file name")
        return True
    if (path.exists() or path.is_symlink()) and not force:
        _err(f"{path}: already exists; use --force to overwrite it")
        return True
    return False


def write_output(path: Path | None, data: str | bytes, force: bool) -> int:
    """`data` to standard output, or to `path` (atomically; never over an existing
    file without `force`). Returns an exit status."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return EXIT_OK
    from prompter.sessionfile import write_atomic

    try:
        write_atomic(path, raw, exclusive=not force)
    except FileExistsError:
        _err(f"{path}: already exists; use --force to overwrite it")
        return EXIT_INVALID
    except OSError as e:
        _err(f"{path}: cannot write: {e.strerror or e}")
        return EXIT_INVALID
    return EXIT_OK


def _load(args):
    """The sessions, or None (after saying why) if there are none."""
    from prompter.analysis.read import empty_message, load_sessions

    loaded = load_sessions(args.paths, _filters(args), jobs=args.jobs)
    _report_skipped(loaded)
    _report_duplicates(loaded.sessions)
    if not loaded.sessions:
        _err(empty_message(loaded, args.paths))
        return loaded, None
    return loaded, loaded.sessions


def _each(loaded, sessions, render) -> list:
    """`render(rec)` for every session; a session that cannot be rendered (a file
    the checks let through with values beyond reason) is reported and skipped."""
    out = []
    for rec in sessions:
        try:
            out.append(render(rec))
        except Exception as e:  # never a traceback for one bad file
            line = f"{rec.path}: cannot export: {type(e).__name__}: {e}"
            _say(line + " (skipped)")
            loaded.skipped.append(line)
    return out


def _finish(loaded, status: int) -> int:
    if loaded.skipped:
        n, found = len(loaded.skipped), loaded.found
        _err(f"{n} file{'s' * (n != 1)} skipped" + (f" of {found} found" if found else ""))
        return max(status, EXIT_INVALID)
    return status


# -------------------------------------------------------------------- tally


def _table_width(output) -> int:
    """Width of a table that does not go straight to a terminal: $COLUMNS, else the
    terminal's (output piped into a pager), else 120."""
    import os

    if output is None:
        if os.environ.get("COLUMNS", "").isdigit():
            return max(40, int(os.environ["COLUMNS"]))
        try:
            return max(40, os.get_terminal_size(sys.__stderr__.fileno()).columns)
        except (OSError, AttributeError, ValueError):
            pass
    return 120


def cmd_tally(args) -> int:
    if _refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis import tally as t

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    result = t.tally(sessions, args.by)
    if args.format == "table":
        import io

        buf = io.StringIO()
        to_terminal = args.output is None and sys.stdout.isatty()
        if to_terminal:
            sys.stdout.flush()
            t.render_table(result, sys.stdout)
            status = EXIT_OK
        else:
            t.render_table(result, buf, width=_table_width(args.output))
            status = write_output(args.output, buf.getvalue(), args.force)
    else:
        text = {"csv": t.to_csv, "json": t.to_json, "markdown": t.to_markdown}[args.format](result)
        if args.format in ("csv", "json"):
            for note in result.notes:
                _err(f"note: {note}")
        status = write_output(args.output, text, args.force)
    return _finish(loaded, status)


# ------------------------------------------------------------------- export


def cmd_export(args) -> int:
    if args.format != "matrix" and (args.columns or args.presence):
        _err("--columns and --presence apply to --format matrix only")
        return EXIT_USAGE
    if args.format == "qdc":
        return _export_qdc(args)
    if args.format == "markdown":
        return _export_markdown(args)
    if _refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis import export as ex

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    if args.format == "csv":
        parts = _each(loaded, sessions, lambda rec: ex.to_csv([rec], header=False))
        text = ex.to_csv([]) + "".join(parts)
    else:
        text = ex.matrix_csv(sessions, columns=args.columns or "codes", presence=args.presence)
    return _finish(loaded, write_output(args.output, text, args.force))


def _export_markdown(args) -> int:
    out: Path | None = args.output
    if out is not None and out.exists() and not out.is_dir() and not args.force:
        _err(f"{out}: already exists; use --force to overwrite it")
        return EXIT_INVALID
    from prompter.analysis import export as ex

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    done = _each(loaded, sessions, lambda rec: (rec, ex.session_markdown(rec)))
    if not done:
        return _finish(loaded, EXIT_INVALID)
    if out is None:
        return _finish(loaded, write_output(None, ex.MD_SEPARATOR.join(t for _, t in done),
                                            args.force))
    if len(done) == 1 and not out.is_dir():
        return _finish(loaded, write_output(out, done[0][1], args.force))
    # Several sessions: -o names a folder, one <session id>.md each.
    if out.exists() and not out.is_dir():
        _err(f"{out}: is a file; with several sessions -o names a folder")
        return _finish(loaded, EXIT_INVALID)
    names: dict[str, str] = {}  # file name -> text
    for rec, text in done:
        name = ex.safe_file_name(rec.id)
        stem, n = name[:-3], 2
        while name in names:
            name, n = f"{stem}_{n}.md", n + 1
        names[name] = text
    if not args.force:
        taken = [out / n for n in names if (out / n).exists() or (out / n).is_symlink()]
        if taken:
            more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
            _err(f"{taken[0]}: already exists{more}; use --force to overwrite")
            return _finish(loaded, EXIT_INVALID)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        _err(f"{out}: cannot create the folder: {e.strerror or e}")
        return _finish(loaded, EXIT_INVALID)
    status = EXIT_OK
    for name, text in names.items():
        status = max(status, write_output(out / name, text, args.force))
    if status == EXIT_OK:
        _say(f"wrote {len(names)} file{'s' * (len(names) != 1)} to {out}")
    return _finish(loaded, status)


def _export_qdc(args) -> int:
    if _refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis import qdc
    from prompter.analysis.read import Loaded, empty_message, load_sessions
    from prompter.bundled import resolve_guide
    from prompter.errors import GuideError
    from prompter.guide import load_guide
    from prompter.sessionfile import code_entries

    entry_lists: list[list[dict]] = []
    session_paths = []
    guide_problems: list[str] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir() or (path.exists() and path.suffix.lower() not in GUIDE_SUFFIXES):
            session_paths.append(name)
            continue
        guide_path = path if path.exists() else resolve_guide(name)
        if not guide_path.exists():
            session_paths.append(name)  # reported as missing by the reader
            continue
        try:
            entry_lists.append(code_entries(load_guide(guide_path)))
        except GuideError as e:
            guide_problems += [str(p) for p in e.problems]
    loaded = Loaded([], [], 0, 0)
    if session_paths:
        loaded = load_sessions(session_paths, _filters(args), jobs=args.jobs)
        entry_lists += [qdc.entries_from_session(rec.data) for rec in loaded.sessions]
    for line in guide_problems:
        _say(line)
    _report_skipped(loaded)
    skipped = EXIT_INVALID if guide_problems else EXIT_OK
    if not entry_lists:
        _err(empty_message(loaded, args.paths) if session_paths else "no usable guide")
        return EXIT_INVALID
    roots = qdc.build_tree(entry_lists)
    if not roots:
        _err("no codes: the guide has no codebook, so there is nothing to export")
        return _finish(loaded, EXIT_INVALID)
    return _finish(loaded, max(skipped, write_output(args.output, qdc.codebook_xml(roots),
                                                      args.force)))

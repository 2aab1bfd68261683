"""Running `tally` and `export`: read the sessions, make the output, write it."""

from __future__ import annotations

import sys
from pathlib import Path

from prompter.analysis.commands.output import (
    err,
    refuse_existing,
    report_duplicates,
    report_skipped,
    say,
    table_width,
    write_output,
)
from prompter.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE

GUIDE_SUFFIXES = (".yaml", ".yml")


def _filters(args):
    from prompter.analysis.read import Filters

    return Filters(guides=list(args.guide), interviewers=list(args.interviewer),
                   since=args.since, finished_only=args.finished_only)


def _load(args):
    """The sessions, or None (after saying why) if there are none."""
    from prompter.analysis.read import empty_message, load_sessions

    loaded = load_sessions(args.paths, _filters(args), jobs=args.jobs)
    report_skipped(loaded)
    report_duplicates(loaded.sessions)
    if not loaded.sessions:
        err(empty_message(loaded, args.paths))
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
            say(line + " (skipped)")
            loaded.skipped.append(line)
    return out


def _transcripts(args, sessions) -> tuple[dict, int]:
    """{id(rec): SessionTranscript} of the sessions that have a transcript (attached, or
    found in --transcripts DIR), and an exit status: 1 if any could not be used (each
    said in one line; that session goes on without it)."""
    from prompter.analysis.read import session_transcript
    from prompter.errors import PrompterError

    folder = getattr(args, "transcripts", None)
    if folder is not None and not folder.is_dir():
        err(f"{folder}: not a folder (--transcripts takes a folder of transcripts)")
        return {}, EXIT_INVALID
    found, status = {}, EXIT_OK
    for rec in sessions:
        try:
            st = session_transcript(rec, folder)
        except PrompterError as e:
            say(f"{e} (transcript not used for {rec.id})")
            status = EXIT_INVALID
            continue
        if st is not None:
            found[id(rec)] = st
            report = st.assignment.report()
            say(f"{rec.id}: transcript {st.transcript.path} ({st.how}): {report}")
    return found, status


def _finish(loaded, status: int) -> int:
    if loaded.skipped:
        n, found = len(loaded.skipped), loaded.found
        err(f"{n} file{'s' * (n != 1)} skipped" + (f" of {found} found" if found else ""))
        return max(status, EXIT_INVALID)
    return status



# -------------------------------------------------------------------- tally


def cmd_tally(args) -> int:
    if refuse_existing(args.output, args.force):
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
            t.render_table(result, buf, width=table_width(args.output))
            status = write_output(args.output, buf.getvalue(), args.force)
    else:
        text = {"csv": t.to_csv, "json": t.to_json, "markdown": t.to_markdown}[args.format](result)
        if args.format in ("csv", "json"):
            for note in result.notes:
                err(f"note: {note}")
        status = write_output(args.output, text, args.force)
    return _finish(loaded, status)


# ------------------------------------------------------------------- export


def cmd_export(args) -> int:
    if args.format != "matrix" and (args.columns or args.presence or args.cells):
        err("--columns, --presence and --cells apply to --format matrix only")
        return EXIT_USAGE
    if args.transcripts is not None and args.format in ("qdc", "chapters"):
        err(f"--transcripts does not apply to --format {args.format}")
        return EXIT_USAGE
    if args.format == "chapters":
        from prompter.analysis.export.chapters import cmd_chapters

        return cmd_chapters(args)
    if args.format == "qdc":
        return _export_qdc(args)
    if args.format == "markdown":
        return _export_markdown(args)
    if args.format == "qdpx":
        return _export_qdpx(args)
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import long_csv, matrix

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    if args.format == "matrix" and refuse_mixed_guides(sessions):
        return EXIT_USAGE
    t_status = EXIT_OK
    if args.format == "csv":
        found, t_status = _transcripts(args, sessions)
        extra = long_csv.extra_keys(sessions)
        parts = _each(loaded, sessions, lambda rec: long_csv.to_csv(
            [rec], header=False, extra=extra, transcripts=found))
        text = long_csv.to_csv([], extra=extra) + "".join(parts)
    else:
        cells = args.cells or "notes"
        found = {}
        if cells != "notes" and not args.presence:
            found, t_status = _transcripts(args, sessions)
        elif args.transcripts is not None and not args.presence:
            err("note: --transcripts is used by the matrix with --cells transcript or both")
        spoken = {k: {q: long_csv.spoken_text(c) for q, c in st.by_question.items()}
                  for k, st in found.items()}
        text = matrix.matrix_csv(sessions, columns=args.columns or "codes", presence=args.presence,
                                 cells=cells, spoken=spoken)
    return _finish(loaded, max(t_status, write_output(args.output, text, args.force)))


def _export_markdown(args) -> int:
    out: Path | None = args.output
    if out is not None and out.exists() and not out.is_dir() and not args.force:
        err(f"{out}: already exists; use --force to overwrite it")
        return EXIT_INVALID
    from prompter.analysis.export import markdown as md

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    found, t_status = _transcripts(args, sessions)

    def finish(status: int) -> int:
        return _finish(loaded, max(status, t_status))

    def write_up(rec):
        st = found.get(id(rec))
        return rec, md.session_markdown(rec, st) if st else md.session_markdown(rec)

    done = _each(loaded, sessions, write_up)
    if not done:
        return finish(EXIT_INVALID)
    if out is None:
        return finish(write_output(None, md.MD_SEPARATOR.join(t for _, t in done),
                                            args.force))
    if len(done) == 1 and not out.is_dir():
        return finish(write_output(out, done[0][1], args.force))
    # Several sessions: -o names a folder, one <session id>.md each.
    if out.exists() and not out.is_dir():
        err(f"{out}: is a file; with several sessions -o names a folder")
        return finish(EXIT_INVALID)
    names: dict[str, str] = {}  # file name -> text
    for rec, text in done:
        name = md.safe_file_name(rec.id)
        stem, n = name[:-3], 2
        while name in names:
            name, n = f"{stem}_{n}.md", n + 1
        names[name] = text
    if not args.force:
        taken = [out / n for n in names if (out / n).exists() or (out / n).is_symlink()]
        if taken:
            more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
            err(f"{taken[0]}: already exists{more}; use --force to overwrite")
            return finish(EXIT_INVALID)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        err(f"{out}: cannot create the folder: {e.strerror or e}")
        return finish(EXIT_INVALID)
    status = EXIT_OK
    for name, text in names.items():
        status = max(status, write_output(out / name, text, args.force))
    if status == EXIT_OK:
        say(f"wrote {len(names)} file{'s' * (len(names) != 1)} to {out}")
    return finish(status)


def _export_qdpx(args) -> int:
    if args.output is None or str(args.output) == "-":
        err("--format qdpx writes a zip archive, not text: name the file with -o, "
            "e.g. -o study.qdpx")
        return EXIT_USAGE
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import qdpx

    loaded, sessions = _load(args)
    if sessions is None:
        return EXIT_INVALID
    if refuse_mixed_guides(sessions):
        return EXIT_USAGE
    found, t_status = _transcripts(args, sessions)

    def source(rec):
        st = found.get(id(rec))
        return qdpx.transcript_source(rec, st) if st else qdpx.notes_source(rec)

    docs = _each(loaded, sessions, source)
    if not docs:
        return _finish(loaded, EXIT_INVALID)
    status = max(t_status, write_output(args.output, qdpx.qdpx_bytes(docs), args.force))
    if status == EXIT_OK:
        n = len(docs)
        say(f"wrote {args.output}: {n} session{'s' * (n != 1)}")
    return _finish(loaded, status)


def _export_qdc(args) -> int:
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import qdc
    from prompter.analysis.read import Loaded, empty_message, load_sessions
    from prompter.errors import GuideError
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.session.render import code_entries

    entry_lists: list[list[dict]] = []
    question_lists: list[list[tuple[str, str, tuple[str, ...]]]] = []  # (id, text, codes)
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
            guide = load_guide(guide_path)
        except GuideError as e:
            guide_problems += [str(p) for p in e.problems]
            continue
        entry_lists.append(code_entries(guide))
        question_lists.append([(q.id, q.text, tuple(q.codes)) for q in guide.questions])
    loaded = Loaded([], [], 0, 0)
    if session_paths:
        loaded = load_sessions(session_paths, _filters(args), jobs=args.jobs)
        if refuse_mixed_guides(loaded.sessions):
            return EXIT_USAGE
        entry_lists += [qdc.entries_from_session(rec.data) for rec in loaded.sessions]
        question_lists += [[(q["id"], q["text"], tuple(q.get("codes", ()))) for q in
                            rec.questions] for rec in loaded.sessions]
    for line in guide_problems:
        say(line)
    report_skipped(loaded)
    skipped = EXIT_INVALID if guide_problems else EXIT_OK
    if not entry_lists:
        err(empty_message(loaded, args.paths) if session_paths else "no usable guide")
        return EXIT_INVALID
    roots = qdc.build_tree(entry_lists)
    carried = qdc.carried_codes(codes for qs in question_lists for _, _, codes in qs)
    if not roots:  # no codebook: the questions themselves, as the project export codes them
        texts: dict[str, str] = {}
        for qs in reversed(question_lists):  # the newest wording, in the newest order first
            for qid, text, _ in qs:
                texts.setdefault(qid, text)
        say("note: no codebook in the guide; exporting one code per guide question")
        roots = [qdc.question_codes(list(texts.items()))]
    return _finish(loaded, max(skipped, write_output(args.output, qdc.codebook_xml(
        roots, carried=carried), args.force)))


def refuse_mixed_guides(sessions) -> bool:
    """True (after saying why) when `sessions` come from more than one guide: merging
    them would mix codebooks and put one participant id of two studies in one row.
    Guides are told apart by title (any case); versions of one guide go together."""
    titles: dict[str, list[str]] = {}  # casefolded title -> [title as written, count]
    for rec in sessions:
        title = rec.guide.get("title", "")
        entry = titles.setdefault(" ".join(title.split()).casefold(), [title, 0])
        entry[1] += 1
    if len(titles) < 2:
        return False
    listed = "; ".join(f'"{t}" ({n} session{"s" * (n != 1)})' for t, n in titles.values())
    err(f"these sessions come from {len(titles)} different guides: {listed}; choose one with "
        f"--guide TITLE (csv and tally accept several guides)")
    return True

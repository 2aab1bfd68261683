"""Running `tally` and `export` (parsed in `prompter.commands.analysis`): read the
sessions, make the output, write it.

Longer than most modules on purpose: one short handler per command and output
format, sharing the stream, transcript lookup and finishing steps defined here.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from prompter.commands.session_files import (
    report_duplicate_files,
    report_skipped,
    session_filters,
)
from prompter.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from prompter.output import err, open_output, refuse_existing, say, write_output

GUIDE_SUFFIXES = (".yaml", ".yml")


def _stream(args, keep_events: bool = False):
    from prompter.analysis.read import SessionStream

    return SessionStream(args.paths, session_filters(args), jobs=args.jobs, keep_events=keep_events)


def _sessions(args, stream):
    """The stream's sessions, one at a time, or None (after saying why) if there are none."""
    import itertools

    from prompter.analysis.read import empty_message

    sessions = iter(stream)
    first = next(sessions, None)
    if first is None:
        _report(stream)
        err(empty_message(stream, args.paths))
        return None
    return itertools.chain((first,), sessions)


def _with_transcripts(args, need_transcripts: bool = True):
    """(transcripts, stream, sessions) for the exports that can use transcripts, or None
    (after saying why) when the --transcripts folder is unusable or no session is left."""
    transcripts = _Transcripts(args)
    if need_transcripts and not transcripts.usable_folder():
        return None
    stream = _stream(args)
    sessions = _sessions(args, stream)
    return None if sessions is None else (transcripts, stream, sessions)


def _report(stream) -> None:
    """Once the stream is read: the files it could not use, and ids in several files."""
    report_skipped(stream.unreadable, stream.notes)
    report_duplicate_files(stream.duplicates())


def _render(stream, rec, render, *more):
    """`render(rec, *more)`, or None where the session cannot be rendered (a file the checks let
    through with values beyond reason): reported, and counted as skipped."""
    try:
        return render(rec, *more)
    except Exception as e:  # never a traceback for one bad file
        line = f"{rec.path}: cannot export: {type(e).__name__}: {e}"
        say(line + " (skipped)")
        stream.skip(line)
        return None


class _Transcripts:
    """Each session's transcript (attached, or found in --transcripts DIR), as its turn
    comes; `status` is 1 once any could not be used (each said in one line; that
    session goes on without it)."""

    def __init__(self, args):
        self.folder = args.transcripts
        self.align = args.align
        self.status = EXIT_OK

    def usable_folder(self) -> bool:
        if self.folder is not None and not self.folder.is_dir():
            err(f"{self.folder}: not a folder (--transcripts takes a folder of transcripts)")
            return False
        return True

    def of(self, rec):
        from prompter.analysis.read import session_transcript
        from prompter.errors import PrompterError

        try:
            st = session_transcript(rec, self.folder, self.align)
        except PrompterError as e:
            say(f"{e} (transcript not used for {rec.id})")
            self.status = EXIT_INVALID
            return None
        if st is not None:
            say(f"{rec.id}: transcript {st.transcript.path} ({st.how}): {st.assignment.report()}")
            for note in (*st.transcript.notes(), *st.assignment.notes):
                say(f"{rec.id}: note: {note}")
        return st


class _GuideTitles:
    """The guides of the sessions seen, told apart by title (any case)."""

    def __init__(self):
        self.titles: dict[str, list] = {}  # casefolded title -> [title as written, count]

    def add(self, rec) -> None:
        title = rec.guide.get("title", "")
        entry = self.titles.setdefault(" ".join(title.split()).casefold(), [title, 0])
        entry[1] += 1

    def refuse_mixed(self) -> bool:
        """True (after saying why) when the sessions come from more than one guide:
        merging them would mix codebooks and put one participant id of two studies in
        one row. Versions of one guide go together."""
        if len(self.titles) < 2:
            return False
        listed = "; ".join(f'"{t}" ({n} session{"s" * (n != 1)})' for t, n in self.titles.values())
        err(
            f"these sessions come from {len(self.titles)} different guides: {listed}; choose "
            "one with --guide TITLE (csv and tally accept several guides)"
        )
        return True


def _finish(loaded, status: int) -> int:
    if loaded.skipped:
        n, found = len(loaded.skipped), loaded.found
        err(f"{n} file{'s' * (n != 1)} skipped" + (f" of {found} found" if found else ""))
        return max(status, EXIT_INVALID)
    return status


def table_width(output) -> int:
    """Width of a table that does not go straight to a terminal: $COLUMNS, else the
    terminal's (output piped into a pager), else 120."""
    if output is None:
        if os.environ.get("COLUMNS", "").isdigit():
            return max(40, int(os.environ["COLUMNS"]))
        try:
            return max(40, os.get_terminal_size(sys.__stderr__.fileno()).columns)
        except (OSError, AttributeError, ValueError):
            pass
    return 120


# -------------------------------------------------------------------- tally


def cmd_tally(args) -> int:
    return _said(_tally, args)


def cmd_export(args) -> int:
    return _said(_export, args)


def _said(handler, args) -> int:
    """`handler(args)`; an OSError that reaches here (the outputs catch their own) came from
    a temporary file: one line and exit 1, never a traceback. The handlers remove their
    temporary files on the way out."""
    try:
        return handler(args)
    except BrokenPipeError:
        raise  # piped into `head`: not an error of ours (prompter.cli)
    except OSError as e:
        import tempfile

        try:
            where = f"a temporary file in {tempfile.gettempdir()}: {e.strerror or e}"
        except OSError:
            where = "no usable temporary folder (every one is full or not writable)"
        err(f"cannot {args.command}: {where}; TMPDIR names the folder to use")
        return EXIT_INVALID


def _tally(args) -> int:
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis import tally as t

    stream = _stream(args)
    sessions = _sessions(args, stream)
    if sessions is None:
        return EXIT_INVALID
    result = t.tally(sessions, args.by)  # each session counted and dropped
    _report(stream)
    if args.format == "table":
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
    return _finish(stream, status)


# ------------------------------------------------------------------- export


def _export(args) -> int:
    if args.format != "matrix" and (args.columns or args.presence or args.cells):
        err("--columns, --presence and --cells apply to --format matrix only")
        return EXIT_USAGE
    if args.raw and args.format not in ("csv", "matrix"):
        err("--raw applies to --format csv and matrix only")
        return EXIT_USAGE
    if args.transcripts is not None and args.format == "qdc":
        err(f"--transcripts does not apply to --format {args.format}")
        return EXIT_USAGE
    if args.format == "chapters":
        return _export_chapters(args)
    if args.format == "qdc":
        return _export_qdc(args)
    if args.format == "markdown":
        return _export_markdown(args)
    if args.format == "qdpx":
        return _export_qdpx(args)
    if args.format == "csv":
        return _export_csv(args)
    return _export_matrix(args)


def _export_csv(args) -> int:
    """The long CSV, rows written as each session is read. Where a session has
    `[session.extra]` keys the columns are known only at the end (the keys of the
    sessions used, in the order first seen), so the rows wait in a temporary file."""
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID

    opened = _with_transcripts(args)
    if opened is None:
        return EXIT_INVALID
    transcripts, stream, sessions = opened
    out = open_output(args.output, args.force)
    if out is None:
        return _finish(stream, EXIT_INVALID)
    try:
        _write_csv(stream, sessions, out, transcripts, args.raw)
    except BaseException:  # interrupted: no temporary file left behind
        out.discard()
        raise
    _report(stream)
    return _finish(stream, max(transcripts.status, out.commit()))


def _write_csv(stream, sessions, out, transcripts, raw: bool = False) -> None:
    """The header, then each session's rows to `out` (an `Output`) as it comes."""
    import csv
    import tempfile

    from prompter.analysis.export import long_csv

    spool = (
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        if stream.may_have_extra
        else None
    )
    if spool is None:
        out.text(long_csv.to_csv([], extra=[], raw=raw))

    def rows_of(rec, keys, st):
        return long_csv.to_csv(
            [rec], header=False, extra=keys, transcripts={id(rec): st} if st else None, raw=raw
        )

    extra: dict[str, None] = {}
    widths = set()  # how many extra columns the rows were written with
    for rec in sessions:
        extra.update(dict.fromkeys(rec.data["session"].get("extra") or {}))
        st = transcripts.of(rec)
        keys = list(extra)
        rows = _render(stream, rec, rows_of, keys, st)
        early = long_csv.early_moments(rec, st) if rows else 0
        if early:  # never a negative time: said here, as the CSV cannot say it
            say(
                f"{rec.id}: note: {early} first mark{'s' * (early != 1)} or bookmark"
                f"{'s' * (early != 1)} came before the recording started: written as 00:00:00"
            )
        if rows and spool is not None:
            spool.write(rows)
            widths.add(len(keys))
        elif rows:
            out.text(rows)
    if spool is not None:
        keys = list(extra)
        out.text(long_csv.to_csv([], extra=keys, raw=raw))
        spool.seek(0)
        if widths <= {len(keys)}:  # every row has every column
            while chunk := spool.read(1 << 20):
                out.text(chunk)
        else:  # rows written before a key was first seen lack its (empty) cells
            buf = io.StringIO(newline="")
            w = long_csv.csv_writer(buf, raw)
            width = len(long_csv.columns(keys))
            for row in csv.reader(spool):
                w.writerow(row + [""] * (width - len(row)))
                if buf.tell() > 1 << 20:
                    out.text(buf.getvalue())
                    buf.seek(0)
                    buf.truncate()
            out.text(buf.getvalue())
        spool.close()


def _export_matrix(args) -> int:
    """The Framework Method matrix: each session's cells taken as it is read."""
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import long_csv, matrix

    cells = args.cells or "notes"
    wants_transcripts = cells != "notes" and not args.presence
    opened = _with_transcripts(args, wants_transcripts)
    if opened is None:
        return EXIT_INVALID
    transcripts, stream, sessions = opened
    if args.transcripts is not None and not args.presence and not wants_transcripts:
        err("note: --transcripts is used by the matrix with --cells transcript or both")
    builder = matrix.MatrixBuilder(
        columns=args.columns or "codes", presence=args.presence, cells=cells
    )
    guides = _GuideTitles()
    for rec in sessions:
        guides.add(rec)
        st = transcripts.of(rec) if wants_transcripts else None
        spoken = {q: long_csv.spoken_text(c) for q, c in st.by_question.items()} if st else None
        builder.add(rec, spoken)
    _report(stream)
    if guides.refuse_mixed():
        return EXIT_USAGE
    text = matrix.rows_csv(*builder.result(), raw=args.raw)
    return _finish(stream, max(transcripts.status, write_output(args.output, text, args.force)))


def _export_markdown(args) -> int:
    """Write-ups, one per session, each written as it is made: to standard output,
    to the file -o names (one session), or one file each in the folder -o names."""
    out: Path | None = args.output
    if out is not None and out.exists() and not out.is_dir() and not args.force:
        err(f"{out}: already exists; use --force to overwrite it")
        return EXIT_INVALID
    from prompter.analysis.export import markdown as md

    opened = _with_transcripts(args)
    if opened is None:
        return EXIT_INVALID
    transcripts, stream, sessions = opened

    def finish(status: int) -> int:
        _report(stream)
        return _finish(stream, max(status, transcripts.status))

    def write_ups():
        for rec in sessions:
            st = transcripts.of(rec)
            text = _render(stream, rec, md.session_markdown, st)
            if text is not None:
                yield rec, text

    done = write_ups()
    if out is None:
        sink = open_output(None, args.force)
        n = 0
        for _, text in done:
            sink.text(md.MD_SEPARATOR + text if n else text)
            n += 1
        if not n:
            return finish(EXIT_INVALID)
        return finish(sink.commit())
    first = next(done, None)
    if first is None:
        return finish(EXIT_INVALID)
    second = next(done, None)
    if second is None and not out.is_dir():
        return finish(write_output(out, first[1], args.force))
    # Several sessions: -o names a folder, one <session id>.md each.
    if out.exists() and not out.is_dir():
        err(f"{out}: is a file; with several sessions -o names a folder")
        return finish(EXIT_INVALID)
    import itertools

    from prompter.output import FolderWriter

    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        err(f"{out}: cannot create the folder: {e.strerror or e}")
        return finish(EXIT_INVALID)
    folder = FolderWriter(out, args.force)
    rest = () if second is None else itertools.chain((second,), done)
    for rec, text in itertools.chain((first,), rest):
        folder.add(md.safe_file_name(rec.id), text)
    status = folder.commit()
    if status == EXIT_OK:
        n = folder.count
        say(f"wrote {n} file{'s' * (n != 1)} to {out}")
    elif made:
        with contextlib.suppress(OSError):
            out.rmdir()  # the folder made for nothing goes too (only if empty)
    return finish(status)


def _export_qdpx(args) -> int:
    if args.output is None or str(args.output) == "-":
        err(
            "--format qdpx writes a zip archive, not text: name the file with -o, "
            "e.g. -o study.qdpx"
        )
        return EXIT_USAGE
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import qdpx

    opened = _with_transcripts(args)
    if opened is None:
        return EXIT_INVALID
    transcripts, stream, sessions = opened

    def source(rec, st):
        return qdpx.transcript_source(rec, st) if st else qdpx.notes_source(rec)

    project = qdpx.ProjectStream()
    guides = _GuideTitles()
    try:
        for rec in sessions:
            guides.add(rec)
            st = transcripts.of(rec)
            doc = _render(stream, rec, source, st)
            if doc is not None:
                project.add(doc)
        _report(stream)
        if guides.refuse_mixed():
            return EXIT_USAGE
        if not project.count:
            return _finish(stream, EXIT_INVALID)
        out = open_output(args.output, args.force)
        if out is None:
            return _finish(stream, EXIT_INVALID)
        try:
            project.finish(out.binary)
        except BrokenPipeError:
            raise
        except OSError as e:
            return _finish(stream, out.failed(e))
        status = max(transcripts.status, out.commit())
    finally:
        project.close()
    if status == EXIT_OK:
        n = project.count
        say(f"wrote {args.output}: {n} session{'s' * (n != 1)}")
    return _finish(stream, status)


def _export_qdc(args) -> int:
    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    from prompter.analysis.export import qdc
    from prompter.analysis.read import Loaded, SessionStream, empty_message
    from prompter.errors import GuideError
    from prompter.guide import load_guide
    from prompter.guide.bundled import resolve_guide
    from prompter.session.render import code_entries

    tree = qdc.TreeBuilder()  # the codebooks, folded one guide or session at a time
    texts: dict[str, str] = {}  # question id -> text, the newest wording in its order first
    carried: set[str] = set()
    books = 0

    def add_book(entries, questions) -> None:  # questions: (id, text, codes)
        nonlocal texts, books
        books += 1
        tree.add(entries)
        texts = qdc.merge_first(texts, ((qid, text) for qid, text, _ in questions))
        carried.update(c for _, _, codes in questions for c in codes)

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
        add_book(code_entries(guide), [(q.id, q.text, tuple(q.codes)) for q in guide.questions])
    loaded = Loaded([], [], 0, 0)
    if session_paths:
        loaded = SessionStream(session_paths, session_filters(args), jobs=args.jobs)
        guides = _GuideTitles()
        for rec in loaded:
            guides.add(rec)
            add_book(
                qdc.entries_from_session(rec.data),
                [(q["id"], q["text"], q.get("codes", ())) for q in rec.questions],
            )
        if guides.refuse_mixed():
            return EXIT_USAGE
    for line in guide_problems:
        say(line)
    report_skipped(loaded.skipped, loaded.notes)
    skipped = EXIT_INVALID if guide_problems else EXIT_OK
    if not books:
        err(empty_message(loaded, args.paths) if session_paths else "no usable guide")
        return EXIT_INVALID
    roots = tree.roots()
    if not roots:  # no codebook: the questions themselves, as the project export codes them
        say("note: no codebook in the guide; exporting one code per guide question")
        roots = [qdc.question_codes(list(texts.items()))]
    return _finish(
        loaded,
        max(
            skipped, write_output(args.output, qdc.codebook_xml(roots, carried=carried), args.force)
        ),
    )


def _chapters_cut(rec, args) -> tuple[tuple[list, list] | None, list[str]]:
    """(the session's transcript as cut: its cues in order and each one's question, or
    None to go by the keys; notes for the user)."""
    from prompter.analysis.read import session_transcript
    from prompter.errors import PrompterError
    from prompter.transcript.corrections import labels_of

    try:
        st = session_transcript(rec, args.transcripts, args.align)
    except PrompterError as e:
        return None, [f"{e}: chapters by the keys alone"]
    if st is None:
        return None, []
    cues = sorted(st.transcript.cues, key=lambda c: (c.start, c.end))
    notes = [
        f"chapters where each question begins in {st.path} ({st.how}): {st.assignment.report()}"
    ]
    notes += [*st.transcript.notes(), *st.assignment.notes]
    return (cues, labels_of(st.assignment, cues)), notes


def _export_chapters(args) -> int:
    """One session's chapters to standard output or -o FILE."""
    from prompter.analysis.export.chapters import render
    from prompter.analysis.read import load_sessions

    if refuse_existing(args.output, args.force):
        return EXIT_INVALID
    loaded = load_sessions(args.paths, session_filters(args), jobs=1, keep_events=True)
    for line in loaded.skipped:
        err(line)
    if len(loaded.sessions) != 1:
        err(f"--format chapters takes one session; {len(loaded.sessions)} found")
        return EXIT_USAGE if loaded.sessions else EXIT_INVALID
    [rec] = loaded.sessions
    cut, notes = _chapters_cut(rec, args)
    text, more = render(rec.data, args.chapters or "vtt", cut)
    for note in (*notes, *more):
        err(f"note: {note}")
    status = write_output(args.output, text, args.force)
    return max(status, EXIT_INVALID) if loaded.skipped else status

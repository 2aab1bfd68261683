"""`prompter transcript attach|show`: line a call's transcript up with its session.
Only argparse at import time; the handlers import the readers."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from prompter.vocabulary import ALIGNS


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, such as 4.5; got '{text}'")
    return value


ALIGN_HELP = (
    "how cues go to questions: 'text' (default: the keys and the interviewer's words, "
    "docs/transcripts.md) or 'timeline' (the question current at each cue's midpoint)"
)


def register(subparsers) -> dict:
    """Add `transcript` (attach, show) to `subparsers`; returns {name: handler}."""
    p = subparsers.add_parser(
        "transcript",
        help="attach a call's transcript to a session and line it up with the questions",
        description="Transcripts: WebVTT, SRT, SubViewer (.sbv), Teams or Rev .docx or "
        "time-stamped text "
        "(docs/transcripts.md). Each cue goes to the question it belongs to, found from "
        "the keys and the interviewer's words.",
    )
    sub = p.add_subparsers(dest="transcript_command", metavar="ACTION", required=True)
    attach = sub.add_parser(
        "attach",
        help="record a transcript in the session file",
        description="Record TRANSCRIPT in SESSION's file ([transcript]: its path, sha256, "
        "shift, format and how to align it), so that exports find it again; says how its "
        "cues line up.",
    )
    attach.add_argument("session", type=Path, metavar="SESSION", help="the session's .toml file")
    attach.add_argument("transcript", type=Path, metavar="TRANSCRIPT")
    show = sub.add_parser(
        "show",
        help="show the transcript's cues under the questions they belong to",
        description="Per question: its times in the recording and its cues; then the cues "
        "that belong to no question. TRANSCRIPT defaults to the one attached to SESSION.",
    )
    show.add_argument("session", type=Path, metavar="SESSION", help="the session's .toml file")
    show.add_argument("transcript", type=Path, metavar="TRANSCRIPT", nargs="?")
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default), or JSON: each cue's start, end, speaker, text, question "
        "and confidence",
    )
    for q in (attach, show):
        q.add_argument(
            "--shift",
            type=_seconds,
            metavar="SECONDS",
            help="the recording had already run SECONDS when r was pressed "
            "(corrects a late r; negative for an early one)",
        )
        q.add_argument("--align", choices=ALIGNS, help=ALIGN_HELP)
    return {"transcript": cmd_transcript}


def cmd_transcript(args) -> int:
    from prompter.analysis.read import SessionRecord, session_timeline
    from prompter.errors import EXIT_OK, UsageError
    from prompter.output import say, write_output
    from prompter.session.read import read_session_file
    from prompter.text import one_line
    from prompter.transcript import attach_transcript, attached_transcript
    from prompter.transcript.align import cut
    from prompter.transcript.read import read_transcript

    shift = args.shift or 0.0
    align = args.align
    if args.transcript_command == "attach":
        align = align or "text"
        transcript = attach_transcript(args.session, args.transcript, shift, align)
        data = read_session_file(args.session)
    else:
        data = read_session_file(args.session)
        if args.transcript is not None:
            transcript = read_transcript(args.transcript)
        else:
            found = attached_transcript(args.session, data)
            if found is None:
                raise UsageError(f"{args.session}: no transcript attached; name one")
            transcript, attached_shift = found
            shift = attached_shift if args.shift is None else shift
            align = align or data["transcript"].get("align")
        align = align or "text"
    timeline = session_timeline(SessionRecord(args.session, data))
    result = cut(transcript, timeline, shift, data, align)
    if args.transcript_command == "show" and args.format == "json":
        import json

        rows = json.dumps(cue_rows(result, data), indent=1, ensure_ascii=False)
        status = write_output(None, rows + "\n", False)
        for note in transcript.notes():  # on standard error: the JSON stays whole
            say(f"note: {note}")
        return status
    if args.transcript_command == "attach":
        lines = [
            one_line(
                f"attached {args.transcript} to {args.session} ({transcript.format}, "
                f"shift {shift:g} s, aligned by {align})"
            )
        ]
    else:
        lines = _show(result, timeline, data)
    lines.append(one_line(result.report()))
    status = write_output(None, "\n".join(lines) + "\n", False)
    if status != EXIT_OK:
        return status
    # cues not read, the tool's own lines left out; corrections made in review not followed
    for note in (*transcript.notes(), *result.notes):
        say(f"note: {note}")
    for b in result.boundaries:
        if b.weak:
            say(f"note: unsure where {b.question} begins (confidence {b.confidence:.2f})")
    for note in timeline.notes:
        say(f"note: {note}")
    return EXIT_OK


def cue_rows(result, data: dict) -> list[dict]:
    """Every cue in transcript order: start, end, speaker, text, its question (or None)
    and the confidence of that question's beginning (None by the timeline alone)."""
    rows = []
    where = {id(c): q for q, cues in result.by_question.items() for c in cues}
    starts = sorted((b.start, b.question, b.confidence) for b in result.boundaries)
    everything = [c for cues in result.by_question.values() for c in cues]
    everything += result.before_cues + result.pause_cues + result.after_cues + result.aside_cues
    for cue in sorted(everything, key=lambda c: (c.start, c.end)):
        qid = where.get(id(cue))
        sure = None
        if qid is not None and starts:
            sure = next(
                (conf for at, q, conf in reversed(starts) if q == qid and at <= cue.start), None
            )
        rows.append(
            {
                "start": cue.start,
                "end": cue.end,
                "speaker": cue.speaker,
                "text": cue.text,
                "question": qid,
                "confidence": sure,
            }
        )
    return rows


def _show(result, timeline, data: dict) -> list[str]:
    """The cues under their questions, as `transcript show` prints them."""
    from prompter.text import one_line
    from prompter.timefmt import clock

    texts = {q["id"]: q["text"] for q in data["questions"]}
    lines: list[str] = []

    def cues_of(cues) -> None:
        for c in cues:
            who = f"{c.speaker}: " if c.speaker else ""
            lines.append("  " + one_line(f"[{clock(c.start)}] {who}{c.text}"))

    if result.before_cues:
        lines.append("(before the first question)")
        cues_of(result.before_cues)
    for qid in dict.fromkeys([*(x.question for x in timeline.spans), *result.by_question]):
        times = ", ".join(
            f"{clock(x.rec_start)}-{clock(x.rec_end)}" for x in timeline.spans_of(qid)
        )
        cues = result.by_question.get(qid, [])
        words = sum(len(c.text.split()) for c in cues)
        n = len(cues)
        head = f"{qid} {times} {n} cue{'s' * (n != 1)}, {words} words"
        lines.append(f"{one_line(head)} | {one_line(texts.get(qid, ''))[:60]}")
        cues_of(cues)
    for cues, heading in (
        (result.pause_cues, "(during a pause)"),
        (result.aside_cues, "(no question: set aside in review)"),
        (result.after_cues, "(after the last question)"),
    ):
        if cues:
            lines.append(heading)
            cues_of(cues)
    return lines

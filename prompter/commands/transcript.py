"""`prompter transcript attach|show`: line a call's transcript up with its session.
Only argparse at import time; the handlers import the readers."""

from __future__ import annotations

import argparse
import math
from pathlib import Path


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, such as 4.5; got '{text}'")
    return value


def register(subparsers) -> dict:
    """Add `transcript` (attach, show) to `subparsers`; returns {name: handler}."""
    p = subparsers.add_parser(
        "transcript",
        help="attach a call's transcript to a session and line it up with the questions",
        description="Transcripts: WebVTT, SRT, Teams .docx or time-stamped text "
        "(docs/transcripts.md). Each cue goes to the question current at its midpoint.",
    )
    sub = p.add_subparsers(dest="transcript_command", metavar="ACTION", required=True)
    attach = sub.add_parser(
        "attach",
        help="record a transcript in the session file",
        description="Record TRANSCRIPT in SESSION's file ([transcript]: its path, sha256, "
        "shift and format), so that exports find it again; says how its cues line up.",
    )
    attach.add_argument("session", type=Path, metavar="SESSION", help="the session's .toml file")
    attach.add_argument("transcript", type=Path, metavar="TRANSCRIPT")
    show = sub.add_parser(
        "show",
        help="show how a transcript's cues line up with the questions",
        description="Per question: its times in the recording and its cues. TRANSCRIPT "
        "defaults to the one attached to SESSION.",
    )
    show.add_argument("session", type=Path, metavar="SESSION", help="the session's .toml file")
    show.add_argument("transcript", type=Path, metavar="TRANSCRIPT", nargs="?")
    for q in (attach, show):
        q.add_argument(
            "--shift",
            type=_seconds,
            metavar="SECONDS",
            help="the recording had already run SECONDS when r was pressed "
            "(corrects a late r; negative for an early one)",
        )
    return {"transcript": cmd_transcript}


def cmd_transcript(args) -> int:
    from prompter.errors import EXIT_OK
    from prompter.output import say
    from prompter.session.read import read_session_file
    from prompter.session.timeline import question_spans
    from prompter.text import one_line
    from prompter.timefmt import clock
    from prompter.transcript import assign_cues, attach_transcript, attached_transcript
    from prompter.transcript.read import read_transcript

    shift = args.shift or 0.0
    if args.transcript_command == "attach":
        transcript = attach_transcript(args.session, args.transcript, shift)
        data = read_session_file(args.session)
    else:
        data = read_session_file(args.session)
        if args.transcript is not None:
            transcript = read_transcript(args.transcript)
        else:
            found = attached_transcript(args.session, data)
            if found is None:
                from prompter.errors import UsageError

                raise UsageError(f"{args.session}: no transcript attached; name one")
            transcript, attached_shift = found
            shift = attached_shift if args.shift is None else shift
    s = data["session"]
    timeline = question_spans(
        data.get("events", []), s.get("recording_offset_seconds"), end=s["elapsed_seconds"]
    )
    result = assign_cues(transcript, timeline, shift)
    if args.transcript_command == "attach":
        print(
            one_line(
                f"attached {args.transcript} to {args.session} ({transcript.format}, "
                f"shift {shift:g} s)"
            )
        )
    else:
        texts = {q["id"]: q["text"] for q in data["questions"]}
        for qid in dict.fromkeys(x.question for x in timeline.spans):
            times = ", ".join(
                f"{clock(x.rec_start)}-{clock(x.rec_end)}" for x in timeline.spans_of(qid)
            )
            cues = result.by_question.get(qid, [])
            words = sum(len(c.text.split()) for c in cues)
            n = len(cues)
            head = f"{qid} {times} {n} cue{'s' * (n != 1)}, {words} words"
            print(one_line(head), "|", one_line(texts.get(qid, ""))[:60])
    print(one_line(result.report()))
    for note in timeline.notes:
        say(f"note: {note}")
    return EXIT_OK

"""Transcripts of the call, read and lined up with the interview's timeline (pure Python).

`read_transcript(path)` reads WebVTT, SRT, SubViewer, Teams .docx and time-stamped text
into `Cue`s (start, end, speaker, text) in recording seconds; `assign_cues` gives
each cue to the question that was current at its midpoint; `attach` records a
transcript in a session file and `find_transcript` finds one in a folder.
Formats and rules: docs/transcripts.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompter.transcript.assign import Assignment, assign_cues
    from prompter.transcript.attach import (
        attach_transcript,
        attached_transcript,
        find_transcript,
    )
    from prompter.transcript.model import Cue, Transcript, TranscriptError
    from prompter.transcript.read import FORMATS, read_transcript

# Each name is imported from its module when first asked for: importing the package
# (as importing any of its modules does) costs nothing.
_HOMES = {
    "Assignment": "assign",
    "assign_cues": "assign",
    "attach_transcript": "attach",
    "attached_transcript": "attach",
    "find_transcript": "attach",
    "Cue": "model",
    "Transcript": "model",
    "TranscriptError": "model",
    "FORMATS": "read",
    "read_transcript": "read",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "Assignment",
    "Cue",
    "Transcript",
    "TranscriptError",
    "assign_cues",
    "attach_transcript",
    "attached_transcript",
    "find_transcript",
    "read_transcript",
]

"""Times derived from a session's record, each rule written once (pure Python).

Session time is seconds since the start with pauses excluded; recording time is
seconds into the call's recording, counted from the moment marked with `r`.
The screen, the session file and every export ask this module.
"""

from __future__ import annotations


def to_recording(at_seconds: float, recording_offset: float | None) -> float | None:
    """Session time `at_seconds` as seconds into the recording (None if never marked)."""
    if recording_offset is None:
        return None
    return (round(at_seconds * 1000) - round(recording_offset * 1000)) / 1000

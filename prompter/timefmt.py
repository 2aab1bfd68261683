"""Durations as people read them (pure; shared by the screen and the exports)."""


def clock(seconds: float | None) -> str:
    """'m:ss' under an hour, 'h:mm:ss' from an hour on; '' for None; '-' in front if negative."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def recording_moment(seconds: float | None) -> str:
    """A moment's place in the recording: 'recording hh:mm:ss', or 'before the recording'
    (never a negative time: a mark made before the call's recording began)."""
    if seconds is None:
        return ""
    return "before the recording" if seconds < 0 else f"recording {hhmmss(seconds)}"


def hhmmss(seconds: float | None) -> str:
    """Always 'hh:mm:ss' (for lining up with a recording); '' for None."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

"""Reading a session file: parse its TOML safely, then check it against the format
(docs/session-format.md). Strict, and shared by `resume`, `tally` and `export`,
so that a file is usable by all of them or by none.
"""

from __future__ import annotations

import math
import os
from datetime import datetime

from prompter.errors import SessionFileError, reason
from prompter.vocabulary import KINDS, PRIORITIES, SCHEMA_VERSION, STATES, STATUSES

MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real interview; refuses runaway input


def _fail(path, message: str):
    raise SessionFileError(f"{path}: {message}")


# About 31 years: any larger "seconds" is damage, and would overflow the millisecond clock.
MAX_SECONDS = 1e9


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def is_seconds(v) -> bool:
    """A number of seconds a session can hold (an exact int or float, from 0 to 1e9)."""
    t = type(v)
    return (t is float or t is int) and 0 <= v < MAX_SECONDS


def is_strings(v) -> bool:
    return type(v) is list and all(type(x) is str for x in v)


def is_string_lists(v, at_least: int = 0) -> bool:
    """An array of arrays of strings, each at least `at_least` long."""
    return type(v) is list and all(is_strings(x) and len(x) >= at_least for x in v)


def _typename(v) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(v), "a date-time" if isinstance(v, datetime) else type(v).__name__)


# Each kind of value: the test, and what the message says it must be.
_KINDS = {
    "str": (lambda v: type(v) is str, "a string"),
    "number": (is_seconds, "a number of seconds (from 0 to 1e9)"),
    "bool": (lambda v: type(v) is bool, "true or false"),
    "strlist": (is_strings, "an array of strings"),
    "datetime": (
        lambda v: isinstance(v, datetime) and v.tzinfo is not None,
        "a date-time with a time zone offset",
    ),
    "strtable": (
        lambda v: type(v) is dict and all(type(x) is str for x in v.values()),
        "a table of strings",
    ),
    "strlists": (is_string_lists, "an array of arrays of strings"),
    "routes": (
        lambda v: is_string_lists(v, at_least=2),
        "an array of [label, section, ...] arrays of strings",
    ),
}

_SESSION_KEYS = [
    ("id", "str", True),
    ("participant", "str", True),
    ("interviewer", "str", False),
    ("started_at", "datetime", True),
    ("ended_at", "datetime", False),
    ("elapsed_seconds", "number", True),
    ("recording_offset_seconds", "number", False),
    ("current_question", "str", True),
    ("saved_at", "datetime", False),
    ("paused", "bool", False),
    ("extra", "strtable", False),
]
_GUIDE_KEYS = [("title", "str", True), ("sha256", "str", True)]
_GUIDE_KEYS += [("version", "str", False), ("path", "str", False)]
_GUIDE_KEYS += [("introduction", "str", False), ("closing", "str", False)]
_QUESTION_KEYS = [
    ("id", "str", True),
    ("section", "strlist", True),
    ("text", "str", True),
    ("probes", "strlist", False),
    ("codes", "strlist", False),
    ("probes_used", "strlist", False),
    ("note", "str", False),
    ("first_marked_seconds", "number", False),
    ("seconds_on_question", "number", False),
    ("removed", "bool", False),
    ("original_text", "str", False),
    # What the screen showed (additive; older files lack them).
    ("condition", "str", False),
    ("guidance", "str", False),
    ("examples", "strlist", False),
    ("sub_prompts", "strlists", False),
    ("checklists", "strlist", False),
    ("branches", "routes", False),
    ("items_ticked", "strlist", False),
]
_BOOKMARK_KEYS = [("at_seconds", "number", True), ("label", "str", True), ("question", "str", True)]
_EVENT_KEYS = [
    ("at_seconds", "number", True),
    ("action", "str", True),
    ("question", "str", True),
    ("value", "str", False),
]
# Review's corrections of where a transcript's cues go (prompter.transcript.corrections).
_CORRECTION_KEYS = [
    ("transcript_sha256", "str", True),
    ("cue_start", "number", True),
    ("cue_sha256", "str", True),
    ("question", "str", True),
    ("made_at", "datetime", True),
]
# Far more than any review makes; each is applied to every export of the session.
MAX_CORRECTIONS = 10_000
# Keys whose value must be one of a few words: (key, the words, required).
_QUESTION_CHOICES = [("status", STATUSES, True), ("priority", PRIORITIES, False)]
_QUESTION_CHOICES += [("kind", KINDS, False)]


class _Checker:
    """Collects what is wrong with a parsed file: missing keys, then the other problems."""

    def __init__(self):
        self.problems: list[str] = []
        self.missing: list[str] = []

    def keys(self, table: dict, where: str, spec) -> None:
        """Check `table`'s keys against `spec`: (key, kind, required) of `_KINDS`."""
        for key, kind, required in spec:
            if key not in table:
                if required:
                    self.missing.append(f"{where}.{key}")
                continue
            ok, want = _KINDS[kind]
            v = table[key]
            if not ok(v):
                self.problems.append(f"{where}.{key} must be {want}, not {_typename(v)}")

    def choices(self, table: dict, where: str, spec) -> None:
        for key, words, required in spec:
            if key not in table:
                if required:
                    self.missing.append(f"{where}.{key}")
                continue
            v = table[key]
            if type(v) is not str:
                self.problems.append(f"{where}.{key} must be a string, not {_typename(v)}")
            elif v not in words:
                self.problems.append(f"{where}.{key} is {v!r}; expected one of {', '.join(words)}")

    def tables(self, data: dict, key: str) -> list[dict]:
        if key not in data:
            return []
        v = data[key]
        if type(v) is not list or not all(type(x) is dict for x in v):
            self.problems.append(f"{key} must be an array of tables ([[{key}]])")
            return []
        return v


def validate_session_data(data: dict) -> list[str]:
    """Problems with a parsed session file, worst first (empty if it is usable). One pass
    of plain type checks: it runs on every file `tally` and `export` read."""
    sv = data.get("schema_version")
    if isinstance(sv, int) and not isinstance(sv, bool) and sv > SCHEMA_VERSION:
        return [f"written by a newer prompter (schema_version {sv}); upgrade prompter"]
    if not isinstance(data.get("session"), dict):
        return ["not a prompter session file: no [session] table"]
    if "schema_version" not in data:
        return ["missing required key schema_version"]
    if not isinstance(sv, int) or isinstance(sv, bool) or sv < 1:
        return [f"schema_version must be a positive integer, not {sv!r}"]

    c = _Checker()
    c.keys(data["session"], "session", _SESSION_KEYS)
    c.choices(data["session"], "session", [("state", STATES, True)])

    g = data.get("guide")
    if not isinstance(g, dict):
        if "guide" in data:
            c.problems.append("guide must be a table ([guide])")
        else:
            c.missing.append("guide")
    else:
        c.keys(g, "guide", _GUIDE_KEYS)

    if "questions" not in data:
        c.missing.append("questions")
    seen: set[str] = set()
    for i, q in enumerate(c.tables(data, "questions")):
        where = f"questions[{i}]"
        c.keys(q, where, _QUESTION_KEYS)
        c.choices(q, where, _QUESTION_CHOICES)
        qid = q.get("id")
        if type(qid) is str:
            if qid in seen:
                c.problems.append(f"question id {qid!r} appears twice in [[questions]]")
            seen.add(qid)
    for i, b in enumerate(c.tables(data, "bookmarks")):
        c.keys(b, f"bookmarks[{i}]", _BOOKMARK_KEYS)
    for i, e in enumerate(c.tables(data, "events")):
        c.keys(e, f"events[{i}]", _EVENT_KEYS)
    corrections = c.tables(data, "corrections")
    if len(corrections) > MAX_CORRECTIONS:
        c.problems.append(f"more than {MAX_CORRECTIONS} [[corrections]]")
    else:
        for i, e in enumerate(corrections):
            c.keys(e, f"corrections[{i}]", _CORRECTION_KEYS)

    problems = []
    if c.missing:
        word = "key" if len(c.missing) == 1 else "keys"
        problems.append(f"missing required {word} {', '.join(c.missing)}")
    return problems + c.problems


def load_session_toml(path: str | os.PathLike, toml=None) -> dict:
    """Read and parse a session file's TOML; not yet validated.

    `toml` is a module with the tomllib API (default tomllib; the analysis passes the
    faster tomli, and then tomllib is never imported). Raises SessionFileError("PATH:
    problem") on any problem.
    """
    if toml is None:
        import tomllib as toml

    return _parse_toml(path, _read_bytes(path), toml)


def _read_bytes(path) -> bytes:
    from prompter import files

    try:
        raw = files.read_regular(path, MAX_FILE_BYTES)
    except files.NotReadable as e:
        _fail(
            path,
            {
                files.MISSING: "no such file",
                files.FOLDER: "is a folder, not a session file",
                files.SPECIAL: "not a regular file; not a session file",
                files.DENIED: "permission denied",
                files.TOO_LARGE: f"larger than {MAX_FILE_BYTES // 2**20} MiB; not a session file",
            }.get(e.kind)
            or f"cannot read: {reason(e.error)}",
        )
    return raw


def _parse_toml(path, raw: bytes, toml):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        _fail(path, f"not a TOML file: not UTF-8 text (bad byte at offset {e.start})")
    try:
        return toml.loads(text.removeprefix("\ufeff"))
    except toml.TOMLDecodeError as e:
        _fail(path, f"not valid TOML: {' '.join(str(e).split())}")
    except RecursionError:
        _fail(path, "not valid TOML: nested too deeply")
    except Exception as e:  # the parsers document no other errors; stay one line anyway
        _fail(path, f"not valid TOML: {type(e).__name__}")


def check_session_data(path: str | os.PathLike, data) -> None:
    """SessionFileError("PATH: the first problems") unless `data` is a usable session."""
    try:
        problems = validate_session_data(data)
    except Exception as e:  # a shape the checks did not foresee
        problems = [f"not a prompter session file ({type(e).__name__})"]
    if problems:
        more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
        _fail(path, "; ".join(" ".join(p.split()) for p in problems[:3]) + more)


def read_session_file(path: str | os.PathLike) -> dict:
    """Read and validate a session file; SessionFileError("PATH: problem") on any problem."""
    data = load_session_toml(path)
    check_session_data(path, data)
    return data


# A time this little below zero is a clock that went back (written by prompter before its
# clock was made monotonic), not damage: `resume` sets it to 0 and says so.
REPAIRABLE_SECONDS = -60.0

_TIMES = {
    "session": ("elapsed_seconds", "recording_offset_seconds"),
    "questions": ("first_marked_seconds", "seconds_on_question"),
    "sections": ("seconds_spent",),
    "bookmarks": ("at_seconds",),
    "events": ("at_seconds",),
}


def repair_negative_times(data: dict) -> int:
    """Set every time from -60 s to just below 0 to 0 in a parsed session file; returns how
    many were set. Anything else is left for the check to refuse."""
    n = 0

    def fix(table, keys) -> None:
        nonlocal n
        if not isinstance(table, dict):
            return
        for key in keys:
            v = table.get(key)
            if _is_number(v) and REPAIRABLE_SECONDS < v < 0:
                table[key] = 0.0
                n += 1

    for where, keys in _TIMES.items():
        part = data.get(where)
        for table in part if isinstance(part, list) else [part]:
            fix(table, keys)
    return n


def read_session_to_resume(path: str | os.PathLike) -> tuple[dict, int]:
    """`read_session_file`, after `repair_negative_times`: (data, how many times were set
    to 0)."""
    data = load_session_toml(path)
    repaired = repair_negative_times(data) if isinstance(data, dict) else 0
    check_session_data(path, data)
    return data, repaired

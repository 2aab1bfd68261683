"""Reading a session file: parse its TOML safely, then check it against the format
(docs/session-format.md). Strict, and shared by `resume`, `tally` and `export`,
so that a file is usable by all of them or by none.

Longer than most modules on purpose: the strict check and the fast check of one
format stay side by side, so that they change together (a test checks that the fast
one never accepts what the strict one refuses).
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


def _typename(v) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(v), "a date-time" if isinstance(v, datetime) else type(v).__name__)


class _Checker:
    def __init__(self):
        self.problems: list[str] = []
        self.missing: list[str] = []

    def get(self, table: dict, key: str, where: str, kind: str, required: bool):
        name = f"{where}.{key}" if where else key
        if key not in table:
            if required:
                self.missing.append(name)
            return None
        v = table[key]
        ok = {
            "str": lambda: isinstance(v, str),
            "number": lambda: _is_number(v) and 0 <= v < MAX_SECONDS,
            "bool": lambda: isinstance(v, bool),
            "strlist": lambda: isinstance(v, list) and all(isinstance(x, str) for x in v),
            "datetime": lambda: isinstance(v, datetime) and v.tzinfo is not None,
            "strtable": lambda: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
            "strlists": lambda: is_string_lists(v),
            "routes": lambda: is_string_lists(v, at_least=2),
        }[kind]()
        if not ok:
            want = {
                "str": "a string",
                "number": "a number of seconds (from 0 to 1e9)",
                "bool": "true or false",
                "strlist": "an array of strings",
                "datetime": "a date-time with a time zone offset",
                "strtable": "a table of strings",
                "strlists": "an array of arrays of strings",
                "routes": "an array of [label, section, ...] arrays of strings",
            }[kind]
            self.problems.append(f"{name} must be {want}, not {_typename(v)}")
            return None
        return v

    def choice(self, table, key, where, choices, required=True):
        v = self.get(table, key, where, "str", required)
        if v is not None and v not in choices:
            self.problems.append(f"{where}.{key} is {v!r}; expected one of {', '.join(choices)}")

    def tables(self, data: dict, key: str) -> list[dict]:
        if key not in data:
            return []
        v = data[key]
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            self.problems.append(f"{key} must be an array of tables ([[{key}]])")
            return []
        return v


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


def validate_session_data(data: dict) -> list[str]:
    """Problems with a parsed session file, worst first (empty if it is usable)."""
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
    s = data["session"]
    for key, kind, req in [
        ("id", "str", True),
        ("participant", "str", True),
        ("interviewer", "str", False),
        ("started_at", "datetime", True),
        ("ended_at", "datetime", False),
        ("elapsed_seconds", "number", True),
        ("recording_offset_seconds", "number", False),
        ("current_question", "str", True),
        ("paused", "bool", False),
        ("extra", "strtable", False),
    ]:
        c.get(s, key, "session", kind, req)
    c.choice(s, "state", "session", STATES)

    g = data.get("guide")
    if not isinstance(g, dict):
        if "guide" in data:
            c.problems.append("guide must be a table ([guide])")
        else:
            c.missing.append("guide")
    else:
        c.get(g, "title", "guide", "str", True)
        c.get(g, "sha256", "guide", "str", True)
        c.get(g, "version", "guide", "str", False)
        c.get(g, "path", "guide", "str", False)

    if "questions" not in data:
        c.missing.append("questions")
    seen: set[str] = set()
    for i, q in enumerate(c.tables(data, "questions")):
        where = f"questions[{i}]"
        for key, kind, req in _QUESTION_KEYS:
            c.get(q, key, where, kind, req)
        c.choice(q, "status", where, STATUSES)
        c.choice(q, "priority", where, PRIORITIES, required=False)
        c.choice(q, "kind", where, KINDS, required=False)
        qid = q.get("id")
        if isinstance(qid, str):
            if qid in seen:
                c.problems.append(f"question id {qid!r} appears twice in [[questions]]")
            seen.add(qid)
    for i, b in enumerate(c.tables(data, "bookmarks")):
        c.get(b, "at_seconds", f"bookmarks[{i}]", "number", True)
        c.get(b, "label", f"bookmarks[{i}]", "str", True)
        c.get(b, "question", f"bookmarks[{i}]", "str", True)
    for i, e in enumerate(c.tables(data, "events")):
        c.get(e, "at_seconds", f"events[{i}]", "number", True)
        c.get(e, "action", f"events[{i}]", "str", True)
        c.get(e, "question", f"events[{i}]", "str", True)
        c.get(e, "value", f"events[{i}]", "str", False)

    problems = []
    if c.missing:
        word = "key" if len(c.missing) == 1 else "keys"
        problems.append(f"missing required {word} {', '.join(c.missing)}")
    return problems + c.problems


# ------------------------------------------------------------ the fast check
#
# `validate_session_data` is the rule and gives the messages. Most files are
# valid, and checking them with it costs about as much as parsing them with
# tomli, so the analysis first recognises a valid file by a check that is at
# least as strict and much faster; only a file that this check
# does not accept goes through `validate_session_data` (which may still accept
# it). tests/analysis/test_analysis_tally.py checks that whatever `fast_valid` accepts,
# `validate_session_data` accepts too.

_STATES = frozenset(STATES)
_STATUSES = frozenset(STATUSES)
_PRIORITIES = frozenset(PRIORITIES)
_KINDS = frozenset(KINDS)


def is_seconds(v) -> bool:
    t = type(v)
    return (t is float or t is int) and 0 <= v < MAX_SECONDS


def is_strings(v) -> bool:
    if type(v) is not list:
        return False
    for x in v:
        if type(x) is not str:
            return False
    return True


def is_string_lists(v, at_least: int = 0) -> bool:
    """An array of arrays of strings, each at least `at_least` long."""
    if type(v) is not list:
        return False
    for x in v:
        if not is_strings(x) or len(x) < at_least:
            return False
    return True


def _aware(v) -> bool:
    return type(v) is datetime and v.tzinfo is not None


def fast_valid(data: dict) -> bool:
    """True only if `validate_session_data(data)` finds no problem (False may be wrong)."""
    try:
        sv = data["schema_version"]
        if type(sv) is not int or not 1 <= sv <= SCHEMA_VERSION:
            return False
        s = data["session"]
        if type(s) is not dict:
            return False
        if not (
            type(s["id"]) is str
            and type(s["participant"]) is str
            and type(s["current_question"]) is str
            and _aware(s["started_at"])
            and is_seconds(s["elapsed_seconds"])
            and type(s["state"]) is str
            and s["state"] in _STATES
        ):
            return False
        if (
            "interviewer" in s
            and type(s["interviewer"]) is not str
            or "ended_at" in s
            and not _aware(s["ended_at"])
            or "recording_offset_seconds" in s
            and not is_seconds(s["recording_offset_seconds"])
            or "paused" in s
            and type(s["paused"]) is not bool
        ):
            return False
        if "extra" in s:
            extra = s["extra"]
            if type(extra) is not dict or not is_strings(list(extra.values())):
                return False
        g = data["guide"]
        if type(g) is not dict or type(g["title"]) is not str or type(g["sha256"]) is not str:
            return False
        if (
            "version" in g
            and type(g["version"]) is not str
            or "path" in g
            and type(g["path"]) is not str
        ):
            return False
        questions = data["questions"]
        if type(questions) is not list:
            return False
        seen = set()
        for q in questions:
            if type(q) is not dict:
                return False
            qid = q["id"]
            if (
                type(qid) is not str
                or qid in seen
                or type(q["text"]) is not str
                or not is_strings(q["section"])
                or type(q["status"]) is not str
                or q["status"] not in _STATUSES
            ):
                return False
            seen.add(qid)
            for key in ("probes", "codes", "probes_used", "examples", "checklists", "items_ticked"):
                if key in q and not is_strings(q[key]):
                    return False
            for key in ("note", "original_text", "condition", "guidance"):
                if key in q and type(q[key]) is not str:
                    return False
            if "priority" in q and q["priority"] not in _PRIORITIES:
                return False
            if "kind" in q and q["kind"] not in _KINDS:
                return False
            if (
                "sub_prompts" in q
                and not is_string_lists(q["sub_prompts"])
                or "branches" in q
                and not is_string_lists(q["branches"], at_least=2)
            ):
                return False
            for key in ("first_marked_seconds", "seconds_on_question"):
                if key in q and not is_seconds(q[key]):
                    return False
            if "removed" in q and type(q["removed"]) is not bool:
                return False
        bookmarks = data.get("bookmarks", ())
        if type(bookmarks) not in (list, tuple):
            return False
        for b in bookmarks:
            if (
                type(b) is not dict
                or not is_seconds(b["at_seconds"])
                or type(b["label"]) is not str
                or type(b["question"]) is not str
            ):
                return False
        events = data.get("events", ())
        if type(events) not in (list, tuple):
            return False
        for e in events:
            if (
                type(e) is not dict
                or not is_seconds(e["at_seconds"])
                or type(e["action"]) is not str
                or type(e["question"]) is not str
                or "value" in e
                and type(e["value"]) is not str
            ):
                return False
        return True
    except (KeyError, TypeError):
        return False


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
        raw = files.read_regular(path, MAX_FILE_BYTES)[0]
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

"""TOML text of the session file's tables, byte for byte what `tomli_w.dumps` writes.

tomli-w (pure Python) walks every character of every string and every key through
generators; rendering a whole session file with it costs about 30 microseconds a
question (166 ms for 5,000). This emitter writes the same text for the shapes that
`prompter.session.render` produces, with the work done by `str` methods:

- tables (`dict`, nested as sub-tables), keys of type `str`;
- values of exact type `str`, `bool`, `int`, `float`, `datetime`, `date`;
- arrays (`list`, `tuple`) of those values and of arrays.

Anything else (an array holding a table, a `time`, a `Mapping` that is not a `dict`,
a subclass of `int`, a key that is not a `str`, ...) is handed to `tomli_w.dumps`
whole, and so is any table whose rendering fails: the text is always tomli-w's.
tests/session/test_toml_out.py checks the equality on random values of every shape.
"""

from __future__ import annotations

from datetime import date, datetime

# tomli-w escapes '"', '\' and the ASCII control characters but tab; the six with a
# short form use it, the rest are written as \u00XX (lower-case hex).
_SHORT = {0x08: "\\b", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPES = {c: _SHORT.get(c, f"\\u{c:04x}") for c in (*range(0x20), 0x22, 0x5C, 0x7F) if c != 9}
_CONTROLS = {c: e for c, e in _ESCAPES.items() if c not in (0x22, 0x5C)}  # for `_escaped`

_BARE_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_INDENT = "    "  # tomli-w's default indent, one level of an array

# `str(value)` is what tomli-w writes for these exact types.
_AS_STR = frozenset({int, float, datetime, date})

# "key = " for each key met so far (a session file has a few dozen distinct keys; the
# cache stops growing past _KEYS_MAX, for tables with arbitrary keys).
_KEY_PREFIX: dict[str, str] = {}
_KEYS_MAX = 4096


class _Unsupported(Exception):
    """A value outside the shapes this module writes: tomli-w writes the table."""


def _plain(s: str) -> bool:
    """Whether `s` goes between quotes unchanged. isprintable() is False for every control
    character (and for tab, which needs no escape: `_escaped` leaves it)."""
    return s.isprintable() and '"' not in s and "\\" not in s


def _escaped(s: str) -> str:
    # The common escapes by str.replace (much faster than translate); translate only for
    # the rarer control characters, if any are left.
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return s if s.isprintable() else s.translate(_CONTROLS)


def string(s: str) -> str:
    """A basic (one-line) TOML string, as tomli-w writes it."""
    return f'"{s}"' if _plain(s) else f'"{_escaped(s)}"'


def key(k: str) -> str:
    """A key as tomli-w writes it: bare if it can be, else a basic string."""
    if k and _BARE_KEY_CHARS.issuperset(k):
        return k
    return string(k)


def _prefix(k) -> str:
    """'key = ' (cached) for a key of type str; other keys go to tomli-w."""
    if type(k) is not str:
        raise _Unsupported
    p = key(k) + " = "
    if len(_KEY_PREFIX) < _KEYS_MAX:
        _KEY_PREFIX[k] = p
    return p


_STR = {str}


def _array(items, level: int) -> str:
    """An array as tomli-w writes it: one item a line, indented by its depth."""
    if not items:
        return "[]"
    indent = _INDENT * (level + 1)
    close = ",\n" + _INDENT * level + "]"
    # Most arrays of a session file hold strings that need no escape: one join.
    if set(map(type, items)) == _STR:
        joined = "".join(items)
        if joined.isprintable() and '"' not in joined and "\\" not in joined:
            return f'[\n{indent}"' + f'",\n{indent}"'.join(items) + '"' + close
    lines = []
    for x in items:
        t = type(x)
        if t is str:
            lines.append(f'{indent}"{x}"' if _plain(x) else f'{indent}"{_escaped(x)}"')
        elif t in _AS_STR:
            lines.append(indent + str(x))
        elif t is bool:
            lines.append(indent + ("true" if x else "false"))
        elif t is list or t is tuple:
            lines.append(indent + _array(x, level + 1))
        else:
            raise _Unsupported  # a table in an array (inline or [[...]]), or another type
    return "[\n" + ",\n".join(lines) + close


def _table(table: dict, name: str, out: list[str], careful: bool = False) -> None:
    """Mirror of tomli-w's gen_table_chunks: the plain keys, then each sub-table.

    Strings are first written as they are and checked all at once at the end (one
    check a table instead of one a string); if any needs an escape, the table's keys
    are written again, `careful`ly, each string escaped as it needs."""
    at = len(out)
    tables = None
    texts: list[str] = []  # the strings written unescaped
    append = out.append
    prefixes = _KEY_PREFIX
    for k, v in table.items():
        p = prefixes.get(k) or _prefix(k)
        t = type(v)
        if t is str:
            if careful:
                append(f"{p}{string(v)}\n")
            else:
                texts.append(v)
                append(f'{p}"{v}"\n')
        elif t in _AS_STR:
            append(f"{p}{v}\n")
        elif t is list or t is tuple:
            if not v:
                append(p + "[]\n")
            elif not careful and set(map(type, v)) == _STR:
                texts += v
                append(p + '[\n    "' + '",\n    "'.join(v) + '",\n]\n')
            else:
                append(f"{p}{_array(v, 0)}\n")
        elif t is bool:
            append(p + ("true\n" if v else "false\n"))
        elif t is dict:
            if tables is None:
                tables = []
            tables.append((k, v))
        else:
            raise _Unsupported
    if texts:
        joined = "".join(texts)
        if not (joined.isprintable() and '"' not in joined and "\\" not in joined):
            del out[at:]
            _table(table, name, out, careful=True)
            return
    written = len(out) > at
    if name and (written or not tables):
        out.insert(at, f"[{name}]\n")
        written = True
    for k, sub in tables or ():
        if type(k) is not str:
            raise _Unsupported
        if written:
            out.append("\n")
        written = True
        _table(sub, f"{name}.{key(k)}" if name else key(k), out)


def dumps(table: dict) -> str:
    """`tomli_w.dumps(table)`, faster for the shapes above."""
    if type(table) is dict:
        out: list[str] = []
        try:
            _table(table, "", out)
            return "".join(out)
        except Exception:  # another shape, or a value tomli-w refuses: its text or error
            pass
    import tomli_w

    return tomli_w.dumps(table)


def aot_entry(name: str, entry: dict) -> str:
    """One `[[name]]` entry of an array of tables, `name` a bare key: its header, then
    the entry as `dumps` writes it, after a blank line."""
    return f"\n[[{name}]]\n" + dumps(entry)


def lines(table: dict) -> str | None:
    """The table's text if tomli-w writes it as `key = value` lines only (no sub-table,
    no array of tables), else None. The lines of two such tables with different keys,
    joined, are the text of their union (the first's keys first)."""
    if type(table) is not dict or dict in set(map(type, table.values())):
        return None
    out: list[str] = []
    try:
        _table(table, "", out)
    except Exception:
        return None
    return "".join(out)


def aot_entries(name: str, entries: list[dict]) -> str:
    """`aot_entry` of each entry, joined (one list for them all: a long event log)."""
    header = f"\n[[{name}]]\n"
    out: list[str] = []
    try:
        for entry in entries:
            if type(entry) is not dict:
                raise _Unsupported
            out.append(header)
            _table(entry, "", out)
        return "".join(out)
    except Exception:  # one of them is another shape: each on its own, as `aot_entry`
        return "".join([aot_entry(name, entry) for entry in entries])

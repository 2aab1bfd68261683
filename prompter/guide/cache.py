"""A cache of parsed guides, so that starting an interview does not parse the same YAML
(and import the YAML library) every time (pure; no textual).

An entry is a file in the user's cache folder (platformdirs; `$PROMPTER_CACHE_DIR` names
another), named after the sha256 of the guide file's bytes and of the code that reads
guides: it is used only for the very bytes, and the very loader, that made it. Only
valid guides are stored, so every problem in a guide is still reported by the loader.

Nothing in an entry is trusted: a damaged, truncated, foreign, stale or hostile one makes
`lookup` return None (and the guide is parsed again), never raise. It is read only as
JSON, behind a header line with the format's version and a crc32 of the rest (accidental
damage); it is rebuilt only into the guide model's own classes, each field checked to be
of the type the loader gives it, the objects checked to form one tree within the loader's
limits and to refer to each other as the loader's do (paths, ids, codes, branch targets).
No string that `visible_lines` would change (a control character) comes out of the
cache: a guide holding one (YAML escapes such as "\\e" let it through the loader) is
not kept, so it is parsed every time.

The layout is built for loading a 5,000-question guide in under 20 ms (issue #14,
docs/benchmarks.md): one table per class, in `_ORDER`, each a list of columns (one per
field, in the class's field order, `Guide.path` left out: it is where the guide was
found). A column holds a string as its index in the entry's "strings" (each distinct
string once), a tuple of strings as its index in "tuples", a tuple of the model's objects
as how many it holds, and numbers and flags as themselves. The objects of a tuple are
taken in turn from the table of their class: first by each field of an earlier class
that holds them, in `_ORDER`, then by the class's own field (sub-sections, sub-prompts,
child codes), so that each object is some other object's child exactly once and a child
comes after its parent: the objects form a tree whatever the entry says.

Objects are made whole by class and field, not one by one: `object.__new__`, then each
field set through its slot for every object of the class at once. Calling `__init__`
twenty thousand times was most of the old load's time; `_builds_like_init` checks once
per process that an object made this way is the one `__init__` makes.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections import deque
from itertools import accumulate, chain, islice, repeat
from operator import gt
from pathlib import Path

from prompter.gcpause import gc_paused
from prompter.guide import model
from prompter.guide.model import MAX_PROBES
from prompter.text import visible_lines
from prompter.vocabulary import KINDS, PRIORITIES

FORMAT = b"prompter-guide-cache 2"  # the header's start: a new layout is a new number
# The loader's limits, from the model (this module never imports the loader: PyYAML).
_MAX_OBJECTS = model.MAX_NODES  # each object is made from a YAML node of its own
_MAX_ENTRY_BYTES = 8 * model.MAX_BYTES  # such a guide's entry: its text, ~60 bytes an object
_MAX_CODE_DEPTH = model.MAX_DEPTH  # YAML nesting bounds codes nested in codes

# How a field is kept in a column; a model class there means a tuple of its objects.
STR = "str"  # an index in "strings"
STRS = "strs"  # an index in "tuples" (a tuple of strings)
STR_OR_NONE = "str?"  # an index in "strings", or null
FLAG = "flag"  # true or false
LINE = "line"  # an int >= 0
MINUTES = "minutes"  # a float in (0, 100000), or null (the loader's rule)
GIVEN = "given"  # not kept: `Guide.path` is the path the guide is looked up at

Guide, Code, Section, Question = model.Guide, model.Code, model.Section, model.Question
Prompt, Example, Branch = model.Prompt, model.Example, model.Branch
_ORDER = (Guide, Code, Section, Question, Prompt, Example, Branch)  # parents first
_SCHEMA: dict[type, tuple[tuple[str, object], ...]] = {
    Guide: (
        ("title", STR),
        ("sections", Section),
        ("version", STR),
        ("description", STR),
        ("minutes", MINUTES),
        ("introduction", STR),
        ("closing", STR),
        ("codebook", Code),
        ("path", GIVEN),
        ("sha256", STR),
    ),
    Code: (
        ("name", STR),
        ("path", STRS),
        ("description", STR),
        ("color", STR_OR_NONE),
        ("codes", Code),
    ),
    Section: (
        ("title", STR),
        ("path", STRS),
        ("description", STR),
        ("guidance", STR),
        ("condition", STR),
        ("minutes", MINUTES),
        ("codes", STRS),
        ("questions", Question),
        ("sections", Section),
    ),
    Question: (
        ("id", STR),
        ("text", STR),
        ("section_path", STRS),
        ("codes", STRS),
        ("probes", Prompt),
        ("guidance", STR),
        ("examples", Example),
        ("priority", STR),
        ("line", LINE),
        ("condition", STR),
        ("branches", Branch),
        ("kind", STR),
        ("label", STR),
    ),
    Prompt: (
        ("text", STR),
        ("guidance", STR),
        ("examples", Example),
        ("probes", Prompt),
        ("checklist", FLAG),
    ),
    Example: (("text", STR), ("examples", STRS)),
    Branch: (("label", STR), ("to", STRS)),
}
# The loader's limits on tuples of objects: most per object, and levels of nesting.
_MOST = {(Question, "probes"): MAX_PROBES, (Question, "branches"): MAX_PROBES}
_LEVELS = {Code: _MAX_CODE_DEPTH, Section: model.MAX_SECTION_DEPTH, Prompt: 2}
_ONE_OF = {(Question, "priority"): frozenset(PRIORITIES), (Question, "kind"): frozenset(KINDS)}
# Who takes objects from each class's table, in turn: (parent class, field).
_TAKERS = {
    child: [(p, f) for p in _ORDER if p is not child for f, k in _SCHEMA[p] if k is child]
    + [(child, f) for f, k in _SCHEMA[child] if k is child]
    for child in _ORDER
}


class _Unusable(ValueError):
    """An entry that is not the one the loader's guide would make."""


def _read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (at most `limit`), else None; never blocks on a FIFO."""
    from prompter import files

    try:
        return files.read_regular(path, limit)[0]
    except files.NotReadable:
        return None


_VERSION: list[str] = []


_CODE = ("guide/model.py", "guide/load.py", "guide/cache.py")


def _code_version() -> str:
    """What the entries depend on besides the guide: the model, the loader, this module,
    the record classes and the guide's words (hashed once per process)."""
    if not _VERSION:
        here = Path(__file__).resolve().parent
        digest = hashlib.sha256()
        for name in (*_CODE, "records.py", "vocabulary.py"):
            digest.update((here.parent / name).read_bytes())
        _VERSION.append(digest.hexdigest()[:16])
    return _VERSION[0]


def _folder() -> Path:
    given = os.environ.get("PROMPTER_CACHE_DIR")
    if given:
        return Path(given)
    from platformdirs import user_cache_path

    return user_cache_path("prompter") / "guides"


def _entry(sha256: str) -> Path:
    return _folder() / f"{sha256}-{_code_version()}.json"


_SOUND: list[bool] = []


def _builds_like_init() -> bool:
    """Whether an object made by `object.__new__` with each field set in its slot is the
    object the class's `__init__` makes: the schema names every field in order, and
    `__init__` only stores its arguments (tried once per process with marker values).
    If the model ever does more, the cache is simply not used."""
    if not _SOUND:
        _SOUND.append(_try_init())
    return _SOUND[0]


def fields(cls) -> tuple[str, ...]:
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(cls))


def _try_init() -> bool:
    member = type(model.Example.text)  # a slot's descriptor
    try:
        for cls, spec in _SCHEMA.items():
            names = tuple(name for name, _ in spec)
            if fields(cls) != names or cls.__new__ is not object.__new__:
                return False
            if any(type(getattr(cls, name)) is not member for name in names):
                return False
            marks = [object() for _ in names]
            made = cls(**dict(zip(names, marks, strict=True)))
            if any(getattr(made, n) is not m for n, m in zip(names, marks, strict=True)):
                return False
            if getattr(made, "__dict__", None):  # state besides the fields
                return False
    except Exception:  # an __init__ that checks or converts its arguments
        return False
    return True


# --- storing -----------------------------------------------------------------------


def _tables(guide: model.Guide) -> dict[type, list]:
    """Every object of the guide, by class, in the order `lookup` takes them."""
    tables: dict[type, list] = {cls: [] for cls in _ORDER}
    tables[Guide].append(guide)
    for child in _ORDER:
        table = tables[child]
        for parent, name in _TAKERS[child]:
            parents = tables[parent]
            i = 0
            while i < len(parents):  # by the class's own field, `parents` grows as it goes
                table.extend(getattr(parents[i], name))
                i += 1
    return tables


def _encode(guide: model.Guide) -> bytes:
    """The entry of a guide: the header line, then the JSON of the layout above."""
    strings: dict[str, int] = {}
    tuples: dict[tuple[str, ...], int] = {}
    kept_tuples: list[list[int]] = []

    def string(value: str) -> int:
        return strings.setdefault(value, len(strings))

    def strs(value: tuple[str, ...]) -> int:
        found = tuples.get(value)
        if found is None:
            found = tuples[value] = len(kept_tuples)
            kept_tuples.append([string(s) for s in value])
        return found

    tables = []
    for cls, objects in _tables(guide).items():
        columns = []
        for name, kind in _SCHEMA[cls]:
            if kind == GIVEN:
                continue
            values = [getattr(obj, name) for obj in objects]
            if kind == STR:
                column = [string(v) for v in values]
            elif kind == STRS:
                column = [strs(v) for v in values]
            elif kind == STR_OR_NONE:
                column = [None if v is None else string(v) for v in values]
            elif kind in (FLAG, LINE, MINUTES):
                column = values
            else:
                column = [len(v) for v in values]
            same = column and column.count(column[0]) == len(column)
            columns.append(column[0] if same else column)  # one value for all: kept once
        tables.append(columns)
    if not _visible(list(strings)):
        raise ValueError("not kept: lookup would refuse it")
    body = json.dumps(
        {"strings": list(strings), "tuples": kept_tuples, "tables": tables},
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")
    return _header(body) + body


def _header(body: bytes) -> bytes:
    return FORMAT + b" %08x\n" % zlib.crc32(body)


def store(guide: model.Guide) -> None:
    """Keep a valid guide for the next start (0600, in a 0700 folder); a failure is ignored:
    the cache only saves time."""
    if not _builds_like_init():
        return
    try:
        data = _encode(guide)
        folder = _folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry = _entry(guide.sha256)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, entry)  # whole or not at all; a lost entry is only parsed again
    except (OSError, ValueError, TypeError):
        pass


# --- looking up --------------------------------------------------------------------


def lookup(path: str | os.PathLike) -> model.Guide | None:
    """The guide at `path` from the cache, or None (not cached, or the entry is not usable)."""
    data = _read_regular(Path(path), model.MAX_BYTES)
    if data is None or not _builds_like_init():
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        raw = _read_regular(_entry(sha256), _MAX_ENTRY_BYTES)
    except OSError:
        return None
    if raw is None:
        return None
    try:
        with gc_paused():  # tens of thousands of new objects and no cycles: nothing to collect
            return _decode(raw, sha256, str(path))
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError, MemoryError):
        return None  # not an entry this module wrote for these bytes: they are parsed again


def _decode(raw: bytes, sha256: str, path: str) -> model.Guide:
    header, _, body = raw.partition(b"\n")
    if header != _header(body)[:-1]:
        raise _Unusable("another format, or damaged")
    entry = json.loads(body)
    strings = _list(entry["strings"])
    if not _visible(strings):
        raise _Unusable("a control character: a guide holding one is never kept")
    tuples = [tuple(map(strings.__getitem__, _list(t))) for t in _list(entry["tuples"])]
    tables = _list(entry["tables"])
    if len(tables) != len(_ORDER):
        raise _Unusable("not one table per class")
    columns: dict[tuple[type, str], object] = {}
    for cls, table in zip(_ORDER, tables, strict=True):
        names = [name for name, kind in _SCHEMA[cls] if kind != GIVEN]
        if len(_list(table)) != len(names):
            raise _Unusable("not one column per field")
        columns.update(zip([(cls, name) for name in names], table, strict=True))

    objects = {Guide: [object.__new__(Guide)]}
    children: dict[tuple[type, str], list] = {}
    for child in _ORDER[1:]:  # the guide is nobody's child
        objects[child] = _take(child, objects, columns, children)
    if sum(map(len, objects.values())) > _MAX_OBJECTS:
        raise _Unusable("more objects than the loader makes")
    if len(objects[Question]) > model.MAX_QUESTIONS:
        raise _Unusable("too many questions")

    for cls in _ORDER:
        made = objects[cls]
        n = len(made)
        for name, kind in _SCHEMA[cls]:
            if kind == GIVEN:
                continue
            column = _cells(columns[cls, name], n)
            if kind == STR:
                values = _looked_up(strings, column, n)
                allowed = _ONE_OF.get((cls, name))
                if allowed is not None and not allowed.issuperset(values):
                    raise _Unusable(f"{cls.__name__}.{name} not one of {sorted(allowed)}")
            elif kind == STRS:
                values = _looked_up(tuples, column, n)
            elif kind == STR_OR_NONE:
                values = [None if i is None else strings[i] for i in _many(column, n)]
            elif kind == FLAG:
                values = _typed(column, n, bool)
            elif kind == LINE:
                values = _typed(column, n, int)
                if values and not 0 <= min(values) <= max(values) <= model.MAX_BYTES:
                    raise _Unusable("a line that is not in the file")
            elif kind == MINUTES:
                values = _many(column, n)
                if not all(m is None or (type(m) is float and 0 < m < 100_000) for m in values):
                    raise _Unusable("minutes not a positive number below 100,000")
            else:
                values = children[cls, name]
            deque(map(getattr(cls, name).__set__, made, values), maxlen=0)

    (guide,) = objects[Guide]
    Guide.path.__set__(guide, path)
    if guide.sha256 != sha256:
        raise _Unusable("the entry names other bytes")
    _check_references(guide, objects)
    return guide


_SCALARS = (int, float, bool, type(None))


def _list(value) -> list:
    if type(value) is not list:
        raise _Unusable("not a list")
    return value


def _cells(column, n: int):
    """A column as written: a list of `n` values, or one JSON scalar for all `n`."""
    if type(column) is list:
        if len(column) != n:
            raise _Unusable("a column of another length than its table")
    elif type(column) not in _SCALARS:
        raise _Unusable("a column that is neither a list nor one value")
    return column


def _many(column, n: int) -> list:
    return column if type(column) is list else [column] * n


def _looked_up(table: list, column, n: int) -> list:
    """The items of `table` a column's indices name (an IndexError or TypeError for
    anything but an index)."""
    if type(column) is list:
        return list(map(table.__getitem__, column))
    return [table[column]] * n


def _typed(column, n: int, kind: type) -> list:
    """The column's values, which must all be of type `kind` (a bool is no int here)."""
    if type(column) is list:
        if not set(map(type, column)) <= {kind}:
            raise _Unusable(f"not all {kind.__name__}")
        return column
    if type(column) is not kind:
        raise _Unusable(f"not {kind.__name__}")
    return [column] * n


def _take(child: type, objects: dict, columns: dict, children: dict) -> list:
    """Make the objects of class `child` and give each parent its tuple of them, in
    `children` by (parent class, field): the counts in the parents' columns take the
    objects in turn. They must take each exactly once, a class's own field only objects
    after the one that takes them (so the objects form a tree), within the loader's limits
    of nesting and of objects per tuple."""
    counts = {}
    taken = 0  # by the parents of other classes
    for parent, name in _TAKERS[child]:
        if parent is not child:
            size = len(objects[parent])
            counts[parent, name] = column = _typed(_cells(columns[parent, name], size), size, int)
            taken += _in_range(column, _MOST.get((parent, name)))
    n = taken
    if n > _MAX_OBJECTS:
        raise _Unusable(f"{child.__name__}: more objects than the loader makes")
    for parent, name in _TAKERS[child]:
        if parent is not child:
            continue
        # A class's own field (sub-sections, sub-prompts, child codes; one at most):
        # its column has one count per object of the class, so its length is their number.
        column = columns[parent, name]
        if type(column) is list:
            n = len(column)
        counts[parent, name] = column = _typed(_cells(column, n), n, int)
        if taken + _in_range(column, _MOST.get((parent, name))) != n:
            raise _Unusable(f"{child.__name__}: not every object taken exactly once")
        if any(column):
            starts = list(accumulate(column, initial=taken))
            if not all(map(gt, starts, range(n))):
                raise _Unusable(f"{child.__name__}: a child before its parent")
            # Children come level by level: level k+1 are the objects from the end of
            # level k up to where level k's last object stops taking.
            levels, end = 1, taken
            while end < n:
                end, levels = starts[end], levels + 1
            if levels > _LEVELS[child]:
                raise _Unusable(f"{child.__name__}: nested too deeply")
    made = list(map(object.__new__, repeat(child, n)))
    rows = iter(made)
    for key, column in counts.items():  # in the order of _TAKERS
        if any(column):
            children[key] = list(map(tuple, map(islice, repeat(rows), column)))
        else:
            children[key] = repeat(())
    return made


def _in_range(counts: list, most: int | None) -> int:
    """The sum of a column of counts, each at least 0 (and at most `most`)."""
    if counts and (min(counts) < 0 or (most is not None and max(counts) > most)):
        raise _Unusable("a count out of range")
    return sum(counts)


_ASCII_KEPT: list[bytes] = []


def _visible(strings: list) -> bool:
    """Whether `visible_lines` leaves every string as it is (a TypeError unless each is a
    string). One pass over all of them: the characters it changes are changed one by one,
    whatever is next to them, so a string is changed exactly when the strings joined with
    spaces are (a space is not one of them)."""
    text = " ".join(strings)
    if text.isascii() and len(text) > 65536:
        # The same test for ASCII text, about ten times faster: delete every character
        # that visible_lines keeps (asked of it, once); what is left it would change.
        if not _ASCII_KEPT:
            _ASCII_KEPT.append(bytes(c for c in range(128) if visible_lines(chr(c)) == chr(c)))
        return not text.encode("ascii").translate(None, _ASCII_KEPT[0])
    text.encode("utf-8")  # a UnicodeEncodeError for a lone surrogate, which YAML refuses
    return visible_lines(text) == text


def _check_references(guide: model.Guide, objects: dict[type, list]) -> None:
    """What the loader makes sure of between objects: paths, ids, codes and branch targets."""
    codes = guide.codes  # also every code's key, once
    if any(c.path != (c.name,) for c in guide.codebook) or any(
        k.path != c.path + (k.name,) for c in objects[Code] for k in c.codes
    ):
        raise _Unusable("a code's path is not its parents' names")
    sections = objects[Section]
    if any(s.path != (s.title,) for s in guide.sections) or any(
        sub.path != s.path + (sub.title,) for s in sections for sub in s.sections
    ):
        raise _Unusable("a section's path is not its parents' titles")
    paths = [s.path for s in sections for _ in s.questions]
    if paths != [q.section_path for s in sections for q in s.questions]:
        raise _Unusable("a question's section path is not its section's")
    ids = [q.id for q in objects[Question]]
    if len(set(ids)) != len(ids) or not all(map(model.ID_PATTERN.match, ids)):
        raise _Unusable("two questions with one id, or an id the loader refuses")
    used = chain.from_iterable(
        {*(s.codes for s in sections), *(q.codes for q in objects[Question])}
    )
    if not codes.keys() >= set(used):
        raise _Unusable("a code that is not in the codebook")
    if not {s.path for s in sections} >= {b.to for b in objects[Branch]}:
        raise _Unusable("a branch to no section")

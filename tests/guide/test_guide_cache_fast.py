"""The parsed-guide cache's fast layout (issue #14): a guide from the cache is the guide
the loader makes, field for field and type for type, for the bundled guides, the
importer's expected guides and generated guides with every feature; a truncated,
damaged, foreign or hostile entry makes `lookup` return None, never raise."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from prompter.errors import GuideError
from prompter.guide import Branch, Code, Prompt, cache, load_guide, model
from prompter.guide import load as loader
from prompter.guide.bundled import bundled_guides
from prompter.guide.load import load_guide as parse
from prompter.records import Frozen, fields, replace
from prompter.text import visible_lines

IMPORTED = sorted((Path(__file__).resolve().parents[1] / "data" / "import").glob("*.expected.yaml"))


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROMPTER_CACHE_DIR", str(folder))
    return folder


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def feature_guide(n: int, words: str = "topic") -> str:
    """A guide of at least `n` questions (and at least three parts) using every feature of
    the format: a codebook three levels deep (descriptions, colours), sections nested to
    the limit of 8 levels, descriptions, guidance, conditions, minutes (whole and not),
    explicit and derived ids, probes with guidance, examples and sub-prompts, checklists,
    examples with examples, branches by title and by path, priorities, kinds, labels, code
    references by name and by path, and multi-line text with tabs."""
    out = [
        f"title: {q('Feature guide: ' + words)}",
        'version: "2.1"',
        f"description: {q('Every feature, ' + words)}",
        "minutes: 90",
        f"introduction: {q('Thank you.' + chr(10) + chr(10) + '[Start the recorder.]')}",
        "closing: That is all.",
        "codebook:",
    ]
    for t in range(4):
        out += [f"  - name: Theme {t}", f"    description: {q(words + ' ' + str(t))}"]
        out += [f'    color: "#{t:02d}77B4"', "    codes:"]
        for u in range(2):
            out += [f"      - name: Sub {t}.{u}", "        codes:"]
            out += [f"          - name: Leaf {t}.{u}.{v}" for v in range(2)]
    out.append("sections:")
    count = 0

    def question(indent: str, part: int) -> list[str]:
        nonlocal count
        i, count = count, count + 1
        text = f"Question {i}: how does {words} {i} work for you?"
        if i % 13 == 0:
            text += "\n\tAnd on a second line?"
        lines = [f"{indent}- text: {q(text)}"]
        if i % 3 == 0:
            lines.append(f"{indent}  id: q{i}.x-{i}")
        if i % 2:
            lines.append(f"{indent}  guidance: {q('(If relevant) ' + words)}")
        if i % 3 == 1:
            t = i % 4
            lines.append(f"{indent}  codes: [Sub {t}.1, Theme {t}/Sub {t}.0/Leaf {t}.0.1]")
        if i % 4 == 0:
            lines.append(f"{indent}  priority: optional")
        if i % 5 == 0:
            lines.append(f"{indent}  condition: {q('Only if they use ' + words)}")
        if i % 6 == 0:
            lines.append(f"{indent}  label: {q('Label ' + str(i))}")
        if i % 11 == 0:
            lines.append(f"{indent}  kind: check")
        if i % 7 == 0:
            lines += [
                f"{indent}  branches:",
                f"{indent}    - {{label: Onwards, to: Part {(part + 1) % 3}}}",
                f"{indent}    - {{label: Deeper, to: Part 0 / Topic 0.1}}",
            ]
        if i % 4 != 3:
            lines += [f"{indent}  examples:", f"{indent}    - {q('an example of ' + str(i))}"]
            if i % 2 == 0:
                lines += [f"{indent}    - text: with examples", f"{indent}      examples: [a, b]"]
        probes = i % 5
        if probes:
            lines.append(f"{indent}  probes:")
            lines += [f"{indent}    - {q(f'Probe {k} of {i}?')}" for k in range(probes - 1)]
            lines += [
                f"{indent}    - text: {q(f'Which of these, {i}?')}",
                f"{indent}      guidance: Read them out",
                f"{indent}      examples: [one, two]",
                f"{indent}      checklist: {'true' if i % 2 else 'false'}",
                f"{indent}      probes:",
                f"{indent}        - Item a",
                f"{indent}        - text: Item b",
                f"{indent}          guidance: Only if needed",
                f"{indent}          examples: [b1]",
            ]
        return lines

    def section(title: str, indent: str, depth: int, part: int) -> list[str]:
        lines = [f"{indent}- title: {q(title)}"]
        if depth % 2:
            lines += [
                f"{indent}  description: {q('About ' + title)}",
                f"{indent}  guidance: {q('Now I would like to move on to ' + words)}",
                f"{indent}  condition: If there is time",
                f"{indent}  minutes: {2.5 * depth}",
            ]
        lines.append(f"{indent}  codes: [Theme {part % 4}/Sub {part % 4}.{depth % 2}]")
        lines.append(f"{indent}  questions:")
        for _ in range(2 if depth > 1 else 3):
            lines += question(indent + "    ", part)
        return lines

    part = 0
    while count < n or part < 3:
        out += [f"  - title: Part {part}", "    minutes: 20", f"    codes: [Theme {part % 4}]"]
        out += ["    questions:", *question("      ", part), "    sections:"]
        for topic in range(3):
            out += section(f"Topic {part}.{topic}", "      ", 1, part)
        if part == 0:  # a chain of sections down to the limit: 8 levels with the part
            indent = "      "
            for depth in range(3, 9):
                out.append(f"{indent}  sections:")
                indent += "    "
                out += section(f"Level {depth}", indent, depth, part)
        part += 1
    return "\n".join(out) + "\n"


# --- a cached guide is the parsed guide ------------------------------------------------


def assert_cached_equals_parsed(path: Path) -> model.Guide:
    parsed = parse(path)
    assert cache.lookup(path) is None  # nothing kept yet
    assert load_guide(path) == parsed  # parsed and kept
    cached = cache.lookup(path)
    assert cached is not None, "the entry was not used"
    assert cached == parsed
    assert repr(cached) == repr(parsed)  # also each value's type: 1.0 is not 1, True not 1
    assert cached.questions == parsed.questions and cached.codes == parsed.codes
    assert cached.sections_of == parsed.sections_of
    assert cached.section_starts == parsed.section_starts
    return cached


@pytest.mark.parametrize("path", bundled_guides() + IMPORTED, ids=lambda p: p.name)
def test_bundled_and_imported_guides_come_back_equal(path):
    assert_cached_equals_parsed(path)


@pytest.mark.parametrize(
    ("n", "words"),
    [(40, "topic"), (2000, "topic"), (300, "thème, Füße, 中文 🙂, a\u00a0b")],
    ids=["small", "large-ascii", "non-ascii"],
)
def test_generated_guides_with_every_feature_come_back_equal(tmp_path, n, words):
    path = tmp_path / "features.yaml"
    path.write_text(feature_guide(n, words), encoding="utf-8")
    guide = assert_cached_equals_parsed(path)
    assert len(guide.questions) >= n
    assert max(len(s.path) for s in guide.all_sections) == loader.MAX_SECTION_DEPTH
    assert any(p.checklist and p.probes for q in guide.questions for p in q.probes)
    assert any(q.branches for q in guide.questions) and any(q.label for q in guide.questions)
    assert any("\n\t" in q.text for q in guide.questions)  # layout characters are kept
    assert {q.kind for q in guide.questions} == {"question", "check"}
    assert {q.priority for q in guide.questions} == {"core", "optional"}


def test_a_guide_with_a_control_character_is_refused_and_never_kept(tmp_path, own_cache):
    path = tmp_path / "escaped.yaml"  # written as a YAML escape: the loader refuses it too
    path.write_text(
        'title: "T\\e[2J"\nsections:\n  - title: S\n    questions:\n      - text: Why?\n'
    )
    with pytest.raises(GuideError, match="control character U[+]001B"):
        load_guide(path)
    assert list(own_cache.glob("*.json")) == [] and cache.lookup(path) is None


def test_a_fresh_process_reads_the_entry_without_importing_yaml(tmp_path):
    path = tmp_path / "features.yaml"
    path.write_text(feature_guide(100))
    parsed = parse(path)
    code = (
        "import sys; from prompter.guide import load_guide; "
        f"g = load_guide({str(path)!r}); print(len(g.questions), 'yaml' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)]
    runs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True))
    assert [r.stdout.split() for r in runs] == [
        [str(len(parsed.questions)), "True"],  # parsed, then kept
        [str(len(parsed.questions)), "False"],  # from the cache
    ], [r.stderr for r in runs]


# --- the checks (the limits are the loader's own: both take them from the model) -------


def test_the_schema_is_the_models_and_makes_a_tree():
    assert all(fields(cls) == tuple(n for n, _ in spec) for cls, spec in cache._SCHEMA.items())
    # What makes the objects a tree whatever an entry says: a class's objects are taken
    # by classes before it, then by at most one field of its own.
    for child, takers in cache._TAKERS.items():
        others = [p for p, _ in takers if p is not child]
        assert all(cache._ORDER.index(p) < cache._ORDER.index(child) for p in others)
        assert [p for p, _ in takers if p is child] in ([], [child])
        assert takers[: len(others)] == [(p, n) for p, n in takers if p is not child]


def test_objects_are_built_only_while_init_just_stores_its_arguments(monkeypatch):
    assert cache._try_init()

    class Converting(Frozen):
        __slots__ = ("path",)

        def __init__(self, path):
            self._set(path=tuple(path))

    class Storing(Frozen):
        __slots__ = ("path",)

        def __init__(self, path):
            self._set(path=path)

    monkeypatch.setattr(cache, "_SCHEMA", {Storing: (("path", cache.STRS),)})
    assert cache._try_init()
    monkeypatch.setattr(cache, "_SCHEMA", {Converting: (("path", cache.STRS),)})
    assert not cache._try_init()


def unsafe(c: str) -> bool:
    return visible_lines(c) != c


def test_the_one_pass_check_is_visible_lines_on_each_string():
    # Every character of the basic plane (and a sample beyond), alone, between others,
    # and in a text long enough for the ASCII shortcut.
    for code in [*range(0x10000), *range(0x10000, 0x110000, 0x3FF), 0x10FFFF]:
        c = chr(code)
        if 0xD800 <= code < 0xE000:  # a lone surrogate: YAML refuses it, so does the cache
            with pytest.raises(UnicodeEncodeError):
                cache._visible(["a", c])
            continue
        assert cache._visible(["ab", f"x{c}y", "z"]) is not unsafe(c), hex(code)
    long = "x" * 70_000
    for code in range(128):
        assert cache._visible([long, chr(code)]) is not unsafe(chr(code)), hex(code)
        assert cache._visible([chr(code) + long]) is not unsafe(chr(code)), hex(code)
    with pytest.raises(TypeError):
        cache._visible(["a", 1])


# --- hostile and damaged entries ---------------------------------------------------------


@pytest.fixture
def base(tmp_path, own_cache):
    """A kept guide with every feature: (its path, the guide, its entry)."""
    path = tmp_path / "g.yaml"
    path.write_text(feature_guide(40))
    guide = load_guide(path)
    (entry,) = own_cache.glob("*.json")
    assert cache.lookup(path) == guide
    return path, guide, entry


def body_of(entry: Path) -> dict:
    return json.loads(entry.read_bytes().partition(b"\n")[2])


def write_body(entry: Path, body: dict | bytes) -> None:
    """An entry with this body and a header that fits it (the crc32 is no defence against a
    hostile writer: each of the other checks must hold on its own)."""
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    entry.write_bytes(cache._header(body) + body)


def table(data: dict, cls: type) -> list:
    return data["tables"][cache._ORDER.index(cls)]


def col_index(cls: type, name: str) -> int:
    return [n for n, kind in cache._SCHEMA[cls] if kind != cache.GIVEN].index(name)


def get(data: dict, cls: type, name: str):
    return table(data, cls)[col_index(cls, name)]


def put(data: dict, cls: type, name: str, value) -> None:
    table(data, cls)[col_index(cls, name)] = value


def first_nonzero(column: list) -> int:
    return next(i for i, c in enumerate(column) if c)


def _self_cycle(d):  # the guide takes no section; the first section takes them all
    top = get(d, model.Guide, "sections")
    put(d, model.Guide, "sections", 0)
    get(d, model.Section, "sections")[0] += top


def _taken_before(d):  # the last section takes children that come before it
    subs = get(d, model.Section, "sections")
    i = first_nonzero(subs)
    subs[-1], subs[i] = subs[i], 0


def _negative_count(d):
    probes = get(d, model.Question, "probes")
    i = first_nonzero(probes)
    probes[i], probes[i + 1] = -1, probes[i + 1] + probes[i] + 1


def _bool_count(d):
    probes = get(d, model.Question, "probes")
    i = probes.index(1)
    probes[i] = True


def _more_taken(d):
    get(d, model.Question, "probes")[0] += 1


def _fewer_taken(d):
    probes = get(d, model.Question, "probes")
    probes[first_nonzero(probes)] -= 1


def _unknown(name: str, value: str):
    def mutate(d):
        d["strings"].append(value)
        column = get(d, model.Question, name)
        put(d, model.Question, name, [len(d["strings"]) - 1, *column[1:]])

    return mutate


def _two_guides(d):
    d["tables"][0] = [[v, v] for v in d["tables"][0]]


def _set(cls, name, value):
    return lambda d: put(d, cls, name, value)


def _set_first(cls, name, value):
    def mutate(d):
        column = get(d, cls, name)
        n = len(column) if isinstance(column, list) else len(table(d, cls)[0])
        put(
            d,
            cls,
            name,
            [value] + ([column] * (n - 1) if not isinstance(column, list) else column[1:]),
        )

    return mutate


MUTATIONS = {
    "strings that are null": lambda d: d.update(strings=None),
    "no strings": lambda d: d.pop("strings"),
    "strings not a list": lambda d: d.update(strings="abc"),
    "a string that is a number": lambda d: d["strings"].append(5),
    "a string that is null": lambda d: d["strings"].append(None),
    "a lone surrogate": lambda d: d["strings"].append("\ud800"),
    "a tuple that is a number": lambda d: d["tuples"].append(3),
    "a tuple with a float": lambda d: d["tuples"].append([1.5]),
    "a tuple with a string": lambda d: d["tuples"].append(["a"]),
    "a class table missing": lambda d: d["tables"].pop(),
    "a class table too many": lambda d: d["tables"].append([]),
    "a field missing": lambda d: table(d, model.Question).pop(),
    "a field too many": lambda d: table(d, model.Question).append(0),
    "a column too short": lambda d: get(d, model.Question, "text").pop(),
    "a column that is a dict": _set(model.Question, "text", {"0": 1}),
    "a column that is a string": _set(model.Question, "text", "x"),
    "a string index out of range": _set_first(model.Question, "text", 10**6),
    "a huge string index": _set_first(model.Question, "text", 10**30),
    "a string index that is a float": _set_first(model.Question, "text", 1.0),
    "a string index that is a string": _set_first(model.Question, "id", "q1"),
    "a tuple index out of range": _set_first(model.Question, "section_path", 10**6),
    "a tuple index that is null": _set_first(model.Question, "codes", None),
    "two guides": _two_guides,
    "an object taken twice": _more_taken,
    "an object never taken": _fewer_taken,
    "a negative count": _negative_count,
    "a count that is a flag": _bool_count,
    "a huge count": _set_first(model.Question, "probes", 10**18),
    "a huge count for every prompt": _set(model.Prompt, "examples", 10**8),
    "a section inside itself": _self_cycle,
    "a child before its parent": _taken_before,
    "minutes that are whole": _set(model.Section, "minutes", 5),
    "minutes that are zero": _set(model.Section, "minutes", 0.0),
    "minutes that are infinite": _set(model.Guide, "minutes", float("inf")),
    "minutes that are not a number": _set(model.Guide, "minutes", float("nan")),
    "minutes that are text": _set(model.Guide, "minutes", "5"),
    "a negative line": _set_first(model.Question, "line", -1),
    "a line that is a flag": _set_first(model.Question, "line", True),
    "a line past any file": _set_first(model.Question, "line", 10**12),
    "a checklist that is a number": _set(model.Prompt, "checklist", 1),
    "a colour that is text": _set(model.Code, "color", "#112233"),
    "an unknown priority": _unknown("priority", "urgent"),
    "an unknown kind": _unknown("kind", "task"),
    "an id the loader refuses": _unknown("id", "1 bad id"),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_a_hostile_entry_is_not_used(base, mutate):
    path, guide, entry = base
    data = body_of(entry)
    mutate(data)
    write_body(entry, data)
    assert cache.lookup(path) is None
    assert load_guide(path) == guide  # parsed again (and kept again)
    assert cache.lookup(path) == guide


UNSAFE = [c for c in map(chr, range(0x3000)) if unsafe(c)]


def test_every_control_character_makes_the_entry_unused(base):
    path, guide, entry = base
    data = body_of(entry)
    assert len(UNSAFE) == 72 and "\t" not in UNSAFE and "\n" not in UNSAFE
    text = data["strings"].index(guide.questions[5].text)
    for c in UNSAFE:
        for where in (f"{c}Why?", f"Wh{c}y?", f"Why?{c}"):
            data["strings"][text] = where
            write_body(entry, data)
            assert cache.lookup(path) is None, repr(c)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"null",
        b'"strings"',
        b"{}",
        b'{"strings": ' + b"[" * 100_000 + b"]" * 100_000 + b', "tuples": [], "tables": []}',
        b'{"strings": [], "tuples": [], "tables": [' + b"9" * 5000 + b"]}",
        b'{"strings": [], "tuples": [], "tables": [1e999]}',
        b"\xff\xfe not UTF-8",
    ],
    ids=["list", "null", "string", "empty", "deep", "5000 digits", "1e999", "bytes"],
)
def test_an_entry_that_is_not_a_guide_is_not_used(base, body):
    path, _, entry = base
    write_body(entry, body)
    assert cache.lookup(path) is None


def test_a_truncated_entry_is_never_used(base):
    path, _, entry = base
    whole = entry.read_bytes()
    body = whole.partition(b"\n")[2]
    for end in range(0, len(whole) - 1, 97):
        entry.write_bytes(whole[:end])
        assert cache.lookup(path) is None, end
    for end in range(0, len(body) - 1, 97):  # and with a header that fits what is left
        write_body(entry, body[:end])
        assert cache.lookup(path) is None, end


def test_another_format_or_a_damaged_entry_is_not_used(base):
    path, guide, entry = base
    whole = entry.read_bytes()
    header, _, body = whole.partition(b"\n")
    entry.write_bytes(header.replace(b"cache 2", b"cache 3") + b"\n" + body)
    assert cache.lookup(path) is None
    rng = random.Random(14)
    for _ in range(200):  # one byte changed: the crc32 sees it
        at = rng.randrange(len(header) + 1, len(whole))
        entry.write_bytes(
            whole[:at] + bytes([(whole[at] + rng.randrange(1, 256)) % 256]) + whole[at + 1 :]
        )
        assert cache.lookup(path) is None, at


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Frozen):
        return [s for name in fields(value) for s in strings_in(getattr(value, name))]
    if isinstance(value, tuple):
        return [s for v in value for s in strings_in(v)]
    return []


def test_random_damage_behind_a_fitting_header_never_raises(base):
    path, guide, entry = base
    body = entry.read_bytes().partition(b"\n")[2]
    rng = random.Random(1414)
    used = 0
    for _ in range(400):
        damaged = bytearray(body)
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(damaged))
            damaged[at] = rng.choice(b'0123456789[]{},:"-.tefnaxu\\ \x1b')
        write_body(entry, bytes(damaged))
        got = cache.lookup(path)  # never raises
        if got is not None:
            used += 1
            assert isinstance(got, model.Guide) and got.sha256 == guide.sha256
            assert all(visible_lines(s) == s for s in strings_in(got))
            assert len({q.id for q in got.questions}) == len(got.questions)
    assert used < 400


# --- guides the loader would refuse, written as entries ---------------------------------


def first_section(guide: model.Guide, **changes) -> model.Guide:
    return replace(guide, sections=(replace(guide.sections[0], **changes), *guide.sections[1:]))


def first_question(guide: model.Guide, **changes) -> model.Guide:
    s = guide.sections[0]
    return first_section(guide, questions=(replace(s.questions[0], **changes), *s.questions[1:]))


def nested_sections(guide: model.Guide, levels: int) -> model.Guide:
    inner = None
    for depth in range(levels, 0, -1):
        path = tuple(f"N{d}" for d in range(1, depth + 1))
        q = model.Question(id=f"n{depth}", text=f"Nested {depth}?", section_path=path)
        inner = model.Section(f"N{depth}", path, questions=(q,), sections=(inner,) if inner else ())
    return replace(guide, sections=(*guide.sections, inner))


def nested_codes(guide: model.Guide, levels: int) -> model.Guide:
    inner = None
    for depth in range(levels, 0, -1):
        path = tuple(f"C{d}" for d in range(1, depth + 1))
        inner = Code(f"C{depth}", path, codes=(inner,) if inner else ())
    return replace(guide, codebook=(*guide.codebook, inner))


def many_questions(guide: model.Guide, n: int) -> model.Guide:
    s = guide.sections[0]
    extra = tuple(
        model.Question(id=f"extra{i}", text=f"Extra {i}?", section_path=s.path) for i in range(n)
    )
    return first_section(guide, questions=s.questions + extra)


REFUSED = {
    "ten probes": lambda g: first_question(g, probes=tuple(Prompt(f"P{i}") for i in range(10))),
    "ten branches": lambda g: first_question(
        g, branches=tuple(Branch(f"B{i}", g.sections[1].path) for i in range(10))
    ),
    "a sub-prompt with sub-prompts": lambda g: first_question(
        g, probes=(Prompt("P", probes=(Prompt("Sub", probes=(Prompt("Sub-sub"),)),)),)
    ),
    "sections 9 levels deep": lambda g: nested_sections(g, 9),
    "codes 101 levels deep": lambda g: nested_codes(g, 101),
    "two questions with one id": lambda g: first_question(g, id=g.questions[1].id),
    "an id the loader refuses": lambda g: first_question(g, id="has space"),
    "a question outside its section": lambda g: first_question(g, section_path=("Elsewhere",)),
    "a section path that is not its titles": lambda g: first_section(g, path=("Other",)),
    "a code path that is not its names": lambda g: replace(
        g, codebook=(replace(g.codebook[0], path=("X",)), *g.codebook[1:])
    ),
    "a code not in the codebook": lambda g: first_question(g, codes=("Nowhere",)),
    "a branch to no section": lambda g: first_question(g, branches=(Branch("B", ("Nowhere",)),)),
    "whole minutes": lambda g: first_section(g, minutes=5),
    "a line that is text": lambda g: first_question(g, line="3"),
    "a checklist that is a number": lambda g: first_question(
        g, probes=(Prompt("P", probes=(Prompt("a"),), checklist=1),)
    ),
    "another guide's bytes": lambda g: replace(g, sha256="0" * 64),
    "10,001 questions": lambda g: many_questions(g, 10_001 - len(g.questions)),
}


@pytest.mark.parametrize("change", REFUSED.values(), ids=REFUSED.keys())
def test_a_guide_the_loader_would_refuse_is_not_used(base, change):
    path, guide, entry = base
    assert cache.lookup(path) == guide
    entry.write_bytes(cache._encode(change(guide)))
    assert cache.lookup(path) is None
    entry.write_bytes(cache._encode(nested_codes(nested_sections(guide, 8), 100)))
    assert cache.lookup(path) is not None  # at the loader's limits: used

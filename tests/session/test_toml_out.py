"""The session file's TOML emitter (prompter/session/toml_out.py) writes byte for byte
what `tomli_w.dumps` writes, for every shape of table the session file has (random
entries of each, with hostile strings, extreme floats and arbitrary keys), and hands
every other shape to tomli-w. A whole session file made by the real session core (and
saved by its writer) is the file the tomli-w-only render gave."""

from __future__ import annotations

import enum
import tomllib
from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType

import pytest
import tomli_w
from guide_factory import FIXED_NOW, FakeClock, bundled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prompter.guide import load_guide
from prompter.session import Session
from prompter.session.model import QuestionState
from prompter.session.render import RenderCache, question_entry, session_to_dict, session_to_toml
from prompter.session.resume import load_session
from prompter.session.toml_out import aot_entries, aot_entry, dumps
from prompter.session.writer import SessionWriter

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters tomli-w escapes, and others that it does not but that a reader might trip
# on: C1 controls, bidi overrides and isolates, zero-width and line/paragraph separators,
# a BOM, non-breaking space, astral characters; and what makes a key need quotes.
TRICKY = list('"\\\n\r\t\b\f\x00\x01\x1b\x1f\x7f\x80\x85\x9f')
TRICKY += list("\u00a0\u200b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\ufffd")
TRICKY += list("'#=[]{}., aZ09-_é中😀")

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(st.sampled_from(TRICKY), max_size=30),
    st.sampled_from(["", "plain words", 'a "quote"', "back\\slash", "line\nline", "tab\there"]),
)
KEYS = st.one_of(
    TEXT,
    st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True),
    st.sampled_from(["", " ", "a b", "a.b", "1", "-", "_x", "é", '"', "[x]", "extra"]),
)
FLOATS = st.one_of(
    st.floats(),  # nan, inf, -inf, -0.0, subnormals and huge ones included
    st.sampled_from([0.0, -0.0, 1e20, 1e-7, 1e16, 123456789.125, 5e-324, 1.7976931348623157e308]),
)
INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# Offsets in whole minutes: what TOML can write (tomli-w writes str(datetime) as it is).
OFFSETS = st.builds(
    lambda m: timezone(timedelta(minutes=m)), st.integers(min_value=-1439, max_value=1439)
)
DATETIMES = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=OFFSETS),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
)
SCALARS = st.one_of(TEXT, st.booleans(), INTS, FLOATS, DATETIMES, st.dates())
STRINGS = st.lists(TEXT, max_size=4)
NUMBERS = st.lists(st.one_of(INTS, FLOATS), max_size=4)
ARRAYS = st.recursive(
    st.lists(SCALARS, max_size=4),
    lambda inner: st.lists(st.one_of(SCALARS, inner), max_size=3),
    max_leaves=12,
)
VALUES = st.one_of(SCALARS, ARRAYS)
# Tables nested as sub-tables, with empty ones and ones holding only sub-tables: the
# cases where tomli-w writes or leaves out a [header] and a blank line.
TABLES = st.recursive(
    st.dictionaries(KEYS, VALUES, max_size=5),
    lambda inner: st.dictionaries(KEYS, st.one_of(VALUES, inner), max_size=4),
    max_leaves=16,
)
SECONDS = st.one_of(FLOATS, INTS)
TOMLI_W = tomli_w.dumps  # the real one, whatever a test patches


QUESTION = st.fixed_dictionaries(
    {
        "id": TEXT,
        "section": STRINGS,
        "text": TEXT,
        "probes": STRINGS,
        "codes": STRINGS,
        "priority": TEXT,
        "kind": TEXT,
    },
    optional={
        "condition": TEXT,
        "guidance": TEXT,
        "examples": STRINGS,
        "sub_prompts": st.lists(STRINGS, max_size=3),
        "checklists": STRINGS,
        "branches": st.lists(st.lists(TEXT, min_size=1, max_size=3), max_size=3),
        # a removed question's entry also carries what the file said (`shown`): any value
        "shown": VALUES,
    },
).flatmap(
    lambda static: st.fixed_dictionaries(
        {
            "status": TEXT,
            "probes_used": STRINGS,
            "note": TEXT,
            "seconds_on_question": SECONDS,
        },
        optional={
            "first_marked_seconds": SECONDS,
            "items_ticked": STRINGS,
            "original_text": TEXT,
            "removed": st.just(True),
        },
    ).map(lambda dynamic: {**static, **dynamic})
)
SECTION = st.fixed_dictionaries(
    {"path": STRINGS},
    optional={"minutes": SECONDS},
).flatmap(
    lambda e: st.fixed_dictionaries({"seconds_spent": SECONDS, "codes": STRINGS}).map(
        lambda rest: {**e, **rest}
    )
)
CODE = st.fixed_dictionaries(
    {"path": TEXT, "name": TEXT, "description": TEXT},
    optional={"color": TEXT, "parent": TEXT},
)
BOOKMARK = st.fixed_dictionaries({"at_seconds": SECONDS, "label": TEXT, "question": TEXT})
EVENT = st.fixed_dictionaries(
    {"at_seconds": SECONDS, "action": TEXT, "question": TEXT}, optional={"value": TEXT}
)
SESSION_TABLE = st.fixed_dictionaries(
    {
        "id": TEXT,
        "participant": TEXT,
        "interviewer": TEXT,
        "started_at": st.one_of(DATETIMES, TEXT),
    },
    optional={"ended_at": st.one_of(DATETIMES, TEXT)},
).flatmap(
    lambda t: st.fixed_dictionaries(
        {
            "state": TEXT,
            "elapsed_seconds": SECONDS,
            "paused": st.booleans(),
        },
        optional={"recording_offset_seconds": SECONDS},
    ).flatmap(
        lambda u: st.fixed_dictionaries(
            {
                "current_question": TEXT,
                "prompter_version": TEXT,
                "extra": st.one_of(st.dictionaries(KEYS, TEXT, max_size=6), TABLES),
            }
        ).map(lambda v: {**t, **u, **v})
    )
)
GUIDE_TABLE = st.fixed_dictionaries(
    {"title": TEXT, "version": TEXT, "path": TEXT, "sha256": TEXT},
    optional={"minutes": SECONDS},
)
HEAD = st.fixed_dictionaries(
    {"schema_version": INTS},
    optional={"codes": st.just([]), "bookmarks": st.just([]), "events": st.just([])},
).flatmap(
    lambda h: st.fixed_dictionaries(
        {"session": SESSION_TABLE, "guide": GUIDE_TABLE}, optional={"transcript": TEXT}
    ).map(lambda rest: {**h, **rest})
)


def canonical(value):
    """A value as tomllib gives it back, comparable with ==: tuples as lists, floats by
    their repr (nan equals nan, -0.0 is not 0.0), datetimes with their offset."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, datetime):
        return ("datetime", value.isoformat())
    return value


def emitted(table: dict) -> str:
    """`dumps(table)`, failing if the emitter handed the table to tomli-w."""
    handed = []
    tomli_w.dumps = lambda t, **kw: handed.append(t) or TOMLI_W(t, **kw)
    try:
        text = dumps(table)
    finally:
        tomli_w.dumps = TOMLI_W
    assert handed == [], "a supported shape was handed to tomli-w"
    return text


def check(table: dict) -> str:
    """The emitter writes the table itself, its text is tomli-w's, and tomllib reads the
    table back from it."""
    text = emitted(table)
    assert text == TOMLI_W(table)
    assert canonical(tomllib.loads(text)) == canonical(table)
    return text


@PROPERTY
@given(QUESTION)
def test_question_entries(entry):
    check(entry)
    text = aot_entry("questions", entry)
    assert text == "\n[[questions]]\n" + tomli_w.dumps(entry)
    assert canonical(tomllib.loads(text)) == canonical({"questions": [entry]})


@PROPERTY
@given(st.one_of(SECTION, CODE, BOOKMARK, EVENT))
def test_section_code_bookmark_and_event_entries(entry):
    check(entry)


@PROPERTY
@given(st.lists(st.one_of(EVENT, BOOKMARK, CODE), max_size=6))
def test_several_entries_of_one_array(entries):
    text = aot_entries("events", entries)
    assert text == "".join("\n[[events]]\n" + TOMLI_W(e) for e in entries)
    assert canonical(tomllib.loads(text)) == canonical({"events": entries} if entries else {})


def test_several_entries_with_one_of_another_shape():
    entries = [{"a": 1}, {"b": [{"x": 1}]}, {"c": 'say "hi"'}]
    expected = "".join("\n[[e]]\n" + TOMLI_W(e) for e in entries)
    assert aot_entries("e", entries) == expected


@PROPERTY
@given(HEAD)
def test_head_with_session_extra_and_guide_tables(head):
    check(head)


@PROPERTY
@given(TABLES)
def test_nested_tables_with_any_keys(table):
    check(table)


@PROPERTY
@given(TEXT, KEYS)
def test_any_string_and_key(value, key):
    check({key: value, "list": [value, key], "nested": [[value], []]})


@settings(max_examples=300, deadline=None, database=None)
@given(FLOATS, st.integers())
def test_floats_and_integers_of_any_size(x, n):
    table = {"x": x, "xs": [x, -x], "n": n}
    assert dumps(table) == tomli_w.dumps(table)
    if -(2**63) <= n < 2**63:
        check(table)


class Level(enum.IntEnum):
    LOW = 1


class Text(str):
    pass


@pytest.mark.parametrize(
    "table",
    [
        {"aot": [{"a": 1}, {"b": "x" * 120}]},  # an array of tables, written [[aot]]
        {"inline": [{"a": 1}, {"b": [1, 2]}]},  # an array of inline tables
        {"mixed": [1, {"a": 1}]},
        {"t": time(12, 30)},
        {"d": Decimal("1.50"), "n": Decimal("nan")},
        {"proxy": MappingProxyType({"a": 1})},
        {"ordered": OrderedDict(a=1, b={"c": 2})},
        {"level": Level.LOW},
        {"text": Text('subclass "of" str')},
        {"extra": {"x": [{"deep": 1}]}},
        OrderedDict(a=1),
    ],
    ids=repr,
)
def test_other_shapes_are_written_by_tomli_w(table):
    assert dumps(table) == tomli_w.dumps(table)


@pytest.mark.parametrize(
    "table",
    [
        {1: "int key"},
        {"t": time(12, 30, tzinfo=UTC)},
        {"x": object()},
        {"s": {(1, 2): "tuple key"}},
        {"n": 10**5000},
    ],
    ids=lambda t: type(next(iter(t.values()))).__name__,
)
def test_what_tomli_w_refuses_is_refused_the_same_way(table):
    with pytest.raises(Exception) as ours:
        dumps(table)
    with pytest.raises(Exception) as theirs:
        tomli_w.dumps(table)
    assert type(ours.value) is type(theirs.value)


# ------------------------------------------------------------ whole session files

# Every key of a question's entry: a check, a condition, guidance with quotes, examples
# with examples, sub-prompts, a checklist probe, branches; a codebook with a colour.
GUIDE = """\
title: 'Site study: "quotes" \\ and more'
version: "2"
minutes: 45
codebook:
  - name: Use
    description: How the site is used.
    color: "#1F77B4"
    codes:
      - name: First look
sections:
  - title: Before we start
    questions:
      - {id: consent, text: Consent obtained, kind: check}
  - title: Screening
    guidance: Say "first, a few questions about you"
    minutes: 5
    questions:
      - id: visited
        text: Have you visited the new site?
        condition: Only if they use the internet
        branches:
          - {label: Visited the site, to: Usability}
          - {label: Not visited, to: Closing}
      - id: role
        text: What is your role?
        guidance: (Keep this short.)
        codes: [Use]
        examples:
          - kitchen table
          - {text: a separate room, examples: [a spare bedroom, a garden office]}
        probes:
          - text: Which of these tools do you use?
            checklist: true
            probes: [Email, Chat, Video calls]
          - How long have you done it?
          - text: What would make it better?
            probes: [Who would pay for that?]
  - title: Usability
    codes: [Use/First look]
    questions:
      - id: first-look
        text: What did you notice first?
      - id: find
        text: Could you find what you needed?
  - title: Closing
    questions:
      - id: anything
        text: Anything else?
"""


def write_guide(folder, text: str = GUIDE, name: str = "guide.yaml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_guide(path)


def tomli_w_render(session: Session) -> str:
    """The session file as render.py wrote it before the emitter: tomli_w.dumps of the
    head (empty arrays first, then the session and guide tables), then of each entry of
    each array of tables after its [[header]]."""
    d = session_to_dict(session)
    head = {"schema_version": d["schema_version"]}
    for name in ("codes", "bookmarks", "events"):
        if not d[name]:
            head[name] = []
    head["session"] = d["session"]
    head["guide"] = d["guide"]
    if "transcript" in d:
        head["transcript"] = d["transcript"]
    parts = [TOMLI_W(head)]
    for name in ("questions", "sections", "codes", "bookmarks", "events"):
        parts += [f"\n[[{name}]]\n" + TOMLI_W(e) for e in d[name]]
    return "".join(parts)


@pytest.fixture
def no_fallback(monkeypatch):
    """Fails the test if the emitter hands a table to tomli-w (the slow path)."""
    handed = []
    monkeypatch.setattr(tomli_w, "dumps", lambda t, **kw: handed.append(t) or TOMLI_W(t, **kw))
    yield handed
    assert handed == []


def interview(session: Session, clock: FakeClock) -> None:
    """An interview with marks, probes, a ticked checklist, a branch, notes with quotes,
    backslashes, newlines and control characters, labelled bookmarks and a pause."""
    s = session
    s.mark_recording()
    clock.advance(12.5)
    s.mark("asked")
    s.set_note('Said "yes"; form C:\\forms\\consent.pdf\nsigned\ttoday')
    s.next()
    clock.advance(3)
    s.mark("skipped")
    s.next()
    clock.advance(41.25)
    s.set_note("Mentions the \u202eRLO trick\u202c and a bell \x07 and a NBSP\u00a0here")
    s.choose_branch(1)
    clock.advance(8)
    s.add_bookmark('quote: "we never had a plan"')
    s.toggle_pause()
    clock.advance(60)
    s.toggle_pause()
    s.goto("role")
    s.tick(1, 2)
    s.tick(1, 3)
    s.toggle_probe(2)
    s.set_note("line one\r\nline two\n\n[not a table]\nkey = value")
    clock.advance(95.125)
    s.add_bookmark("")
    s.mark("probed")
    s.undo()
    s.redo()


def test_a_whole_session_file_is_what_tomli_w_wrote(tmp_path, no_fallback):
    guide = write_guide(tmp_path)
    clock = FakeClock()
    extra = {"site": "Leeds", "room name": "B.12", "": "empty key", "ключ": 'x"y', "a.b": "\n"}
    s = Session(guide, "P01", 'Dr "Q"', extra, clock=clock, now=FIXED_NOW)
    path = tmp_path / "P01.toml"
    writer = SessionWriter(s, path)
    writer.save()  # the first save: nothing cached
    assert path.read_text(encoding="utf-8") == tomli_w_render(s)
    interview(s, clock)
    writer.save()  # later saves: only what changed is rendered again
    assert path.read_bytes() == tomli_w_render(s).encode("utf-8")
    s.finish(datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))))
    writer.save()
    assert path.read_bytes() == tomli_w_render(s).encode("utf-8")
    assert session_to_toml(s) == tomli_w_render(s)  # and a render from scratch
    assert tomllib.loads(path.read_text(encoding="utf-8")) == session_to_dict(s)


def test_a_resumed_session_with_removed_and_reworded_questions(tmp_path, no_fallback):
    first = write_guide(tmp_path, GUIDE, "first.yaml")
    clock = FakeClock()
    s = Session(first, "P02", clock=clock, now=FIXED_NOW)
    interview(s, clock)
    path = tmp_path / "P02.toml"
    SessionWriter(s, path).save()
    # The guide changes: a question goes, another is reworded.
    changed = GUIDE.replace("      - id: find\n        text: Could you find what you needed?\n", "")
    changed = changed.replace("What is your role?", 'What is your "role"?')
    assert changed.count("\n") < GUIDE.count("\n")
    second = write_guide(tmp_path, changed, "second.yaml")
    resumed, _ = load_session(path, second, clock=clock, wallclock=lambda: FIXED_NOW)
    assert resumed.removed and resumed.original_text
    writer = SessionWriter(resumed, path, resume=True)
    writer.save()  # the first save after a resume
    assert path.read_bytes() == tomli_w_render(resumed).encode("utf-8")
    resumed.set_note("after the resume: \\n is not a newline")
    clock.advance(2)
    writer.save()
    assert path.read_bytes() == tomli_w_render(resumed).encode("utf-8")


def test_the_bundled_guides_first_save(tmp_path, no_fallback):
    for name in (None, "demo"):
        s = Session(bundled(name), "P03", "Interviewer", {"mode": "video"}, clock=FakeClock())
        path = tmp_path / f"{name}.toml"
        SessionWriter(s, path).save()
        assert path.read_bytes() == tomli_w_render(s).encode("utf-8")


def test_what_is_handed_to_tomli_w_is_still_written(monkeypatch):
    """A shape the emitter does not write (an array of tables in `extra`, which no session
    has) still gives tomli-w's text: the fallback is taken, not a wrong file."""
    handed = []
    monkeypatch.setattr(tomli_w, "dumps", lambda t, **kw: handed.append(t) or TOMLI_W(t, **kw))
    table = {"a": 1, "extra": {"list": [{"x": 1}], "d": date(2026, 1, 2)}}
    text = dumps(table)
    assert handed == [table]
    assert text == TOMLI_W(table)
    assert tomllib.loads(text) == table


@pytest.mark.parametrize(
    ("a", "b"),
    [(0, 0.0), (0.0, -0.0), (1, 1.0), (None, 0.0)],
    ids=["int-float", "negative-zero", "one", "none"],
)
def test_equal_states_written_differently_do_not_share_a_text(a, b):
    """A question's changing lines are kept per state; states equal in Python but written
    differently (0 and 0.0, 0.0 and -0.0) each get their own."""
    s = Session(bundled("demo"), "P04", clock=FakeClock(), now=FIXED_NOW)
    cache = RenderCache(s)
    for i, (first, seconds) in enumerate([(a, a or 0.0), (b, b), (a, a or 0.0)]):
        key = (QuestionState(first_marked_seconds=first, seconds_on_question=seconds), None)
        entry = question_entry(cache.static(i), key, False)
        assert cache.question_text(i, key) == "\n[[questions]]\n" + TOMLI_W(entry)


def test_a_state_holding_a_list_is_written_without_being_kept():
    s = Session(bundled("demo"), "P05", clock=FakeClock(), now=FIXED_NOW)
    cache = RenderCache(s)
    key = (QuestionState(probes_used=["a list", 'not "a" tuple']), None)
    entry = question_entry(cache.static(0), key, False)
    assert cache.question_text(0, key) == "\n[[questions]]\n" + TOMLI_W(entry)
    assert cache.dynamic_lines == {}


# The static lines a large guide's first save writes straight from the question
# (`plain_static_lines`) are those of the entry's static part, or None.
PLAIN_TEXT = st.one_of(TEXT, st.text(st.sampled_from("abc XYZ 09?-é中'"), min_size=1, max_size=30))


@st.composite
def questions(draw):
    from prompter.guide.model import Branch, Example, Prompt, Question

    probes = tuple(
        Prompt(
            draw(PLAIN_TEXT),
            probes=tuple(Prompt(t) for t in draw(st.lists(PLAIN_TEXT, max_size=2))),
            checklist=draw(st.booleans()) and draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    optional = draw(st.sampled_from(["", "condition", "guidance", "examples", "branches"]))
    return Question(
        id=draw(PLAIN_TEXT),
        text=draw(PLAIN_TEXT),
        section_path=tuple(draw(st.lists(PLAIN_TEXT, min_size=1, max_size=3))),
        codes=tuple(draw(st.lists(PLAIN_TEXT, max_size=3))),
        probes=probes,
        priority=draw(st.sampled_from(["core", "optional"])),
        kind=draw(st.sampled_from(["question", "check"])),
        condition=draw(PLAIN_TEXT) if optional == "condition" else "",
        guidance=draw(PLAIN_TEXT) if optional == "guidance" else "",
        examples=(Example(draw(PLAIN_TEXT)),) if optional == "examples" else (),
        branches=(Branch(draw(PLAIN_TEXT), ("A",)),) if optional == "branches" else (),
    )


@PROPERTY
@given(questions())
def test_static_lines_written_straight_from_a_question_are_the_entrys(q):
    from prompter.session.render import plain_static_lines, static_question
    from prompter.session.toml_out import lines

    plain = plain_static_lines(q)
    expected = lines(static_question(q))
    assert plain is None or plain == expected == tomli_w.dumps(static_question(q))
    if plain is None:
        return
    assert not (q.condition or q.guidance or q.examples or q.branches)


def test_a_plain_question_is_written_straight():
    from prompter.guide.model import Prompt, Question
    from prompter.session.render import plain_static_lines, static_question

    q = Question("q1", "How is it going?", ("Part", "Section"), ("A/B",), (Prompt("Why?"),))
    assert plain_static_lines(q) == tomli_w.dumps(static_question(q))
    assert plain_static_lines(Question("q2", 'Say "hi"', ("P",))) is None  # needs an escape

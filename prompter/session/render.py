"""A session as the TOML text of its file (docs/session-format.md).

Every table is written as `tomli_w.dumps` writes it, by the faster emitter of
`prompter.session.toml_out` (which hands any other shape to tomli-w); this module only
adds the `[[table]]` headers so that arrays of tables always look the same. A
`RenderCache`, owned by the session's writer, keeps the text of entries that have not
changed since the previous save.
"""

from __future__ import annotations

from prompter import __version__
from prompter.guide import Guide
from prompter.session.model import MULTI_ACTIONS, Bookmark, Event, RemovedQuestion, Session
from prompter.session.toml_out import aot_entries, aot_entry, dumps, lines
from prompter.vocabulary import SCHEMA_VERSION


def code_entries(guide: Guide) -> list[dict]:
    """The guide's codebook flattened, as session files record it ([[codes]])."""
    entries = []
    for code in guide.codes.values():
        e = {"path": code.key, "name": code.name, "description": code.description}
        if code.color:
            e["color"] = code.color
        if len(code.path) > 1:
            e["parent"] = "/".join(code.path[:-1])
        entries.append(e)
    return entries


def _example_text(ex) -> str:
    return f"{ex.text} ({', '.join(ex.examples)})" if ex.examples else ex.text


# The keys of a question's entry that record what the screen showed beside it.
SHOWN_KEYS = ("kind", "condition", "guidance", "examples", "sub_prompts", "checklists", "branches")


def static_question(q) -> dict:
    probes = q.probes
    e = {
        "id": q.id,
        "section": list(q.section_path),
        "text": q.text,
        "probes": [p.text for p in probes],  # q.probe_texts, without the tuple
        "codes": list(q.codes),
        "priority": q.priority,
        "kind": q.kind,
    }
    # What the screen showed beside the question, where the guide gives it.
    if q.condition:
        e["condition"] = q.condition
    if q.guidance:
        e["guidance"] = q.guidance
    if q.examples:
        e["examples"] = [_example_text(x) for x in q.examples]
    if probes:  # (a large guide's first save builds this for every question)
        if any(p.probes for p in probes):
            e["sub_prompts"] = [list(p.items) for p in probes]
        if any(p.checklist for p in probes):
            e["checklists"] = [p.text for p in probes if p.checklist]
    if q.branches:
        e["branches"] = [[b.label, *b.to] for b in q.branches]
    return e


def _list(values) -> str:
    """A list of plain strings as tomli-w writes it (one per line, or `[]`)."""
    return '[\n    "' + '",\n    "'.join(values) + '",\n]\n' if values else "[]\n"


def plain_static_lines(q) -> str | None:
    """The static lines of question `q`'s entry, written straight from the question
    when it is a plain one (no condition, guidance, examples, sub-prompts, checklists
    or branches; no character that needs an escape): the same text as
    `lines(static_question(q))` (tests/session/test_toml_out.py), about three times
    sooner, which a large guide's first save, before the first frame, needs. None
    for any other question."""
    if q.condition or q.guidance or q.examples or q.branches:
        return None
    probes = q.probes
    for p in probes:
        if p.probes or p.checklist:
            return None
    texts = [p.text for p in probes]
    section, codes = q.section_path, q.codes
    joined = "".join((q.id, q.text, q.priority, q.kind, *section, *texts, *codes))
    if not joined.isprintable() or '"' in joined or "\\" in joined:
        return None
    return (
        f'id = "{q.id}"\nsection = {_list(section)}text = "{q.text}"\n'
        f"probes = {_list(texts)}codes = {_list(codes)}"
        f'priority = "{q.priority}"\nkind = "{q.kind}"\n'
    )


def _static_removed(r: RemovedQuestion) -> dict:
    return {
        "id": r.id,
        "section": list(r.section),
        "text": r.text,
        "probes": list(r.probes),
        "codes": list(r.codes),
        "priority": r.priority,
        **dict(r.shown),
    }


def dynamic_key(session: Session, qid: str) -> tuple:
    """What of a question's entry can change: its recorded state and original text."""
    return (session.question_state(qid), session.original_text.get(qid))


def _dynamic_entry(key: tuple, checklists: bool, removed: bool) -> dict:
    """The keys of a question's entry that can change (after the static ones)."""
    state, original = key
    e = {"status": state.status, "probes_used": list(state.probes_used), "note": state.note}
    if state.first_marked_seconds is not None:
        e["first_marked_seconds"] = state.first_marked_seconds
    e["seconds_on_question"] = state.seconds_on_question
    if state.items_ticked or checklists:
        e["items_ticked"] = list(state.items_ticked)
    if original is not None:
        e["original_text"] = original
    if removed:
        e["removed"] = True
    return e


def question_entry(static: dict, key: tuple, removed: bool) -> dict:
    e = dict(static)
    e.update(_dynamic_entry(key, "checklists" in static, removed))
    return e


def session_table(session: Session) -> dict:
    t = {
        "id": session.id,
        "participant": session.participant,
        "interviewer": session.interviewer,
        "started_at": session.started_at,
    }
    if session.ended_at is not None:
        t["ended_at"] = session.ended_at
    t["state"] = session.state
    t["elapsed_seconds"] = session.elapsed
    t["paused"] = session.paused
    if session.recording_offset is not None:
        t["recording_offset_seconds"] = session.recording_offset
    t["current_question"] = session.current
    t["prompter_version"] = __version__
    t["extra"] = dict(session.extra)
    return t


def guide_table(guide: Guide) -> dict:
    t = {"title": guide.title, "version": guide.version, "path": guide.path, "sha256": guide.sha256}
    if guide.minutes is not None:
        t["minutes"] = guide.minutes
    return t


def section_entry(s, spent: float) -> dict:
    e = {"path": list(s.path)}
    if s.minutes is not None:
        e["minutes"] = s.minutes
    e["seconds_spent"] = spent
    e["codes"] = list(s.codes)
    return e


def _section_entries(session: Session) -> list[dict]:
    times = session.section_times()
    return [section_entry(s, t[1]) for s, t in zip(session.guide.all_sections, times, strict=True)]


def bookmark_entry(b: Bookmark) -> dict:
    return {"at_seconds": b.at_seconds, "label": b.label, "question": b.question}


def event_entry(ev: Event) -> dict:
    e = {"at_seconds": ev.at_seconds, "action": ev.action, "question": ev.question}
    if ev.value is not None:
        e["value"] = ev.value
    return e


def session_to_dict(session: Session) -> dict:
    """The whole session file as a dict (what tomllib gives back when reading it)."""
    questions = [
        question_entry(static_question(q), dynamic_key(session, q.id), False)
        for q in session.guide.questions
    ]
    questions += [
        question_entry(_static_removed(r), dynamic_key(session, r.id), True)
        for r in session.removed.values()
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "session": session_table(session),
        "guide": guide_table(session.guide),
        **({"transcript": session.transcript} if session.transcript is not None else {}),
        "questions": questions,
        "sections": _section_entries(session),
        "codes": code_entries(session.guide),
        "bookmarks": [bookmark_entry(b) for b in session.bookmarks],
        "events": [event_entry(ev) for ev in session.events],
    }


class LogPlace:
    """How far a reader of a session's event log has got: the log (the list itself), how
    many of its events it has read and the last of them. The log only grows, but undo of
    a reopening or a resumed file can make it another list: then it does not follow on."""

    __slots__ = ("events", "n", "last")

    def __init__(self, events: list[Event] | None = None):
        self.events: list[Event] | None = None
        self.n = 0
        self.last: Event | None = None
        if events is not None:
            self.move_to(events)

    def follows_on(self, events: list[Event]) -> bool:
        """Whether `events` is the log read so far, with events added (or none)."""
        n = self.n
        return self.events is events and len(events) >= n and (n == 0 or events[n - 1] is self.last)

    def move_to(self, events: list[Event]) -> None:
        """`events` read to its end."""
        self.events, self.n, self.last = events, len(events), events[-1] if events else None


class RenderCache:
    """Rendered TOML of entries that rarely change, kept between saves of one session."""

    def __init__(self, session: Session):
        self.reset(session)

    def reset(self, session: Session) -> RenderCache:
        """Forget everything: `session` has another guide or other removed questions."""
        self.guide = session.guide
        self.removed_ids = tuple(session.removed)
        # The guide's questions, then the removed ones; their static entries are made
        # when first needed (`static`): a first save renders most from the question.
        self.sources = [*session.guide.questions, *session.removed.values()]
        self.ids = [q.id for q in self.sources]
        self.n_guide = len(session.guide.questions)
        self.position = {qid: i for i, qid in enumerate(self.ids)}
        self._static: list[dict | None] = [None] * len(self.ids)
        self.keys: list[tuple | None] = [None] * len(self.ids)
        self.texts: list[str] = [""] * len(self.ids)
        # A question's entry is its static lines (rendered once) and its changing lines;
        # "" for an entry that is not lines only (a removed question's odd values).
        self.static_lines: list[str | None] = [None] * len(self.ids)
        self.dynamic_lines: dict[tuple, str] = {}  # by state: one text for every pending one
        self.section_spent: list[float | None] = [None] * len(session.guide.all_sections)
        self.section_texts: list[str] = [""] * len(session.guide.all_sections)
        self.current: str | None = None  # the question current at the previous render
        self.codes = aot_entries("codes", code_entries(session.guide))
        self.logged = LogPlace()  # the events rendered into `events_text`
        self.events_text = ""
        return self

    def static(self, i: int) -> dict:
        """The static part of question `i`'s entry (position), made once."""
        entry = self._static[i]
        if entry is None:
            q = self.sources[i]
            entry = static_question(q) if i < self.n_guide else _static_removed(q)
            self._static[i] = entry
        return entry

    def question_text(self, i: int, key: tuple) -> str:
        """The [[questions]] entry of question `i` (position) with changing part `key`."""
        removed = i >= self.n_guide
        head = self.static_lines[i]
        if head is None:
            plain = None if removed else plain_static_lines(self.sources[i])
            head = self.static_lines[i] = plain or lines(self.static(i)) or ""
        if not head:
            return aot_entry("questions", question_entry(self.static(i), key, removed))
        state, original = key
        checklists = (
            "checklists" in self.static(i)
            if removed
            else any(p.checklist for p in self.sources[i].probes)
        )
        # repr: values that are equal but written differently (0 and 0.0, 0.0 and -0.0)
        # must not share a text.
        memo = (
            state.status,
            state.probes_used,
            state.note,
            repr(state.first_marked_seconds),
            repr(state.seconds_on_question),
            state.items_ticked,
            original,
            checklists,
            removed,
        )
        try:
            tail = self.dynamic_lines.get(memo)
        except TypeError:  # a value that cannot be a key (a list): not kept
            memo, tail = None, None
        if tail is None:
            tail = lines(_dynamic_entry(key, checklists, removed))
            if tail is None:  # not lines only: written whole
                return aot_entry("questions", question_entry(self.static(i), key, removed))
            if len(self.dynamic_lines) >= 1024:  # a long session's past states
                self.dynamic_lines.clear()
            if memo is not None:
                self.dynamic_lines[memo] = tail
        return "\n[[questions]]\n" + head + tail

    def valid_for(self, session: Session) -> bool:
        return self.guide is session.guide and self.removed_ids == tuple(session.removed)

    def changed_questions(self, session: Session):
        """Positions of the questions whose entries may have changed since the last render:
        those named by an event since then, the current one (its time runs, its note may be
        a draft) and the one current then. Every one on the first render, or when the log
        is not the one rendered last (events removed or replaced)."""
        if self.current is None or not self.logged.follows_on(session.events):
            return range(len(self.ids))
        new = session.events[self.logged.n :]
        if any(
            ev.action in MULTI_ACTIONS
            or ev.action in ("undo", "redo")
            and ev.value in MULTI_ACTIONS
            for ev in new
        ):
            return range(len(self.ids))  # one step changed questions no event names
        qids = {ev.question for ev in new}
        qids |= {session.current, self.current}
        return sorted(self.position[q] for q in qids if q in self.position)


def session_to_toml(session: Session, cache: RenderCache | None = None) -> str:
    """The session file's text. With a `cache` from the previous call for this session,
    entries unchanged since then are not re-rendered (the cache is brought up to date)."""
    if cache is None or not cache.valid_for(session):
        cache = RenderCache(session) if cache is None else cache.reset(session)
    head = {"schema_version": SCHEMA_VERSION}
    # Empty arrays go at the top: a plain key after the tables would belong to the last table.
    if not cache.codes:
        head["codes"] = []
    if not session.bookmarks:
        head["bookmarks"] = []
    if not session.events:
        head["events"] = []
    head["session"] = session_table(session)
    head["guide"] = guide_table(session.guide)
    if session.transcript is not None:
        head["transcript"] = session.transcript
    parts = [dumps(head)]

    # Per save, only what can have changed is looked at, so that a key costs the same
    # whatever the guide's size (docs/benchmarks.md).
    for i in cache.changed_questions(session):
        key = dynamic_key(session, cache.ids[i])
        if cache.keys[i] != key:
            cache.keys[i], cache.texts[i] = key, cache.question_text(i, key)
    cache.current = session.current
    parts.extend(cache.texts)

    for i, (_, spent, _) in enumerate(session.section_times()):
        if cache.section_spent[i] != spent:
            entry = section_entry(session.guide.all_sections[i], spent)
            cache.section_spent[i], cache.section_texts[i] = spent, aot_entry("sections", entry)
    parts.extend(cache.section_texts)

    parts.append(cache.codes)

    parts.append(aot_entries("bookmarks", [bookmark_entry(b) for b in session.bookmarks]))

    events = session.events
    if not cache.logged.follows_on(events):
        cache.logged, cache.events_text = LogPlace(), ""
    n = cache.logged.n
    if len(events) > n:
        cache.events_text += aot_entries("events", [event_entry(ev) for ev in events[n:]])
    cache.logged.move_to(events)
    parts.append(cache.events_text)
    return "".join(parts)

"""A session as the TOML text of its file (docs/session-format.md), written by tomli-w.

The file is the top keys and tables, then the arrays of tables ([[questions]],
[[sections]], [[codes]], [[bookmarks]], [[events]], [[corrections]]), each entry under
its own `[[name]]` header (tomli-w alone would write short entries as inline tables).
Each entry is dumped on its own, so that a `RenderCache`, owned by the session's
writer, can keep the text of the entries that have not changed since the previous
save: a key re-dumps only what it changed (the section times and tallies are still
summed over every question: about 0.4 ms a key at the 2,000-question cap).
"""

from __future__ import annotations

import tomli_w

from prompter import __version__
from prompter.guide import Guide
from prompter.session.model import MULTI_ACTIONS, Bookmark, Event, RemovedQuestion, Session
from prompter.vocabulary import SCHEMA_VERSION


def entries_text(name: str, entries: list[dict]) -> str:
    """The `[[name]]` entries, each after a blank line, as they follow other tables."""
    header = f"\n[[{name}]]\n"
    return "".join([header + tomli_w.dumps(entry) for entry in entries])


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


def static_removed(r: RemovedQuestion) -> dict:
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


def question_entry(static: dict, key: tuple, removed: bool) -> dict:
    """A question's entry: its static keys, then what can change (`dynamic_key`)."""
    state, original = key
    e = dict(static)
    e.update(status=state.status, probes_used=list(state.probes_used), note=state.note)
    if state.first_marked_seconds is not None:
        e["first_marked_seconds"] = state.first_marked_seconds
    e["seconds_on_question"] = state.seconds_on_question
    if state.items_ticked or "checklists" in static:
        e["items_ticked"] = list(state.items_ticked)
    if original is not None:
        e["original_text"] = original
    if removed:
        e["removed"] = True
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
    if session.saved_at is not None:  # set by the writer: on resume, the time closed
        t["saved_at"] = session.saved_at
    t["prompter_version"] = __version__
    t["extra"] = dict(session.extra)
    return t


def guide_table(guide: Guide) -> dict:
    t = {"title": guide.title, "version": guide.version, "path": guide.path, "sha256": guide.sha256}
    if guide.minutes is not None:
        t["minutes"] = guide.minutes
    # The scripts read aloud (the transcript's aligner knows them when it hears them).
    if guide.introduction:
        t["introduction"] = guide.introduction
    if guide.closing:
        t["closing"] = guide.closing
    return t


def section_entry(s, spent: float) -> dict:
    e = {"path": list(s.path)}
    if s.minutes is not None:
        e["minutes"] = s.minutes
    e["seconds_spent"] = spent
    e["codes"] = list(s.codes)
    return e


def bookmark_entry(b: Bookmark) -> dict:
    return {"at_seconds": b.at_seconds, "label": b.label, "question": b.question}


def event_entry(ev: Event) -> dict:
    e = {"at_seconds": ev.at_seconds, "action": ev.action, "question": ev.question}
    if ev.value is not None:
        e["value"] = ev.value
    return e


class LogPlace:
    """How far a reader of a session's event log has got: the log (the list itself), how
    many of its events it has read and the last of them. The log only grows, but undo of
    a reopening or a resumed file can make it another list: then it does not follow on."""

    __slots__ = ("events", "n", "last")

    def __init__(self):
        self.events: list[Event] | None = None
        self.n = 0
        self.last: Event | None = None

    def follows_on(self, events: list[Event]) -> bool:
        """Whether `events` is the log read so far, with events added (or none)."""
        n = self.n
        return self.events is events and len(events) >= n and (n == 0 or events[n - 1] is self.last)

    def move_to(self, events: list[Event]) -> None:
        """`events` read to its end."""
        self.events, self.n, self.last = events, len(events), events[-1] if events else None


class RenderCache:
    """The text of the entries of a session's file, kept between saves of one session."""

    def __init__(self, session: Session):
        self.reset(session)

    def reset(self, session: Session) -> RenderCache:
        """Forget everything: `session` has another guide or other removed questions."""
        self.guide = session.guide
        self.removed_ids = tuple(session.removed)
        # The guide's questions, then the removed ones.
        self.sources = [*session.guide.questions, *session.removed.values()]
        self.ids = [q.id for q in self.sources]
        self.n_guide = len(session.guide.questions)
        self.position = {qid: i for i, qid in enumerate(self.ids)}
        self.keys: list[tuple | None] = [None] * len(self.ids)
        self.texts: list[str] = [""] * len(self.ids)
        self.section_spent: list[float | None] = [None] * len(session.guide.all_sections)
        self.section_texts: list[str] = [""] * len(session.guide.all_sections)
        self.current: str | None = None  # the question current at the previous render
        self.codes = entries_text("codes", code_entries(session.guide))
        self.logged = LogPlace()  # the events rendered into `events_text`
        self.events_text = ""
        return self

    def question_text(self, i: int, key: tuple) -> str:
        """The [[questions]] entry of question `i` (position) with changing part `key`."""
        q = self.sources[i]
        removed = i >= self.n_guide
        static = static_removed(q) if removed else static_question(q)
        return entries_text("questions", [question_entry(static, key, removed)])

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
    entries unchanged since then are not rendered again (the cache is brought up to date)."""
    if cache is None or not cache.valid_for(session):
        cache = RenderCache(session) if cache is None else cache.reset(session)
    head = {"schema_version": SCHEMA_VERSION}
    # Empty arrays are plain keys: tomli-w writes them before the tables, so here too.
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
    parts = [tomli_w.dumps(head)]

    for i in cache.changed_questions(session):
        key = dynamic_key(session, cache.ids[i])
        if cache.keys[i] != key:
            cache.keys[i], cache.texts[i] = key, cache.question_text(i, key)
    cache.current = session.current
    parts.extend(cache.texts)

    for i, (_, spent, _) in enumerate(session.section_times()):
        if cache.section_spent[i] != spent:
            entry = section_entry(session.guide.all_sections[i], spent)
            cache.section_spent[i] = spent
            cache.section_texts[i] = entries_text("sections", [entry])
    parts.extend(cache.section_texts)

    parts.append(cache.codes)
    parts.append(entries_text("bookmarks", [bookmark_entry(b) for b in session.bookmarks]))

    events = session.events
    if not cache.logged.follows_on(events):
        cache.logged, cache.events_text = LogPlace(), ""
    new = events[cache.logged.n :]
    cache.events_text += entries_text("events", [event_entry(ev) for ev in new])
    cache.logged.move_to(events)
    parts.append(cache.events_text)
    # Review's corrections (prompter review), kept as the file had them.
    parts.append(entries_text("corrections", session.corrections))
    return "".join(parts)

"""Resuming a session from its file with a guide that may have changed since:
questions matched by id, new ones pending, removed ones kept (pure Python)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from prompter.guide import Guide
from prompter.session.model import Bookmark, Event, QuestionState, RemovedQuestion, Session
from prompter.session.read import read_session_file
from prompter.session.render import SHOWN_KEYS
from prompter.session.state import in_guide_order


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """How a resumed session file matched the guide it was resumed with."""

    hash_matched: bool
    saved_sha256: str
    guide_sha256: str
    added: tuple[str, ...] = ()  # ids in the guide but not in the file (start pending)
    removed: tuple[str, ...] = ()  # ids in the file but no longer in the guide (data kept)
    changed_text: tuple[str, ...] = ()  # ids whose wording changed in the guide
    restored: tuple[str, ...] = ()  # ids the file kept as removed that the guide has again

    @property
    def changed(self) -> bool:
        return bool(
            not self.hash_matched
            or self.added
            or self.removed
            or self.changed_text
            or self.restored
        )

    def summary(self) -> str:
        """One line for the screen, e.g. 'guide changed: 2 questions added, 1 removed (kept)'."""
        if self.hash_matched:
            return "guide unchanged"
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} question{'s' * (len(self.added) != 1)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed (their data is kept)")
        if self.changed_text:
            parts.append(f"{len(self.changed_text)} reworded")
        if self.restored:
            parts.append(f"{len(self.restored)} back again")
        return "guide changed: " + (", ".join(parts) if parts else "same questions")


def load_session(
    path: str | os.PathLike,
    guide: Guide,
    *,
    clock: Callable[[], float] = time.monotonic,
    wallclock: Callable[[], datetime] | None = None,
    log_resume: bool = True,
) -> tuple[Session, Reconciliation]:
    """Resume the session saved at `path` with `guide`.

    Questions are matched by id: new ones start pending, ones no longer in the
    guide keep their data (saved with `removed = true`). The clock goes on from
    the saved `elapsed_seconds` (paused if it was paused). The event log goes
    on; the undo history starts empty. With `log_resume`, a `resume` event is
    appended (value: the wall-clock time and what changed).
    """
    return session_from_dict(
        read_session_file(path), guide, clock=clock, wallclock=wallclock, log_resume=log_resume
    )


def session_from_dict(
    data: dict,
    guide: Guide,
    *,
    clock: Callable[[], float] = time.monotonic,
    wallclock: Callable[[], datetime] | None = None,
    log_resume: bool = True,
) -> tuple[Session, Reconciliation]:
    """`load_session` from a dict as `read_session_file` returns it (validated)."""
    st = data["session"]
    guide_ids = {q.id: q for q in guide.questions}
    records: dict[str, QuestionState] = {}
    removed: dict[str, RemovedQuestion] = {}
    original_text: dict[str, str] = {}
    changed_text = []
    for q in data["questions"]:
        qid = q["id"]
        used = tuple(q.get("probes_used", ()))
        state = QuestionState(
            status=q["status"],
            probes_used=used,
            note=q.get("note", ""),
            first_marked_seconds=q.get("first_marked_seconds"),
            seconds_on_question=q.get("seconds_on_question", 0),
            items_ticked=tuple(q.get("items_ticked", ())),
        )
        if "original_text" in q:
            original_text[qid] = q["original_text"]
        now = guide_ids.get(qid)
        if now is not None:
            # Probes in the guide's order; ones the guide no longer has after them.
            texts = now.probe_texts
            used = in_guide_order(texts, set(used), used)
            state = replace(state, probes_used=used)
            if q["text"] != now.text:
                changed_text.append(qid)
                has_data = (
                    state.status != "pending"
                    or used
                    or state.note
                    or state.first_marked_seconds is not None
                )
                if has_data and qid not in original_text:
                    original_text[qid] = q["text"]
                if original_text.get(qid) == now.text:
                    del original_text[qid]
        else:
            removed[qid] = RemovedQuestion(
                id=qid,
                section=tuple(q["section"]),
                text=q["text"],
                probes=tuple(q.get("probes", ())),
                codes=tuple(q.get("codes", ())),
                priority=q.get("priority", "core"),
                shown=tuple((k, q[k]) for k in SHOWN_KEYS if k in q),
            )
        records[qid] = state

    # The current question: the saved one, else the next of the file's questions still in the guide.
    current = st["current_question"]
    if current not in guide_ids:
        order = [q["id"] for q in data["questions"]]
        after = order[order.index(current) + 1 :] if current in order else []
        current = next((qid for qid in after if qid in guide_ids), guide.questions[0].id)

    state = st["state"]
    session = Session.restore(
        guide,
        session_id=st["id"],
        participant=st["participant"],
        interviewer=st.get("interviewer", ""),
        extra=st.get("extra", {}),
        started_at=st["started_at"],
        ended_at=st.get("ended_at"),
        state=state,
        elapsed_seconds=st["elapsed_seconds"],
        paused=st.get("paused", state == "finished"),
        recording_offset=st.get("recording_offset_seconds"),
        current=current,
        questions=records,
        removed=removed,
        original_text=original_text,
        bookmarks=[
            Bookmark(b["at_seconds"], b["label"], b["question"]) for b in data.get("bookmarks", [])
        ],
        events=[
            Event(e["at_seconds"], e["action"], e["question"], e.get("value"))
            for e in data.get("events", [])
        ],
        transcript=data["transcript"] if isinstance(data.get("transcript"), dict) else None,
        corrections=data.get("corrections") or [],
        clock=clock,
        wallclock=wallclock,
    )

    g = data["guide"]
    recon = Reconciliation(
        hash_matched=g["sha256"] == guide.sha256,
        saved_sha256=g["sha256"],
        guide_sha256=guide.sha256,
        added=tuple(q.id for q in guide.questions if q.id not in records),
        removed=tuple(removed),
        changed_text=tuple(changed_text),
        restored=tuple(
            q["id"] for q in data["questions"] if q.get("removed") and q["id"] in guide_ids
        ),
    )
    if log_resume:
        session.log_resume(recon.summary())
    return session, recon

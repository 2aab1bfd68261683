"""Property tests of the interview's timeline: a real `Session` driven by random
actions (undo, pauses, recording marks, finishing, saving and resuming) through the
interview driver (`interview_driver.Interview`, which says what each action did), saved
with the session writer and read back; the spans and recording times computed from the
file's events are checked against what the test itself saw happen."""

from __future__ import annotations

from dataclasses import dataclass, field

from guide_factory import demo_guide
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import Interview, timed_actions
from timeline_world import World

from prompter.analysis.read import SessionRecord, read_session
from prompter.session.read import read_session_file
from prompter.session.timeline import question_spans
from prompter.session.writer import save_session

GUIDE = demo_guide()
ACTIONS = timed_actions([q.id for q in GUIDE.questions])


@dataclass
class Seen:
    """What the test saw, independently of the timeline code."""

    clock_wall: int = 0  # world ms at the last moment the interview clock ran
    pause_no: int = 0  # pauses so far; the one open now if paused
    # Whether the log's latest pause is open (a finished interview's clock is stopped too,
    # but what is logged then is not in a pause).
    pause_open: bool = False
    # Per event index: where the rule places it (world ms) and the pause it was logged in.
    placed: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    marks: list[int] = field(default_factory=list)  # recording events in effect
    unmarked: list[int] = field(default_factory=list)
    changes: list[tuple[str, int, int]] = field(default_factory=list)  # question, ms, event


def run(actions, tmp_path):
    """The actions done by the interview driver; what each did, followed in `Seen`."""
    world = World()
    path = tmp_path / "s.toml"
    interview = Interview(world.session(GUIDE), world, path=path, wallclock=world.wall)
    seen = Seen()
    seen.changes.append((interview.session.current, 0, 0))
    seen.placed[0] = (0, None)
    for action in actions:
        name = action[0]
        if name == "advance" and interview.session.state == "finished":
            continue  # time after finishing is not in the record (documented)
        step = interview.do(action)
        s = interview.session
        if name == "advance":
            if not s.paused:
                seen.clock_wall = world.ms
            if s.recording_offset is not None and s.state != "finished":
                live = s.recording_elapsed
                mark_wall = seen.placed[seen.marks[-1]][0] if seen.marks else None
                if mark_wall is not None:
                    assert live == (world.ms - mark_wall) / 1000
            continue
        if name == "pause" and step.state_before == "in_progress" and not step.was_paused:
            seen.pause_no += 1
        running = not s.paused
        if running:
            seen.clock_wall = world.ms
        for i in step.events:
            ev = s.events[i]
            if ev.action == "unpause":
                seen.pause_open = False
            in_pause = seen.pause_no if seen.pause_open else None
            # The rule: an action is where the clock stood, but a mark has its own time.
            where = world.ms if ev.action == "recording" else seen.clock_wall
            if ev.action == "pause":
                where = world.ms
            seen.placed[i] = (where, in_pause)
            if ev.action == "pause":
                seen.pause_open = True
            elif ev.action == "recording":
                seen.marks.append(i)
                seen.unmarked.clear()
            elif ev.action == "undo" and ev.value == "recording":
                seen.unmarked.append(seen.marks.pop())
            elif ev.action == "redo" and ev.value == "recording":
                seen.marks.append(seen.unmarked.pop())
        if step.moved:
            seen.changes.append((s.current, round(s.elapsed * 1000), len(s.events) - 1))
    save_session(interview.session, path)
    return interview.session, seen, path


def expected_rec(seen: Seen, i: int) -> float:
    """Recording seconds of event `i` as the test saw it (the session start if no mark)."""
    where, pause = seen.placed[i]
    if not seen.marks:
        return where / 1000
    m = seen.marks[-1]
    mark_wall, mark_pause = seen.placed[m]
    if pause is not None and pause == mark_pause and i > m:
        return 0.0  # after the mark, in the pause it was made in
    return (where - mark_wall) / 1000


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ACTIONS, max_size=60))
def test_spans_from_the_file_match_what_happened(tmp_path, actions):
    s, seen, path = run(actions, tmp_path)
    data = read_session_file(path)
    offset = data["session"].get("recording_offset_seconds")
    if seen.marks:
        assert offset == data["events"][seen.marks[-1]]["at_seconds"]
    else:
        assert offset is None
    end = data["session"]["elapsed_seconds"]
    t = question_spans(data["events"], offset, end=end)
    assert t.assumed_start == (offset is None)
    spans = t.spans

    # Never overlapping, and together covering the first navigation to the end.
    if spans:
        assert spans[0].start == 0 and spans[-1].end == end
    else:  # nothing took any time (moments may still lie before a mark: checked below)
        assert end == 0
    for a, b in zip(spans, spans[1:]):
        assert a.end == b.start and a.rec_end == b.rec_start
        assert a.question != b.question
    for x in spans:
        assert x.start <= x.end and x.rec_start <= x.rec_end
        assert (x.start, x.rec_start) != (x.end, x.rec_end)

    # The same spans as the test saw, zero-length ones left out and neighbours joined.
    expected = []
    changes = seen.changes
    for n, (q, ms, i) in enumerate(changes):
        rec = expected_rec(seen, i)
        if n + 1 < len(changes):
            stop, rec_stop = changes[n + 1][1], expected_rec(seen, changes[n + 1][2])
        else:
            stop, rec_stop = round(end * 1000), None
        expected.append([q, ms, stop, rec, rec_stop])
    if expected[-1][4] is None:  # the end: where the interview clock last ran
        mark_wall = seen.placed[seen.marks[-1]][0] if seen.marks else 0
        # ... but never before the last change (a mark made in a final pause).
        expected[-1][4] = max((seen.clock_wall - mark_wall) / 1000, expected[-1][3])
    kept = []
    for q, a, b, ra, rb in expected:
        if (a, ra) == (b, rb):
            continue
        if kept and kept[-1][0] == q:
            a, ra = kept.pop()[1:4:2]
        kept.append((q, a, b, ra, rb))
    got = [
        (x.question, round(x.start * 1000), round(x.end * 1000), x.rec_start, x.rec_end)
        for x in spans
    ]
    # The record's end is known to the millisecond only (wall times are stored to the ms,
    # and a finish or resume inside a pause ends it there): the last span's recording end
    # may differ by 1 ms, and a last span that lasts no session time and at most 1 ms of
    # recording may be left out.
    if kept and kept[-1][1] == kept[-1][2] and abs(kept[-1][4] - kept[-1][3]) <= 0.001:
        if len(got) < len(kept):
            kept = kept[:-1]
    if kept and got and len(kept) == len(got):
        assert abs(got[-1][4] - kept[-1][4]) <= 0.0011, (got[-1], kept[-1])
        got[-1], kept[-1] = got[-1][:4], kept[-1][:4]
    assert got == kept

    # Every event's recording time is where the test saw it.
    for m in t.moments:
        assert m.rec == next(
            expected_rec(seen, i)
            for i, e in enumerate(data["events"])
            if e["at_seconds"] == m.at
            and e["action"] == m.action
            and e["question"] == m.question
            and expected_rec(seen, i) == m.rec
        ), m

    # Bookmarks not undone are the session's bookmarks; the analysis times them the same
    # (by time alone: a bookmark logged in the millisecond after an unpause is ambiguous).
    live = sorted((b.at, b.question, b.value) for b in t.of_action("bookmark"))
    assert live == sorted((b.at_seconds, b.question, b.label) for b in s.bookmarks)
    rec = SessionRecord(str(path), read_session(path))
    pause_ms = {round(e["at_seconds"] * 1000) for e in data["events"] if e["action"] == "pause"}
    for b in t.of_action("bookmark"):
        if offset is not None and round(b.at * 1000) not in pause_ms:
            assert rec.recording_time(b.at) == b.rec

"""Chapters without clutter: a question passed through on the way to another (a burst
of keys) makes no 0.3 s chapter; its time goes to a neighbour, and two chapters of one
question either side of it become one. No time before the recording's start is ever
written: chapters are cut at 0:00, bookmarks made before it are left out, with a note.
Driven through `prompter export --format chapters` on sessions of the real core, and a
property over any sequence of keys."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from guide_factory import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import apply
from transcript_corpus import GUIDE, Clocks

from prompter.analysis.export.chapters import MIN_SECONDS, _chapters, render, timeline_of
from prompter.analysis.read import read_session
from prompter.cli import main
from prompter.session import Session
from prompter.session.writer import save_session

TEXT = {q.id: q.text for q in GUIDE.questions}
IDS = [q.id for q in GUIDE.questions]


def run(folder: Path, steps) -> Path:
    """A session of the demo guide after `steps` ((seconds, method, *args)), saved."""
    c = Clocks()
    s = Session(GUIDE, "P21", "Ann", clock=c.clock, wallclock=c.wall, now=FIXED_NOW)
    for seconds, method, *args in steps:
        c.advance(seconds)
        getattr(s, method)(*args)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{s.id}.toml"
    save_session(s, path, exclusive=True)
    return path


def export(session: Path, style: str, capsys) -> tuple[str, str]:
    assert main(["export", str(session), "--format", "chapters", "--chapters", style]) == 0
    out = capsys.readouterr()
    return out.out, out.err


# r pressed 12 s in; two questions passed through in 0.7 s, then one more in 0.5 s
# between two stretches of `move`.
PASSING = [
    (0, "mark", "asked"),  # role
    (3, "add_bookmark", "before the recording"),
    (9, "mark_recording"),
    (20, "next"),  # team, for 0.3 s
    (0.3, "next"),  # where, for 0.4 s
    (0.4, "next"),  # move
    (30, "previous"),  # where again, for 0.5 s
    (0.5, "goto", "move"),
    (10, "add_bookmark", "good quote"),
    (15, "finish"),
]


def test_questions_passed_through_make_no_chapters(tmp_path, capsys):
    session = run(tmp_path / "s", PASSING)
    role, move = (f"{q}: {TEXT[q]}" for q in ("role", "move"))
    text, err = export(session, "vtt", capsys)
    assert text == (
        "WEBVTT\n\n"
        f"1\n00:00:00.000 --> 00:00:20.700\n{role}\n\n"  # team and where: to role
        f"2\n00:00:20.700 --> 00:01:16.200\n{move}\n\n"  # where between: one chapter
        "NOTE bookmark 00:01:01.200 good quote\n"
    )
    assert err == "prompter: note: 1 bookmark made before the recording started left out\n"
    text, _ = export(session, "audacity", capsys)
    assert text.splitlines() == [
        f"0.000000\t20.700000\t{role}",
        f"20.700000\t76.200000\t{move}",
        "61.200000\t61.200000\tgood quote",
    ]
    text, _ = export(session, "ffmetadata", capsys)
    assert re.findall(r"START=(\d+)\nEND=(\d+)", text) == [("0", "20700"), ("20700", "76200")]
    text, _ = export(session, "youtube", capsys)
    assert text == f"0:00 {role}\n0:20 {move}\n"


def test_a_short_chapter_at_the_recordings_start_goes_to_the_one_after(tmp_path, capsys):
    # r pressed 0.5 s before the move to `team`: role has 0.5 s of the recording.
    session = run(
        tmp_path / "s",
        [(0, "mark", "asked"), (30, "mark_recording"), (0.5, "next"), (40, "finish")],
    )
    text, err = export(session, "audacity", capsys)
    assert text == f"0.000000\t40.500000\tteam: {TEXT['team']}\n" and err == ""


def test_a_short_chapter_next_to_no_other_is_left_out_with_a_note(tmp_path, capsys):
    # Back from the closing screen to `team` for a second, then closed again.
    session = run(
        tmp_path / "s",
        [
            (0, "mark_recording"),
            (0, "mark", "asked"),
            (40, "show", "closing"),
            (10, "show", None),
            (0, "goto", "team"),
            (1, "show", "closing"),
            (10, "finish"),
        ],
    )
    text, err = export(session, "audacity", capsys)
    assert text == f"0.000000\t40.000000\trole: {TEXT['role']}\n"
    assert err == (
        "prompter: note: 1 chapter shorter than 2 s and next to no other left out: team at 0:50\n"
    )


STEPS = st.lists(
    st.tuples(
        st.one_of(st.floats(0.05, 1.9), st.floats(2, 120), st.sampled_from([0.0, 0.2, 0.7])),
        st.one_of(
            st.sampled_from([("next",), ("previous",), ("pause",), ("recording",)]),
            st.tuples(st.just("goto"), st.sampled_from(IDS)),
            st.tuples(st.just("bookmark"), st.sampled_from(["a", "b"])),
        ),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS, st.floats(0, 60))
def test_any_keys_give_chapters_of_2_s_or_more_and_no_negative_time(steps, start):
    clock = Clocks()
    s = Session(GUIDE, "P22", "Ann", clock=clock.clock, wallclock=clock.wall, now=FIXED_NOW)
    apply(s, clock, ("advance", start))
    for seconds, action in steps:
        apply(s, clock, ("advance", seconds))
        apply(s, clock, action)
    if s.paused:
        s.toggle_pause()
    s.finish()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        save_session(s, path, exclusive=True)
        data = read_session(path, keep_events=True)
    timeline = timeline_of(data)
    chapters, marks, left_out, early = _chapters(data, timeline)
    for c in chapters:
        assert 0 <= c.start < c.end
        assert c.end - c.start >= MIN_SECONDS or len(chapters) == 1
    for a, b in zip(chapters, chapters[1:], strict=False):
        assert a.end <= b.start + 1e-9 and not (a.end == b.start and a.question == b.question)
    # Nothing of the recording's question time is lost but what is said to be.
    spans = sum(max(0.0, x.rec_end - max(0.0, x.rec_start)) for x in timeline.spans)
    kept = sum(c.end - c.start for c in chapters + left_out)
    assert abs(spans - kept) < 1e-6
    assert all(b.start >= 0 for b in marks) and all(b.start < 0 for b in early)
    for style in ("vtt", "audacity", "ffmetadata", "youtube"):
        text, _ = render(data, style)
        assert not re.search(r"(?<![\w.])-\d", text.replace("-->", "")), text


def test_chapters_of_a_cut_transcript_run_from_a_question_s_first_cue_to_the_next():
    from prompter.analysis.export.chapters import cut_spans
    from prompter.transcript.model import Cue

    def spans(times, labels):
        cues = [Cue(s, e, "", "") for s, e in times]
        return [(c.question, c.start, c.end) for c in cut_spans(cues, labels, {})]

    times = [(0, 4), (5, 9), (10, 20), (19, 30), (31, 40), (50, 60)]
    # Back to back: each to where the next begins, the last to its last cue's end.
    assert spans(times, ["a"] * 3 + ["b"] * 3) == [("a", 0, 19), ("b", 19, 60)]
    # Speech of no question between: a chapter ends with its own last cue.
    assert spans(times, [None, "a", "a", None, "b", "b"]) == [("a", 5, 20), ("b", 31, 60)]
    # ... but never runs into the next chapter (cues overlap).
    assert spans([(0, 30), (10, 12), (20, 40)], ["a", None, "b"]) == [("a", 0, 20), ("b", 20, 40)]
    titled = cut_spans([Cue(0, 5, "", "")], ["a"], {"a": "Any\nthoughts?"})
    assert titled[0].title == "a: Any thoughts?"

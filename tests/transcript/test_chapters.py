"""`prompter export SESSION --format chapters`: chapters of the call's recording, one
per question span, in four formats; the FFmpeg metadata is muxed into a real audio
file with ffmpeg and read back with ffprobe."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from transcript_corpus import DATA, GUIDE, Q1, Q2, Q3, make_session

from prompter.cli import main

TEXT = {q.id: q.text for q in GUIDE.questions}


def export(session, style, tmp_path, capsys, name="out"):
    out = tmp_path / name
    assert (
        main(["export", str(session), "--format", "chapters", "--chapters", style, "-o", str(out)])
        == 0
    )
    return out.read_text(encoding="utf-8"), capsys.readouterr().err


def test_webvtt_chapters(tmp_path, capsys):
    text, err = export(make_session(tmp_path / "s"), "vtt", tmp_path, capsys)
    assert err == ""
    assert text == (
        "WEBVTT\n\n"
        f"1\n00:00:00.000 --> 00:00:30.000\n{Q1}: {TEXT[Q1]}\n\n"
        f"2\n00:00:30.000 --> 00:02:05.000\n{Q2}: {TEXT[Q2]}\n\n"
        f"3\n00:02:05.000 --> 00:02:40.000\n{Q3}: {TEXT[Q3]}\n\n"
        "NOTE bookmark 00:00:50.000 doorbell story\n"
    )
    import webvtt  # a WebVTT reader agrees

    assert [c.text for c in webvtt.from_string(text).captions][0].startswith(Q1)


def test_audacity_labels(tmp_path, capsys):
    text, _ = export(make_session(tmp_path / "s"), "audacity", tmp_path, capsys)
    assert text.splitlines() == [
        f"0.000000\t30.000000\t{Q1}: {TEXT[Q1]}",
        f"30.000000\t125.000000\t{Q2}: {TEXT[Q2]}",
        "50.000000\t50.000000\tdoorbell story",  # a point label
        f"125.000000\t160.000000\t{Q3}: {TEXT[Q3]}",
    ]


def test_youtube_list(tmp_path, capsys):
    text, _ = export(make_session(tmp_path / "s"), "youtube", tmp_path, capsys)
    assert text == f"0:00 {Q1}: {TEXT[Q1]}\n0:30 {Q2}: {TEXT[Q2]}\n2:05 {Q3}: {TEXT[Q3]}\n"


def test_without_a_mark_chapters_count_from_the_session_start(tmp_path, capsys):
    session = make_session(tmp_path / "s", mark_recording=False)
    text, err = export(session, "youtube", tmp_path, capsys)
    assert text == f"0:00 {Q1}: {TEXT[Q1]}\n0:35 {Q2}: {TEXT[Q2]}\n2:10 {Q3}: {TEXT[Q3]}\n"
    assert err == (
        "prompter: note: no recording mark (r) in this session: chapters are "
        "timed from the session's start\n"
    )


def test_one_session_at_a_time(tmp_path, capsys):
    make_session(tmp_path / "s")
    make_session(tmp_path / "s", name="P12")
    assert main(["export", str(tmp_path / "s"), "--format", "chapters"]) == 2
    assert "takes one session; 2 found" in capsys.readouterr().err


def test_ffmetadata_round_trip_through_ffmpeg(tmp_path, capsys):
    text, _ = export(make_session(tmp_path / "s"), "ffmetadata", tmp_path, capsys, "chapters.txt")
    assert text.startswith(
        ";FFMETADATA1\ntitle=P11_2026-11-25_1430\n\n[CHAPTER]\n"
        "TIMEBASE=1/1000\nSTART=0\nEND=30000\n"
    )
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        pytest.skip(
            "ffmpeg/ffprobe not installed (apt-get install ffmpeg): "
            "the round trip through a real audio file is not checked"
        )
    silent = tmp_path / "silence.m4a"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-t",
            "170",
            "-i",
            "anullsrc=r=8000:cl=mono",
            "-c:a",
            "aac",
            "-b:a",
            "8k",
            str(silent),
        ],
        check=True,
        timeout=120,
    )
    muxed = tmp_path / "call.m4a"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(silent),
            "-i",
            str(tmp_path / "chapters.txt"),
            "-map_metadata",
            "1",
            "-map_chapters",
            "1",
            "-codec",
            "copy",
            str(muxed),
        ],
        check=True,
        timeout=120,
    )
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(muxed)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    chapters = json.loads(probe.stdout)["chapters"]
    assert [
        (round(float(c["start_time"]), 3), round(float(c["end_time"]), 3), c["tags"]["title"])
        for c in chapters
    ] == [
        (0.0, 30.0, f"{Q1}: {TEXT[Q1]}"),
        (30.0, 125.0, f"{Q2}: {TEXT[Q2]}"),
        (125.0, 160.0, f"{Q3}: {TEXT[Q3]}"),
    ]


def test_ffmetadata_escapes_what_ffmpeg_would_read_as_syntax(tmp_path):
    from prompter.analysis.export.chapters import Chapter, to_ffmetadata

    title = "a=b; c#d \\ e"
    text = to_ffmetadata([Chapter(0, 2, title)], "s")
    assert "title=a\\=b\\; c\\#d \\\\ e\n" in text
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg not installed (apt-get install ffmpeg)")
    meta = tmp_path / "m.txt"
    meta.write_text(text, encoding="utf-8")
    out = tmp_path / "o.mka"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-t",
            "3",
            "-i",
            "anullsrc=r=8000:cl=mono",
            "-i",
            str(meta),
            "-map_chapters",
            "1",
            "-c:a",
            "pcm_s16le",
            str(out),
        ],
        check=True,
        timeout=120,
    )
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(probe.stdout)["chapters"][0]["tags"]["title"] == title


def test_an_attached_shift_moves_chapters_to_the_recordings_own_clock(tmp_path, capsys):
    """`r` pressed 4.5 s after the recording began (`attach --shift 4.5`): chapters by
    the keys (the transcript has since gone: said) start 4.5 s later than the times from
    the mark, in the recording file's own clock."""
    session = make_session(tmp_path / "s")
    vtt = tmp_path / "P11.vtt"
    shutil.copy(DATA / "P11.vtt", vtt)
    assert main(["transcript", "attach", str(session), str(vtt), "--shift", "4.5"]) == 0
    vtt.unlink()
    capsys.readouterr()
    text, err = export(session, "vtt", tmp_path, capsys)
    assert "P11.vtt" in err and "chapters by the keys alone" in err
    assert f"1\n00:00:00.000 --> 00:00:34.500\n{Q1}" in text
    assert f"2\n00:00:34.500 --> 00:02:09.500\n{Q2}" in text
    assert "NOTE bookmark 00:00:54.500 doorbell story" in text


def test_with_a_transcript_chapters_follow_it_as_cut_and_as_corrected_in_review(tmp_path, capsys):
    """The keys came late (TOOLS' 12 s after it was raised): a chapter begins where its
    question's speech begins in the transcript as cut, and a correction made in review
    moves the chapter with the cue."""
    from review_fixture import AFFECT, ROLE, STRAY, TOOLS, make_call
    from review_fixture import GUIDE as DEMO

    from prompter.transcript.review import Review

    call = make_call(tmp_path / "call")
    starts = {row: cue[0] for row, cue in enumerate(call.cues)}

    def chapters(name: str) -> dict[str, float]:
        text, err = export(call.session, "audacity", tmp_path, capsys, name)
        assert f"chapters where each question begins in {call.transcript}" in err
        out = {}
        for line in text.splitlines():
            start, end, title = line.split("\t")
            if start != end:  # not a bookmark
                out[title.split(":")[0]] = float(start)
        return out

    first = chapters("first")
    assert first[ROLE] == starts[3]  # where ROLE was raised, after the introduction
    assert first[TOOLS] == starts[11]  # where TOOLS was raised, not 12 s later
    assert set(first) == {q.id for q in DEMO.questions}
    review = Review.open(call.session)
    try:
        assert review.begin(STRAY, AFFECT)  # `enter` on the cue, AFFECT: saved at once
    finally:
        review.close()
    second = chapters("second")
    assert second[AFFECT] == starts[STRAY]
    assert {q: t for q, t in second.items() if q != AFFECT} == {
        q: t for q, t in first.items() if q != AFFECT
    }

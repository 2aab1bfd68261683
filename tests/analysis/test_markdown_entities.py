"""Issue 22, finding 12: the Markdown write-up passed HTML entities through, so that a
note holding `&#x202e;` rendered as a right-to-left override (and `&lt;script&gt;` as a
tag's text that was never typed). Every `&` is now written `&amp;`: the rendered page
shows exactly what was typed. Rendered with markdown-it (CommonMark, as GitHub and
most viewers), which comes with Textual."""

from __future__ import annotations

import pytest
from analysis_fixtures import run_command, save
from guide_factory import FakeClock, demo_guide
from helpers import FIXED_NOW

from prompter.session import Session

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")

TYPED = {
    "note": "before &#x202e;evil after",
    "interviewer": "R&#8238;A",
    "site": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "label": "&amp; &copy; &#x2067;",
}
# WebVTT decodes its own entities: the cue's text holds U+202E itself, shown as an escape.
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:30.000\n<v Ana &#x202e;>P&#x202E;Q\n"


def test_entities_are_shown_as_typed(tmp_path):
    clock = FakeClock()
    s = Session(
        demo_guide(),
        "P1",
        TYPED["interviewer"],
        {"site": TYPED["site"]},
        clock=clock,
        now=FIXED_NOW,
    )
    s.mark_recording()
    clock.advance(5)
    s.mark("asked")
    s.set_note(TYPED["note"])
    s.add_bookmark(TYPED["label"])
    clock.advance(60)  # the cue lies within the question's span
    folder = tmp_path / "sessions"
    save(s, folder)
    transcripts = tmp_path / "transcripts"
    transcripts.mkdir()
    (transcripts / "P1.vtt").write_text(VTT, encoding="utf-8")

    status, out, err = run_command(
        ["export", str(folder), "--format", "markdown", "--transcripts", str(transcripts)]
    )
    assert status == 0, err
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(out)
    for bad in ("\u202e", "\u2067", "\u00a9", "<script>"):
        assert bad not in html
    page_text = html.replace("&amp;", "&")  # what the reader sees, entities undone once
    for typed in TYPED.values():
        assert typed in page_text, typed
    assert "P\\u202eQ" in page_text

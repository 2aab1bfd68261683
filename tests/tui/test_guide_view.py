"""Finding one's way in a guide: top-level and sub-section keys, a section's description
on entering it, the next question previewed, outline lines that differ (a question's
`label`, or its text without the stem), and coverage boxes that name their codes and
count codes at any depth."""

from __future__ import annotations

from branch_guide import write_guide
from helpers import FIXED_NOW, FakeClock
from tui_helpers import SIZE, make_app, saved, screen_lines, screen_text, wait_until

from prompter.guide import load_guide
from prompter.tui.app import PrompterApp

GUIDE = """\
title: Way-finding
version: "1"
codebook:
  - name: Coherence
    codes:
      - name: Differentiation
        codes: [{name: Deeper}]
      - name: Internalisation
questions: []
sections:
  - title: Part one
    description: How people make sense of the new service.
    sections:
      - title: First sub
        questions:
          - text: In what ways does the Hub differ from usual care?
            codes: [Coherence/Differentiation/Deeper]
          - text: To what extent do people agree about its purpose?
            label: Agreement on purpose
      - title: Second sub
        questions:
          - text: What do you see as its value and benefits?
            codes: [Coherence/Internalisation]
  - title: Part two
    questions:
      - text: Anything else you would like to add?
"""


def make(tmp_path) -> PrompterApp:
    path = tmp_path / "guide.yaml"
    text = GUIDE.replace("questions: []\n", "")
    path.write_text(text)
    return PrompterApp(
        load_guide(path),
        participant="P01",
        interviewer="AB",
        sessions_dir=tmp_path,
        clock=FakeClock(),
        now=FIXED_NOW,
    )


def current_text(app) -> str:
    return app.session.current_question.text


async def test_brackets_go_by_top_level_and_braces_by_sub_section(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # no introduction: the first question is current
        assert current_text(app).startswith("In what ways")
        await pilot.press("right_curly_bracket")
        assert current_text(app).startswith("What do you see")
        await pilot.press("left_curly_bracket")
        assert current_text(app).startswith("In what ways")
        await pilot.press("right_square_bracket")
        assert current_text(app).startswith("Anything else")
        qid = app.session.current
        assert saved(app)["session"]["current_question"] == qid
        await pilot.press("left_square_bracket")
        assert current_text(app).startswith("In what ways")


async def test_entering_a_section_shows_its_description_and_the_next_question(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # no introduction: the first question is current
        view = str(app.screen.query_one("#question").render())
        assert "How people make sense of the new service." in view
        flat = " ".join(view.split())  # the preview is wrapped to the pane
        assert flat.endswith("next: To what extent do people agree about its purpose?")
        await pilot.press("j")
        view = str(app.screen.query_one("#question").render())
        assert "How people make sense" not in view  # not entering it any more


async def test_outline_lines_use_the_label_or_drop_the_stem(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # no introduction: the first question is current
        await pilot.pause()
        outline = app.screen.query_one("#outline")
        lines = [
            str(outline.get_option_at_index(i).prompt).strip() for i in range(outline.option_count)
        ]
        assert "· The Hub differ from usual care?" in lines
        assert "· Agreement on purpose" in lines
        assert "· Its value and benefits?" in lines


async def test_coverage_names_its_boxes_and_counts_deeper_codes(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # no introduction: the first question is current
        await pilot.pause()
        before = str(app.screen.query_one("#coverage").render())
        assert "□□ Coherence" in before
        assert "Coherence:" in before and "□ Differentiation" in before
        await pilot.press("a")  # coded Coherence/Differentiation/Deeper
        after = str(app.screen.query_one("#coverage").render())
        assert "■□ Coherence" in after and "■ Differentiation" in after
        assert "□ Internalisation" in after
        assert "■□ Coherence" in screen_text(app)


async def test_a_mark_deep_in_a_large_guide_shows_in_the_outline_and_the_coverage(tmp_path):
    # The outline redraws the one line that changed (no re-measuring of 2,000 lines) and
    # the coverage follows the session's running counts: both must still be right.
    from guide_factory import generated_guide

    app = PrompterApp(
        generated_guide(2000),
        participant="P01",
        sessions_dir=tmp_path,
        clock=FakeClock(),
        now=FIXED_NOW,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.goto("q1234")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Question 1234" in text  # the outline line, scrolled to the question
        assert "· Question 1233" in text
        assert saved(app)["session"]["current_question"] == "q1234"
        coverage = str(app.screen.query_one("#coverage").render())
        assert "□□■□ Theme 4" in coverage  # q1234's code: Theme 4/Sub 4.2
        await pilot.press("u")  # undone: the mark goes from the outline and the coverage
        await pilot.pause()
        assert "· Question 1234" in screen_text(app)
        assert "■" not in str(app.screen.query_one("#coverage").render())


async def test_a_question_text_with_new_lines_is_one_line_in_the_outline(tmp_path):
    # Issue 22, finding 13: a line break in a question's text broke the outline's column.
    guide = load_guide(
        write_guide(
            tmp_path,
            "title: Lines\nsections:\n  - title: One\n    questions:\n"
            "      - id: broken\n        text: |\n          How did it start?\n"
            "          And then,\n          what changed?\n"
            "      - {id: after, text: What came after it?}\n",
        )
    )
    app = make_app(tmp_path, guide=guide)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(
            pilot,
            lambda: screen_lines(app)[2].startswith("  · How did it start? And then,"),
            what="the outline drawn",
        )
        assert "…" in screen_lines(app)[2][:34]
        assert screen_lines(app)[3].startswith("  · What came after it?")
        await pilot.press("a")  # on it (no introduction): its mark redraws one line
        await wait_until(
            pilot, lambda: screen_lines(app)[2].startswith("  ✓ How did it start? And then")
        )
        assert screen_lines(app)[3].startswith("  · What came after it?")

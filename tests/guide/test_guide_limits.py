"""Size limits say exactly what they refuse (never "alias bomb" for a plain big guide)."""

import pytest

from prompter.errors import GuideError
from prompter.guide import load_guide
from prompter.guide.load import MAX_QUESTIONS


def terse_guide(tmp_path, n: int):
    per = 100
    lines = ["title: Big", "sections:"]
    for s in range(0, n, per):
        lines.append(f"  - title: S{s}\n    questions:")
        lines += [f"      - text: Question {q}?" for q in range(s, min(n, s + per))]
    path = tmp_path / f"g{n}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_guide_at_the_question_limit_loads(tmp_path):
    assert len(load_guide(terse_guide(tmp_path, MAX_QUESTIONS)).questions) == MAX_QUESTIONS


def test_a_100000_question_guide_is_refused_for_what_it_is(tmp_path):
    with pytest.raises(GuideError) as e:
        load_guide(terse_guide(tmp_path, 100_000))
    message = str(e.value)
    assert f"too many questions (100,000, limit {MAX_QUESTIONS:,}: every key saves" in message
    assert "alias" not in message and "bomb" not in message


def test_one_question_over_the_limit_is_refused_saying_why(tmp_path):
    with pytest.raises(GuideError) as e:
        load_guide(terse_guide(tmp_path, MAX_QUESTIONS + 1))
    assert "every key saves the whole session file" in str(e.value)
    assert "split the guide" in str(e.value)

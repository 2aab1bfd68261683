"""Importing is linear in the document (issue 22, finding 9: 16k Markdown headings took 41
s, 100k never finished, and a .docx of 100k list items took 12 minutes): 100,000
headings and 100,000 Word list items, each under the size caps, are imported by the
installed `prompter import` in seconds.

No test measures time: each runs under the runner's generous timeout, which a quadratic
importer (minutes to hours at this size) cannot meet, and a linear one meets on a busy
machine many times over."""

from __future__ import annotations

import io
import string
import zipfile

import docx
import pytest
import yaml
from helpers import PROMPTER, run
from hypothesis import example, given
from hypothesis import strategies as st

from prompter.cli import main
from prompter.guide import load_guide
from prompter.guide.model import MAX_PROBES, MAX_QUESTIONS
from prompter.importer import yaml_out
from prompter.importer.docx import MAX_DOCUMENT_XML
from prompter.importer.source import MAX_DOCX_BYTES, MAX_TEXT_BYTES

needs_command = pytest.mark.skipif(
    not PROMPTER.exists(), reason="the prompter console script is not installed"
)
N = 100_000
GUARD = 240  # seconds: about 5 s each on two idle cores
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _word_list(path, items: int) -> None:
    """A Word file of one numbered question and `items` bulleted items under it, its XML
    written directly (python-docx takes minutes to add this many paragraphs)."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    para = '<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
    body = [para.format("ListNumber", "What do you remember of these?")]
    body += [para.format("ListBullet2", f"Item {i}") for i in range(items)]
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}>'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    ).encode()
    assert len(xml) < MAX_DOCUMENT_XML  # under the caps: read, not refused
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            name = info.filename
            out.writestr(name, xml if name == "word/document.xml" else src.read(name))
    assert path.stat().st_size < MAX_DOCX_BYTES


@needs_command
def test_a_hundred_thousand_markdown_headings(tmp_path):
    path = tmp_path / "headings.md"
    path.write_text(
        "# Many headings\n\n" + "".join(f"## Heading {i}\n" for i in range(N)) + "\n- Why?\n",
        encoding="utf-8",
    )
    assert path.stat().st_size < MAX_TEXT_BYTES
    out = tmp_path / "guide.yaml"
    r = run([PROMPTER, "import", path, "-o", out], timeout=GUARD)
    assert not r.hung, "importing 100,000 headings did not finish"
    assert r.returncode == 0, r.stderr[-500:]
    lines = r.stderr.splitlines()
    assert (
        lines[0] == f"imported {path} -> {out}: 1 sections, 1 questions, 0 probes, {N - 1} guesses"
    )
    # each heading but the last (which holds the question) is left out, and said once
    assert f"  {path}: line 3: guessed: heading 'Heading 0' holds no question: left out" in lines
    assert len(lines) == N  # the summary and N - 1 guesses
    guide = load_guide(out)
    assert [q.text for q in guide.questions] == ["Why?"]


@needs_command
def test_a_hundred_thousand_word_list_items(tmp_path):
    path = tmp_path / "items.docx"
    _word_list(path, N)
    out = tmp_path / "guide.yaml"
    r = run([PROMPTER, "import", path, "-o", out], timeout=GUARD)
    assert not r.hung, "importing 100,000 list items did not finish"
    assert r.returncode == 0, r.stderr[-500:]
    (question,) = load_guide(out).questions
    # the first eight are probes; the rest, sub-prompts of a ninth (keys 1-9)
    assert len(question.probes) == MAX_PROBES
    assert question.probes[-1].text == "Further probes"
    items = [p.text for p in question.probes[:-1]] + list(question.probes[-1].items)
    assert items == [f"Item {i}" for i in range(N)]


@needs_command
def test_fifty_thousand_code_labels(tmp_path):
    # near spellings of each other ('Part12' of 'Part1'): each one a near-match guess,
    # which were deduplicated against a list, and searched among every earlier code
    path = tmp_path / "labels.txt"
    path.write_text(
        "Guide\n\n# Coherence\n\n"
        + "".join(f"Coherence/ Part{i}\n\n" for i in range(N // 2))
        + "1. What do you think?\n",
        encoding="utf-8",
    )
    out = tmp_path / "guide.yaml"
    r = run([PROMPTER, "import", path, "--codes", "-o", out], timeout=GUARD)
    assert not r.hung, "importing 50,000 code labels did not finish"
    assert r.returncode == 0, r.stderr[-500:]
    assert "guessed: code label 'Part10' taken as 'Part1' (a near match)" in r.stderr
    codes = load_guide(out).codes
    assert "Coherence/Part0" in codes and "Coherence/Part49999" in codes


def test_more_questions_than_a_guide_holds_is_refused_as_soon_as_it_is_seen(tmp_path, capsys):
    path = tmp_path / "survey.md"
    path.write_text(
        "# Survey\n\n" + "".join(f"- Question {i}?\n" for i in range(3 * MAX_QUESTIONS)),
        encoding="utf-8",
    )
    assert main(["import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    # line 3 holds the first: the one past the limit and the closing's spare one
    assert err == (
        f"prompter: {path}: line {MAX_QUESTIONS + 4}: more than {MAX_QUESTIONS:,} questions, "
        "more than a guide may hold; split the document\n"
    )


@given(
    st.one_of(
        st.from_regex(yaml_out._PLAIN, fullmatch=True),
        st.text(alphabet=string.printable + "éü’", max_size=40),
    )
)
@example("yes")
@example("No")
@example("Off")
@example("Null")
@example("a #b")
@example("key: value")
@example("Why?")
def test_text_written_plainly_without_the_loader_reads_back_as_itself(text):
    # the writer's shortcut (so as not to parse 100,000 scalars back) never disagrees
    # with the loader it stands in for
    if yaml_out.plain_as_is(text):
        assert yaml.safe_load(f"k: {text}\n") == {"k": text}

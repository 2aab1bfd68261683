"""`prompter report`: the shareable HTML report, run as a user runs it and opened in a
real browser (the system's headless Chromium) to check what it shows."""

from __future__ import annotations

import contextlib
import io
import re
import struct
from collections import Counter
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium, console_messages, needs_chromium
from study_fixture import HOSTILE_NOTE, make_study

from prompter.analysis.read import load_sessions
from prompter.analysis.tally import STATUSES, tally
from prompter.cli import main
from prompter.report import STATUS_COLOURS, STATUS_SYMBOLS
from prompter.text import one_line


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory) -> Path:
    return make_study(tmp_path_factory.mktemp("study"))


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as e:
            status = e.code
    return status, out.getvalue(), err.getvalue()


def report(study_dir: Path, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / "report.html"
    status, _, err = run(["report", str(study_dir), "-o", str(out), *extra])
    assert status == 0, err
    assert f"wrote {out}" in err
    return out.read_text(encoding="utf-8")


class Elements(HTMLParser):
    """Every element with its attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def heat_cells(html: str) -> list[dict]:
    return [a for t, a in elements(html) if t == "rect" and "data-session" in a]


def expected(study_dir: Path):
    return tally(load_sessions([study_dir]).sessions, "question")


# ------------------------------------------------------------------ the file


def test_help_says_the_report_is_shared_and_notes_need_asking(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "meant to be shared" in text
    assert "--with-notes" in text


def test_report_counts_equal_the_tally(study_dir, tmp_path):
    html = report(study_dir, tmp_path)
    t = expected(study_dir)
    cells = heat_cells(html)
    counts = Counter((c["data-question"], c["data-status"]) for c in cells)
    for row in t.rows:
        for st in STATUSES:
            assert counts[(row.id, st)] == getattr(row, st), (row.id, st)
    # Every cell's colour and symbol are its status's.
    assert all(c["fill"] == STATUS_COLOURS[c["data-status"]] for c in cells)
    bars = [a for t_, a in elements(html) if t_ == "rect" and "data-count" in a]
    by = {(b["data-question"], b["data-status"]): int(b["data-count"]) for b in bars}
    for row in t.rows:
        assert [by[(row.id, st)] for st in STATUSES] == [getattr(row, st) for st in STATUSES]
    assert len(cells) == sum(r.total for r in t.rows) == 13 * len(t.rows)


def test_report_is_self_contained(study_dir, tmp_path):
    html = report(study_dir, tmp_path, "--with-notes")
    tags = elements(html)
    assert not [
        t
        for t, _ in tags
        if t
        in (
            "script",
            "img",
            "link",
            "iframe",
            "object",
            "embed",
            "image",
            "use",
            "base",
            "audio",
            "video",
        )
    ]
    for _, attrs in tags:
        for name, value in attrs.items():
            assert name not in ("src", "href", "xlink:href", "srcset", "action"), (name, value)
            assert not name.startswith("on"), name
    assert "url(" not in html and "@import" not in html and "@font-face" not in html
    assert not re.search(r"(?:https?:)?//", html.replace("http-equiv", "")), "a URL in the report"


def test_notes_only_with_with_notes(study_dir, tmp_path):
    sessions = load_sessions([study_dir]).sessions
    notes = {q["note"].strip() for rec in sessions for q in rec.questions if q["note"].strip()}
    # Long enough not to be in the guide's text; as the report writes them (escaped).
    shown = {html_escape(one_line(n.split("\n")[0])) for n in notes if len(n) > 20}
    assert len(shown) > 5
    without = report(study_dir, tmp_path)
    assert "are not in this report" in without
    assert [n for n in shown if n in without] == []
    (tmp_path / "report.html").unlink()
    with_notes = report(study_dir, tmp_path, "--with-notes")
    assert "includes the participants' notes" in with_notes
    assert [n for n in shown if n not in with_notes] == []


def test_file_text_is_escaped(study_dir, tmp_path):
    html = report(study_dir, tmp_path, "--with-notes")
    assert "<script" not in html and "<b " not in html and 'onmouseover="' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in html
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;Z\\x1b[31m&lt;/b&gt;" in html
    assert "\\x1b]52;c;aGk=\\x07" in html and "\\u202e" in html
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", html)
    assert HOSTILE_NOTE not in html


def test_refuses_to_overwrite_and_reports_empty(study_dir, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("mine")
    status, _, err = run(["report", str(study_dir), "-o", str(out)])
    assert status == 1 and "already exists; use --force" in err and out.read_text() == "mine"
    status, _, err = run(
        ["report", str(study_dir), "-o", str(tmp_path / "x.html"), "--interviewer", "nobody"]
    )
    assert status == 1 and "no sessions match the filters" in err
    assert not (tmp_path / "x.html").exists()


def test_filters_apply_and_are_named(study_dir, tmp_path):
    html = report(study_dir, tmp_path, "--interviewer", "ab", "--finished-only")
    sessions = [
        r
        for r in load_sessions([study_dir]).sessions
        if r.session["interviewer"] == "AB" and r.session["state"] == "finished"
    ]
    assert {c["data-session"] for c in heat_cells(html)} == {r.id for r in sessions}
    assert "interviewer ab, finished only" in html


def test_a_bad_file_is_named_and_the_rest_reported(study_dir, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    for p in sorted(study_dir.glob("*.toml"))[:3]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "broken.toml").write_text("schema_version = [")
    out = tmp_path / "r.html"
    status, _, err = run(["report", str(folder), "-o", str(out)])
    assert status == 1
    assert str(folder / "broken.toml") in err and "Traceback" not in err
    assert len({c["data-session"] for c in heat_cells(out.read_text())}) == 3


def test_glyphs_match_the_interview_screen():
    from prompter.tui.widgets import STATUS_GLYPHS

    for status, (char, _) in STATUS_GLYPHS.items():
        assert STATUS_SYMBOLS[status] == char


# --------------------------------------------------------------- in a browser


@needs_chromium
def test_report_in_chromium_renders_without_errors(study_dir, tmp_path):
    report(study_dir, tmp_path)
    page = (tmp_path / "report.html").as_uri()
    shot = tmp_path / "shot.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1280,1800", page)
    assert shot.exists(), result.stderr[-2000:]
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1280, 1800)
    assert shot.stat().st_size > 50_000  # a drawn page, not a blank one
    assert console_messages(result.stderr) == []

    dom = chromium("--dump-dom", page)
    assert console_messages(dom.stderr) == []
    cells = heat_cells(dom.stdout)
    t = expected(study_dir)
    counts = Counter((c["data-question"], c["data-status"]) for c in cells)
    assert {k: v for k, v in counts.items()} == {
        (r.id, st): getattr(r, st) for r in t.rows for st in STATUSES if getattr(r, st)
    }


@needs_chromium
def test_console_check_catches_a_broken_page(tmp_path):
    # The check above can fail: a page with an error is caught by the same helper.
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>nope();</script></body></html>")
    result = chromium("--dump-dom", bad.as_uri())
    assert any("nope is not defined" in m for m in console_messages(result.stderr))


@needs_chromium
def test_report_colours_as_drawn_and_no_requests(study_dir, tmp_path):
    """In the browser: each cell's computed fill is its status's colour, the pixels of
    a screenshot are those colours, and opening the page makes no network request."""
    from browser import pixel, png_pixels

    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    report(study_dir, tmp_path)
    page_url = (tmp_path / "report.html").as_uri()
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_url)
            fills = page.evaluate("""() => [...document.querySelectorAll(
                'svg.heatmap rect[data-status]')].map(r => [r.dataset.question,
                r.dataset.status, getComputedStyle(r).fill])""")
            # A few cells, one of each status, sampled from a screenshot of the cell.
            shots = {}
            for st in STATUSES:
                cell = page.locator(f'svg.heatmap rect[data-status="{st}"]').first
                box = cell.bounding_box()
                path = tmp_path / f"{st}.png"
                page.screenshot(
                    path=str(path), clip={"x": box["x"], "y": box["y"], "width": 3, "height": 3}
                )
                shots[st] = path
        finally:
            browser.close()
    assert errors == [] and requests == [page_url]
    t = expected(study_dir)
    counts = Counter((q, st) for q, st, _ in fills)
    assert counts == Counter(
        {(r.id, st): getattr(r, st) for r in t.rows for st in STATUSES if getattr(r, st)}
    )

    def rgb(colour: str) -> str:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgb({r}, {g}, {b})"

    assert all(fill == rgb(STATUS_COLOURS[st]) for _, st, fill in fills)
    for st, path in shots.items():
        _, _, rows = png_pixels(path)
        assert pixel(rows, 0, 0) == STATUS_COLOURS[st], st

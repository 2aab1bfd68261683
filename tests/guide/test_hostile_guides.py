"""`prompter validate` on broken and hostile guides: clear errors, never a traceback.

Every guide in tests/data/bad_guides is run through the real command line in a
child process; tests/data/bad_guides/expected.toml says where its (first)
problem is and what the message must mention. More hostile inputs that are too
big or too odd to commit (20 MB, 10,000 levels of nesting, binary garbage,
UTF-16, a folder, a missing file...) are made in a temporary folder.

A hang fails through the child's timeout; memory is checked through the child's
peak resident set size as reported by wait4() (Linux only).
"""

from __future__ import annotations

import os
import random
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import DATA, REPO, Result, run, run_prompter

CORPUS = DATA / "bad_guides"
MANIFEST = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.yaml"))

VALIDATE_TIMEOUT = 20.0  # seconds; a hang or a runaway parse fails the test (generous: load)
RUN_TIMEOUT = 30.0
MAX_RSS_KIB = 200 * 1024  # 200 MB

# A minimal valid guide: two sections, two questions, a small codebook.
VALID_GUIDE = """\
# A small valid guide.
title: "Demo: working from home"
version: "1"
minutes: 20
introduction: |
  Thank you for taking part.
codebook:
  - name: Setting
    color: "#1F77B4"
    codes:
      - name: Space
sections:
  - title: About you
    minutes: 5
    questions:
      - id: role
        text: Could you tell me briefly about your job role?
        guidance: (Keep this short.)
  - title: Working days
    codes: [Setting]
    questions:
      - text: Where do you usually work when you are at home? (café, desk...)
        codes: [Space]
        probes:
          - Do you share that space?
          - text: What would make it better?
            examples: [a desk, a door]
"""


def run_cli(*args: str, timeout: float = VALIDATE_TIMEOUT, cwd: Path = REPO) -> Result:
    """The installed `prompter ARGS` to completion, its peak memory measured; a command
    still running after `timeout` seconds (a hang, a runaway parse) fails the test."""
    result = run_prompter(*args, cwd=cwd, timeout=timeout, measure_rss=True)
    if result.hung:
        pytest.fail(f"{' '.join(args)}: still running after {timeout} s (a hang?)")
    return result


def alternatives(contains) -> list[str]:
    return [contains] if isinstance(contains, str) else list(contains)


CONTROL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n", "\t"}


def assert_no_crash(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream
    if result.maxrss_kib is not None:
        assert result.maxrss_kib < MAX_RSS_KIB, (
            f"child used {result.maxrss_kib / 1024:.0f} MB at its peak"
        )


def assert_reported(
    result: Result,
    shown: str,
    contains,
    line: int | None = None,
    column: int | None = None,
    positioned: bool | None = None,
) -> None:
    """stderr has a line `shown:line:column: message` whose message contains one of `contains`.

    Without line/column, `positioned=False` demands `shown: message` (no position) and
    `positioned=None` accepts any line that starts with `shown:`.
    """
    if line is not None:
        prefix = f"{shown}:{line}:{column}: "
    elif positioned is False:
        prefix = f"{shown}: "
    else:
        prefix = f"{shown}:"
    words = [w.lower() for w in alternatives(contains)]
    lines = result.stderr.splitlines()
    at_place = [ln for ln in lines if ln.startswith(prefix)]
    assert at_place, f"no line starting {prefix!r} in stderr:\n{result.stderr}"
    assert any(any(w in ln[len(prefix) :].lower() for w in words) for ln in at_place), (
        f"no line starting {prefix!r} mentions any of {words}; stderr:\n{result.stderr}"
    )


def assert_rejected(result: Result, shown: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert_no_crash(result)
    assert not any(ln.startswith("ok ") for ln in result.stdout.splitlines()), result.stdout
    assert "hacked" not in result.stdout  # no tag ever ran code
    problems = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert problems, "no problem reported on stderr"
    stray = [ln for ln in problems if not ln.startswith(f"{shown}:")]
    assert not stray, f"stderr lines not of the form '{shown}:...: message': {stray}"
    raw = sorted({c for c in result.stderr + result.stdout if c in CONTROL})
    assert not raw, f"control characters reached the terminal: {raw}; stderr: {result.stderr!r}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak RSS is measured on Linux")
def test_memory_measure_is_the_childs_own():
    ballast = bytearray(256 * 1024 * 1024)  # a big parent must not inflate the child's figure
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = run([sys.executable, "-c", "pass"], measure_rss=True)
    del ballast
    big = run(
        [sys.executable, "-c", "b = bytearray(250 * 2**20); b[::4096] = b'x' * len(b[::4096])"],
        measure_rss=True,
    )
    assert small.returncode == big.returncode == 0
    assert small.maxrss_kib < 100 * 1024, small.maxrss_kib
    assert big.maxrss_kib > 250 * 1024, big.maxrss_kib


# --- the committed corpus -------------------------------------------------------------


def test_corpus_is_complete():
    assert len(CORPUS_FILES) >= 45
    assert set(CORPUS_FILES) == set(MANIFEST), (
        "every corpus file needs an entry in expected.toml and vice versa: "
        f"{sorted(set(CORPUS_FILES) ^ set(MANIFEST))}"
    )
    for name in CORPUS_FILES:
        data = (CORPUS / name).read_bytes()
        assert data.startswith(b"# "), f"{name}: the first line must say what is wrong"
        assert len(data) < 4096, f"{name}: keep corpus files small"
    assert len(GENERATED) >= 12


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_validate_reports_problem(name):
    expected = MANIFEST[name]
    shown = f"tests/data/bad_guides/{name}"
    result = run_cli("validate", shown)
    assert_rejected(result, shown)
    assert_reported(
        result, shown, expected["contains"], expected.get("line"), expected.get("column")
    )
    for more in expected.get("also", []):
        assert_reported(result, shown, more["contains"], more["line"], more["column"])


@pytest.mark.parametrize(
    "name", ["did_you_mean_probs.yaml", "syntax_tabs.yaml", "tag_python_object_apply.yaml"]
)
def test_run_refuses_bad_guide_without_starting_the_screen(name, tmp_path):
    expected = MANIFEST[name]
    shown = str(CORPUS / name)
    result = run_cli("run", shown, timeout=RUN_TIMEOUT, cwd=tmp_path)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert_no_crash(result)
    assert "hacked" not in result.stdout
    assert "\x1b[?1049h" not in result.stdout, "the full-screen interface was started"
    assert_reported(
        result, shown, expected["contains"], expected.get("line"), expected.get("column")
    )
    assert not list(tmp_path.rglob("*.toml")), "a session file was written for a bad guide"


@pytest.mark.parametrize("bad_first", [False, True], ids=["good-bad", "bad-good"])
def test_validate_several_guides_reports_each(bad_first, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(VALID_GUIDE, encoding="utf-8")
    bad = str(CORPUS / "unknown_key_top.yaml")
    args = [bad, str(good)] if bad_first else [str(good), bad]
    result = run_cli("validate", *args)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert_no_crash(result)
    assert any(ln.startswith(f"ok {good}") for ln in result.stdout.splitlines()), result.stdout
    expected = MANIFEST["unknown_key_top.yaml"]
    assert_reported(result, bad, expected["contains"], expected["line"], expected["column"])


# --- generated hostile inputs (made at test time, never committed) ---------------------


@dataclass
class Case:
    make: object  # (tmp_path) -> Path
    contains: object = None  # str or list of alternatives; None: any message
    positioned: bool | None = None  # False: must be `FILE: message`; None: either


def _write(name: str, data: bytes):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def _big(tmp_path: Path) -> Path:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.write(b"# twenty megabytes\ntitle: Big\nsections:\n")
        item = b"  - title: Section\n    questions:\n      - text: Why?\n"
        f.write(item * (20 * 1024 * 1024 // len(item) + 1))
    return path


def _garbage(tmp_path: Path) -> Path:
    rng = random.Random(20240501)
    data = bytearray(rng.randbytes(64 * 1024))
    for i in range(0, len(data), 97):
        data[i] = 0
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(data))
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "folder.yaml"
    path.mkdir()
    (path / "inside.yaml").write_text(VALID_GUIDE, encoding="utf-8")
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "does-not-exist.yaml"


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)  # opened plainly, it would wait for a writer for ever
    return path


def _unreadable(tmp_path: Path) -> Path:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root (or a non-POSIX system) can read a file without read permission")
    path = tmp_path / "unreadable.yaml"
    path.write_text(VALID_GUIDE, encoding="utf-8")
    path.chmod(0)
    return path


NOT_UTF8 = ["utf-8", "utf8"]

GENERATED: dict[str, Case] = {
    "20mb-file": Case(_big, ["mib", "too large", "too big", "size"], positioned=False),
    "nested-lists-10000": Case(_write("lists.yaml", b"[" * 10000 + b"]" * 10000)),
    "nested-mappings-10000": Case(_write("maps.yaml", b"{a: " * 10000 + b"1" + b"}" * 10000)),
    "binary-garbage": Case(_garbage, NOT_UTF8 + ["nul", "binary", "not a text"]),
    "utf-16-with-bom": Case(_write("utf16.yaml", VALID_GUIDE.encode("utf-16")), NOT_UTF8),
    "latin-1": Case(_write("latin1.yaml", VALID_GUIDE.encode("latin-1")), NOT_UTF8),
    "empty-file": Case(_write("empty.yaml", b""), "empty"),
    "only-comments": Case(_write("comments.yaml", b"# nothing\n\n   \n# here\n\t\n"), "empty"),
    "folder": Case(_folder, ["folder", "directory"], positioned=False),
    "missing-file": Case(
        _missing, ["no such file", "not found", "does not exist", "missing"], positioned=False
    ),
    "unreadable-file": Case(
        _unreadable,
        ["permission", "cannot read", "can't read", "cannot be read", "not readable", "unreadable"],
        positioned=False,
    ),
    "only-a-bom": Case(_write("bom.yaml", b"\xef\xbb\xbf"), "empty"),
    "a-fifo": Case(_fifo, "not a regular file", positioned=False),
    "nul-in-text": Case(_write("nul.yaml", VALID_GUIDE.encode().replace(b"about", b"ab\0ut"))),
    # Control characters written as YAML escapes get past the reader's check of the raw
    # text; they are refused too, where they are (the title on line 2 here).
    "escape-in-a-title": Case(
        _write("esc.yaml", VALID_GUIDE.encode().replace(b'"Demo:', b'"\\e[2JDemo:')),
        "control character u+001b",
    ),
    "bidi-escape-behind-an-alias": Case(
        _write(
            "bidi.yaml",
            b'title: &t "Guide \\u202e"\nsections:\n  - title: *t\n'
            b'    questions:\n      - text: "Why?"\n',
        ),
        "control character u+202e",
    ),
}


def test_latin1_case_really_is_not_utf8():
    data = VALID_GUIDE.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("case", list(GENERATED))
def test_validate_rejects_generated_input(case, tmp_path):
    spec = GENERATED[case]
    path = spec.make(tmp_path)
    shown = str(path)
    result = run_cli("validate", shown)
    assert_rejected(result, shown)
    if spec.contains is not None or spec.positioned is False:
        assert_reported(result, shown, spec.contains or [""], positioned=spec.positioned)


# --- inputs that must be accepted --------------------------------------------------------

ACCEPTED = {
    "plain": VALID_GUIDE.encode("utf-8"),
    "tab-and-new-line-escapes": VALID_GUIDE.replace('"Demo:', '"Demo\\tone\\ntwo:').encode(),
    "utf-8-bom": b"\xef\xbb\xbf" + VALID_GUIDE.encode("utf-8"),
    "crlf": VALID_GUIDE.replace("\n", "\r\n").encode("utf-8"),
    "bom-and-crlf": b"\xef\xbb\xbf" + VALID_GUIDE.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_validate_accepts_valid_guide(case, tmp_path):
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(ACCEPTED[case])
    result = run_cli("validate", str(path))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert_no_crash(result)
    assert any(ln.startswith(f"ok {path}") for ln in result.stdout.splitlines()), result.stdout

"""Hostile files given to `prompter import`: each ends in one clear line naming the file
and exit status 1, in bounded time (a hang would be killed by the runner's timeout) and
bounded memory, with nothing from the file reaching the terminal raw."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from helpers import PROMPTER, run
from zip_bomb import make_docx_bomb

from prompter.cli import main

needs_command = pytest.mark.skipif(
    not PROMPTER.exists(), reason="the prompter console script is not installed in this environment"
)
RSS_LIMIT_KIB = 300 * 1024  # the interpreter and python-docx take about 60 MiB


def one_error_line(capsys, path) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"prompter: {path}: ")
    assert "Traceback" not in err
    return lines[0]


def test_docx_that_is_not_a_zip(tmp_path, capsys):
    path = tmp_path / "guide.docx"
    path.write_bytes(b"This is really a text file\n" * 10)
    assert main(["import", str(path)]) == 1
    assert "not a Word .docx file (not a zip archive" in one_error_line(capsys, path)


def test_damaged_zip(tmp_path, capsys):
    path = tmp_path / "guide.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    assert main(["import", str(path)]) == 1
    assert "not a Word .docx file" in one_error_line(capsys, path)


def test_zip_without_a_document(tmp_path, capsys):
    path = tmp_path / "guide.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert main(["import", str(path)]) == 1
    assert "no word/document.xml" in one_error_line(capsys, path)


def test_zip_with_broken_xml_is_one_line(tmp_path, capsys):
    path = tmp_path / "guide.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document")
    assert main(["import", str(path)]) == 1
    assert "cannot read this Word file" in one_error_line(capsys, path)


def _bomb(path, size=1 << 30):
    """A zip whose document.xml declares and would inflate to `size` bytes of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)


def test_zip_bomb_is_refused_from_its_directory(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    _bomb(path)
    assert path.stat().st_size < 2 * 1024 * 1024  # about 1 MiB that would be 1 GiB
    assert main(["import", str(path)]) == 1
    assert "zip bomb" in one_error_line(capsys, path)


def test_many_small_members_add_up(tmp_path, capsys):
    path = tmp_path / "wide.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<x/>")
        block = os.urandom(16 * 1024) * 64  # 1 MiB that deflates to about 16 KiB
        for i in range(100):  # each member passes the ratio check; together 100 MiB
            z.writestr(f"word/media/{i}.bin", block)
    path.write_bytes(buf.getvalue())
    assert main(["import", str(path)]) == 1
    assert "would inflate to 104,857,6" in one_error_line(capsys, path)


@needs_command
def test_zip_bomb_in_bounded_memory(tmp_path):
    path = tmp_path / "bomb.docx"
    _bomb(path)
    r = run([PROMPTER, "import", path], measure_rss=True)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "zip bomb" in r.stderr
    assert r.maxrss_kib is None or r.maxrss_kib < RSS_LIMIT_KIB


@pytest.fixture(scope="module")
def word_bomb(tmp_path_factory):
    """A Word document of 300 MiB of text in about 340 KiB (made once for the module)."""
    return make_docx_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx", mib=300)


@needs_command
def test_a_real_word_bomb_is_refused_at_once_in_one_line(word_bomb):
    # Every part of a real Word file, honest sizes and CRC: only the ratio gives it away.
    # The runner's timeout is the guard against inflating it (never a measured time).
    assert word_bomb.stat().st_size < 512 * 1024
    r = run([PROMPTER, "import", word_bomb], measure_rss=True)
    assert not r.hung and r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        f"prompter: {word_bomb}: refused: a member of the archive would inflate 1,011 times "
        "(a zip bomb?)\n"
    )
    assert r.maxrss_kib is None or r.maxrss_kib < RSS_LIMIT_KIB


def _lying_member(path, declared: int = 1000):
    """A Word file whose document part declares `declared` bytes but holds 8 MiB: the
    directory passes every check, so only the zip reader's own bound stops it."""
    make_docx_bomb(path, mib=8)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/document.xml")
    # the zip reader trusts the directory: its entry for the part says `declared`
    entry = data.index(b"PK\x01\x02", info.header_offset + info.compress_size)
    while data[entry + 46 : entry + 46 + len(info.filename)] != info.filename.encode():
        entry = data.index(b"PK\x01\x02", entry + 1)
    data[entry + 24 : entry + 28] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_a_member_that_lies_about_its_size_inflates_no_further(tmp_path, capsys):
    path = tmp_path / "liar.docx"
    _lying_member(path)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("word/document.xml").file_size == 1000
        # read up to the declared 1,000 bytes, whose CRC is not the part's: refused
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            z.read("word/document.xml")
    assert main(["import", str(path)]) == 1
    assert "cannot read this Word file (BadZipFile)" in one_error_line(capsys, path)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (zipfile.ZIP_BZIP2, "compressed in a way Word never uses"),
        (zipfile.ZIP_LZMA, "compressed in a way Word never uses"),
    ],
)
def test_a_zip_that_word_would_not_write_is_refused(tmp_path, capsys, method, expected):
    # bzip2 and lzma inflate a chunk without a bound on the output: never opened
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert main(["import", str(path)]) == 1
    assert expected in one_error_line(capsys, path)


@needs_command
def test_twenty_megabytes_of_markdown(tmp_path):
    path = tmp_path / "huge.md"
    line = b"- What do you think about item number forty-two of the list?\n"
    with path.open("wb") as f:
        f.write(line * (20 * 1024 * 1024 // len(line) + 1))
    r = run([PROMPTER, "import", path], measure_rss=True)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        f"prompter: {path}: file is too large to be a topic guide "
        f"({path.stat().st_size:,} bytes; at most 2 MiB)\n"
    )
    assert r.maxrss_kib is None or r.maxrss_kib < RSS_LIMIT_KIB


@pytest.mark.parametrize("suffix", [".md", ".txt", ""])
def test_binary_junk(tmp_path, capsys, suffix):
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(bytes(range(256)) * 64)
    assert main(["import", str(path)]) == 1
    line = one_error_line(capsys, path)
    assert "not a text file" in line or "not UTF-8" in line


def test_invalid_utf8_names_its_line(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("# Guide\n\n1. What is your r\u00f4le?\n".encode("latin-1"))
    assert main(["import", str(path)]) == 1
    assert "line 3: not UTF-8 text (byte 0xF4)" in one_error_line(capsys, path)


def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "guide.md"
    os.mkfifo(fifo)  # no writer: opening it for reading the usual way would wait forever
    assert main(["import", str(fifo)]) == 1
    assert "is not a regular file" in one_error_line(capsys, fifo)


@needs_command
def test_fifo_through_the_installed_command(tmp_path):
    fifo = tmp_path / "guide.docx"
    os.mkfifo(fifo)
    r = run([PROMPTER, "import", fifo])
    assert not r.hung, "prompter import blocked on a FIFO"
    assert r.returncode == 1 and "is not a regular file" in r.stderr


def test_folder_and_old_doc(tmp_path, capsys):
    assert main(["import", str(tmp_path)]) == 1
    assert "is a folder" in one_error_line(capsys, tmp_path)
    doc = tmp_path / "guide.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert main(["import", str(doc)]) == 1
    assert "save it as .docx" in one_error_line(capsys, doc)


def test_escape_sequences_in_the_file_never_reach_the_terminal(tmp_path, capsys):
    path = tmp_path / "evil\x1b[2J.md"
    path.write_text(
        "# Title \x1b]52;c;aGk=\x07\n\n- What do you do?\x1b[31m (if relevant)\n"
        "- What do you do?\x1b[31m (if relevant)\n"
    )
    assert main(["import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err  # the file name, shown escaped
    assert "\x1b" not in out  # the YAML escapes it too
    assert "\\u001b" in out


def test_escape_sequences_in_an_error(tmp_path, capsys):
    path = tmp_path / "x\x1b[2J.docx"
    path.write_bytes(b"not a zip")
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "x\\x1b[2J.docx" in err


def test_control_characters_are_taken_out_and_said(tmp_path, capsys):
    # A bidirectional override and a bell in a Markdown guide: the guide written cannot
    # hold them (it would not load), so they are removed, and the import says where.
    source = tmp_path / "guide.md"
    source.write_text(
        "# Guide\n\n## Part one\n\n1. What do you \u202ethink of the hub?\n"
        "2. How was it?\x07\n3. And the staff?\n",
        encoding="utf-8",
    )
    out = tmp_path / "guide.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    assert "\u202e" not in text and "\x07" not in text
    assert "What do you think of the hub?" in text and "How was it?" in text
    assert "removed control characters" in err and "line 5, line 6" in err
    assert "\x07" not in err and "\u202e" not in err
    assert main(["validate", str(out)]) == 0

"""A Teams .docx that is a zip bomb (issue 22, finding 5: 747 KB on disk, 200 MiB of
document.xml, accepted after 247 s and 3.9 GB): `prompter transcript attach` refuses it
from the zip's directory, as `prompter import` does (the one bounded reader,
prompter/archive.py), in one line, at once and in little memory, and leaves the session
as it was."""

from __future__ import annotations

import pytest
from helpers import PROMPTER, run
from transcript_corpus import make_session
from zip_bomb import make_docx_bomb

RSS_LIMIT_KIB = 300 * 1024  # the interpreter and python-docx take about 60 MiB


@pytest.mark.skipif(not PROMPTER.exists(), reason="the prompter console script is not installed")
def test_attach_refuses_a_word_bomb_in_one_line_and_little_memory(tmp_path):
    session = make_session(tmp_path / "sessions")
    before = session.read_bytes()
    # 200 MiB: under the 256 MiB that the reader used to check alone
    bomb = make_docx_bomb(tmp_path / "call.docx", mib=200)
    assert bomb.stat().st_size < 512 * 1024
    # the runner's timeout is the guard against inflating it (never a measured time)
    r = run([PROMPTER, "transcript", "attach", session, bomb], measure_rss=True)
    assert not r.hung and r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        f"prompter: {bomb}: a .docx with a part that would inflate 1,011 times "
        "(a zip bomb?); refused\n"
    )
    assert r.maxrss_kib is None or r.maxrss_kib < RSS_LIMIT_KIB
    assert session.read_bytes() == before

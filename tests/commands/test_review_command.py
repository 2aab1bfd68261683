"""`prompter review SESSION` before its screen: without a transcript, one line saying how
to attach one (exit 2); a changed transcript refused (exit 1); no terminal (exit 2);
and nothing of the screen loaded until then."""

from __future__ import annotations

from helpers import run_prompter
from review_fixture import make_call


def test_without_a_transcript_one_line_says_how_to_attach_one(tmp_path):
    call = make_call(tmp_path, attach=False)
    r = run_prompter("review", call.session)
    assert r.returncode == 2
    assert r.stderr == (
        f"prompter: {call.session}: no transcript attached; attach one first: "
        f"prompter transcript attach {call.session} TRANSCRIPT\n"
    )


def test_a_changed_transcript_is_refused_and_no_terminal_is_said(tmp_path):
    call = make_call(tmp_path)
    r = run_prompter("review", call.session)  # standard input is not a terminal
    assert r.returncode == 2 and "review is a screen: it needs a terminal" in r.stderr
    assert not list(tmp_path.glob(".*.lock"))  # the lock taken to check was let go
    call.transcript.write_text(call.transcript.read_text() + "\n")
    r = run_prompter("review", call.session)
    assert r.returncode == 1 and "has changed since it was attached" in r.stderr


def test_review_is_in_the_help():
    r = run_prompter("--help")
    assert r.returncode == 0 and "review" in r.stdout
    r = run_prompter("review", "--help")
    assert r.returncode == 0 and "--read-only" in r.stdout

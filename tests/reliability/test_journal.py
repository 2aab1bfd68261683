"""The journal of a large session file (issue #14): a key is saved by appending a record
to `.NAME.toml.journal`, and every reader (`resume`, `tally`, `export`) folds the records
into the file. After any action, crash or torn write, what is read is what the screen
showed; a hostile journal is refused on one line (or ignored, where a crash could have
made it), never followed, never waited on."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tomllib
import zlib

import pytest
from guide_factory import bundled
from helpers import PROMPTER, wait_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journal_helpers import ACTIONS, Interview

from prompter.cli import main
from prompter.session import journal
from prompter.session.journal import encode_record, header_line, journal_path
from prompter.session.read import read_session_file
from prompter.session.render import (
    dynamic_key,
    question_entry,
    session_table,
    static_question,
)
from prompter.session.writer import JOURNAL_THRESHOLD


def read(iv: Interview) -> dict:
    return read_session_file(iv.path)


# ------------------------------------------------------------ what is read is what was shown


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTIONS, max_size=40), max_records=st.integers(1, 12))
def test_after_every_action_the_file_and_its_journal_read_as_the_session(
    tmp_path_factory, actions, max_records
):
    iv = Interview(tmp_path_factory.mktemp("j"), max_records=max_records)
    assert read(iv) == iv.state()
    for action in actions:
        iv.do(action)
        assert read(iv) == iv.state(), action
    iv.writer.close()
    assert not iv.journal.exists()
    assert read(iv) == iv.state()


def test_keys_are_journaled_and_compacted_as_the_limits_say(tmp_path):
    iv = Interview(tmp_path, max_records=5)
    whole = iv.writer.whole_saves
    for i in range(13):
        iv.do(("mark", "asked") if i % 2 else ("next",))
        assert read(iv) == iv.state()
    # 13 saves: 5 records, a whole save (the journal was full), 5 records, a whole save,
    # one record.
    assert iv.writer.whole_saves == whole + 2
    assert iv.writer.journaled == 1
    assert stat.S_IMODE(iv.journal.stat().st_mode) == 0o600
    assert iv.writer.compact() is True
    assert iv.writer.journaled == 0 and iv.journal.stat().st_size == 0
    assert iv.writer.compact() is True  # nothing pending: nothing written
    assert iv.writer.whole_saves == whole + 3
    # The file alone now holds everything, as a plain TOML reader sees it.
    assert tomllib.loads(iv.path.read_text()) == iv.state()


def test_a_finished_interview_is_saved_whole(tmp_path):
    iv = Interview(tmp_path)
    iv.do(("mark", "asked"))
    assert iv.writer.journaled == 1
    iv.do(("finish",))
    assert iv.writer.journaled == 0
    assert tomllib.loads(iv.path.read_text()) == iv.state()


def test_a_step_that_changes_many_questions_saves_the_whole_file(tmp_path):
    iv = Interview(tmp_path)
    iv.do(("next",))
    whole = iv.writer.whole_saves
    iv.do(("rest_not_applicable",))
    assert iv.writer.whole_saves == whole + 1 and iv.writer.journaled == 0
    assert read(iv) == iv.state()


# ------------------------------------------------------------ crashes


@pytest.mark.parametrize("earlier", [0, 3])
def test_a_torn_last_record_reads_as_the_state_before_it(tmp_path, earlier):
    """The process dies while appending: whatever part of the last record reached the
    disk, the file reads as it was before that key (never an error). `earlier` records
    before it (0: the last record is the first, written with the journal's header)."""
    iv = Interview(tmp_path / "live")
    for i in range(earlier):
        iv.do(("mark", "probed") if i % 2 else ("next",))
    before = iv.state()
    start = iv.journal.stat().st_size if iv.journal.exists() else 0
    iv.do(("note", "the last key's note"))
    after = iv.state()
    whole = iv.journal.read_bytes()
    assert len(whole) > start
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(iv.path, copy / iv.path.name)
    torn = journal_path(copy / iv.path.name)
    for cut in range(start, len(whole)):
        torn.write_bytes(whole[:cut])
        assert read_session_file(copy / iv.path.name) == before, cut
    torn.write_bytes(whole)
    assert read_session_file(copy / iv.path.name) == after


def test_a_crash_between_the_whole_save_and_emptying_the_journal(tmp_path):
    """The file was written whole, the journal not yet emptied: its records are of the
    file's previous version, so they are ignored; resume goes on from the file."""
    iv = Interview(tmp_path)
    for i in range(6):
        iv.do(("mark", "asked") if i % 2 else ("next",))
    old_journal = iv.journal.read_bytes()
    assert iv.writer.compact()
    state = iv.state()
    iv.crash()
    iv.journal.write_bytes(old_journal)
    assert read(iv) == state
    # The journal's first line names the file's previous version: its records are not
    # even read (applied, they would change nothing: they hold absolute values).
    raw = iv.path.read_bytes()
    assert journal.fold(tomllib.loads(raw.decode()), raw, iv.path) is journal.STALE
    iv.resume()
    assert not iv.journal.exists()  # the first save was whole; the old journal went
    iv.do(("mark", "covered"))
    assert iv.writer.journaled == 1
    assert read(iv) == iv.state()


def test_resume_after_a_crash_folds_the_journal_and_starts_from_a_whole_save(tmp_path):
    iv = Interview(tmp_path)
    for i in range(8):
        iv.do(("mark", "asked") if i % 2 else ("next",))
    shown = iv.state()
    iv.crash()
    assert iv.journal.stat().st_size > 0
    assert read(iv) == shown
    iv.resume()
    assert iv.writer.whole_saves == 1 and iv.writer.journaled == 0
    # Everything the journal held is in the file itself now.
    on_disk = tomllib.loads(iv.path.read_text())
    assert on_disk["questions"] == shown["questions"]
    assert on_disk["events"][: len(shown["events"])] == shown["events"]


def test_a_reader_that_meets_a_whole_save_reads_again(tmp_path, monkeypatch):
    """`tally` reads the file, then the writer saves it whole and empties the journal,
    then `tally` reads the journal: it reads the file again (never a mix of versions)."""
    iv = Interview(tmp_path)
    for i in range(4):
        iv.do(("mark", "asked") if i % 2 else ("next",))
    fold = journal.fold
    calls = []

    def fold_after_a_whole_save(data, raw, path, toml=tomllib):
        if not calls:
            iv.do(("next",))  # appended to the journal of the version the reader has...
            iv.writer.compact()  # ...then the file saved whole and the journal restarted
            iv.do(("mark", "skipped"))  # a record of the new version
        calls.append(1)
        return fold(data, raw, path, toml)

    monkeypatch.setattr(journal, "fold", fold_after_a_whole_save)
    assert read(iv) == iv.state()
    assert len(calls) == 2


def test_a_failed_append_saves_the_whole_file_instead(tmp_path, monkeypatch):
    """A disk that cuts an append short: the save goes on as a whole save, the journal
    starts afresh, and nothing after the torn record is ever lost behind it."""
    iv = Interview(tmp_path)
    iv.do(("next",))
    real_write = os.write
    cut = []

    def short_write(fd, data):
        if fd == iv.writer._journal.fd and not cut:
            cut.append(1)
            return real_write(fd, data[: len(data) // 2])
        return real_write(fd, data)

    monkeypatch.setattr(journal.os, "write", short_write)
    whole = iv.writer.whole_saves
    iv.do(("mark", "asked"))
    assert cut and iv.writer.whole_saves == whole + 1 and iv.writer.ok
    assert read(iv) == iv.state()
    iv.do(("next",))
    iv.do(("mark", "probed"))
    assert iv.writer.journaled == 2
    assert read(iv) == iv.state()


def test_a_link_planted_where_the_journal_goes_is_never_written_through(tmp_path):
    """Between a whole save and the next record, someone puts a symbolic link where the
    journal is made: it is not followed (the save is whole instead), the file it names
    stays as it was, and the next records go to a journal of the writer's own."""
    iv = Interview(tmp_path / "s")
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    iv.journal.symlink_to(target)
    iv.do(("mark", "asked"))
    assert target.read_text() == "keep me" and iv.writer.ok
    assert not iv.journal.exists() or not iv.journal.is_symlink()
    assert read(iv) == iv.state()
    iv.do(("next",))
    assert iv.writer.journaled == 1 and not iv.journal.is_symlink()
    assert stat.S_IMODE(iv.journal.stat().st_mode) == 0o600
    assert read(iv) == iv.state() and target.read_text() == "keep me"


# ------------------------------------------------------------ when there is a journal at all


def test_the_bundled_guide_never_journals(tmp_path):
    iv = Interview(tmp_path, bundled(), threshold=JOURNAL_THRESHOLD)
    for i in range(150):
        iv.do([("next",), ("mark", "asked"), ("probe", 0), ("bookmark", "b")][i % 4])
        assert not iv.journal.exists()
    assert iv.path.stat().st_size < JOURNAL_THRESHOLD
    assert iv.writer.whole_saves == 151


def test_a_writer_without_the_lock_never_journals(tmp_path):
    iv = Interview(tmp_path, lock=False)
    for _ in range(5):
        iv.do(("next",))
    assert not iv.journal.exists() and iv.writer.whole_saves == 6


def test_a_read_only_look_leaves_the_journal_alone(tmp_path):
    iv = Interview(tmp_path)
    iv.do(("mark", "asked"))
    shown = iv.state()
    iv.crash()
    before = iv.journal.read_bytes()
    from prompter.session.resume import load_session
    from prompter.session.writer import SessionWriter

    session, _ = load_session(iv.path, iv.guide, log_resume=False)
    writer = SessionWriter(session, iv.path, resume=True, read_only=True, journal_threshold=0)
    assert writer.try_save()
    writer.close()
    assert iv.journal.read_bytes() == before
    assert read(iv) == shown


def test_a_file_read_through_a_link_is_read_with_its_journal(tmp_path, capsys):
    iv = Interview(tmp_path / "real")
    iv.do(("mark", "asked"))
    link = tmp_path / "P01-link.toml"
    link.symlink_to(iv.path)
    assert read_session_file(link) == iv.state()
    assert main(["tally", str(link), "--format", "json"]) == 0
    assert sum(r["asked"] for r in json.loads(capsys.readouterr().out)) == 1


def test_the_journal_is_hidden_from_folder_scans(tmp_path, capsys):
    iv = Interview(tmp_path)
    iv.do(("mark", "asked"))
    assert iv.journal.name == ".P01.toml.journal" and not iv.journal.match("*.toml")
    assert main(["tally", str(tmp_path), "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[iv.guide.questions[0].id]["asked"] == 1  # the mark is in the journal only
    assert {r["sessions"] for r in rows.values()} == {1}


# ------------------------------------------------------------ hostile journals


def _file_and_journal(tmp_path):
    """A session file whose journal holds one good record (a mark on the first question)."""
    iv = Interview(tmp_path)
    iv.do(("mark", "asked"))
    iv.crash()
    return iv


def _record_entry(iv) -> dict:
    q = iv.guide.questions[0]
    return question_entry(static_question(q), dynamic_key(iv.session, q.id), False)


def _record(iv, seq=1, **over) -> bytes:
    """A well-formed record that fits the file (the mark of the first question), but for
    what `over` changes."""
    fields = dict(
        events_from=len(tomllib.loads(iv.path.read_text())["events"]),
        session=session_table(iv.session),
        questions=[_record_entry(iv)],
        sections=[],
        bookmarks=None,
        events=[],
    )
    fields.update(over)
    return encode_record(seq, **fields)


def _framed(body: bytes) -> bytes:
    """`body` framed as record 1, with its right length and checksum."""
    return b"#record 1 %d %08x\n" % (len(body), zlib.crc32(body)) + body


def _bad_checksum(record: bytes) -> bytes:
    line, body = record.split(b"\n", 1)
    crc = b"00000000" if not line.endswith(b"00000000") else b"11111111"
    return line[:-8] + crc + b"\n" + body


# case: (the journal, from the session and the journal's right first line; words said)
REFUSED = {
    "garbage": (lambda iv, h: b"hello\nworld\n" * 10, "not a prompter journal"),
    "binary": (lambda iv, h: bytes(range(256)) * 8, "not a prompter journal"),
    "newer version": (
        lambda iv, h: h.replace(b"journal 1 ", b"journal 2 ") + _record(iv),
        "journal version 2",
    ),
    "unknown question id": (
        lambda iv, h: h + _record(iv, questions=[{**_record_entry(iv), "id": "nope\x1b[31m"}]),
        "question id 'nope\\x1b[31m' is not in the session file",
    ),
    "events beyond the log": (
        lambda iv, h: h + _record(iv, events_from=10**6),
        "events_from 1000000 is beyond",
    ),
    "a bad status": (
        lambda iv, h: h + _record(iv, questions=[{**_record_entry(iv), "status": "x"}]),
        "questions[0].status is 'x'",
    ),
    "no session table": (lambda iv, h: h + _framed(b"events_from = 0\n"), "no [session] table"),
    "not TOML": (lambda iv, h: h + _framed(b"[[[\n"), "record 1 is not valid TOML"),
    "an unknown key": (
        lambda iv, h: h + _framed(b"events_from = 0\nevil = 1\n"),
        "unknown key 'evil'",
    ),
    "a section that is not there": (
        lambda iv, h: (
            h
            + _record(
                iv, sections=[{"at": 10**6, "path": ["x"], "seconds_spent": 1.0, "codes": []}]
            )
        ),
        "section ['x'] at 1000000 is not in the session file",
    ),
}

IGNORED = {
    "a huge length (a torn record)": lambda iv, h: h + b"#record 1 999999999999 00000000\nabc",
    "a bad checksum": lambda iv, h: h + _bad_checksum(_record(iv)),
    "another version of the file": lambda iv, h: header_line(b"other") + _record(iv),
    "a torn header": lambda iv, h: h[:30],
    "empty": lambda iv, h: b"",
    "a record out of order": lambda iv, h: h + _record(iv, seq=2),
}


def _commands(iv):
    return [["tally", str(iv.path), "--format", "json"], ["resume", str(iv.path)]]


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_hostile_journal_is_refused_on_one_line(tmp_path, capsys, case):
    iv = _file_and_journal(tmp_path)
    make, words = REFUSED[case]
    iv.journal.write_bytes(make(iv, header_line(iv.path.read_bytes())))
    for argv in _commands(iv):
        assert main(argv) == 1, argv
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        said = [line for line in lines if str(iv.journal) in line]
        assert len(said) == 1, lines
        assert words in said[0] and "intact" in said[0] and f"mv {iv.journal} " in said[0]
        assert "\x1b" not in err and "Traceback" not in err


@pytest.mark.parametrize("case", sorted(IGNORED))
def test_a_journal_a_crash_could_have_left_is_ignored(tmp_path, capsys, case):
    iv = _file_and_journal(tmp_path)
    on_file = tomllib.loads(iv.path.read_text())
    iv.journal.write_bytes(IGNORED[case](iv, header_line(iv.path.read_bytes())))
    assert read(iv) == on_file
    assert main(["tally", str(iv.path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sum(r["asked"] for r in rows) == 0  # the file's state: the mark was journaled


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "huge"])
def test_something_else_in_the_journals_place_is_refused_not_followed(tmp_path, capsys, kind):
    iv = _file_and_journal(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(iv.journal, elsewhere)  # a good journal, named through a link below
    if kind == "symlink":
        iv.journal.symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(iv.journal)  # nobody writes to it: opening it must not wait
    elif kind == "folder":
        iv.journal.mkdir()
    else:
        with open(iv.journal, "wb") as f:
            f.truncate(journal.MAX_JOURNAL_BYTES + 1)  # sparse
    assert main(["tally", str(iv.path), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if str(iv.journal) in line]) == 1
    assert "Traceback" not in err
    assert main(["resume", str(iv.path)]) == 1
    assert str(iv.journal) in capsys.readouterr().err


def test_the_refusal_says_how_to_use_the_file_without_the_journal(tmp_path, capsys):
    iv = _file_and_journal(tmp_path)
    make, _ = REFUSED["unknown question id"]
    iv.journal.write_bytes(make(iv, header_line(iv.path.read_bytes())))
    assert main(["tally", str(iv.path), "--format", "json"]) == 1
    capsys.readouterr()
    iv.journal.rename(iv.journal.with_name(iv.journal.name + ".bad"))  # as the message says
    assert main(["tally", str(iv.path), "--format", "json"]) == 0


# ------------------------------------------------------------ a real interview, killed


def _large_guide(n: int, path) -> None:
    lines = ["title: Large guide", "codebook:"]
    lines += [f"  - name: Theme {t}" for t in range(6)]
    lines.append("sections:")
    for s in range(0, n, 10):
        lines += [f"  - title: Section {s // 10}", "    minutes: 3", "    questions:"]
        for q in range(s, min(n, s + 10)):
            lines += [
                f"      - id: q{q}",
                f"        text: 'Question {q}: how does your organisation handle topic {q}?'",
                f"        codes: [Theme {q % 6}]",
                "        probes:",
            ]
            lines += [f"          - 'Probe {k} of question {q}: an example?'" for k in range(3)]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.slow
def test_a_real_interview_killed_keeps_every_key_in_its_journal(tmp_path, terminals):
    guide = tmp_path / "large.yaml"
    _large_guide(800, guide)  # about 330 KB: above the threshold (256 KiB)
    sessions = tmp_path / "sessions"
    t = terminals(["run", str(guide), "--participant", "P01", "--sessions-dir", sessions])
    t.wait_text("Question 0")
    (path,) = wait_until(lambda: list(sessions.glob("*.toml")), "the session file")
    jp = journal_path(path)
    assert path.stat().st_size > JOURNAL_THRESHOLD

    def journal_size() -> int:
        try:
            return jp.stat().st_size
        except FileNotFoundError:
            return 0

    marked = []
    for i in range(12):
        size = journal_size()
        key = "a" if i % 2 == 0 else "j"
        t.send(key)
        wait_until(lambda: journal_size() > size, f"key {i} in the journal")  # noqa: B023
        if key == "a":
            marked.append(f"q{i // 2}")
    inode = path.stat().st_ino
    t.kill()
    assert path.stat().st_ino == inode  # every key went to the journal, none to the file
    on_file = tomllib.loads(path.read_text())
    assert all(q["status"] == "pending" for q in on_file["questions"])

    r = subprocess.run(
        [PROMPTER, "tally", str(path), "--format", "json"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    asked = {row["id"] for row in json.loads(r.stdout) if row["asked"]}
    assert asked == set(marked)

    t2 = terminals(["resume", str(path)])
    t2.wait_text("Question 6")  # where the interview stopped
    t2.sendcontrol("q")
    assert t2.finish() == 0
    assert not jp.exists()  # saved whole on leaving; the journal removed
    on_file = tomllib.loads(path.read_text())
    assert {q["id"] for q in on_file["questions"] if q["status"] == "asked"} == set(marked)

"""The session file: naming, atomic saving, reading and validation, resume."""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w
from guide_factory import DEMO_CODEBOOK, DEMO_SECTIONS, FIXED_NOW, FakeClock, demo_guide, make_guide
from helpers import session_to_dict

from prompter.errors import SessionFileError, UsageError
from prompter.session import Session
from prompter.session.paths import new_session_path, validate_participant
from prompter.session.read import read_session_file
from prompter.session.render import session_to_toml
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter, save_session
from prompter.vocabulary import SCHEMA_VERSION


@pytest.fixture
def clock():
    return FakeClock()


def busy_session(clock, guide=None):
    s = Session(
        guide or demo_guide(),
        "P01",
        "Ann",
        {"site": "Leeds", "mode": "video"},
        clock=clock,
        now=FIXED_NOW,
    )
    clock.advance(12.3456)
    s.mark_recording()
    s.mark("asked")
    s.toggle_probe(1)
    s.set_note('She said "it\'s fine"\\n\nthen: 😀 עברית \x07')
    clock.advance(40)
    s.next()
    s.add_bookmark("quote about the kitchen")
    s.mark("covered")
    clock.advance(5)
    s.goto("tools")
    s.toggle_probe(2)
    clock.advance(7)
    return s


# ------------------------------------------------------------------ naming


@pytest.mark.parametrize("pid", ["P01", "p-01_a.b", "A" * 64, "x", "2026.site-B_07"])
def test_valid_participants(pid):
    assert validate_participant(pid) == pid


@pytest.mark.parametrize(
    "pid, words",
    [
        ("", "empty"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        (".hidden", "starts with '.'"),
        ("..", "starts with '.'"),
        ("A" * 65, "65 characters"),
        ("P 01", "' '"),
        ("Zoë", "'ë'"),
        ("P01\n", "'\\n'"),
    ],
)
def test_invalid_participants(pid, words):
    with pytest.raises(UsageError) as e:
        validate_participant(pid)
    msg = str(e.value)
    assert words in msg and "\n" not in msg and "letters" in msg


def test_new_session_path(tmp_path):
    folder = tmp_path / "a" / "sessions"
    p = new_session_path(folder, "P01", FIXED_NOW)
    assert p == folder / "P01_2026-11-25_1430.toml"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    p.write_text("taken")
    p2 = new_session_path(folder, "P01", FIXED_NOW)
    assert p2.name == "P01_2026-11-25_1430_2.toml"
    p2.write_text("taken")
    assert new_session_path(folder, "P01", FIXED_NOW).name == "P01_2026-11-25_1430_3.toml"
    with pytest.raises(UsageError):
        new_session_path(folder, "../evil", FIXED_NOW)


def test_existing_sessions_dir_keeps_its_mode(tmp_path):
    tmp_path.chmod(0o755)
    new_session_path(tmp_path, "P01", FIXED_NOW)
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_sessions_dir_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(SessionFileError, match="not a folder"):
        new_session_path(tmp_path / "f", "P01", FIXED_NOW)


# ------------------------------------------------------------------ saving


def test_toml_text_matches_dict_and_tomli_w(clock):
    s = busy_session(clock)
    text = session_to_toml(s)
    d = session_to_dict(s)
    assert tomllib.loads(text) == d
    assert tomllib.loads(tomli_w.dumps(d)) == d
    assert "[[questions]]" in text and "[[events]]" in text and "[[bookmarks]]" in text


def test_render_cache_follows_every_change(clock):
    s = busy_session(clock)
    for step in [
        lambda: s.set_note("new"),
        lambda: s.mark("skipped"),
        s.undo,
        s.redo,
        lambda: s.add_bookmark(""),
        s.next,
        s.toggle_pause,
        s.toggle_pause,
        s.undo,
        s.undo,
        lambda: s.goto("role"),
        s.finish,
    ]:
        session_to_toml(s)  # warm the cache
        step()
        clock.advance(0.5)
        assert tomllib.loads(session_to_toml(s)) == session_to_dict(s)


def test_file_contract_keys(clock):
    s = busy_session(clock)
    d = session_to_dict(s)
    assert d["schema_version"] == SCHEMA_VERSION == 1
    st = d["session"]
    assert st["id"] == "P01_2026-11-25_1430" and st["participant"] == "P01"
    assert st["interviewer"] == "Ann" and st["state"] == "in_progress"
    assert st["started_at"] == FIXED_NOW and "ended_at" not in st
    assert st["elapsed_seconds"] == 64.346 and st["recording_offset_seconds"] == 12.346
    assert st["current_question"] == "tools" and st["paused"] is False
    assert st["extra"] == {"site": "Leeds", "mode": "video"}
    assert set(d["guide"]) >= {"title", "version", "path", "sha256"}
    qs = d["questions"]
    assert [q["id"] for q in qs] == ["role", "team", "where", "move", "tools", "help"]
    role = qs[0]
    assert role["section"] == ["About you"]
    assert role["probes"] == ["How long have you been in this role?"]
    assert role["status"] == "probed" and role["probes_used"] == role["probes"]
    assert role["first_marked_seconds"] == 12.346 and role["seconds_on_question"] == 52.346
    tools = qs[4]
    assert tools["codes"] == ["Setting", "Setting/Tools", "Wellbeing"]
    assert tools["seconds_on_question"] == 7.0  # the live stretch counts
    assert qs[3]["note"] == "" and "first_marked_seconds" not in qs[3]
    assert d["bookmarks"] == [
        {"at_seconds": 52.346, "label": "quote about the kitchen", "question": "team"}
    ]
    assert {"at_seconds", "action", "question"} <= set(d["events"][0])
    codes = {c["path"]: c for c in d["codes"]}
    assert codes["Setting/Space"]["parent"] == "Setting" and "parent" not in codes["Setting"]
    assert codes["Setting"]["color"] == "#1F77B4" and "color" not in codes["Wellbeing"]
    secs = {tuple(x["path"]): x for x in d["sections"]}
    assert secs[("About you",)]["seconds_spent"] == 57.346
    assert secs[("About you",)]["minutes"] == 5 and "minutes" not in secs[("Working days",)]


def test_finished_session_has_ended_at(clock):
    s = busy_session(clock)
    s.finish(now=FIXED_NOW + timedelta(hours=1))
    st = session_to_dict(s)["session"]
    assert st["state"] == "finished" and st["ended_at"] == FIXED_NOW + timedelta(hours=1)


def test_empty_lists_are_top_level(clock, tmp_path):
    g = make_guide([{"title": "Only", "questions": ["One?"]}])  # no codebook
    s = Session(g, "P01", clock=clock, now=FIXED_NOW)
    s.events.clear()
    d = tomllib.loads(session_to_toml(s))
    assert d["bookmarks"] == [] and d["events"] == [] and d["codes"] == []
    assert "bookmarks" not in d["questions"][0]


def test_save_permissions_and_no_temp_left(clock, tmp_path):
    old = os.umask(0o022)
    try:
        s = busy_session(clock)
        path = tmp_path / "P01.toml"
        save_session(s, path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.chmod(0o644)
        save_session(s, path)  # replacing also leaves 0600
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["P01.toml"]
    assert read_session_file(path) == session_to_dict(s)


def test_writer_never_overwrites(clock, tmp_path):
    s = busy_session(clock)
    path = tmp_path / "P01.toml"
    path.write_text("precious")
    w = SessionWriter(s, path)
    with pytest.raises(SessionFileError, match="never overwritten"):
        w.save()
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["P01.toml"]


def test_writer_saves_and_sweeps_stale_temps(clock, tmp_path):
    s = busy_session(clock)
    path = new_session_path(tmp_path / "sessions", s.participant, s.started_at)
    stale = path.with_name(f".{path.name}.tmp-deadbeef")
    stale.write_text("half a sess")
    other = path.with_name(".other.toml.tmp-0000")
    other.write_text("")
    w = SessionWriter(s, path)
    w.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not stale.exists() and other.exists()
    s.set_note("later")
    w.save()
    assert read_session_file(path)["questions"][4]["note"] == "later"
    assert w.saves == 2 and w.last_save_seconds is not None
    assert sorted(p.name for p in path.parent.glob("*.toml")) == [path.name]


def test_save_error_is_a_session_file_error_and_an_oserror(clock, tmp_path):
    s = busy_session(clock)
    with pytest.raises(SessionFileError, match="cannot save") as e:
        save_session(s, tmp_path / "missing-folder" / "x.toml")
    assert isinstance(e.value, OSError) and e.value.errno == errno.ENOENT
    assert e.value.strerror and str(e.value).startswith(str(tmp_path / "missing-folder" / "x.toml"))


def test_failed_save_leaves_the_previous_file(clock, tmp_path, monkeypatch):
    s = busy_session(clock)
    path = tmp_path / "P01.toml"
    save_session(s, path)
    before = path.read_bytes()
    s.set_note("will not reach the disk")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space left") as e:
        save_session(s, path)
    monkeypatch.undo()
    assert e.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["P01.toml"]  # the temporary file is gone


# ----------------------------------------------------------------- reading


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def good_dict(clock):
    return session_to_dict(busy_session(clock))


def check_error(path, *words):
    with pytest.raises(SessionFileError) as e:
        read_session_file(path)
    msg = str(e.value)
    assert msg.startswith(f"{path}: "), msg
    assert "\n" not in msg, msg
    for w in words:
        assert w in msg, msg
    return msg


def test_not_toml(tmp_path):
    msg = check_error(
        write(tmp_path, 'schema_version = 1\n[session\nid = "x"\n'), "not valid TOML", "line 2"
    )
    assert "column" in msg


def test_not_utf8(tmp_path):
    check_error(write(tmp_path, b"a = '\xff\xfe'\n"), "not UTF-8")


def test_deeply_nested(tmp_path):
    check_error(write(tmp_path, "a = " + "[" * 5000 + "]" * 5000), "not valid TOML")


def test_other_programs_toml(tmp_path):
    check_error(
        write(tmp_path, '[project]\nname = "x"\n'),
        "not a prompter session file: no [session] table",
    )
    check_error(write(tmp_path, ""), "not a prompter session file")
    check_error(write(tmp_path, "session = 3\n"), "no [session] table")


def test_newer_schema(tmp_path, clock):
    d = good_dict(clock)
    d["schema_version"] = 2
    check_error(
        write(tmp_path, tomli_w.dumps(d)),
        "written by a newer prompter (schema_version 2); upgrade prompter",
    )


@pytest.mark.parametrize("bad", [0, "1", True, 1.0])
def test_bad_schema_version(tmp_path, clock, bad):
    d = good_dict(clock)
    d["schema_version"] = bad
    check_error(write(tmp_path, tomli_w.dumps(d)), "schema_version")


def test_missing_keys_named(tmp_path, clock):
    d = good_dict(clock)
    del d["schema_version"]
    check_error(write(tmp_path, tomli_w.dumps(d)), "missing required key schema_version")
    d = good_dict(clock)
    del d["session"]["participant"], d["session"]["started_at"], d["questions"][2]["status"]
    del d["guide"]
    check_error(
        write(tmp_path, tomli_w.dumps(d)),
        "missing required keys",
        "session.participant",
        "session.started_at",
        "guide",
        "questions[2].status",
    )


@pytest.mark.parametrize(
    "mutate, words",
    [
        (
            lambda d: d["session"].update(elapsed_seconds="10"),
            ["session.elapsed_seconds must be a number"],
        ),
        (lambda d: d["session"].update(elapsed_seconds=-1), ["session.elapsed_seconds"]),
        (lambda d: d["session"].update(elapsed_seconds=float("nan")), ["session.elapsed_seconds"]),
        (lambda d: d["session"].update(state="done"), ["session.state is 'done'"]),
        (
            lambda d: d["session"].update(started_at=FIXED_NOW.replace(tzinfo=None)),
            ["session.started_at must be a date-time with a time zone"],
        ),
        (lambda d: d["session"].update(extra={"a": 1}), ["session.extra"]),
        (lambda d: d["questions"][1].update(status="maybe"), ["questions[1].status is 'maybe'"]),
        (
            lambda d: d["questions"][1].update(section="About you"),
            ["questions[1].section must be an array"],
        ),
        (lambda d: d["questions"][0].update(note=3), ["questions[0].note must be a string"]),
        (lambda d: d.update(questions={"id": "x"}), ["questions must be an array of tables"]),
        (lambda d: d["questions"].append(dict(d["questions"][0])), ["'role' appears twice"]),
        (lambda d: d["bookmarks"][0].pop("label"), ["bookmarks[0].label"]),
        (lambda d: d["events"][1].update(value=2), ["events[1].value must be a string"]),
        (lambda d: d.update(guide="demo"), ["guide must be a table"]),
    ],
)
def test_wrong_shapes(tmp_path, clock, mutate, words):
    d = good_dict(clock)
    mutate(d)
    check_error(write(tmp_path, tomli_w.dumps(d)), *words)


def test_many_problems_stay_on_one_line(tmp_path, clock):
    d = good_dict(clock)
    for q in d["questions"]:
        q["status"] = "x"
    msg = check_error(write(tmp_path, tomli_w.dumps(d)), "and 3 more problems")
    assert msg.count("status") == 3


def test_unreadable(tmp_path):
    check_error(tmp_path / "nope.toml", "no such file")
    check_error(tmp_path, "is a folder")


def test_bom_and_extra_keys_are_fine(tmp_path, clock):
    d = good_dict(clock)
    d["future_table"] = {"x": 1}
    d["questions"][0]["future_key"] = "y"
    p = write(tmp_path, "\ufeff" + tomli_w.dumps(d))
    assert read_session_file(p)["future_table"] == {"x": 1}


# ------------------------------------------------------------------ resume


def saved(tmp_path, s):
    path = tmp_path / f"{s.id}.toml"
    save_session(s, path)
    return path


def test_resume_same_guide(tmp_path, clock):
    s = busy_session(clock)
    path = saved(tmp_path, s)
    clock2 = FakeClock(50_000.0)
    r, rec = load_session(path, demo_guide(), clock=clock2, log_resume=False)
    assert rec.hash_matched and not rec.changed and rec.summary() == "guide unchanged"
    assert session_to_dict(r) == session_to_dict(s)
    assert r.current == "tools" and r.elapsed == s.elapsed and not r.paused
    clock2.advance(10)
    assert r.elapsed == s.elapsed + 10  # the clock goes on from the recorded time
    assert r.question_state("tools").seconds_on_question == 17.0
    assert r.undo() is False  # the undo history starts afresh
    r.mark("asked")
    w = SessionWriter(r, path, resume=True)
    w.save()
    assert read_session_file(path)["questions"][4]["status"] == "asked"


def test_resume_logs_an_event(tmp_path, clock):
    s = busy_session(clock)
    path = saved(tmp_path, s)
    r, _ = load_session(path, demo_guide(), clock=FakeClock())
    assert r.events[:-1] == s.events
    assert r.events[-1].action == "resume" and "guide unchanged" in r.events[-1].value


def test_resume_paused_and_finished(tmp_path, clock):
    s = busy_session(clock)
    s.toggle_pause()
    path = saved(tmp_path, s)
    c2 = FakeClock()
    r, _ = load_session(path, demo_guide(), clock=c2, log_resume=False)
    c2.advance(5)
    assert r.paused and r.elapsed == s.elapsed
    s.toggle_pause()
    s.finish(now=FIXED_NOW + timedelta(hours=1))
    path = saved(tmp_path, s)
    r, _ = load_session(path, demo_guide(), clock=c2, log_resume=False)
    assert r.state == "finished" and r.ended_at == s.ended_at and r.paused


def changed_guide():
    """The demo guide with `move` removed, `extra` added and `role` reworded."""
    sections = [dict(sec) for sec in DEMO_SECTIONS]
    about = dict(sections[0])
    about["questions"] = [
        dict(about["questions"][0], text="What is your job?"),
        about["questions"][1],
        {"id": "extra", "text": "Anything else?"},
    ]
    sections[0] = about
    work = dict(sections[1])
    space = dict(work["sections"][0])
    space["questions"] = [space["questions"][0]]
    work["sections"] = [space, work["sections"][1]]
    sections[1] = work
    return make_guide(
        sections, codebook=DEMO_CODEBOOK, title="Demo: working from home", path="guides/demo.yaml"
    )


def test_resume_changed_guide_keeps_everything(tmp_path, clock):
    s = busy_session(clock)
    s.goto("move")
    s.set_note("said something about moving")
    s.mark("asked")
    path = saved(tmp_path, s)
    old = session_to_dict(s)

    r, rec = load_session(path, changed_guide(), clock=FakeClock(), log_resume=False)
    assert not rec.hash_matched and rec.changed
    assert rec.added == ("extra",) and rec.removed == ("move",) and rec.changed_text == ("role",)
    assert (
        rec.summary()
        == "guide changed: 1 question added, 1 removed (their data is kept), 1 reworded"
    )
    assert r.current == "tools"  # `move` was current; the next question still in the guide
    assert r.question_state("move").note == "said something about moving"
    assert r.question_state("extra").status == "pending"
    d = session_to_dict(r)
    ids = [q["id"] for q in d["questions"]]
    assert ids == ["role", "team", "extra", "where", "tools", "help", "move"]
    move = d["questions"][-1]
    assert move["removed"] is True
    assert {k: v for k, v in move.items() if k != "removed"} == old["questions"][3]
    role = d["questions"][0]
    assert role["text"] == "What is your job?"
    assert role["original_text"] == "Could you tell me briefly about your job role?"
    assert d["guide"]["sha256"] == changed_guide().sha256
    assert r.tallies()["remaining"] == 3  # team, extra, help; `move` no longer counts

    # Saved and resumed again with the original guide: nothing was lost.
    save_session(r, path)
    back, rec2 = load_session(path, demo_guide(), clock=FakeClock(), log_resume=False)
    assert rec2.added == () and rec2.restored == ("move",) and rec2.removed == ("extra",)
    again = session_to_dict(back)
    assert again["questions"][3] == old["questions"][3]  # `move` is back, data intact
    assert "original_text" not in again["questions"][0]  # wording is as recorded again


def test_resume_rejects_bad_file(tmp_path):
    p = write(tmp_path, "[tool.x]\n")
    with pytest.raises(SessionFileError, match="no \\[session\\] table"):
        load_session(p, demo_guide())


def test_resume_real_guide(tmp_path, clock):
    from prompter.guide import load_guide

    g = load_guide(Path(__file__).resolve().parents[2] / "guides" / "demo.yaml")
    s = Session(g, "P02", clock=clock, now=FIXED_NOW)
    clock.advance(3)
    s.mark("asked")
    path = saved(tmp_path, s)
    r, rec = load_session(path, g, clock=FakeClock(), log_resume=False)
    assert rec.hash_matched and len(rec.saved_sha256) == 64
    assert session_to_dict(r) == session_to_dict(s)


def test_the_documented_example_is_a_valid_session_file(tmp_path):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "session-format.md").read_text(
        encoding="utf-8"
    )
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    data = read_session_file(write(tmp_path, example, "P07_2026-11-25_1430.toml"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["session"]["id"] == "P07_2026-11-25_1430"
    keys = {"id", "section", "text", "probes", "codes", "priority", "status", "probes_used", "note"}
    assert all(keys <= set(q) for q in data["questions"])
    assert {e["action"] for e in data["events"]} >= {
        "start",
        "mark",
        "note",
        "probe",
        "bookmark",
        "recording",
        "pause",
        "undo",
        "finish",
    }

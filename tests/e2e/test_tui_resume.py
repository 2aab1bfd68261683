"""`prompter resume` of a finished interview: looking changes nothing; the first change
opens it again, as the person intends."""

from guide_factory import bundled
from pty_terminal import EOF

from prompter.session import Session
from prompter.session.read import read_session_file
from prompter.session.writer import SessionWriter


def test_resuming_a_finished_interview_reopens_it(tmp_path, terminals):
    guide = bundled("demo")
    session = Session(guide, "P01", session_id="P01_x")
    session.mark("asked")
    session.finish()
    path = tmp_path / "P01_x.toml"
    SessionWriter(session, path).save()
    assert read_session_file(path)["session"]["state"] == "finished"
    finished = path.read_bytes()

    child = terminals(
        ["resume", path], size=(24, 80), env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin"}
    )
    child.expect("opens it again")
    # Looking is not changing: moving to the next question leaves the file as it was.
    seen = child.mark()
    child.send("j")
    child.wait_text(f"2/{len(guide.questions)}", seen)
    assert path.read_bytes() == finished
    # The first change opens it again: c marks the second question covered.
    child.send("c")
    child.sendcontrol("q")
    child.expect("Continue it with: prompter resume")
    child.expect(EOF)

    data = read_session_file(path)
    assert data["session"]["state"] == "in_progress"
    assert "ended_at" not in data["session"]
    actions = [e["action"] for e in data["events"]]
    assert actions.index("reopen") > actions.index("finish")
    assert actions.index("mark", actions.index("reopen")) > actions.index("reopen")
    assert [q["status"] for q in data["questions"][:2]] == ["asked", "covered"]

"""A transcript attached to a session file stays attached when the session is resumed
and saved again (the writer renders the whole file from the session)."""

from guide_factory import FIXED_NOW, FakeClock, demo_guide

from prompter.session import Session
from prompter.session.read import read_session_file
from prompter.session.resume import load_session
from prompter.session.writer import SessionWriter, save_session


def test_resume_and_save_keep_the_transcript_table(tmp_path):
    guide = demo_guide()
    path = tmp_path / "P01.toml"
    save_session(Session(guide, "P01", clock=FakeClock(), now=FIXED_NOW), path)
    table = {"path": "P01.vtt", "sha256": "ab" * 32, "shift_seconds": 1.5, "format": "webvtt"}
    text = path.read_text().replace(
        "\n[guide]\n",
        "\n[transcript]\n"
        + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in table.items())
        + "\n[guide]\n",
        1,
    )
    path.write_text(text)
    assert read_session_file(path)["transcript"] == table

    session, _ = load_session(path, guide, clock=FakeClock())
    session.mark("asked")
    SessionWriter(session, path, resume=True).save()
    assert read_session_file(path)["transcript"] == table

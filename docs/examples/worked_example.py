"""The worked example of docs/analysis.md, made for real: an interview run through the
session core with the bundled demo guide, its call's transcript, then the commands a
researcher would type, their output printed as Markdown.

    python docs/examples/worked_example.py > /tmp/example.md

Everything is made in a temporary folder (paths in the output are relative to it);
the clock is a fake one so that the output is the same every time.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prompter.cli import main
from prompter.guide import load_guide
from prompter.guide.bundled import resolve_guide
from prompter.session import Session
from prompter.session.writer import save_session

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TRANSCRIPT = """WEBVTT

00:00:03.000 --> 00:00:09.000
<v Interviewer>Could you tell me briefly about your job role?

00:00:10.000 --> 00:00:31.000
<v Ana>I lead the support team, six years now. Before that I was on the phones.

00:01:02.000 --> 00:01:20.000
<v Interviewer>And on a typical day at home, how does it start?

00:01:21.000 --> 00:02:05.000
<v Ana>At eight, at the kitchen table. No commute, which I love — but the table is also breakfast.

00:02:12.000 --> 00:02:30.000
<v Ana>The laptop, a second screen, and the phone for the team chat.
"""


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def interview(folder: Path) -> Path:
    guide = load_guide(resolve_guide("demo"))
    clock = Clock()
    s = Session(
        guide,
        "P01",
        "RA",
        {"site": "Leeds"},
        clock=clock,
        now=WHEN,
        wallclock=lambda: WHEN + timedelta(seconds=clock.t),
    )
    clock.t = 5
    s.mark_recording()  # r: the recording starts 5 s into the session
    clock.t = 8
    s.mark("asked")  # role
    s.set_note("Team lead; six years in post")
    clock.t = 60
    s.goto("typical-day")
    s.mark("asked")
    clock.t = 100
    s.toggle_probe(1)
    s.set_note('Starts at 8, "no commute"; kitchen table shared with breakfast')
    s.add_bookmark("good quote")
    clock.t = 140
    s.goto("tools")
    s.mark("covered")
    s.set_note("Laptop, second screen, phone")
    clock.t = 160
    s.finish(WHEN + timedelta(seconds=160))
    path = folder / "sessions" / f"{s.id}.toml"
    path.parent.mkdir()
    save_session(s, path)
    return path


def run(*argv: str) -> tuple[str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    out.flush()
    assert status == 0, err.getvalue()
    return out.buffer.getvalue().decode("utf-8"), err.getvalue()


def block(lang: str, text: str) -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        path = interview(Path("."))
        Path("transcripts").mkdir()
        Path("transcripts/P01.vtt").write_text(TRANSCRIPT, encoding="utf-8")
        print("The session file (its first lines):\n")
        print(block("toml", "\n".join(path.read_text().splitlines()[:16]) + "\n..."))
        print("The transcript of the call, `transcripts/P01.vtt`:\n")
        print(block("", TRANSCRIPT))
        _, err = run("transcript", "attach", str(path), "transcripts/P01.vtt")
        print(
            block("console", f"$ prompter transcript attach {path} transcripts/P01.vtt\n" + err + _)
        )
        out, _ = run("export", str(path), "--format", "chapters")
        print(block("console", f"$ prompter export {path} --format chapters\n" + out))
        out, err = run("export", "sessions", "--format", "csv")
        print(block("console", "$ prompter export sessions --format csv\n" + err + out))
        out, _ = run(
            "export", "sessions", "--format", "matrix", "--columns", "questions", "--cells", "both"
        )
        print(
            block(
                "console",
                "$ prompter export sessions --format matrix --columns questions"
                " --cells both\n" + out,
            )
        )
        _, err = run("export", "sessions", "--format", "qdpx", "-o", "study.qdpx")
        print(block("console", "$ prompter export sessions --format qdpx -o study.qdpx\n" + err))
        with zipfile.ZipFile("study.qdpx") as z:
            names = z.namelist()
            listing = "\n".join(f"{z.getinfo(n).file_size:>8}  {n}" for n in names)
            print(block("console", "$ unzip -l study.qdpx\n" + listing))
            xml = z.read("project.qde").decode("utf-8").splitlines()
            start = next(i for i, x in enumerate(xml) if "<Sources>" in x)
            shown = xml[:12] + ["    ..."] + xml[start:]
            print(
                "`project.qde` (the codebook's other codes, the variables and the case left "
                "out here):\n"
            )
            print(block("xml", "\n".join(shown)))
            print(f"`{names[1]}`, the source:\n")
            print(block("", z.read(names[1]).decode("utf-8")))


if __name__ == "__main__":
    sys.exit(main_())

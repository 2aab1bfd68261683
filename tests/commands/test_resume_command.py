"""`prompter resume` reads, checks and reconciles the file before the screen (textual) is
imported: a bad file answers at once with one line."""

import subprocess
import sys
import tomllib

import tomli_w

from prompter.cli import main
from prompter.guide import load_guide
from prompter.guide.bundled import resolve_guide
from prompter.session import Session
from prompter.session.writer import save_session


def _session_file(tmp_path, drop_guide_path: bool):
    session = Session(load_guide(resolve_guide("demo")), "P01", session_id="P01_x")
    path = tmp_path / "P01_x.toml"
    save_session(session, path)
    if drop_guide_path:  # the validator accepts a file without it
        data = tomllib.loads(path.read_text())
        del data["guide"]["path"]
        path.write_text(tomli_w.dumps(data))
    return path


def test_resume_of_a_file_without_a_guide_path_asks_for_the_guide(tmp_path, capsys):
    path = _session_file(tmp_path, drop_guide_path=True)
    assert main(["resume", str(path)]) == 2
    err = capsys.readouterr().err
    assert "does not record its guide's path" in err and "--guide GUIDE" in err
    assert "Traceback" not in err


def test_resume_of_a_bad_file_never_imports_textual(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[session]\nid = 3\n")
    code = (
        "import sys\nfrom prompter.cli import main\n"
        f"status = main(['resume', {str(bad)!r}])\n"
        "print(status, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == ["1", "False"], r.stdout + r.stderr
    assert "bad.toml" in r.stderr and "Traceback" not in r.stderr

"""`prompter export --format qdpx`: a REFI-QDA project, valid against the schema, with
what importers need, every coded selection's text the question's block."""

from __future__ import annotations

import contextlib
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import xmlschema
from analysis_fixtures import make_session, save
from guide_factory import FakeClock, demo_guide, make_guide
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prompter.analysis.export import qdc, qdpx
from prompter.cli import main
from prompter.session import Session

XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Project.xsd"  # the standard's
NS = "{urn:QDA-XML:project:1.0}"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
# Code points beyond the BMP (emoji), combining marks and CRLF: offsets must count code points.
NOTE = "Café ☕ — «bien sûr» 🙂👍🏽\r\nsecond line: e\u0301 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def run(argv: list[str]) -> tuple[int, str, str]:
    """`prompter ARGV` through the real entry point; (status, stdout, stderr)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as e:
            status = e.code
    out.flush()
    return status, out.buffer.getvalue().decode("utf-8"), err.getvalue()


def interview(guide, participant, when, note=NOTE, extra=None):
    clock = FakeClock()
    s = Session(
        guide,
        participant,
        "AB",
        extra or {"site": "Leeds 🏙"},
        clock=clock,
        now=when,
        wallclock=lambda: when,
    )
    clock.advance(10)
    s.mark_recording()
    clock.advance(50)
    s.mark("asked")  # role
    s.set_note(note)
    s.add_bookmark("quote 🙂 here")
    clock.advance(40)
    s.goto("where")
    s.toggle_probe(1)
    s.set_note("Kitchen table 🍳")
    clock.advance(30)
    s.goto("tools")
    s.mark("covered")
    s.goto("help")
    s.mark("skipped")
    s.finish(when + timedelta(hours=1))
    return s


class Project:
    """An exported .qdpx read back: its XML root, its sources' texts by GUID."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            self.names = z.namelist()
            self.xml = z.read("project.qde")
            self.files = {n: z.read(n) for n in self.names if n.startswith("Sources/")}
        self.root = ET.fromstring(self.xml)

    def source_text(self, source: ET.Element) -> str:
        path = source.get("plainTextPath")
        assert (
            path.startswith("internal://")
            and path[len("internal://") :] == source.get("guid") + ".txt"
        )
        return self.files["Sources/" + path[len("internal://") :]].decode("utf-8")

    def codes(self) -> dict[str, ET.Element]:
        return {c.get("guid"): c for c in self.root.iter(NS + "Code")}

    def notes(self) -> dict[str, ET.Element]:
        return {n.get("guid"): n for n in self.root.iter(NS + "Note")}


def export(folder: Path, out: Path, *extra: str) -> Project:
    status, stdout, err = run(["export", str(folder), "--format", "qdpx", "-o", str(out), *extra])
    assert status == 0, err
    assert stdout == "" and f"wrote {out}" in err
    return Project(out)


def check_importable(p: Project, schema) -> None:
    """What the schema and real importers (QualCoder's) require."""
    schema.validate(p.xml.decode("utf-8"))
    assert p.names[0] == "project.qde"
    root = p.root
    assert root.get("origin", "").startswith("prompter ")
    users = root.findall(f"{NS}Users/{NS}User")
    assert len(users) == 1
    user = users[0].get("guid")
    assert root.get("creatingUserGUID") == user
    for el in root.iter():
        if "creatingUser" in el.attrib:
            assert el.get("creatingUser") == user
    codes = p.codes()
    for coding in root.iter(NS + "Coding"):
        target = coding.find(NS + "CodeRef").get("targetGUID")
        assert codes[target].get("isCodable") == "true"
    for note in root.iter(NS + "Note"):
        assert note.get("creationDateTime")
    notes = p.notes()
    for ref in root.iter(NS + "NoteRef"):
        assert ref.get("targetGUID") in notes
    sources = root.findall(f"{NS}Sources/{NS}TextSource")
    assert len(p.files) == len(sources)
    for src in sources:
        text = p.source_text(src)
        assert "\r" not in text
    guids = [el.get("guid") for el in root.iter() if el.get("guid")]
    assert len(guids) == len(set(guids))


def selections(p: Project):
    """(source text, selection element, its text) for every selection."""
    for src in p.root.iter(NS + "TextSource"):
        text = p.source_text(src)
        for sel in src.findall(NS + "PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert 0 <= start < end <= len(text)
            yield text, sel, text[start:end]


def clean(s: str) -> str:
    return s.replace("\r\n", "\n").strip()


def test_project_from_notes(tmp_path, schema):
    g = demo_guide()
    folder = tmp_path / "sessions"
    a = interview(g, "P2", T0)
    b = interview(g, "P10", T0 + timedelta(days=1), note="Short 🙂", extra={"site": "York"})
    save(a, folder)
    save(b, folder)
    p = export(folder, tmp_path / "study.qdpx")
    check_importable(p, schema)
    codes = p.codes()
    by_name = {c.get("name"): c for c in codes.values()}
    # Codes the questions carry are codable, parents included; the question codes too.
    assert by_name["Setting"].get("isCodable") == "true"
    cat = by_name[qdc.QUESTIONS_CATEGORY]
    assert cat.get("isCodable") == "false"
    assert [c.get("name") for c in cat.findall(NS + "Code")] == [q.id for q in g.questions]
    assert all(c.get("isCodable") == "true" for c in cat.findall(NS + "Code"))

    questions = {q.id: q for q in g.questions}
    seen = set()
    for _text, sel, span in selections(p):
        coded = [
            codes[c.find(NS + "CodeRef").get("targetGUID")] for c in sel.findall(NS + "Coding")
        ]
        if sel.get("name") == "bookmark":  # anchored at its line, not coded
            assert not coded
            assert span.startswith("Bookmark at ") and span.endswith("quote 🙂 here")
            assert sel.findtext(NS + "Description") == span
            note = p.notes()[sel.find(NS + "NoteRef").get("targetGUID")]
            assert note.findtext(NS + "PlainTextContent") == span
            seen.add("bookmark")
            continue
        qid = sel.get("name")
        q = questions[qid]
        # The span is the question's block: its id and text first, its note in it.
        assert span.startswith(f"[{qid}] {q.text}\n")
        if "\nskipped" in span or "\nnot_applicable" in span:
            assert not coded  # not asked: its note is a memo, nothing of it is coded
            seen.add("not asked")
            continue
        assert not span.endswith("\n")
        assert [c.get("guid") for c in coded] == [qdc.code_guid(c) for c in q.codes] + [
            qdc.question_guid(qid)
        ]
        if qid == "role":
            session = "P2" if "Café" in span else "P10"
            note = NOTE if session == "P2" else "Short 🙂"
            assert f"Note: {clean(note)}" in span
            assert sel.findtext(NS + "Description") == clean(note)
            memo = p.notes()[sel.find(NS + "NoteRef").get("targetGUID")]
            assert memo.findtext(NS + "PlainTextContent") == clean(note)
            assert memo.get("creationDateTime").endswith("Z")
            seen.add(session)
        seen.add(qid)
    assert seen >= {"role", "where", "tools", "not asked", "bookmark", "P2", "P10"}
    assert "team" not in seen  # never marked, no note: nothing to code

    # One case per participant, with the metadata as variables.
    variables = {v.get("guid"): v.get("name") for v in p.root.iter(NS + "Variable")}
    cases = {c.get("name"): c for c in p.root.iter(NS + "Case")}
    assert list(cases) == ["P2", "P10"]  # the order the sessions took place
    values = {
        variables[vv.find(NS + "VariableRef").get("targetGUID")]: vv.findtext(NS + "TextValue")
        for vv in cases["P2"].findall(NS + "VariableValue")
    }
    assert values["participant"] == "P2" and values["interviewer"] == "AB"
    assert values["site"] == "Leeds 🏙" and values["state"] == "finished"
    assert values["started_at"] == "2026-03-02T10:00:00+00:00"
    assert values["sessions"] == a.id
    sources = {s.get("guid"): s for s in p.root.iter(NS + "TextSource")}
    (ref,) = cases["P2"].findall(NS + "SourceRef")
    assert "Interview with P2" in p.source_text(sources[ref.get("targetGUID")])


def test_same_files_same_bytes(tmp_path):
    g = demo_guide()
    folder = tmp_path / "s"
    for i in range(3):
        save(make_session(g, i, participant=f"P{i}"), folder)
    run(["export", str(folder), "--format", "qdpx", "-o", str(tmp_path / "a.qdpx")])
    run(["export", str(folder), "--format", "qdpx", "-o", str(tmp_path / "b.qdpx")])
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_refuses_standard_output_and_overwriting(tmp_path):
    folder = tmp_path / "s"
    save(make_session(demo_guide(), 1), folder)
    status, out, err = run(["export", str(folder), "--format", "qdpx"])
    assert status == 2 and out == ""
    assert "zip archive" in err and "-o" in err and len(err.strip().splitlines()) == 1
    target = tmp_path / "keep.qdpx"
    target.write_text("keep")
    status, _, err = run(["export", str(folder), "--format", "qdpx", "-o", str(target)])
    assert status == 1 and "already exists" in err and target.read_text() == "keep"


def test_removed_questions_are_kept(tmp_path, schema):
    """A question that left the guide keeps its data in the project, said so."""
    from prompter.session.resume import load_session

    g = demo_guide()
    folder = tmp_path / "s"
    path = save(interview(g, "P1", T0), folder)
    smaller = make_guide(
        [
            {
                "title": "About you",
                "questions": [
                    {"id": "where", "text": "Where do you usually work when you are at home?"}
                ],
            }
        ],
        title=g.title,
    )
    s, rec = load_session(path, smaller, clock=FakeClock(), wallclock=lambda: T0)
    assert "role" in rec.removed
    save(s, folder, path.name)
    p = export(folder, tmp_path / "x.qdpx")
    check_importable(p, schema)
    spans = {sel.get("name"): span for _, sel, span in selections(p)}
    assert spans["role"].startswith(
        "[role] Could you tell me briefly about your job role? (no longer in the guide)\n"
    )


def test_sessions_of_different_guides_are_refused(tmp_path):
    folder = tmp_path / "s"
    a = demo_guide(title="Collective action")
    b = demo_guide(title="Other study")
    save(make_session(a, 1, participant="T1"), folder)
    save(make_session(b, 2, participant="T1"), folder)
    for fmt, out in (("qdpx", ["-o", str(tmp_path / "x.qdpx")]), ("matrix", []), ("qdc", [])):
        status, stdout, err = run(["export", str(folder), "--format", fmt, *out])
        assert status == 2 and stdout == "", fmt
        assert "--guide" in err and '"Collective action"' in err and '"Other study"' in err
    status, _, err = run(
        [
            "export",
            str(folder),
            "--format",
            "qdpx",
            "--guide",
            "Other study",
            "-o",
            str(tmp_path / "x.qdpx"),
        ]
    )
    assert status == 0, err
    assert len(Project(tmp_path / "x.qdpx").files) == 1
    # csv and tally go on across guides: they say which guide each row is of.
    assert run(["export", str(folder), "--format", "csv"])[0] == 0
    assert run(["tally", str(folder), "--format", "csv"])[0] == 0


def test_guide_versions_go_together(tmp_path):
    folder = tmp_path / "s"
    save(make_session(demo_guide(version="1"), 1), folder)
    save(make_session(demo_guide(version="2", title="DEMO: working  from home"), 2), folder)
    status, _, err = run(
        ["export", str(folder), "--format", "qdpx", "-o", str(tmp_path / "x.qdpx")]
    )
    assert status == 0, err


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seeds=st.lists(st.integers(0, 10_000), min_size=1, max_size=4, unique=True),
    notes=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
)
def test_property_round_trip(tmp_path_factory, schema, seeds, notes):
    """Any sessions, any notes: valid, importable, and each question's selection holds
    exactly its block, its note and the codes it carries."""
    g = demo_guide()
    folder = tmp_path_factory.mktemp("prop")
    sessions = []
    for i, seed in enumerate(seeds):
        s = make_session(g, seed, participant=f"P{i}")
        s.goto("where")
        s.set_note(notes[i % len(notes)])
        save(s, folder)
        sessions.append(s)
    out = folder / "p.qdpx"
    p = export(folder, out)
    check_importable(p, schema)
    codes = p.codes()
    by_session = {}
    for src in p.root.iter(NS + "TextSource"):
        by_session[src.get("name").split(" ")[0]] = src
    for s in sessions:
        src = by_session[s.id]
        text = p.source_text(src)
        coded = [
            sel.get("name")
            for sel in src.findall(NS + "PlainTextSelection")
            if sel.findall(NS + "Coding")
        ]
        named = [sel.get("name") for sel in src.findall(NS + "PlainTextSelection")]
        where = s.question_state("where")
        if where.note.strip():
            assert "where" in named  # a noted question always has its block
            # ... coded only if it was put to the participant
            assert ("where" in coded) == (where.status not in ("skipped", "not_applicable"))
        for sel in src.findall(NS + "PlainTextSelection"):
            if not sel.findall(NS + "Coding"):
                continue
            qid = sel.get("name")
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            span = text[start:end]
            q = g.question(qid)
            assert span.startswith(f"[{qid}] {q.text}")
            assert start == 0 or text[start - 1] == "\n"
            note = qdpx.clean(s.question_state(qid).note.strip())
            targets = [c.find(NS + "CodeRef").get("targetGUID") for c in sel.findall(NS + "Coding")]
            assert targets[-1] == qdc.question_guid(qid)
            assert {codes[t].get("name") for t in targets[:-1]} == {
                c.split("/")[-1] for c in q.codes
            }
            if note:
                assert f"Note: {note}" in span
                memo = p.notes()[sel.find(NS + "NoteRef").get("targetGUID")]
                assert memo.findtext(NS + "PlainTextContent") == note

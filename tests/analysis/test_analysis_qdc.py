"""`prompter export --format qdc`: a REFI-QDA codebook, valid against the schema. Codes
that questions carry are codable, a parent that none carries is a category; a guide
without a codebook exports its questions as codes (the "Guide questions" category)."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema
from analysis_fixtures import bundled, make_session, run_command, save
from guide_factory import demo_guide, make_guide

from prompter import __version__
from prompter.analysis.export import qdc
from prompter.guide import load_guide
from prompter.session.render import code_entries

XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Codebook.xsd"
NS = "urn:QDA-XML:codebook:1.0"
_G = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
GUID = re.compile(rf"({_G})|(\{{{_G}\}})")  # the schema's GUIDType pattern
RGB = re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})")


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(XSD)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def check_structure(xml: bytes) -> ET.Element:
    """The checks of the schema's structure, spelled out."""
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook ')
    root = ET.fromstring(xml)
    assert root.tag == q("CodeBook")
    assert root.get("origin") == f"prompter {__version__}"
    assert [c.tag for c in root] == [q("Codes")]
    codes = root.find(q("Codes"))
    assert len(codes) >= 1
    for code in root.iter(q("Code")):
        assert set(code.attrib) <= {"guid", "name", "isCodable", "color"}
        assert GUID.fullmatch(code.get("guid"))
        assert code.get("name")
        assert code.get("isCodable") in ("true", "false")
        assert RGB.fullmatch(code.get("color"))
        tags = [c.tag for c in code]
        # An optional Description first, then child codes.
        assert tags == [q("Description")] * (tags[:1] == [q("Description")]) + [q("Code")] * (
            len(tags) - (tags[:1] == [q("Description")])
        )
        children = code.findall(q("Code"))
        if not children:  # a leaf is always codable; a parent is where questions carry it
            assert code.get("isCodable") == "true"
    return root


def test_bundled_guide_codebook(schema, tmp_path):
    out = tmp_path / "npt.qdc"
    code, _, err = run_command(
        ["export", "resilience-hub-wider-stakeholders", "--format", "qdc", "-o", str(out)]
    )
    assert code == 0, err
    xml = out.read_bytes()
    schema.validate(str(out))  # raises if invalid
    root = check_structure(xml)
    tops = root.find(q("Codes")).findall(q("Code"))
    assert [c.get("name") for c in tops] == [
        "Coherence",
        "Cognitive Participation",
        "Collective Action",
        "Reflexive Monitoring",
    ]
    g = bundled()
    carried = {c for q in g.questions for c in q.codes}
    for top, code in zip(tops, g.codebook, strict=True):
        assert code.key in carried  # the guide's questions carry every construct...
        assert top.get("isCodable") == "true"  # ...so each is codable, not a heading
        assert top.findtext(q("Description")) == code.description.strip()
        subs = top.findall(q("Code"))
        assert [s.get("name") for s in subs] == [c.name for c in code.codes]
        assert all(s.get("isCodable") == "true" for s in subs)  # sub-constructs: codable
        assert all(s.findtext(q("Description")) for s in subs)
        assert top.get("guid") == str(uuid.uuid5(qdc.CODE_NAMESPACE, code.key))
    guids = [c.get("guid") for c in root.iter(q("Code"))]
    assert len(set(guids)) == len(guids) == 20
    colours = [c.get("color") for c in root.iter(q("Code"))]
    assert len(set(colours)) == len(colours)  # every code its own colour here


def test_guids_are_stable_and_documented():
    assert qdc.CODE_NAMESPACE == uuid.uuid5(uuid.NAMESPACE_URL, "urn:prompter:code")
    assert qdc.code_guid("Coherence/Differentiation") == qdc.code_guid("Coherence/Differentiation")
    assert qdc.code_guid("Coherence") != qdc.code_guid("Coherence/Differentiation")
    a = run_command(["export", "demo", "--format", "qdc"])[1]
    b = run_command(["export", "demo", "--format", "qdc"])[1]
    assert a == b


def test_colours(schema):
    # Setting has its own colour; its children are shades of it; Wellbeing takes the palette's.
    xml = qdc.codebook_xml(qdc.build_tree([code_entries(demo_guide())]))
    schema.validate(xml.decode())
    colours = {c.get("name"): c.get("color") for c in ET.fromstring(xml).iter(q("Code"))}
    assert colours["Setting"] == "#1F77B4"
    assert colours["Space"] == qdc.shade("#1F77B4", qdc.SHADES[0])
    assert colours["Tools"] == qdc.shade("#1F77B4", qdc.SHADES[1])
    assert colours["Wellbeing"] == qdc.PALETTE[1]
    assert qdc.shade("#000000", 0.5) == "#808080" and qdc.shade("#FFFFFF", -1) == "#000000"


def test_from_session_files_union_in_order(schema, tmp_path):
    g1 = demo_guide()
    g2 = make_guide(
        [
            {
                "title": "S",
                "codes": ["Extra/Child"],
                "questions": [{"id": "x", "text": "Anything else?"}],
            }
        ],
        codebook={"Setting": {"Space": {}}, "Extra": {"Child": ("New one", "#00AA00", {})}},
        version="2",
        title="Demo: working from home",
    )  # one guide, two versions
    save(make_session(g1, 1), tmp_path)
    s2 = make_session(g2, 2, started_at=make_session(g1, 1).started_at + timedelta(days=3))
    save(s2, tmp_path)
    code, out, err = run_command(["export", str(tmp_path), "--format", "qdc"])
    assert code == 0, err
    schema.validate(out)
    root = check_structure(out.encode())
    names = [c.get("name") for c in root.iter(q("Code"))]
    assert names == ["Setting", "Space", "Tools", "Wellbeing", "Extra", "Child"]
    child = next(c for c in root.iter(q("Code")) if c.get("name") == "Child")
    assert child.get("color") == "#00AA00" and child.findtext(q("Description")) == "New one"
    assert child.get("guid") == qdc.code_guid("Extra/Child")


def test_guide_file_and_hostile_text(schema, tmp_path):
    guide = tmp_path / "g.yaml"
    guide.write_text(
        'title: T\ncodebook:\n  - name: "A & <B>"\n    description: "quote \\" and <tag/>"\n'
        '    codes:\n      - name: "Ünïcödé 🙂"\n'
        "sections:\n  - title: S\n    questions:\n      - text: Why?\n",
        encoding="utf-8",
    )
    code, out, err = run_command(["export", str(guide), "--format", "qdc"])
    assert code == 0, err
    schema.validate(out)
    root = check_structure(out.encode())
    top = root.find(q("Codes"))[0]
    assert top.get("name") == "A & <B>"
    assert top.findtext(q("Description")) == 'quote " and <tag/>'
    assert top[1].get("name") == "Ünïcödé 🙂"
    # A control character (here a bell written as a YAML escape) never gets that far: the
    # guide is refused where it is, and nothing is exported from it.
    bell = tmp_path / "bell.yaml"
    bell.write_text(guide.read_text(encoding="utf-8").replace("<tag/>", "\\u0007 bell"))
    code, out, err = run_command(["export", str(bell), "--format", "qdc"])
    assert code == 1 and f"{bell}:4:18: control character U+0007" in err and "\x07" not in out


def test_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n")
    code, out, err = run_command(["export", str(bad), "demo", "--format", "qdc"])
    assert code == 1 and f"{bad}:" in err and out.startswith("<?xml")  # the rest is exported
    code, out, err = run_command(["export", str(tmp_path / "nope"), "--format", "qdc"])
    assert code == 1 and "no such file or folder" in err
    existing = tmp_path / "x.qdc"
    existing.write_text("keep")
    code, _, err = run_command(["export", "demo", "--format", "qdc", "-o", str(existing)])
    assert code == 1 and "already exists" in err and existing.read_text() == "keep"


def test_a_parent_no_question_carries_stays_a_category():
    demo = bundled("demo")
    xml = qdc.codebook_xml(
        qdc.build_tree(
            [
                [
                    {"path": "Setting"},
                    {"path": "Setting/Space"},
                    {"path": "Wellbeing"},
                    {"path": "Wellbeing/Balance"},
                ]
            ]
        ),
        carried={c for q in demo.questions for c in q.codes},
    )
    codable = {c.get("name"): c.get("isCodable") for c in ET.fromstring(xml).iter(q("Code"))}
    assert codable == {"Setting": "true", "Space": "true", "Wellbeing": "false", "Balance": "true"}


def test_guide_without_codebook_exports_its_questions(schema, tmp_path):
    guide = tmp_path / "plain.yaml"
    guide.write_text(
        "title: T\nsections:\n  - title: S\n    questions:\n"
        "      - id: why\n        text: Why? 🙂\n      - text: How?\n"
    )
    status, out, err = run_command(["export", str(guide), "--format", "qdc"])
    assert status == 0, err
    assert "one code per guide question" in err
    schema.validate(out)
    (cat,) = ET.fromstring(out.encode()).find(q("Codes"))
    assert cat.get("name") == qdc.QUESTIONS_CATEGORY and cat.get("isCodable") == "false"
    codes = cat.findall(q("Code"))
    assert [c.get("name")[:4] for c in codes] == ["why", "how-"]  # ids, given or derived
    assert codes[0].findtext(q("Description")) == "Why? 🙂"
    assert codes[0].get("guid") == qdc.question_guid("why")
    assert all(c.get("isCodable") == "true" for c in codes)


def test_sessions_without_codebook(schema, tmp_path):
    g = make_guide(
        [{"title": "S", "questions": [{"id": "a", "text": "A?"}, {"id": "b", "text": "B?"}]}]
    )
    save(make_session(g, 1), tmp_path)
    status, out, err = run_command(["export", str(tmp_path), "--format", "qdc"])
    assert status == 0, err
    schema.validate(out)
    names = [c.get("name") for c in ET.fromstring(out.encode()).iter(q("Code"))]
    assert names == [qdc.QUESTIONS_CATEGORY, "a", "b"]


CLASHING = """\
title: Clashes
codebook:
  - name: Coherence
    codes: [{name: Barriers}]
  - name: Collective action
    codes: [{name: Barriers}]
sections:
  - title: S
    questions:
      - {id: Coherence, text: What made sense?, codes: [Coherence/Barriers]}
      - {id: doing, text: What got done?, codes: [Collective action/Barriers]}
"""


def test_every_code_name_is_unique(schema, tmp_path):
    """QualCoder keeps one code per name and drops the others' codings in silence: a
    name used twice is told apart by its parents, a question's code by '(question)'."""
    guide = tmp_path / "clash.yaml"
    guide.write_text(CLASHING, encoding="utf-8")
    code, out, err = run_command(["export", str(guide), "--format", "qdc"])
    assert code == 0, err
    schema.validate(out)
    names = [c.get("name") for c in check_structure(out.encode()).iter(q("Code"))]
    assert names == [
        "Coherence",
        "Barriers (Coherence)",
        "Collective action",
        "Barriers (Collective action)",
    ]
    roots = [
        *qdc.build_tree([code_entries(load_guide(guide))]),
        qdc.question_codes([("Coherence", "What made sense?"), ("doing", "What got done?")]),
    ]
    named = qdc.unique_names(roots)
    assert named[(qdc.QUESTIONS_CATEGORY, "Coherence")] == "Coherence (question)"
    assert named[(qdc.QUESTIONS_CATEGORY, "doing")] == "doing"
    assert len(set(named.values())) == len(named)

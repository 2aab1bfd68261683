"""`--format qdc`: codes that questions carry are codable; a guide without a codebook
exports its questions as codes (the "Guide questions" category), exit 0."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from analysis_fixtures import bundled, make_session, save
from test_qdpx import run

from prompter.analysis.export import qdc

XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Codebook.xsd"
NS = "{urn:QDA-XML:codebook:1.0}"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def test_constructs_that_questions_carry_are_codable(schema, tmp_path):
    out = tmp_path / "npt.qdc"
    status, _, err = run(
        ["export", "resilience-hub-wider-stakeholders", "--format", "qdc", "-o", str(out)]
    )
    assert status == 0, err
    schema.validate(str(out))
    root = ET.parse(out).getroot()
    g = bundled()
    carried = {c for q in g.questions for c in q.codes}
    tops = root.find(NS + "Codes").findall(NS + "Code")
    assert [t.get("name") for t in tops] == [c.name for c in g.codebook]
    for top, code in zip(tops, g.codebook, strict=True):
        assert code.key in carried  # the guide's questions carry every construct...
        assert top.get("isCodable") == "true"  # ...so each is codable, not a heading
    # A parent no question carries stays a category.
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
    codable = {c.get("name"): c.get("isCodable") for c in ET.fromstring(xml).iter(NS + "Code")}
    assert codable == {"Setting": "true", "Space": "true", "Wellbeing": "false", "Balance": "true"}


def test_guide_without_codebook_exports_its_questions(schema, tmp_path):
    guide = tmp_path / "plain.yaml"
    guide.write_text(
        "title: T\nsections:\n  - title: S\n    questions:\n"
        "      - id: why\n        text: Why? 🙂\n      - text: How?\n"
    )
    status, out, err = run(["export", str(guide), "--format", "qdc"])
    assert status == 0, err
    assert "one code per guide question" in err
    schema.validate(out)
    (cat,) = ET.fromstring(out.encode()).find(NS + "Codes")
    assert cat.get("name") == qdc.QUESTIONS_CATEGORY and cat.get("isCodable") == "false"
    codes = cat.findall(NS + "Code")
    assert [c.get("name")[:4] for c in codes] == ["why", "how-"]  # ids, given or derived
    assert codes[0].findtext(NS + "Description") == "Why? 🙂"
    assert codes[0].get("guid") == qdc.question_guid("why")
    assert all(c.get("isCodable") == "true" for c in codes)


def test_sessions_without_codebook(schema, tmp_path):
    from guide_factory import make_guide

    g = make_guide(
        [{"title": "S", "questions": [{"id": "a", "text": "A?"}, {"id": "b", "text": "B?"}]}]
    )
    save(make_session(g, 1), tmp_path)
    status, out, err = run(["export", str(tmp_path), "--format", "qdc"])
    assert status == 0, err
    schema.validate(out)
    names = [c.get("name") for c in ET.fromstring(out.encode()).iter(NS + "Code")]
    assert names == [qdc.QUESTIONS_CATEGORY, "a", "b"]

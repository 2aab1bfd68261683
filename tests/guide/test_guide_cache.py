"""Parsed guides are cached by the sha256 of their bytes: a cached guide equals a parsed
one, and a damaged, foreign or stale entry is never used."""

import json

import pytest
from guide_factory import generated_guide

from prompter.errors import GuideError
from prompter.guide import cache, load_guide
from prompter.guide.bundled import bundled_guides
from prompter.guide.load import load_guide as parse


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROMPTER_CACHE_DIR", str(folder))
    return folder


def entries(folder):
    return sorted(folder.glob("*.json"))


@pytest.mark.parametrize("path", bundled_guides(), ids=lambda p: p.stem)
def test_a_cached_guide_equals_the_parsed_one(path, own_cache):
    first = load_guide(path)  # parsed, then kept
    assert len(entries(own_cache)) == 1
    assert cache.lookup(path) == first == parse(path)
    assert load_guide(path) == first
    assert oct(entries(own_cache)[0].stat().st_mode & 0o777) == "0o600"


def test_every_kind_of_guide_value_survives_the_cache(tmp_path, own_cache):
    guide = generated_guide(30)
    cache.store(guide)
    got = cache._from_data(json.loads(entries(own_cache)[0].read_text()))
    assert got == guide


def test_damaged_foreign_and_stale_entries_are_not_used(tmp_path, own_cache):
    path = tmp_path / "g.yaml"
    path.write_text("title: T\nsections:\n  - title: S\n    questions:\n      - text: Why?\n")
    guide = load_guide(path)
    (entry,) = entries(own_cache)
    data = json.loads(entry.read_text())

    entry.write_text("{not json")
    assert cache.lookup(path) is None and load_guide(path) == guide  # parsed again

    foreign = dict(data, sha256="0" * 64)  # an entry that names other bytes
    entry.write_text(json.dumps(foreign))
    assert cache.lookup(path) is None

    evil = json.loads(json.dumps(data))
    evil["title"] = "T\x1b[2J"  # a control character the loader would refuse
    entry.write_text(json.dumps(evil))
    assert cache.lookup(path) is None

    code = dict(data, _="Path")  # only the model's own classes are ever built
    entry.write_text(json.dumps(code))
    assert cache.lookup(path) is None

    path.write_text(path.read_text().replace("Why?", "Why not?"))  # the guide changed
    assert load_guide(path).questions[0].text == "Why not?"


def test_invalid_guides_are_never_cached(tmp_path, own_cache):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsections: []\n")
    for _ in range(2):
        with pytest.raises(GuideError):
            load_guide(bad)
    assert entries(own_cache) == []

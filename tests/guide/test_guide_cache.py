"""Parsed guides are cached by the sha256 of their bytes: a cached guide equals a parsed
one, and a damaged, foreign or stale entry is never used."""

import json

import pytest

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


def body_of(entry):
    """The JSON of an entry, after its header line."""
    return json.loads(entry.read_bytes().partition(b"\n")[2])


def write_body(entry, data):
    body = json.dumps(data).encode()
    entry.write_bytes(cache._header(body) + body)


def test_damaged_foreign_and_stale_entries_are_not_used(tmp_path, own_cache):
    path = tmp_path / "g.yaml"
    path.write_text("title: T\nsections:\n  - title: S\n    questions:\n      - text: Why?\n")
    guide = load_guide(path)
    (entry,) = entries(own_cache)
    data = body_of(entry)
    good = entry.read_bytes()

    entry.write_bytes(good.replace(b"Why?", b"Who?"))  # damaged: the crc32 no longer fits
    assert cache.lookup(path) is None and load_guide(path) == guide  # parsed again

    entry.write_bytes(good)
    assert cache.lookup(path) == guide
    write_body(entry, dict(data, strings=[s.replace("T", "T\x1b[2J") for s in data["strings"]]))
    assert cache.lookup(path) is None  # a control character the loader would refuse

    foreign = json.loads(json.dumps(data))
    sha = data["strings"].index(guide.sha256)
    foreign["strings"][sha] = "0" * 64  # an entry that names other bytes
    write_body(entry, foreign)
    assert cache.lookup(path) is None

    old = {"_": "Guide", "title": "T", "sections": [], "sha256": guide.sha256}
    entry.write_text(json.dumps(old))  # the first format's entry, at this name
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

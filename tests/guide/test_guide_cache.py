"""Parsed guides are kept as pickles (prompter.guide.cache): a cached guide equals a parsed
one; a damaged, foreign or stale entry is ignored; and since a pickle can run code, an entry
is never read from a folder, or a file, that anyone but the user may write (nor through a
symlink)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

import pytest

from prompter.errors import GuideError
from prompter.guide import cache, load_guide
from prompter.guide.bundled import bundled_guides
from prompter.guide.load import load_guide as parse

GUIDE = "title: T\nsections:\n  - title: S\n    questions:\n      - text: Why?\n"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROMPTER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def guide_file(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(GUIDE)
    return path


def entries(folder):
    return sorted(folder.iterdir())


def only_entry(folder):
    (entry,) = entries(folder)
    return entry


@pytest.mark.parametrize("path", bundled_guides(), ids=lambda p: p.stem)
def test_a_cached_guide_equals_the_parsed_one(path, own_cache, tmp_path):
    first = load_guide(path)  # parsed, then kept
    entry = only_entry(own_cache)
    assert entry.suffix == ".pickle"
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    assert oct(own_cache.stat().st_mode & 0o777) == "0o700"
    assert cache.lookup(path) == first == parse(path) == load_guide(path)
    moved = tmp_path / "elsewhere.yaml"  # the same bytes at another path: the same entry,
    shutil.copy(path, moved)  # the guide says where it was found this time
    assert cache.lookup(moved).path == str(moved) == parse(moved).path
    assert cache.lookup(moved) == parse(moved)


def test_a_fresh_process_reads_the_entry_without_importing_yaml(guide_file):
    code = (
        "import sys; from prompter.guide import load_guide; "
        f"g = load_guide({str(guide_file)!r}); print(g.title, 'yaml' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)]
    runs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True))
    assert [r.stdout.split() for r in runs] == [["T", "True"], ["T", "False"]], [
        r.stderr for r in runs
    ]


def test_a_changed_guide_or_another_version_is_parsed_again(guide_file, own_cache, monkeypatch):
    load_guide(guide_file)
    guide_file.write_text(GUIDE.replace("Why?", "Why not?"))
    assert cache.lookup(guide_file) is None
    assert load_guide(guide_file).questions[0].text == "Why not?"
    assert len(entries(own_cache)) == 2
    monkeypatch.setattr("prompter.__version__", "999")
    assert cache.lookup(guide_file) is None


def test_damaged_and_foreign_entries_are_ignored(guide_file, own_cache, tmp_path):
    guide = load_guide(guide_file)
    entry = only_entry(own_cache)
    good = entry.read_bytes()
    other = tmp_path / "other.yaml"
    other.write_text(GUIDE.replace("T", "U", 1))
    damaged = {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "not a pickle": b"title: T\n",
        "not a guide": pickle.dumps({"title": "T"}),
        "another guide's": pickle.dumps(parse(other)),
    }
    for what, data in damaged.items():
        entry.write_bytes(data)
        assert cache.lookup(guide_file) is None, what
        assert load_guide(guide_file) == guide, what  # parsed, and kept again
        assert entry.read_bytes() == good, what
    entry.unlink()
    os.mkfifo(entry)  # not waited on
    assert cache.lookup(guide_file) is None


def test_invalid_guides_are_never_cached(tmp_path, own_cache):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsections: []\n")
    for _ in range(2):
        with pytest.raises(GuideError, match="the guide has no sections"):
            load_guide(bad)
    assert not own_cache.exists() or entries(own_cache) == []


# --- a pickle runs code: only the user's own, unwritable by others ---------------------


class Hostile:
    """Unpickled, it makes a folder: had the cache read it, the folder would be there."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def plant(entry, marker):
    entry.write_bytes(pickle.dumps(Hostile(marker)))


def test_the_planted_entry_would_run_code(guide_file, own_cache, tmp_path):
    """The check on the tests below: in a folder that passes, a planted entry is unpickled."""
    load_guide(guide_file)
    marker = tmp_path / "ran"
    plant(only_entry(own_cache), marker)
    assert cache.lookup(guide_file) is None and marker.is_dir()


def group_writable_folder(folder, entry, tmp_path, monkeypatch):
    folder.chmod(0o770)


def others_writable_folder(folder, entry, tmp_path, monkeypatch):
    folder.chmod(0o703)


def others_writable_entry(folder, entry, tmp_path, monkeypatch):
    entry.chmod(0o602)


def group_writable_entry(folder, entry, tmp_path, monkeypatch):
    entry.chmod(0o620)


def someone_elses(folder, entry, tmp_path, monkeypatch):
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)


def entry_a_symlink(folder, entry, tmp_path, monkeypatch):
    target = tmp_path / "target.pickle"
    entry.rename(target)
    entry.symlink_to(target)


def folder_a_symlink(folder, entry, tmp_path, monkeypatch):
    real = tmp_path / "real-cache"
    folder.rename(real)
    folder.symlink_to(real)


# What makes an entry unsafe, and whether the cache can then keep the guide safely again
# (an unsafe entry in a safe folder is replaced; an unsafe folder is never written in).
UNSAFE = {
    group_writable_folder: False,
    others_writable_folder: False,
    someone_elses: False,
    folder_a_symlink: False,
    group_writable_entry: True,
    others_writable_entry: True,
    entry_a_symlink: True,
}


@pytest.mark.parametrize("make_unsafe", UNSAFE, ids=lambda f: f.__name__)
def test_an_entry_others_could_have_written_is_never_read(
    make_unsafe, guide_file, own_cache, tmp_path, monkeypatch
):
    guide = load_guide(guide_file)
    entry = only_entry(own_cache)
    marker = tmp_path / "ran"
    plant(entry, marker)
    make_unsafe(own_cache, entry, tmp_path, monkeypatch)
    assert cache.lookup(guide_file) is None
    assert load_guide(guide_file) == guide  # parsed
    assert entries(own_cache) == [entry]  # nothing new in a folder others may write in
    assert cache.lookup(guide_file) == (guide if UNSAFE[make_unsafe] else None)
    assert not marker.exists()


def test_a_new_folder_is_private_whatever_the_umask(guide_file, own_cache):
    old = os.umask(0)
    try:
        load_guide(guide_file)
    finally:
        os.umask(old)
    assert oct(own_cache.stat().st_mode & 0o777) == "0o700"
    assert oct(only_entry(own_cache).stat().st_mode & 0o777) == "0o600"
    assert cache.lookup(guide_file) is not None

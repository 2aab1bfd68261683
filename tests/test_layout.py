"""Test folders are not packages, so their helper modules are top-level modules: two with
one name in different folders would shadow each other depending on the order tests run
(a test then imports another folder's helpers). Each name is used once."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_helper_module_names_are_unique_across_test_folders():
    helpers = [
        p
        for p in TESTS.rglob("*.py")
        if not p.name.startswith(("test_", "conftest"))
        and "__snapshots__" not in p.parts
        and "data" not in p.relative_to(TESTS).parts
    ]
    counts = Counter(p.name for p in helpers)
    assert not [name for name, n in counts.items() if n > 1], sorted(map(str, helpers))

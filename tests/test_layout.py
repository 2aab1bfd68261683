"""The layout of the test folders (tests/README.md).

Test folders are not packages, so their helper modules are top-level modules: two with
one name in different folders would shadow each other depending on the order tests run
(a test then imports another folder's helpers). Each name is used once. A helper that
more than one folder imports lives in tests/support/ (on the path for every folder); one
in a room's folder is imported from that folder only."""

import re
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT = TESTS / "support"


def helper_modules() -> list[Path]:
    return [
        p
        for p in TESTS.rglob("*.py")
        if not p.name.startswith(("test_", "conftest"))
        and "__snapshots__" not in p.parts
        and "data" not in p.relative_to(TESTS).parts
    ]


def test_helper_module_names_are_unique_across_test_folders():
    helpers = helper_modules()
    counts = Counter(p.name for p in helpers)
    assert not [name for name, n in counts.items() if n > 1], sorted(map(str, helpers))


def test_a_folders_own_helpers_are_imported_from_that_folder_only():
    local = {p.stem: p.parent for p in helper_modules() if p.parent not in (TESTS, SUPPORT)}
    wrong = []
    for path in TESTS.rglob("*.py"):
        if "data" in path.relative_to(TESTS).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"^\s*(?:from|import) (\w+)", text, re.MULTILINE):
            if name in local and local[name] != path.parent:
                wrong.append(f"{path.relative_to(TESTS)} imports {name} of {local[name].name}/")
    assert not wrong, "move these helpers to tests/support/: " + "; ".join(wrong)

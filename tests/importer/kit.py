"""What the import tests take from the shared test helpers (paths, the installed
`prompter`, the runner of child processes). The shared module is being renamed from
`helpers` to `testkit`; either works."""

from __future__ import annotations

try:
    from testkit import DATA, PROMPTER, REPO, run
except ImportError:  # before the rename
    from helpers import DATA, PROMPTER, REPO, run

__all__ = ["DATA", "PROMPTER", "REPO", "run"]

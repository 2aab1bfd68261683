"""The topic guide: its model (`model`), the loader (`safe_yaml` reads a file into YAML
nodes safely, `load` walks them into the model), the cache of parsed guides (`cache`),
the bundled guides (`bundled`) and the JSON Schema of the format (`schema`). Pure; no
textual.

The model's names are re-exported here; `load_guide` imports the loader (and
PyYAML) only when called and the guide is not cached, so that readers of session
files, and a start with a guide seen before, never pay for it.
"""

from __future__ import annotations

from pathlib import Path

from prompter.guide.model import (
    ID_PATTERN,
    KINDS,
    MAX_PROBES,
    PRIORITIES,
    Branch,
    Code,
    Example,
    Guide,
    Prompt,
    Question,
    Section,
    derive_id,
    normalise_text,
)

__all__ = [
    "ID_PATTERN",
    "KINDS",
    "MAX_PROBES",
    "PRIORITIES",
    "Branch",
    "Code",
    "Example",
    "Guide",
    "Prompt",
    "Question",
    "Section",
    "derive_id",
    "load_guide",
    "normalise_text",
]


def load_guide(path: str | Path) -> Guide:
    """Read, validate and build the guide at `path`; raises GuideError listing every problem."""
    from prompter.guide import cache

    guide = cache.lookup(path)
    if guide is None:
        from prompter.guide.load import load_guide as load

        guide = load(path)
        cache.store(guide)
    return guide

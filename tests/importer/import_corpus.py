"""The import corpus: every guide under tests/data/import/ (Markdown and text, committed)
and the Word guides built by `docx_corpus`, each with its expected YAML committed beside
it as <name>.expected.yaml, and whether it is imported with --codes."""

from __future__ import annotations

from pathlib import Path

from docx_corpus import BUILDERS as FIRST_BUILDERS
from docx_guides import BUILDERS as GUIDES_24
from helpers import DATA

BUILDERS = {**FIRST_BUILDERS, **GUIDES_24}
CORPUS = DATA / "import"
SOURCES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt"))
WITH_CODES = {"npt-implementation", "cfir-hospital-at-home", "cfir-table"}


def names() -> list[str]:
    return [p.name for p in SOURCES] + [f"{n}.docx" for n in BUILDERS]


def source(name: str, folder: Path) -> Path:
    """The corpus guide `name`, built into `folder` if it is a Word guide."""
    if name.endswith(".docx"):
        path = folder / name
        BUILDERS[name[: -len(".docx")]](path)
        return path
    return CORPUS / name


def expected(name: str) -> Path:
    return CORPUS / f"{Path(name).stem}.expected.yaml"


def args(name: str) -> list[str]:
    return ["--codes"] if Path(name).stem in WITH_CODES else []

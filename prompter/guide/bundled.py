"""Where the bundled guides are, however prompter was installed."""

from __future__ import annotations

from pathlib import Path

DEFAULT_GUIDE = "resilience-hub-wider-stakeholders.yaml"

_PACKAGE = Path(__file__).resolve().parent.parent  # prompter/
# A wheel carries them as prompter/guides; a checkout (or an editable install)
# has them at the top of the repository.
_CANDIDATES = (_PACKAGE / "guides", _PACKAGE.parent / "guides")


def guides_dir() -> Path:
    for folder in _CANDIDATES:
        if (folder / DEFAULT_GUIDE).is_file():
            return folder
    raise FileNotFoundError("the bundled guides are missing from this installation")


def bundled_guides() -> list[Path]:
    return sorted(guides_dir().glob("*.yaml"))


def resolve_guide(name: str | None) -> Path:
    """A path as given, or a bundled guide by file name or stem ('demo').

    A bare name is a bundled guide's unless a file of that name is here: a folder
    called `demo` in the current folder does not hide the bundled demo."""
    if name is None:
        return guides_dir() / DEFAULT_GUIDE
    path = Path(name)
    if path.is_file() or path.suffix or "/" in name:
        return path
    for guide in bundled_guides():
        if name in (guide.name, guide.stem):
            return guide
    return path

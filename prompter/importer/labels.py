"""Code labels: the lines of a topic guide that name a code rather than say anything,
such as `Coherence/ Communal specification` (a construct and its sub-construct, as
the NPT and CFIR guides print them) or an explicit `Codes: Inner setting/Culture`."""

from __future__ import annotations

import re

_PART = r"[A-Z][\w’'&\- ]{0,48}"
_BARE = re.compile(rf"({_PART}?)\s*/\s*({_PART}?)(?:\s*/\s*({_PART}?))?")
_EXPLICIT = re.compile(r"(?:codes?|constructs?|domains?)\s*:\s*(\S.*)", re.I)
MAX_WORDS = 8


def bare_label(text: str) -> tuple[str, ...] | None:
    """The code path a label line names (`Parent/ Child`), or None if the line is not one.
    Every part starts with a capital, and the line has no sentence punctuation."""
    text = " ".join(text.split())
    if len(text.split()) > MAX_WORDS or any(c in text for c in "?.,;:()[]"):
        return None
    m = _BARE.fullmatch(text)
    if not m:
        return None
    parts = tuple(p.strip() for p in m.groups() if p and p.strip())
    return parts if len(parts) >= 2 else None


def explicit_labels(text: str) -> list[tuple[str, ...]] | None:
    """The code paths of a `Codes: A/B; C` line, or None if the line is not one."""
    m = _EXPLICIT.fullmatch(" ".join(text.split()))
    if not m:
        return None
    paths = []
    for item in re.split(r"[;,]", m.group(1)):
        parts = tuple(p.strip() for p in re.split(r"/|>", item) if p.strip())
        if parts:
            paths.append(parts)
    return paths or None


def label_paths(text: str) -> list[tuple[str, ...]] | None:
    bare = bare_label(text)
    return [bare] if bare else explicit_labels(text)

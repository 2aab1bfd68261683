"""The planned length and the version a topic guide states about itself, in its title or
first lines: "(approx. 50 minutes)", "1 hour", "60–75 minutes" (the upper bound),
"version 2.1", "v3", "Duration: 45 mins". Pure text in, parts out: where they go is
decided by the walk (`walk`) and `finish`."""

from __future__ import annotations

import re

_ABOUT = r"(?:approx(?:imately|\.)?|about|around|roughly|circa|ca\.|c\.|up\s+to|~)"
_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
_HOURS = r"(?:hours?|hrs?\.?|h)"
_MINUTES = r"(?:minutes?|mins?\.?|m)"
_WORDS = {  # hours in words, as minutes
    "half an hour": 30,
    "an hour and a half": 90,
    "one and a half hours": 90,
    "an hour": 60,
    "one hour": 60,
    "two hours": 120,
}
DURATION = re.compile(
    rf"[\[(]?\s*(?:{_ABOUT}\s*)?"
    rf"(?:(?P<words>{'|'.join(_WORDS)})"
    rf"|(?P<a>{_NUMBER})(?:\s*(?:-|–|—|to)\s*(?P<b>{_NUMBER}))?\s*"
    rf"(?P<unit>{_HOURS}|{_MINUTES})\b\.?"
    rf"(?:\s*(?:and\s+)?(?P<extra>\d{{1,2}})\s*{_MINUTES}\b\.?)?)"
    r"\s*[\])]?",
    re.I,
)
VERSION = re.compile(
    r"[\[(]?\s*\b(?:version|vers\.|ver\.|v)\s*:?\s*(?P<v>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)\b"
    r"\s*[\])]?",
    re.I,
)
# A line that is nothing but a statement about the guide: "Duration: 45 mins",
# "Version 2.1", "Length of interview: approx. 1 hour", "Version: 3 (12 March 2024)".
_LABEL = re.compile(
    r"(?:(?:interview\s+)?(?:duration|length|timing|time)(?:\s+of\s+(?:the\s+)?interview)?"
    r"|(?:estimated|expected|planned)\s+(?:duration|length|time))\s*[:\-–]\s*(?P<rest>.+)",
    re.I,
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def duration(text: str) -> tuple[float, bool, tuple[int, int]] | None:
    """(minutes, a range was given, (start, end) in `text`) of the first length stated
    in `text`: '45 mins', 'approx. 50 minutes', '1 hour', '1.5 hours', '1 hour 15
    minutes', 'an hour', '60–75 minutes' (the upper bound, 75)."""
    for m in DURATION.finditer(text):
        if m.group("words"):
            minutes = float(_WORDS[" ".join(m.group("words").lower().split())])
            ranged = False
        else:
            value = _number(m.group("b") or m.group("a"))
            ranged = m.group("b") is not None
            if m.group("unit").lower().startswith("h"):
                value *= 60
            minutes = value + (int(m.group("extra")) if m.group("extra") else 0)
        if 0 < minutes <= 24 * 60:
            return whole(minutes), ranged, m.span()
    return None


def whole(minutes: float) -> float:
    return int(minutes) if minutes == int(minutes) else round(minutes, 2)


def version(text: str) -> tuple[str, tuple[int, int]] | None:
    """('2.1', (start, end)) of a version in `text`: 'version 2.1', 'v3', '(v1.2)'."""
    m = VERSION.search(text)
    if m is None:
        return None
    return m.group("v"), m.span()


def cut(text: str, span: tuple[int, int]) -> str:
    """`text` without `span`, and without the separators and brackets it leaves behind."""
    text = text[: span[0]] + " " + text[span[1] :]
    text = re.sub(r"[\[(]\s*[\])]", " ", text)  # brackets left empty
    text = re.sub(r"\s+([,;:.)\]])", r"\1", text)
    text = re.sub(r"([\[(])\s+", r"\1", text)
    text = re.sub(r"(?:\s*[-–—|,;:])+\s*$", "", text.strip())  # a separator left at the end
    text = re.sub(r"\s*[-–—|]\s*(?=[-–—|])", "", text)  # two separators in a row
    return " ".join(text.split())


def from_title(text: str) -> tuple[str, float | None, bool, str]:
    """(title, planned minutes, minutes were a range, version) of a guide's title."""
    minutes, ranged, found_version = None, False, ""
    v = version(text)
    if v is not None:
        found_version, text = v[0], cut(text, v[1])
    d = duration(text)
    if d is not None:
        minutes, ranged = d[0], d[1]
        text = cut(text, d[2])
    return text, minutes, ranged, found_version


def statement(text: str) -> tuple[float | None, bool, str] | None:
    """(minutes, ranged, version) when a line is nothing but the guide's length or
    version, or both: 'Duration: 45 mins', 'Version 2.1', 'Draft v3 (12 March 2024)',
    'Approx. 50 minutes'; None for anything said ('It takes about 45 minutes')."""
    t = text.strip().strip("_*").strip()
    if len(t.split()) > 10:
        return None
    found_version, minutes, ranged, labelled = "", None, False, False
    v = version(t)
    if v is not None and len(t[: v[1][0]].split()) <= 2:  # 'Version 2', 'Draft v3'
        found_version, t = v[0], cut(t, v[1])
    label = _LABEL.fullmatch(t)
    if label:
        t, labelled = label.group("rest"), True
    d = duration(t)
    if d is not None:
        minutes, ranged = d[0], d[1]
        t = cut(t, d[2])
    rest = t.strip(" .:;,-–—()[]")
    if not (found_version or minutes):
        return None
    if (found_version or labelled) and len(rest.split()) <= 3 or not rest:
        return minutes, ranged, found_version
    return None


# A heading whose text is still the guide's first lines: the introduction's.
INTRO_TITLE = re.compile(
    r"(?:\d+[.)]?\s*)?(?:introduction|intro|preamble|welcome|overview|opening|"
    r"before (?:we|you) (?:start|begin)|about (?:this|the) (?:guide|interview|study))\b",
    re.I,
)

# A sentence of the first lines that states the interview's length ('The interview takes
# about 45 minutes', 'Sessions run for 60 minutes'), as opposed to any time mentioned.
ABOUT_LENGTH = re.compile(
    r"\b(?:interview|session|discussion|conversation|call|focus group|take|takes|last|"
    r"lasts|run|runs|length|duration)\b",
    re.I,
)

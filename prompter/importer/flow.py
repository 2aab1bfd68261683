"""Recognisers for the flow of an interview written into a topic guide's text: routing
sentences ("If not, go to Wrap up", "Yes → Tasks") that become `branches`, conditions
("Only ask if ...", "(If they use the site)") that become `condition`, lists to tick
that become checklist probes, and status lines ("Consent obtained") that become checks.

Pure text in, parts out: where each goes in the guide is decided by `rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ARROW = r"(?:→|->|=>|⇒)"
_MOVE = r"(?:go|skip|move|jump|continue|proceed|return|turn)"
_WAY = r"(?:straight\s+|directly\s+|ahead\s+|forward\s+|back\s+|on\s+)*"
_GO = (
    rf"(?:(?:please\s+|then\s+)?(?:{_MOVE}\s+{_WAY}(?:to|at|with)|resume\s+(?:at|with))\b"
    rf"|{ARROW})"
)
_ROUTE = re.compile(
    rf"(?:(?:if\s+(?P<cond>[^,:→]+?)|(?P<yn>yes|no|otherwise|else))\s*[,:]?\s*)?{_GO}\s*"
    r"(?P<to>.+?)[\s.!;]*",
    re.I,
)
ROUTING = re.compile(rf"\b{_MOVE}\s+{_WAY}(?:to|at)\b|\bresume\s+at\b|{ARROW}", re.I)
_NEXT_SECTION = re.compile(r"(?:the\s+)?next\s+(?:section|part|topic)", re.I)
_SUBJECT = r"(?:they|you|he|she|the participant|the respondent|it)"
_AUX = r"(?:have|has|had|do|does|did|are|is|was|were|can|could|would|will)"
# 'If not', 'If they have not (used it)', 'If the participant does not ...', 'If they never'
NEGATIVE = re.compile(
    rf"(?:no|not|none|never|nope|{_SUBJECT}\s+(?:{_AUX}(?:\s+not|n['’]t)|never|no\s+longer)"
    r"(?:\s.*)?)",
    re.I,
)
POSITIVE = re.compile(rf"(?:yes|so|{_SUBJECT}\s+{_AUX}(?:\s+(?!not\b|never\b).*)?)", re.I)
_PARTICIPLE = re.compile(
    r"(?:have|has|had)\s+(?:you|they|he|she|your\s+\w+)\s+"
    r"(?:ever\s+|already\s+|recently\s+|yet\s+|previously\s+|also\s+|personally\s+)*"
    r"(?P<p>[a-z]+)(?:\s+(?P<q>[a-z]+))?",
    re.I,
)
_NOT_PARTICIPLE = {"a", "an", "the", "any", "to", "there", "that", "this", "your", "some"}


@dataclass(frozen=True)
class Route:
    """One outcome of a routing sentence: when (`polarity` yes/no/other/always, with
    the condition's words) and where to (`to` as written, or the next section)."""

    polarity: str
    condition: str
    to: str
    next_section: bool = False


_SPLIT = re.compile(
    # after a full stop, unless it ends a section's number ('go to 3. Payments task')
    # and no new outcome starts ('go to section 3. If not, ...')
    r"(?<=[.!])(?:(?<!\d\.)\s+|\s+(?=(?:if|otherwise|else|yes|no)\b))"
    r"|;\s*|,\s*(?=(?:and\s+|but\s+)?(?:if|otherwise|else)\b)",
    re.I,
)


def _sentences(text: str) -> list[str]:
    text = text.strip().strip("_* ").strip()
    while text[:1] in "([" and text[-1:] == {"(": ")", "[": "]"}.get(text[:1]):
        text = text[1:-1].strip().strip("_* ").strip()  # '(If not, go to X)'
    parts = _SPLIT.split(text)
    return [re.sub(r"^(?:and|but)\s+", "", p.strip(), flags=re.I) for p in parts if p.strip()]


def parse_routes(text: str) -> list[Route]:
    """The outcomes routed by `text` when it is nothing but routing sentences, else []."""
    routes = []
    for sentence in _sentences(text):
        m = _ROUTE.fullmatch(sentence)
        if not m:
            return []
        to = m.group("to").strip().strip("'\"‘’“”").strip()
        if not to or len(to.split()) > 10:
            return []
        cond = (m.group("cond") or m.group("yn") or "").strip()
        if not cond:
            polarity = "always"
        elif NEGATIVE.fullmatch(cond):
            polarity = "no"
        elif POSITIVE.fullmatch(cond):
            polarity = "yes"
        else:
            polarity = "other"
        routes.append(Route(polarity, cond, to, bool(_NEXT_SECTION.fullmatch(to))))
    return routes


def _participle(question: str) -> str:
    """'visited' from 'Have you visited the new site?', or ''."""
    m = _PARTICIPLE.match(question.strip())
    if not m or m.group("p").lower() in _NOT_PARTICIPLE:
        return ""
    word = m.group("p").lower()
    if word == "been" and m.group("q") and m.group("q").lower().endswith("ed"):
        word = m.group("q").lower()  # 'Have you been involved' -> involved
    return word


def branch_label(route: Route, question: str, title: str) -> str:
    """The choice as shown on screen: 'Visited' / 'Not visited' for a 'Have you visited
    ...?' question, else 'Yes' / 'No', the condition's own words, or 'Go to <title>'."""
    if route.polarity in ("yes", "no"):
        word = _participle(question)
        if route.polarity == "yes":
            return word.capitalize() if word else "Yes"
        return f"Not {word}" if word else "No"
    if route.polarity == "always":
        return f"Go to {title}"
    words = route.condition.strip("'\"‘’“”").split()
    label = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    return label[:1].upper() + label[1:]


_SCOPE = r"(?:\s+(?:this|these|this\s+section|this\s+question|these\s+questions|the\s+questions))?"
_CONDITION = re.compile(
    rf"(?P<lead>only\s+ask{_SCOPE}\s+if|ask{_SCOPE}\s+only\s+if|only\s+if|ask{_SCOPE}\s+if|if)"
    r"\s+(?P<c>\S.*)",
    re.I,
)
_CONDITION_LEAD = re.compile(
    r"(?:only\s+ask\s+if|ask\s+only\s+if|only\s+if)\s+(?P<c>[^:?]+?)\s*[:–—]\s+(?P<rest>\S.*)",
    re.I,
)


def condition_of(text: str, note: bool = False) -> tuple[str, bool] | None:
    """(the condition, said explicitly) when `text` is nothing but a condition: 'Only ask
    if they drive.', 'Ask only if ...', '_Only if they were:_' (explicit), '(If they use
    the site)' (a bare 'if', in brackets or in a `note` in italics: explicit False).
    Routing is not a condition."""
    t = text.strip().strip("_*").strip()
    bracketed = t[:1] in "([" and t[-1:] in ")]"
    if bracketed:
        t = t[1:-1].strip()
    t = t.rstrip(" .:;,–—-").strip()
    m = _CONDITION.fullmatch(t)
    if not m or ROUTING.search(t) or "?" in t:
        return None
    explicit = m.group("lead").lower() != "if"
    if not explicit and not (bracketed or note):
        return None  # 'If you have children, ...' is said aloud
    return m.group("c").strip(), explicit


def condition_lead(text: str) -> tuple[str, str] | None:
    """(condition, question) of 'Only ask if they drive: where do you park?'."""
    m = _CONDITION_LEAD.fullmatch(text.strip())
    if not m or ROUTING.search(m.group("c")):
        return None
    return m.group("c").strip(), m.group("rest").strip()


TICK_ALL = re.compile(
    r"\s*[(\[]?\s*(?:please\s+)?(?:tick|check|select|mark|circle)\s+(?:all|any)\s+"
    r"(?:that|which)\s+appl(?:y|ies)\s*[.:]?\s*[)\]]?",
    re.I,
)
# What introduces a list to tick: a list after a colon is otherwise said aloud as part
# of the question or probe ('Who made it: you, your department, or leadership?').
CHECKLIST_CUE = re.compile(
    r"\b(?:tick|select|check|mark|circle)\s+(?:all|any|each|one|those|the\s+ones)\b"
    r"|^(?:please\s+)?(?:tick|select|check|mark|circle)\b"
    r"|\b(?:all|any)\s+(?:that|which)\s+appl(?:y|ies)\b"
    r"|\bany\s+of(?:\s+(?:these|the\s+following))?\s*:?\s*$",
    re.I,
)
TICK_LABEL = "Tick all that apply"
MIN_ITEMS = 3
MAX_ITEM_WORDS = 5


def without_tick_all(text: str) -> tuple[str, bool]:
    """`text` without 'Tick all that apply' (and whether it was there)."""
    cut = TICK_ALL.sub(" ", text)
    return " ".join(cut.split()).strip(), cut != text


def checklist_cue(lead: str) -> str:
    """The words that introduce a list to tick in `lead` ('tick', 'select any', 'all that
    apply', 'any of'), or ''."""
    m = CHECKLIST_CUE.search(lead.strip().strip("()[]_* "))
    return " ".join(m.group().split()).rstrip(":") if m else ""


def colon_list(text: str, least: int = MIN_ITEMS) -> tuple[str, list[str]] | None:
    """('what feedback did you solicit from:', [items]) of a prompt that ends in a list
    introduced by a colon: 'what feedback did you solicit from: state officials,
    schools, parents?' (at least `least` short items, none a question)."""
    lead, sep, body = text.rpartition(": ")
    if not sep or not lead.strip() or "?" in lead:
        return None
    body = body.strip().rstrip("?.").strip()
    items = [p for p in re.split(r"\s*[;,]\s*(?:and\s+|or\s+)?", body) if p.strip()]
    if len(items) < least or any(
        len(i.split()) > MAX_ITEM_WORDS or "?" in i or ":" in i for i in items
    ):
        return None
    return lead.strip() + ":", [i.strip() for i in items]


_BOX = re.compile(r"(?:\[\s?[xX✓✔]?\s?\]|[☐☑☒□❏❑])\s*(?P<t>\S.*)")
_DONE = (
    r"obtained|started|stopped|signed|given|checked|confirmed|recorded|switched on|"
    r"switched off|turned on|turned off|completed|explained|sent|collected|received|"
    r"provided|shown|taken|agreed|ended|begun|tested|set up|offered|saved|uploaded"
)
_STATUS = re.compile(rf"[A-Z][\w’'&/ -]{{1,40}}?\s(?:{_DONE})\.?", re.I)
MAX_CHECK_WORDS = 6
# a sentence, not a status: 'Check consent has been recorded', 'Make sure it is signed'
_NOT_STATUS = re.compile(
    r"^(?:check|ensure|make sure|remind|confirm|ask|tell|please)\b"
    r"|\b(?:has|have|had|is|are|was|were|be|been|being|will|should|must)\b",
    re.I,
)


def check_text(text: str) -> tuple[str, bool] | None:
    """(what to tick, with a box) when a line is a check, not a question: a box `[ ]`,
    `☐` before it, or a short status such as 'Consent obtained', 'Recording started'."""
    text = " ".join(text.split())
    m = _BOX.fullmatch(text)
    if m and "?" not in m.group("t"):
        return m.group("t").strip(), True
    if (
        len(text.split()) <= MAX_CHECK_WORDS
        and text[:1].isupper()
        and _STATUS.fullmatch(text)
        and not _NOT_STATUS.search(text)
    ):
        return text.rstrip("."), False
    return None

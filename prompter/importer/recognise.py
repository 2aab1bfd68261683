"""What a block of an outline is, from its text: a question or a statement, its notes to the
interviewer (italics, brackets), its examples, a probe mark, a closing formula, and a
heading's title, time and description. Pure text in, parts out: where each part goes is
decided by the walk (`walk`)."""

from __future__ import annotations

import re

from prompter.importer import planned
from prompter.importer import text as textrules
from prompter.importer.flow import ARROW
from prompter.importer.model import Block

IMPERATIVE = re.compile(
    r"(tell me|tell us|describe|can you|could you|would you|please|talk me "
    r"through|walk me through|talk us through|give (?:me|us)|share|think (?:back|about)|"
    r"reflect on)\b",
    re.I,
)
PROBE_MARK = re.compile(r"\b(?:probes?|prompts?|follow[- ]?ups?)\s*:\s*", re.I)
INSTRUCTION = re.compile(
    r"(if|only|note|nb|n\.b\.|interviewer|optional|skip|go to|ask|check|read|do not|don't|"
    r"update|show|probe|prompt|time|allow|mention|remind|refer|use|see|keep|avoid|"
    r"spend|move|for|not)\b",
    re.I,
)
OPTIONAL = re.compile(
    r"\b(optional|if relevant|if time|if there is time|time permitting|"
    r"if applicable)\b",
    re.I,
)
EXAMPLES_MARK = re.compile(r"(?:\(|\[)?\s*(?:e\.\s?g\.|eg|for example|for instance)[,:.]?\s*", re.I)
CLOSING_TITLE = re.compile(
    r"(?:\d+[.)]?\s*)?(wrap[- ]?up|closing|close|thank(?:s| you)|"
    r"end(?:ing)?\b|debrief|conclusion|final (?:questions|remarks)|"
    r"finish)",
    re.I,
)
CLOSING_FORMULA = re.compile(
    r"(that concludes|that'?s (?:all|everything|it)|that is "
    r"(?:all|everything)|thank you (?:for|very much|so much|again)|"
    r"thanks (?:for|again)|this brings us to the end|that brings us "
    r"to the end|we have come to the end|we(?:'ve| have) reached "
    r"the end)",
    re.I,
)
ARROW_LINE = re.compile(rf"\s*{ARROW}\s*(\S.*)")
SMALL_WORDS = {"and", "of", "the", "in", "to", "for", "a", "an", "on", "with", "or", "at"}
CLOSE_BRACKET = {"(": ")", "[": "]"}


def clean(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^(?:→|->|=>)\s*", "", text)


def asks(text: str) -> bool:
    """A question: it has a '?' with little after it, or opens like a request."""
    if "?" in text:
        tail = text[text.rindex("?") + 1 :].strip()
        if len(tail.split()) <= 12 or tail[:1] in "([":
            return True
    return bool(IMPERATIVE.match(text))


def _bracket_at_start(text: str) -> tuple[str, str] | None:
    if text[:1] not in CLOSE_BRACKET:
        return None
    end = text.find(CLOSE_BRACKET[text[0]])
    if end < 0:
        return None
    return text[: end + 1], text[end + 1 :].strip()


def _bracket_at_end(text: str) -> tuple[str, str] | None:
    if text[-1:] not in (")", "]"):
        return None
    opening = "(" if text[-1] == ")" else "["
    start = text.rfind(opening)
    if start <= 0:
        return None
    return text[:start].strip(), text[start:]


def _merged_runs(b: Block) -> list[list]:
    """The block's runs with neighbours of the same emphasis joined, and white space
    between two emphasised runs counted as emphasised."""
    out: list[list] = []
    for r in b.runs:
        emph = r.emphasis
        if not r.text.strip() and out:
            emph = out[-1][1]
        if out and out[-1][1] == emph:
            out[-1][0] += r.text
        else:
            out.append([r.text, emph])
    return [r for r in out if r[0].strip()]


def split_guidance(b: Block) -> tuple[str, list[str]]:
    """(what is said, notes to the interviewer): italic runs at the start or end of a
    block, a bracket that opens it, and a closing bracket that is an instruction."""
    text, head, tail = split_guidance_parts(b)
    return text, head + tail


def split_guidance_parts(b: Block) -> tuple[str, list[str], list[str]]:
    """`split_guidance` with the notes before the text (head) apart from those after."""
    runs = _merged_runs(b)
    guidance: list[str] = []
    tail: list[str] = []
    if runs and runs[0][1]:
        guidance.append(clean(runs.pop(0)[0]))
    if runs and runs[-1][1]:
        tail.insert(0, clean(runs.pop()[0]))
    text = clean("".join(r[0] for r in runs))
    while True:
        head = _bracket_at_start(text)
        if not head:
            break
        guidance.append(head[0])
        text = head[1]
    end = _bracket_at_end(text)
    if (
        end
        and end[0]
        and (INSTRUCTION.match(end[1][1:]) or OPTIONAL.search(end[1]))
        and not end[1].rstrip(")]").endswith("?")
    ):
        text = end[0]
        tail.insert(0, end[1])
    return text, [g for g in guidance if g], [g for g in tail if g]


def split_examples(text: str) -> tuple[str, list[str], str]:
    """A question's trailing 'e.g.' after its last '?': (text, examples, rest as guidance)."""
    if "?" not in text:
        return text, [], ""
    cut = text.rindex("?") + 1
    tail = text[cut:].strip().lstrip("–—- ")
    m = EXAMPLES_MARK.match(tail)
    if not m or not tail:
        return text, [], ""
    body = tail[m.end() :]
    rest = ""
    if tail[:1] in CLOSE_BRACKET:
        close = body.find(CLOSE_BRACKET[tail[0]])
        if close >= 0:
            body, rest = body[:close], body[close + 1 :].strip(" –-")
    return text[:cut].strip(), split_list(body), rest


def split_list(body: str) -> list[str]:
    sep = ";" if ";" in body else ","
    return [
        p.strip(" .") if p.strip().endswith(("..", ". ")) else p.strip()
        for p in body.split(sep)
        if p.strip()
    ]


def section_title(text: str, split: bool = True) -> tuple[str, float | None, str]:
    """(title, minutes, description) of a heading's text; with `split`, a heading such
    as 'COHERENCE - how people make sense...' is a title and a description."""
    minutes = None
    times = list(textrules.TIME.finditer(text))
    m = times[-1] if times else None
    if m:
        minutes = float(m.group(2) or m.group(1).replace(",", "."))
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    elif (hours := planned.duration(text)) is not None:  # 'Tasks (1 hour)'
        minutes = hours[0]
        text = planned.cut(text, hours[2])
    text = re.sub(
        r"^(?:(?:section|part|topic|theme|block|module)\s+[\dA-Z]{1,3}\b[:.\-–]?\s*"
        r"|\d{1,2}\s+of\s+\d{1,2}\s+|\d{1,2}(?:\.\d{1,2})*[.):]?\s+)",
        "",
        text,
        flags=re.I,
    )
    text = text.strip(" -–—:|").strip()
    description = ""
    parts = re.split(r"\s+[-–—]\s+|:\s+", text, maxsplit=1)
    if split and len(parts) == 2 and len(parts[0].split()) <= 6 and len(parts[1].split()) >= 4:
        text, description = parts[0].strip(), parts[1].strip()
        description = description[:1].upper() + description[1:]
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        words = text.lower().split()
        text = " ".join(
            w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
        )
    if minutes is not None and minutes <= 0:
        minutes = None
    if minutes is not None and minutes == int(minutes):
        minutes = int(minutes)
    return text, minutes, description


_WORDS = "section|part|topic|theme|block|module|stage|phase"
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), 1
    )
}
_NUMBER = (
    rf"\d{{1,2}}(?:\.\d{{1,2}})*|[A-Z](?![\w'’])|[IVX]{{1,4}}(?![\w'’])|{'|'.join(NUMBER_WORDS)}"
)
_HEADING_NUMBER = re.compile(
    rf"(?P<word>{_WORDS})\s+(?P<n>{_NUMBER})(?:\s*[:.\-–—)]\s*|\s+|$)"
    r"|(?P<count>\d{1,2})\s+of\s+\d{1,2}\s+"
    r"|(?P<bare>\d{1,2}(?:\.\d{1,2})*)(?:[.):]\s*|\s+)(?=\S)",
    re.I,
)


def number_key(number: str) -> str:
    """A section's number as routing compares it: '3', '2.1', 'B', 'IV' ('03' is 3,
    'three' is 3, letters in capitals)."""
    n = number.strip().rstrip(".").casefold()
    n = NUMBER_WORDS.get(n, n)
    if re.fullmatch(r"\d+(?:\.\d+)*", n):
        return ".".join(str(int(p)) for p in n.split("."))
    return n.upper()


def heading_number(text: str) -> tuple[str, str, str]:
    """(number, prefix kept in the title, the rest) of a heading that opens with its
    number: 'Section 4: Looking ahead' ('4', 'Section 4: ', 'Looking ahead'), '3.
    Payments task' ('3', '3. ', ...), '2.1 Contacts' ('2.1', '2.1 ', ...). A count such
    as '1 of 4' gives its number but is not kept (it numbers pages of a form). The
    prefix is written one way: 'Section 4: ', 'Part B: ', '3. ', '2.1 '."""
    m = _HEADING_NUMBER.match(text.strip())
    if m is None:
        return "", "", text
    rest = text.strip()[m.end() :].strip()
    if m.group("count"):
        return number_key(m.group("count")), "", rest
    if m.group("word"):
        word, n = m.group("word").capitalize(), m.group("n")
        shown = NUMBER_WORDS.get(n.casefold(), n if n[0].isdigit() else n.upper())
        return number_key(n), f"{word} {shown}: ", rest
    n = m.group("bare")
    return number_key(n), f"{n}. " if "." not in n else f"{n} ", rest


def title_key(title: str) -> str:
    """A section title as a routing sentence may name it: without case, numbering, a
    time such as '(5 mins)', quotes, 'the ... section'."""
    title = re.sub(r"^the\s+|\s+section$", "", title.strip(" .'\"‘’“”"), flags=re.I)
    return section_title(clean(title), split=False)[0].casefold()


_TARGET = re.compile(
    rf"(?:the\s+)?(?:(?P<word>{_WORDS})\s+(?P<n>{_NUMBER})|(?P<bare>\d{{1,2}}(?:\.\d{{1,2}})*))"
    r"(?:\s*[:.\-–—]\s*|\s+|$)(?P<rest>.*)",
    re.I,
)
_TITLE_THEN_NUMBER = re.compile(
    rf"(?P<rest>.+?)\s*[(\[,–—-]\s*(?:{_WORDS})\s+(?P<n>{_NUMBER})\s*[)\]]?", re.I
)


def route_target(to: str) -> tuple[str, str]:
    """(number, title key) of the section a route names, either may be '': 'section 3'
    ('3', ''), '3. Payments task' and 'section 3 (Payments task)' ('3', 'payments task'),
    'the Payments task section' ('', 'payments task')."""
    t = to.strip(" .'\"‘’“”")
    m = _TARGET.fullmatch(t)
    if m:
        rest = m.group("rest").strip(" ()[]:.–—-'\"‘’“”")
        return number_key(m.group("n") or m.group("bare")), title_key(rest) if rest else ""
    m = _TITLE_THEN_NUMBER.fullmatch(t)
    if m:
        return number_key(m.group("n")), title_key(m.group("rest"))
    return "", title_key(t)

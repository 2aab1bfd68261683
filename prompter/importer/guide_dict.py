"""The built tree as the guide's dict: ids for repeated question texts, keys in the
documented order, checklists ('Tick all that apply'), probes beyond the ninth under
'Further probes', and each node's guesses under `GUESSES`."""

from __future__ import annotations

import re

from prompter.guide.model import MAX_PROBES, derive_id, normalise_text
from prompter.importer.flow import TICK_LABEL, checklist_cue, colon_list
from prompter.importer.nodes import GUESSES, Guess, Prompt, Q, Sec


class GuideDict:
    """The id and output rules (a part of `rules._Builder`)."""

    # -- ids and output
    def assign_ids(self, sections: list[Sec]) -> None:
        seen: dict[str, int] = {}
        for s in sections:
            for q in s.all_questions():
                checklists(q)  # first: it may reword the question ('any of these?')
                key = normalise_text(q.text)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    q.qid = f"{derive_id(q.text)}-{seen[key]}"
                    q.guesses.append(
                        Guess(
                            q.where, "the same text as an earlier question: given an id of its own"
                        )
                    )

    def section_dict(self, s: Sec) -> dict:
        d: dict = {"title": s.title}
        if s.description:
            d["description"] = " ".join(s.description)
        if s.guidance:
            d["guidance"] = " ".join(s.guidance)
        if s.condition:
            d["condition"] = s.condition
        if s.minutes:
            d["minutes"] = s.minutes
        if s.codes:
            d["codes"] = list(s.codes)
        if s.questions:
            d["questions"] = [self.question_dict(q) for q in s.questions]
        if s.sections:
            d["sections"] = [self.section_dict(x) for x in s.sections]
        d[GUESSES] = s.guesses
        return d

    def question_dict(self, q: Q) -> dict:
        d: dict = {}
        if q.qid:
            d["id"] = q.qid
        d["text"] = q.text
        if q.kind != "question":
            d["kind"] = q.kind
        if q.condition:
            d["condition"] = q.condition
        if q.guidance:
            d["guidance"] = " ".join(q.guidance)
        if q.priority != "core":
            d["priority"] = q.priority
        if len(q.probes) > MAX_PROBES:
            # keys 1-9 on screen: the rest go under a ninth probe, as its sub-prompts
            rest = q.probes[MAX_PROBES - 1 :]
            more = Prompt("Further probes", rest[0].depth, rest[0].where, probes=rest)
            q.probes = q.probes[: MAX_PROBES - 1] + [more]
            q.guesses.append(
                Guess(
                    rest[0].where,
                    f"more than {MAX_PROBES} probes: from the "
                    f"{MAX_PROBES}th on, sub-prompts of 'Further probes'",
                )
            )
        if q.probes:
            d["probes"] = [self.prompt_dict(p, sub=False) for p in q.probes]
        if q.examples:
            d["examples"] = _examples(q.examples)
        if q.codes:
            d["codes"] = list(dict.fromkeys(q.codes))
        if q.branches:
            d["branches"] = [dict(b) for b in q.branches]
        d[GUESSES] = q.guesses
        return d

    def prompt_dict(self, p: Prompt, sub: bool):
        if not (p.guidance or p.examples or p.probes or p.guesses):
            return p.text
        d: dict = {"text": p.text}
        if p.guidance:
            d["guidance"] = " ".join(p.guidance)
        if p.checklist and p.probes and not sub:
            d["checklist"] = True
        if p.examples:
            d["examples"] = (
                _examples(p.examples)
                if not sub
                else [e if isinstance(e, str) else e[0] for e in p.examples]
            )
        if p.probes:
            if sub:  # no third level in the format: deeper prompts become examples
                d.setdefault("examples", []).extend(x.text for x in p.probes)
            else:
                d["probes"] = [self.prompt_dict(x, sub=True) for x in p.probes]
        d[GUESSES] = p.guesses
        return d


CUE_VERB = re.compile(r"(?:tick|select|check|mark|circle)\b", re.I)


def checklists(q: Q) -> None:
    """A question or probe marked 'Tick all that apply' with a list under it (or after
    a colon): a checklist probe whose items are the list; else the mark stays a note."""
    for p in q.probes:
        if (p.tick or p.cue) and p.probes and not p.checklist:
            p.checklist = True
            if not p.tick:  # 'Probe: select any:' with a list under it
                p.guesses.append(
                    Guess(p.where, f"the list under it taken as items to tick ('{p.cue}')")
                )
        elif p.tick and not p.checklist:
            p.guidance.append(f"({TICK_LABEL})")
    listed = colon_list(q.text, least=2)
    cue = q.cue or (checklist_cue(listed[0]) if listed else "")
    if not q.tick and not cue:
        return  # a list after a colon with no word to tick it is said as written
    if listed and not q.probes:
        lead = listed[0].rstrip(":").strip()
        q.text = (lead + " these" if lead.endswith(" of") else lead) + "?"
        if not q.tick:
            q.guesses.append(
                Guess(q.where, f"the list after its ':' taken as items to tick ('{cue}')")
            )
        q.probes = [Prompt(TICK_LABEL, q.depth + 1, q.where, checklist=True)]
        q.probes[0].probes = [Prompt(i, q.depth + 2, q.where) for i in listed[1]]
    elif q.probes and not any(p.probes or p.checklist for p in q.probes):
        # headed by what the guide says ('Select one'), or 'Tick all that apply'
        label = TICK_LABEL if q.tick or not CUE_VERB.match(cue) else cue[:1].upper() + cue[1:]
        q.probes = [Prompt(label, q.depth + 1, q.where, probes=q.probes, checklist=True)]
        if not q.tick:
            q.guesses.append(Guess(q.where, f"the list under it taken as items to tick ('{cue}')"))
    elif not any(p.checklist for p in q.probes):
        q.guidance.append(f"({TICK_LABEL})" if q.tick else f"({q.cue or cue})")


def _examples(items: list) -> list:
    out = []
    for e in items:
        if isinstance(e, str):
            out.append(e)
        else:
            out.append({"text": e[0], "examples": list(e[1])})
    return out

"""Routing sentences to branches: each sentence's targets found among the guide's
sections and named so that the guide's loader finds them; otherwise the sentence stays
guidance, with a guess saying why."""

from __future__ import annotations

from prompter.guide.model import MAX_PROBES
from prompter.importer.flow import branch_label, parse_routes
from prompter.importer.nodes import Guess, Q, Sec, _all_sections, _inside
from prompter.importer.recognise import route_target, title_key
from prompter.text import one_line


class Branches:
    """The branch rules, applied at the end (a part of `rules._Builder`)."""

    # -- branches
    def resolve_routes(self, sections: list[Sec]) -> None:
        """Each question's routing sentences to `branches`, when every section they name
        is a section of the guide; otherwise the sentence stays as guidance (a guess)."""
        flat = list(_all_sections(sections))
        paths = _section_paths(sections)
        by_title: dict[str, list[Sec]] = {}
        by_number: dict[str, list[Sec]] = {}
        for sec in flat:
            by_title.setdefault(title_key(sec.bare or sec.title), []).append(sec)
            if sec.number:
                by_number.setdefault(sec.number, []).append(sec)
        # Without a number in any heading (Word's automatic numbering is not in the text),
        # 'section 3' is the third heading at the top level, kept or not (a guess).
        ordinal = [] if by_number else list(self.root.sections)
        look = (flat, paths, by_title, by_number, ordinal)
        for own in flat:
            for q in own.questions:
                for sentence, where in q.routes:
                    self.route(q, own, sentence, where, look)

    def route(self, q: Q, own: Sec, sentence: str, where: str, look) -> None:
        flat, paths, by_title, by_number, ordinal = look
        resolved, missing, unclear, notes = [], [], [], []
        for r in parse_routes(sentence):
            if r.next_section:
                found = [s for s in flat[flat.index(own) + 1 :] if not _inside(s, own)][:1]
            else:
                found, note = _find(r.to, by_title, by_number, ordinal, flat)
                notes.extend([note] if note else [])
                if len(found) > 1:  # a repeated title or number: the first after the question
                    after = [s for s in flat[flat.index(own) :] if s in found]
                    found = after[:1] or found[:1]
            to = _target(found[0], paths) if found and found[0] in flat else None
            if to is None and found and found[0] in flat:
                unclear.append(r.to)
            elif to is None:
                missing.append(r.to)
            else:
                resolved.append({"label": branch_label(r, q.text, found[0].title), "to": to})
        said = one_line(sentence)
        said = said if len(said) <= 60 else said[:57] + "..."
        added = [b for b in resolved if b not in q.branches][: MAX_PROBES - len(q.branches)]
        q.branches.extend(added)
        if added:
            read = "; ".join(f"{b['label']} -> {b['to']}" for b in added)
            how = f" ({'; '.join(notes)})" if notes else ""
            q.guesses.append(
                Guess(
                    where, f"'{said}' read as branch{'es' if len(added) > 1 else ''}: {read}{how}"
                )
            )
        if missing:
            name = one_line(missing[0])[:40]
            titles = [one_line(s.title) for s in flat]
            listed = ", ".join(titles[:12]) + (", ..." if len(titles) > 12 else "")
            q.guesses.append(
                Guess(
                    where,
                    f"'{said}' kept as guidance: '{name}' is not a section with questions "
                    f"in this guide; its sections: {listed}",
                )
            )
        elif unclear:
            q.guesses.append(
                Guess(
                    where,
                    f"'{said}' kept as guidance: '{one_line(unclear[0])[:40]}' is the title of "
                    "sections a branch cannot tell apart (rename one)",
                )
            )
        elif sentence in q.guidance:
            q.guidance.remove(sentence)  # the branches say it now


def _find(to: str, by_title, by_number, ordinal, flat) -> tuple[list[Sec], str]:
    """The sections a route's words name, by number, by title or both ('section 3
    (Payments task)'), and how they were found when that was a guess ('' if not)."""
    number, key = route_target(to)
    titled = by_title.get(key, []) if key else []
    numbered = by_number.get(number, []) if number else []
    if number and key:
        both = [s for s in numbered if s in titled]
        if both or not (titled or numbered):
            return both, ""
        if titled:  # a number out of date: the title is what the interviewer reads
            return titled, f"by its title: no section {number} of that title"
        return numbered, f"by its number: no section of that title is {number}"
    if key:
        return titled, ""
    if numbered:
        # sections numbered in each part ('Part A' holding '1.', '2.'): the outermost
        top = min(s.level for s in numbered)
        return [s for s in numbered if s.level == top], ""
    if ordinal and number.isdigit() and 0 < int(number) <= len(ordinal):
        sec = ordinal[int(number) - 1]
        kept = [s for s in flat if s is sec]
        return kept, f"the headings carry no numbers: section {number} read as the heading '" + (
            one_line(sec.title)[:40] + "'"
        )
    return [], ""


def _section_paths(sections: list[Sec], parent: tuple[str, ...] = ()):
    out = []
    for s in sections:
        path = parent + (s.title,)
        out.append((path, s))
        out.extend(_section_paths(s.sections, path))
    return out


def _target(sec: Sec, paths) -> str | None:
    """How a branch names `sec` so that the guide's loader finds it and only it: its
    title, or its path 'Parent / Title' when the title repeats (None if neither does)."""
    path = next(p for p, s in paths if s is sec)
    by_title = [p for p, _ in paths if p[-1] == sec.title]
    if len(by_title) == 1:
        return sec.title
    if len(path) == 1 or any("/" in t for t in path) or sum(1 for p, _ in paths if p == path) > 1:
        return None  # a top-level title that a sub-section repeats: the loader cannot tell
    return " / ".join(path)

"""Routing sentences to branches: each sentence's targets found among the guide's
sections and named so that the guide's loader finds them; otherwise the sentence stays
guidance, with a guess saying why."""

from __future__ import annotations

from prompter.guide.model import MAX_PROBES
from prompter.importer.flow import branch_label, parse_routes
from prompter.importer.nodes import Guess, Q, Sec, _all_sections, _inside
from prompter.importer.recognise import title_key
from prompter.text import one_line


class Branches:
    """The branch rules, applied at the end (a part of `rules._Builder`)."""

    # -- branches
    def resolve_routes(self, sections: list[Sec]) -> None:
        """Each question's routing sentences to `branches`, when every section they name
        is a section of the guide; otherwise the sentence stays as guidance (a guess)."""
        flat = list(_all_sections(sections))
        paths = _section_paths(sections)
        index: dict[str, list[Sec]] = {}
        for sec in flat:
            index.setdefault(title_key(sec.title), []).append(sec)
        for own in flat:
            for q in own.questions:
                for sentence, where in q.routes:
                    self.route(q, own, sentence, where, flat, paths, index)

    def route(self, q: Q, own: Sec, sentence: str, where: str, flat, paths, index) -> None:
        resolved, missing = [], []
        for r in parse_routes(sentence):
            if r.next_section:
                later = [s for s in flat[flat.index(own) + 1 :] if not _inside(s, own)]
                found = later[:1]
            else:
                found = index.get(title_key(r.to), [])
                if len(found) > 1:  # a repeated title: the first after the question
                    after = [s for s in flat[flat.index(own) :] if s in found]
                    found = after[:1] or found[:1]
            to = _target(found[0], paths) if found else None
            if to is None:
                missing.append(r.to)
            else:
                resolved.append({"label": branch_label(r, q.text, found[0].title), "to": to})
        said = one_line(sentence)
        said = said if len(said) <= 60 else said[:57] + "..."
        added = [b for b in resolved if b not in q.branches][: MAX_PROBES - len(q.branches)]
        q.branches.extend(added)
        if added:
            read = "; ".join(f"{b['label']} -> {b['to']}" for b in added)
            q.guesses.append(
                Guess(where, f"'{said}' read as branch{'es' if len(added) > 1 else ''}: {read}")
            )
        if missing:
            name = one_line(missing[0])[:40]
            q.guesses.append(
                Guess(
                    where,
                    f"'{said}' kept as guidance: '{name}' is not a section with questions "
                    "in this guide",
                )
            )
        elif sentence in q.guidance:
            q.guidance.remove(sentence)  # the branches say it now


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
    if any("/" in t for t in path) or sum(1 for p, _ in paths if p == path) > 1:
        return None
    return " / ".join(path)

"""Code labels to codes: the codebook in order of appearance (near matches taken as the
same code), labels given to the questions under or above them, and a section whose
every question is labelled split into a sub-section per label."""

from __future__ import annotations

import difflib

from prompter.importer.nodes import Guess, Q, Sec, _all_sections
from prompter.text import one_line

# Near spellings are looked for among this many codes of one level at most: a real
# codebook has tens, and the search is linear in them (quadratic over a hostile guide).
MAX_NEAR = 50


class Codebook:
    """The code label rules (a part of `rules._Builder`)."""

    # -- codes
    def apply_labels(self, sections: list[Sec]) -> list[dict]:
        book: list[dict] = []
        for _, path, where, sec in sorted(self.label_log, key=lambda e: e[0]):
            self.resolve(path, book, where, sec)  # the codebook in order of appearance
        for s in _all_sections(sections):
            s.codes = [
                self.resolve(c, book, s.where, s) if isinstance(c, tuple) else c for c in s.codes
            ]
            for q in s.questions:
                q.codes = [
                    self.resolve(c, book, q.where, s) if isinstance(c, tuple) else c
                    for c in q.codes
                ]
            self.label_section(s, book)
        top_names = {c["name"].casefold(): c for c in book}
        for s in sections:
            if (s.bare or s.title).casefold() in top_names:
                code = top_names[(s.bare or s.title).casefold()]
                if code["name"] not in s.codes:
                    s.codes.insert(0, code["name"])
                if s.description and "description" not in code:
                    code["description"] = " ".join(s.description)
        return self.tidy_codebook(book)

    def resolve(self, path: tuple[str, ...], book: list[dict], where: str, s: Sec) -> str:
        names, level = [], book
        for part in path:
            index = self.code_index(level)
            found = index.get(part.casefold())
            if found is None and 0 < len(level) <= MAX_NEAR:
                close = difflib.get_close_matches(part, [c["name"] for c in level], 1, 0.85)
                if close:
                    found = next(c for c in level if c["name"] == close[0])
                    g = Guess(
                        where,
                        f"code label '{one_line(part)}' taken as '{found['name']}' (a near match)",
                    )
                    said = self.near_said
                    if (id(s), g.where, g.message) not in said:  # a set: linear in labels
                        said.add((id(s), g.where, g.message))
                        s.guesses.append(g)
            if found is None:
                found = {"name": part}
                level.append(found)
                index.setdefault(part.casefold(), found)
            names.append(found["name"])
            level = found.setdefault("codes", [])
        return "/".join(names)

    def code_index(self, level: list[dict]) -> dict[str, dict]:
        """The codes of one level of the codebook by their names without case (the first
        of each name), kept beside it: a label is found in constant time."""
        indexes = self.code_indexes
        if id(level) not in indexes:
            index: dict[str, dict] = {}
            for c in level:
                index.setdefault(c["name"].casefold(), c)
            indexes[id(level)] = (level, index)  # the list kept alive: its id stays its own
        return indexes[id(level)][1]

    def tidy_codebook(self, codes: list[dict]) -> list[dict]:
        """Keys in the documented order; no empty lists of child codes."""
        out = []
        for c in codes:
            d = {"name": c["name"]}
            if c.get("description"):
                d["description"] = c["description"]
            if c.get("codes"):
                d["codes"] = self.tidy_codebook(c["codes"])
            out.append(d)
        return out

    def label_section(self, s: Sec, book: list[dict]) -> None:
        labels = [e for e in s.entries if e[0] == "label"]
        if not labels:
            return
        entries = s.entries
        first_q = next((i for i, e in enumerate(entries) if e[0] == "q"), None)
        before_mode = first_q is None or entries.index(labels[0]) < first_q
        groups: list[tuple[str, list[Q], str]] = []  # (code, questions, where of label)
        if before_mode:
            current = None
            for e in entries:
                if e[0] == "label":
                    current = (self.resolve(e[1], book, e[2], s), [], e[2])
                    groups.append(current)
                elif current is not None:
                    current[1].append(e[1])
            unlabelled = [e[1] for e in entries[: entries.index(labels[0])] if e[0] == "q"]
        else:
            waiting: list[Q] = []
            for e in entries:
                if e[0] == "q":
                    if e[1].after_label and groups:
                        groups[-1][1].append(e[1])
                        e[1].guesses.append(
                            Guess(
                                e[1].where,
                                "on the next page after a code label: kept with the label above it",
                            )
                        )
                    else:
                        waiting.append(e[1])
                else:
                    groups.append((self.resolve(e[1], book, e[2], s), waiting, e[2]))
                    waiting = []
            if waiting and groups:
                groups[-1][1].extend(waiting)
                waiting[0].guesses.append(
                    Guess(
                        waiting[0].where,
                        "after the last code label of its section: given that label",
                    )
                )
            unlabelled = []
        groups = [g for g in groups if g[1]]
        if not groups:
            return
        if unlabelled or s.sections:
            for code, qs, _ in groups:
                for q in qs:
                    q.codes.append(code)
            return
        # every question of the section is labelled: each label a sub-section
        merged: list[tuple[str, list[Q], str]] = []
        for g in groups:
            if merged and merged[-1][0] == g[0]:
                merged[-1][1].extend(g[1])
            else:
                merged.append(g)
        titles: dict[str, int] = {}
        for code, qs, where in merged:
            leaf = code.split("/")[-1]
            titles[leaf] = titles.get(leaf, 0) + 1
            title = leaf if titles[leaf] == 1 else f"{leaf} ({titles[leaf]})"
            sub = Sec(title, s.level + 1, where, codes=[code], questions=qs)
            if titles[leaf] > 1:
                sub.guesses.append(
                    Guess(where, f"a second block labelled '{leaf}': titled '{title}'")
                )
            s.sections.append(sub)
        s.questions = []

"""Build `Guide` objects from compact specs, without YAML (helpers for tests and bench).

    make_guide([
        {"title": "About you", "minutes": 5, "questions": [
            {"id": "role", "text": "What is your role?", "probes": ["How long?"]},
            "Where do you work?",                      # a bare string: text only, derived id
        ]},
        {"title": "Work", "codes": ["Setting"], "sections": [...]},
    ], codebook={"Setting": {"Space": {}, "Tools": {}}, "Wellbeing": {}})

`bundled(name)` is a bundled guide, loaded once. `FakeClock` and `FIXED_NOW` live in
`helpers` and are re-exported here for the benchmarks.
"""

from __future__ import annotations

import functools
import hashlib

from helpers import FIXED_NOW, FakeClock

from prompter.guide import Code, Guide, Prompt, Question, Section, derive_id, load_guide
from prompter.guide.bundled import resolve_guide

__all__ = ["FIXED_NOW", "FakeClock", "bundled", "demo_guide", "generated_guide", "make_guide"]


@functools.cache
def bundled(name: str | None = None) -> Guide:
    """A bundled guide by name ('demo'; None for the default Resilience Hub guide), loaded
    once per test run (guides are immutable)."""
    return load_guide(resolve_guide(name))


def _codes(spec: dict, parent: tuple[str, ...] = ()) -> tuple[Code, ...]:
    out = []
    for name, children in spec.items():
        desc, color = "", None
        if isinstance(children, tuple):  # (description, color, children)
            desc, color, children = children
        path = parent + (name,)
        out.append(Code(name, path, desc, color, _codes(children or {}, path)))
    return tuple(out)


def _prompt(p) -> Prompt:
    if isinstance(p, str):
        return Prompt(p)
    return Prompt(
        p["text"], p.get("guidance", ""), (), tuple(_prompt(s) for s in p.get("probes", ()))
    )


def _section(spec: dict, parent_path: tuple[str, ...], parent_codes: tuple[str, ...]) -> Section:
    path = parent_path + (spec["title"],)
    codes = parent_codes + tuple(c for c in spec.get("codes", ()) if c not in parent_codes)
    questions = []
    for q in spec.get("questions", ()):
        if isinstance(q, str):
            q = {"text": q}
        own = tuple(c for c in q.get("codes", ()) if c not in codes)
        questions.append(
            Question(
                id=q.get("id") or derive_id(q["text"]),
                text=q["text"],
                section_path=path,
                codes=codes + own,
                probes=tuple(_prompt(p) for p in q.get("probes", ())),
                guidance=q.get("guidance", ""),
                priority=q.get("priority", "core"),
            )
        )
    return Section(
        title=spec["title"],
        path=path,
        description=spec.get("description", ""),
        minutes=spec.get("minutes"),
        codes=codes,
        questions=tuple(questions),
        sections=tuple(_section(s, path, codes) for s in spec.get("sections", ())),
    )


def make_guide(
    sections: list[dict],
    *,
    title: str = "Test guide",
    version: str = "1",
    codebook: dict | None = None,
    minutes: float | None = None,
    path: str = "guides/test.yaml",
    sha256: str | None = None,
) -> Guide:
    if sha256 is None:
        sha256 = hashlib.sha256(repr((title, version, sections, codebook)).encode()).hexdigest()
    return Guide(
        title=title,
        sections=tuple(_section(s, (), ()) for s in sections),
        version=version,
        minutes=minutes,
        codebook=_codes(codebook or {}),
        path=path,
        sha256=sha256,
    )


DEMO_CODEBOOK = {
    "Setting": (
        "Where and how the work happens.",
        "#1F77B4",
        {"Space": ("The physical workspace.", None, {}), "Tools": {}},
    ),
    "Wellbeing": {},
}

DEMO_SECTIONS = [
    {
        "title": "About you",
        "minutes": 5,
        "questions": [
            {
                "id": "role",
                "text": "Could you tell me briefly about your job role?",
                "probes": ["How long have you been in this role?"],
            },
            {"id": "team", "text": "Who do you work with most days?", "priority": "optional"},
        ],
    },
    {
        "title": "Working days",
        "codes": ["Setting"],
        "sections": [
            {
                "title": "The space",
                "minutes": 10,
                "codes": ["Setting/Space"],
                "questions": [
                    {
                        "id": "where",
                        "text": "Where do you usually work when you are at home?",
                        "probes": [
                            "Do you share that space?",
                            {
                                "text": "What would make it better?",
                                "probes": ["Who would pay for that?"],
                            },
                        ],
                    },
                    {"id": "move", "text": "Do you move around during the day?"},
                ],
            },
            {
                "title": "Tools",
                "minutes": 8,
                "codes": ["Setting/Tools"],
                "questions": [
                    {
                        "id": "tools",
                        "text": "Which tools do you rely on most?",
                        "codes": ["Wellbeing"],
                        "probes": [
                            "Which one would you give up first?",
                            "What is missing?",
                            "Who chose them?",
                        ],
                    },
                    {
                        "id": "help",
                        "text": "Where do you get help when a tool fails?",
                        "priority": "optional",
                    },
                ],
            },
        ],
    },
]


def demo_guide(**kw) -> Guide:
    """A six-question guide with nesting, budgets, probes and a codebook."""
    kw.setdefault("title", "Demo: working from home")
    kw.setdefault("path", "guides/demo.yaml")
    kw.setdefault("minutes", 30)
    return make_guide(DEMO_SECTIONS, codebook=DEMO_CODEBOOK, **kw)


def generated_guide(
    n: int, *, per_section: int = 10, sections_per_part: int = 5, probes: int = 3
) -> Guide:
    """A guide of `n` questions in parts of sections (two levels), with probes and codes."""
    codebook = {f"Theme {t}": {f"Sub {t}.{u}": {} for u in range(4)} for t in range(6)}
    parts: list[dict] = []
    q = 0
    s = 0
    while q < n:
        if s % sections_per_part == 0:
            parts.append(
                {
                    "title": f"Part {len(parts) + 1}",
                    "minutes": 10,
                    "sections": [],
                    "codes": [f"Theme {len(parts) % 6}"],
                }
            )
        qs = []
        for _ in range(min(per_section, n - q)):
            qs.append(
                {
                    "id": f"q{q:04d}",
                    "text": f"Question {q}: could you tell me about the way your organisation handles topic {q}?",
                    "probes": [
                        f"Probe {k + 1} of question {q}: can you give an example?"
                        for k in range(probes)
                    ],
                    "codes": [f"Theme {q % 6}/Sub {q % 6}.{q % 4}"],
                    "priority": "core" if q % 3 else "optional",
                }
            )
            q += 1
        parts[-1]["sections"].append({"title": f"Section {s + 1}", "minutes": 3, "questions": qs})
        s += 1
    return make_guide(
        parts,
        title=f"Generated guide ({n} questions)",
        codebook=codebook,
        path=f"generated-{n}.yaml",
    )

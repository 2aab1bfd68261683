"""The guide the branch tests share: conditions, branches, a check, a checklist probe,
section guidance, emphasis and a bracketed note in the introduction; `write_guide`
puts it (or another text) in a file and loads it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from prompter.guide import Guide, load_guide

BRANCH_GUIDE = """\
title: Site study
introduction: |
  Thank you for **taking part**.

  [Start the recorder now.]
closing: That is _everything_.
sections:
  - title: Before we start
    questions:
      - {id: consent, text: Consent obtained, kind: check}
      - {id: recording, text: Recording started, kind: check, priority: optional}
  - title: Screening
    guidance: Say "first, a few questions about you"
    description: Who they are.
    questions:
      - id: visited
        text: Have you **visited** the new site?
        condition: Only if they use the internet
        branches:
          - {label: Visited the site, to: General usability test}
          - {label: Not visited, to: Closing / Wrap-up}
      - id: role
        text: What is your role?
        probes:
          - text: Which of these tools do you use?
            checklist: true
            probes: [Email, Chat, Video calls]
          - How long have you done it?
  - title: General usability test
    condition: Only if they visited the site
    guidance: Now I'd like to move on to the site itself.
    questions:
      - id: first-look
        text: What did you notice first?
      - id: find
        text: Could you find what you needed?
  - title: Closing
    sections:
      - title: Wrap-up
        questions:
          - id: anything
            text: Anything else?
"""


def write_guide(folder: Path, text: str = BRANCH_GUIDE, name: str = "guide.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def branch_guide(folder: Path) -> Guide:
    return load_guide(write_guide(folder))

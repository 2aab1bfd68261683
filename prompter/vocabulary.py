"""The controlled words of the guide and session file formats, in one module that imports
nothing, so that readers (tally, export) can check files without loading the core."""

SCHEMA_VERSION = 1  # of the session file (docs/session-format.md)

# A question's status in a session: the lifecycle order (pending first). Tallies show
# the marks first and pending last (prompter.analysis.tally.STATUSES).
STATUSES = ("pending", "asked", "probed", "skipped", "covered", "not_applicable")
STATES = ("in_progress", "finished")  # of a session
# The statuses that count as the topic having come up (a question's codes covered).
RAISED = frozenset({"asked", "probed", "covered"})

PRIORITIES = ("core", "optional")  # of a question
KINDS = ("question", "check")  # a check (consent given, recording started) is ticked, not asked
ALIGNS = ("text", "timeline")  # how a transcript's cues go to questions (docs/transcripts.md)

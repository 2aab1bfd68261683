"""One interview's session: the state and its actions (`model`), the values it records
(`state`), its clock (`clock`) and undo history (`history`), times derived from it
(`timeline`), and its file: where it goes (`paths`), how it is rendered
(`render`) and saved (`atomic`, `writer`), read and checked (`read`), and
resumed (`resume`). Pure Python; no textual.

The model's names are re-exported here; the file modules are imported by name.
"""


# The model's names are loaded on first use (PEP 562), so that importing a file module
# such as prompter.session.read does not load the session core: `tally` starts faster.
def __getattr__(name: str):
    if name in __all__:
        from prompter.session import model

        return getattr(model, name)
    raise AttributeError(f"module 'prompter.session' has no attribute {name!r}")


__all__ = [
    "ACTIONS",
    "STATES",
    "STATUSES",
    "Bookmark",
    "Event",
    "QuestionState",
    "RemovedQuestion",
    "Session",
    "clean_text",
]

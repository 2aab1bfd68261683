"""What `prompter tally` and `prompter export` do (pure; no textual): `read` finds and
reads many session files, `tally` counts, `export/` writes the formats; the commands
are `prompter.commands.analysis`.

They read only session files (which are self-contained) and, for the REFI-QDA
codebook, guide files: see docs/analysis.md.
"""

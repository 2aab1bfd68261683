"""The analysis commands, `prompter tally` and `prompter export` (pure; no textual).

They read only session files (which are self-contained) and, for the REFI-QDA
codebook, guide files: see docs/analysis.md.
"""

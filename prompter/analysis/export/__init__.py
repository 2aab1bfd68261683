"""`prompter export`'s formats, one module each (pure; no textual): `long_csv` (one
row per session and question), `matrix` (Framework Method), `markdown` (a write-up
per session) and `qdc` (a REFI-QDA codebook)."""

"""Every command of `prompter`, one module per command or family: `interview` (run,
resume), `serve` (its server in `serve_web`), `review`, `guides` (validate, schema,
import), `analysis` (tally, export; run by `analysis_handlers`), `study` (overview,
report), `transcript`, `config`; `session_files`: what the commands that read many
session files share.

Each module has `register(subparsers) -> {command: handler}` and imports nothing heavy
at import time: `prompter.cli` builds one command's parser without importing the other
modules, and a handler imports what it uses when it runs. A handler returns the exit
status, or raises one of `prompter.errors`' errors, which the door turns into one.
"""

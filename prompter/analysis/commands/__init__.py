"""The `tally` and `export` commands (pure; never imports textual): `args` builds
their parsers, `handlers` runs them, `output` writes what they make and says what
went wrong, one line per problem naming the file.

A handler takes the parsed arguments and returns the exit status: 0 when every
file was used, 1 when any file was skipped (the rest is still processed) or the
output could not be written, 2 for a usage error.
"""

from prompter.analysis.commands.args import register

__all__ = ["register"]

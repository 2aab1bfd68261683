"""`prompter config path`: where the user's config file is read from (see prompter.config)."""

from __future__ import annotations


def register(subparsers) -> dict:
    config = subparsers.add_parser(
        "config",
        help="the user config file (defaults and keymap)",
        description="The user config file: a TOML file with optional theme, interviewer, "
        "sessions_dir and a [keymap] of binding id = keys. PROMPTER_CONFIG "
        "names another file.",
    )
    sub = config.add_subparsers(dest="config_command", metavar="WHAT", required=True)
    sub.add_parser("path", help="print where the config file is (it need not exist)")
    return {"config": cmd_config}


def cmd_config(args) -> int:
    from prompter.config import config_path, load_config
    from prompter.output import write_output
    from prompter.text import one_line

    path = config_path()
    status = write_output(None, one_line(str(path)) + "\n", False)
    load_config(path)  # a file that is there but unusable is reported (exit 1)
    return status

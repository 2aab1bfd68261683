"""The user's config file: defaults for `run` and a keymap for the interview screen.

A TOML file in the user's config folder (`prompter config path` prints where;
`PROMPTER_CONFIG` names another). Every key is optional:

    theme = "prompter-high-contrast"
    interviewer = "AB"
    sessions_dir = "~/interviews"
    escape_delay_ms = 50  # how long an escape waits for the rest of a key's sequence

    [keymap]              # binding id = keys (comma-separated); ids in the README
    "mark.asked" = "enter"
    "next" = "j,down,space"

Pure: reads and checks the file's form only. Whether the keymap's ids and keys suit
the screen is checked by the screen, at start, before anything is shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from prompter.errors import PrompterError

CONFIG_ENV = "PROMPTER_CONFIG"
TOP_KEYS = ("theme", "interviewer", "sessions_dir", "escape_delay_ms", "keymap")
ESCAPE_DELAY_RANGE = (1, 1000)  # milliseconds


class ConfigError(PrompterError):
    """The config file cannot be used; the message names the file (and line)."""


@dataclass(frozen=True, slots=True)
class Config:
    theme: str | None = None
    interviewer: str | None = None
    sessions_dir: Path | None = None
    escape_delay_ms: int | None = None  # None: $ESCDELAY, else the screen's default
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the file read (None: there was none)


def config_path() -> Path:
    """Where the config file is: $PROMPTER_CONFIG, else the user's config folder."""
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_path

    return user_config_path("prompter", appauthor=False) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default `config_path()`); no file is an empty config."""
    from prompter import files

    path = config_path() if path is None else Path(path)
    try:
        raw = files.read_regular(path, 1_000_000)
    except files.NotReadable as e:
        if e.kind == files.MISSING:
            return Config()  # the usual case: nothing more to import or read (start-up)
        if e.kind in (files.FOLDER, files.SPECIAL):
            why = "the config is not a regular file"
        elif e.kind == files.TOO_LARGE:
            why = "the config is larger than 1 MB"
        else:
            why = f"cannot read the config: {e.error.strerror or e.error}"
        from prompter.text import one_line

        raise ConfigError(f"{one_line(str(path))}: {why}") from None
    import tomllib

    from prompter.text import one_line

    shown = one_line(str(path))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: the config is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{shown}: not valid TOML: {one_line(str(e))}") from None
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise ConfigError(
            f"{shown}: unknown setting '{one_line(unknown[0])}'; the settings "
            f"are {', '.join(TOP_KEYS)}"
        )
    for name in ("theme", "interviewer", "sessions_dir"):
        if name in data and not isinstance(data[name], str):
            raise ConfigError(f"{shown}: '{name}' must be a string")
    delay = data.get("escape_delay_ms")
    low, high = ESCAPE_DELAY_RANGE
    if delay is not None and (
        not isinstance(delay, int) or isinstance(delay, bool) or not low <= delay <= high
    ):
        raise ConfigError(
            f"{shown}: 'escape_delay_ms' must be a whole number of milliseconds from "
            f"{low} to {high}"
        )
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keymap.items()
    ):
        raise ConfigError(
            f'{shown}: [keymap] maps binding ids to keys, such as "mark.asked" = "enter"'
        )
    sessions = data.get("sessions_dir")
    return Config(
        theme=data.get("theme") or None,
        interviewer=data.get("interviewer"),
        sessions_dir=Path(sessions).expanduser() if sessions else None,
        escape_delay_ms=delay,
        keymap={k: ",".join(p.strip() for p in v.split(",")) for k, v in keymap.items()},
        path=path,
    )

"""The JSON Schema of the guide format, shipped beside this module."""

from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "guide.schema.json"


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")

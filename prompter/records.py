"""Plain record classes: what `dataclasses` gives (`__init__` aside), written out once.

Every command imports the models at start-up; `dataclasses` (with `inspect`) and the
code it generates for each class cost milliseconds there (docs/benchmarks.md). A
record lists its fields in `__slots__` and writes its own `__init__`; equality and
repr go by the fields, less those in `_hidden`, which neither compare nor show.
Imports nothing.
"""

from __future__ import annotations


class Record:
    """A mutable record (as a dataclass with `eq`: equal by value, so not hashable)."""

    __slots__ = ()
    _hidden: tuple[str, ...] = ()

    def _names(self) -> tuple[str, ...]:
        """The fields that compare and show (cached per class)."""
        cls = type(self)
        names = _SHOWN.get(cls)
        if names is None:
            names = _SHOWN[cls] = tuple(k for k in fields(cls) if k not in cls._hidden)
        return names

    def _values(self) -> tuple:
        return tuple(getattr(self, k) for k in self._names())

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(self._names(), self._values(), strict=True))
        return f"{type(self).__qualname__}({shown})"


class Frozen(Record):
    """A record whose fields cannot change after `__init__` (as a frozen dataclass:
    hashable, AttributeError on assignment). Its `__init__` sets them with `_set`."""

    __slots__ = ()

    def _set(self, **fields) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self):  # copy and pickle build it again through __init__
        return (type(self), tuple(getattr(self, k) for k in fields(self)))


def fields(record) -> tuple[str, ...]:
    """The field names of a record or record class, in order (its `__init__` takes them by
    these names). A `__dict__` slot (room for cached properties) is not a field."""
    cls = record if isinstance(record, type) else type(record)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(k for k in cls.__slots__ if k != "__dict__")
    return names


_FIELDS: dict[type, tuple[str, ...]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def replace(record, **changes):
    """A copy of `record` with `changes` (as `dataclasses.replace`)."""
    return type(record)(**{k: getattr(record, k) for k in fields(record)} | changes)

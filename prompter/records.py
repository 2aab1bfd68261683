"""Plain record classes: what `dataclasses` gives (`__init__` aside), written out once.

Every command imports the models at start-up; `dataclasses` (with `inspect`) and the
code it generates for each class cost milliseconds there (docs/benchmarks.md). A
record lists its fields in `__slots__` and writes its own `__init__`; equality and
repr go by the fields, less those in `_hidden`, which neither compare nor show.
Imports only `operator` (built in).
"""

from __future__ import annotations

from operator import attrgetter


class Record:
    """A mutable record (as a dataclass with `eq`: equal by value, so not hashable)."""

    __slots__ = ()
    _hidden: tuple[str, ...] = ()

    def _names(self) -> tuple[str, ...]:
        """The fields that compare and show."""
        return _compared(type(self))[0]

    def _values(self) -> tuple:
        return _compared(type(self))[1](self)

    def __eq__(self, other):
        if other is self:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        get = _compared(type(self))[1]
        return get(self) == get(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(self._names(), self._values(), strict=True))
        return f"{type(self).__qualname__}({shown})"


class Frozen(Record):
    """A record whose fields cannot change after `__init__` (as a frozen dataclass:
    hashable, AttributeError on assignment). Its `__init__` sets them with `_set`."""

    __slots__ = ()

    def _set(self, **values) -> None:
        for name, value in values.items():
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


def _compared(cls) -> tuple[tuple[str, ...], object]:
    """The fields of `cls` that compare and show, and a function giving their values as a
    tuple (made once per class)."""
    found = _COMPARED.get(cls)
    if found is None:
        names = tuple(k for k in fields(cls) if k not in cls._hidden)
        # attrgetter of several names gives a tuple (in C); of one or none, not.
        get = (
            attrgetter(*names)
            if len(names) > 1
            else lambda r: tuple(map(r.__getattribute__, names))
        )
        found = _COMPARED[cls] = (names, get)
    return found


_FIELDS: dict[type, tuple[str, ...]] = {}
_COMPARED: dict[type, tuple[tuple[str, ...], object]] = {}


def replace(record, **changes):
    """A copy of `record` with `changes` (as `dataclasses.replace`)."""
    return type(record)(**{k: getattr(record, k) for k in fields(record)} | changes)

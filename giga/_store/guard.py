"""The one boundary where the store's ``sqlite3.Error`` and ``OSError`` become a
one-line :class:`~giga.errors.StorageError` naming the cause (damaged file, read-only,
disk full, locked) and what to do.

``guarded`` wraps every public method and property of the facade class, so no caller of
``giga.Giga`` (the CLI, a notebook) ever sees a raw database exception or a traceback
of one; iterators it returns are wrapped too, as they read while they are consumed.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..errors import StorageError

T = TypeVar("T")
_CAUGHT = (sqlite3.Error, OSError)


def _iterate(items: Iterator[Any], path: object) -> Iterator[Any]:
    try:
        yield from items
    except _CAUGHT as exc:
        raise StorageError.from_exception(exc, path) from exc


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
        except _CAUGHT as exc:
            raise StorageError.from_exception(exc, getattr(self, "path", None)) from exc
        if inspect.isgenerator(result):
            return _iterate(result, getattr(self, "path", None))
        return result

    return call


def guarded(cls: type[T]) -> type[T]:
    """``cls`` with its public methods, properties and ``__init__`` guarded."""
    for name, attr in list(vars(cls).items()):
        if name.startswith("_") and name != "__init__":
            continue
        if isinstance(attr, property):
            setattr(cls, name, property(_guard(attr.fget) if attr.fget else None,
                                        _guard(attr.fset) if attr.fset else None, attr.fdel, attr.__doc__))
        elif inspect.isfunction(attr):
            setattr(cls, name, _guard(attr))
    return cls

"""Reading a user's file with a size bound, so a huge or wrong file fails clearly."""

from __future__ import annotations

import os

from .errors import InputError


def read_bounded(path: str | os.PathLike[str], limit: int, error: type[InputError] = InputError) -> bytes:
    """The file's bytes; ``error(path, reason)`` when unreadable or over ``limit`` bytes."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(name, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(name, f"file is larger than {limit // 2**20} MB")
    return data

"""Reading a user's file with a size bound, so a huge or wrong file (a FIFO, a device)
fails clearly and at once."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from .errors import InputError


def read_bounded(path: str | os.PathLike[str], limit: int, error: type[InputError] = InputError) -> bytes:
    """The file's bytes; ``error(path, reason)`` when unreadable or over ``limit`` bytes."""
    name = os.fspath(path)
    try:
        with open_regular(name) as handle:
            data = handle.read(limit + 1)
    except NotRegular as exc:
        raise error(name, str(exc)) from None
    except OSError as exc:
        raise error(name, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(name, f"file is larger than {limit // 2**20} MB")
    return data


class NotRegular(OSError):
    """A FIFO, device, socket or folder where a file was expected."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def open_regular(name: str) -> BinaryIO:
    """``name`` opened for reading in binary, or ``NotRegular`` at once when it is not a
    regular file. Opened without blocking and checked on the open descriptor, so a FIFO
    never makes the reader wait for a writer (forever), and a file swapped for one
    between a check and the open is caught too."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _KINDS if test(mode)), "a special file")
            raise NotRegular(f"{kind}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

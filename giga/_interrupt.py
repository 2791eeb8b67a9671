"""Ctrl-C while the ``giga`` command is still starting up.

Importing giga takes a few tenths of a second; a Ctrl-C then would print a traceback
of imports. When this process *is* the giga command (the console script, or
``python -m giga``), a SIGINT before ``giga.cli.main`` runs prints one line and exits
130; ``giga.cli.main`` then puts Python's own handler back and turns a Ctrl-C into the same
line. A program that imports giga as a library is left alone.
"""

from __future__ import annotations

import os
import signal
import sys


def _quit(signum: int, frame: object) -> None:
    os.write(2, b"Interrupted.\n")
    os._exit(130)


def _is_giga_command() -> bool:
    argv = list(getattr(sys, "orig_argv", []))
    if len(argv) >= 2 and os.path.basename(argv[1]).removesuffix(".exe") == "giga":
        return True  # the console script: python /path/bin/giga ...
    return any(a == "-m" and b == "giga" for a, b in zip(argv, argv[1:]))


def quiet_start() -> None:
    """In the giga command, a Ctrl-C during start-up exits 130 with one line."""
    if _is_giga_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        try:
            signal.signal(signal.SIGINT, _quit)
        except ValueError:  # not the main thread: not the command's start-up either
            pass


quiet_start()

"""What the store tells the person at the keyboard without failing: a database was
created, another process holds the lock, a hand-edited value was read leniently.

Notices go to the ``giga._store`` logger: a library caller sees warnings only (Python's
last-resort handler prints them on stderr, or the caller's own logging config does);
the command line also shows the INFO ones on stderr (``giga.cli``), never on stdout,
so JSON output stays clean.
"""

from __future__ import annotations

import logging

log = logging.getLogger("giga._store")
_said: set[str] = set()


def inform(message: str) -> None:
    """Something worth knowing that needs no action (a new database, a wait)."""
    log.info(message)


def warn_once(message: str) -> None:
    """A stored value giga read leniently; said once per process, however often read."""
    if message not in _said:
        _said.add(message)
        log.warning(message)

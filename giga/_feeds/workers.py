"""Parse workers that die with their parent.

``giga fetch`` runs unattended; if it is killed hard (SIGKILL, the OOM killer, a
container stopping), a process pool's workers are not told: they sit forever waiting
for work that will never come, each holding memory and sockets. A worker started with
:func:`watch_parent` checks twice a second that its parent is still the one that
started it, and exits at once when it is not.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["watch_parent", "POLL_SECONDS"]

POLL_SECONDS = 0.5


def watch_parent(parent_pid: int) -> None:
    """Pool initializer: exit this worker as soon as ``parent_pid`` is gone."""
    threading.Thread(target=_watch, args=(parent_pid,), name="giga-parent-watch", daemon=True).start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    os._exit(1)  # the parent is gone: no one will read what this worker produces

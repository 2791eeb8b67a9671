"""Run the giga CLI as a real child process and measure it (peak RSS, wall time).

Shared by the reliability tests and benchmarks/reliability.py. Peak memory comes from
``os.wait4``: the kernel's ru_maxrss of that one child, which on Linux also covers the
grandchildren it reaped (giga's parse workers), so the number is the run's own, not the
maximum over every process the test session ever started.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def giga_env(db: Path) -> dict[str, str]:
    """The environment for a giga child: this checkout first on the path, the DB given."""
    path = os.pathsep.join(p for p in (str(CHECKOUT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "GIGA_DB": str(db), "COLUMNS": "200", "PYTHONPATH": path}


def start_giga(db: Path, *args: str, **popen: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-m", "giga", *args], env=giga_env(db), **popen
    )


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_giga(db: Path, *args: str, timeout: float = 120.0) -> Run:
    """Run ``giga ARGS`` to completion (killed after ``timeout``) and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = start_giga(db, *args, stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,  # KiB on Linux
        )

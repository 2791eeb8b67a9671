"""Run the giga CLI as a real child process and measure it (peak RSS, wall time).

Shared by the reliability tests and benchmarks/reliability.py. Peak memory comes from
``os.wait4``: the kernel's ru_maxrss of the giga process, which on Linux also covers the
grandchildren it reaped (giga's parse workers). A child forked (or vforked) straight from
a big process inherits that process's RSS as its starting high-water mark (a pytest
session that has loaded scikit-learn reads ~400 MB before giga does anything), so giga
is started by a small launcher process that measures it and reports the figure.
"""

from __future__ import annotations

import os
import signal
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


# Runs the command in argv[2:], waits for it and writes its ru_maxrss (KiB) to argv[1].
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_giga(db: Path, *args: str, timeout: float = 120.0) -> Run:
    """Run ``giga ARGS`` to completion (killed after ``timeout``) and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "maxrss"
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), sys.executable, "-m", "giga", *args],
            env=giga_env(db), stdout=out, stderr=err, start_new_session=True,
        )
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        peak_kib = float(report.read_text()) if report.exists() else float("nan")
        return Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            peak_kib / 1024,  # KiB on Linux
        )

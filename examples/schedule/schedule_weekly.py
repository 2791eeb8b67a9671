"""Schedule the weekly run: print a cron line or a launchd agent, or run the notebook now.

    python examples/schedule/schedule_weekly.py cron      # a crontab line (Linux, BSD)
    python examples/schedule/schedule_weekly.py launchd   # a LaunchAgent plist (macOS)
    python examples/schedule/schedule_weekly.py run --out runs/ [--demo]

`run` executes notebooks/weekly.ipynb with papermill (pip install "giga[notebook]") into
a dated copy with all outputs, ready to open on Monday morning. The schedule only runs
this command; giga itself never sends anything.
"""

from __future__ import annotations

import argparse
import plistlib
import shlex
import sys
from datetime import date
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "weekly.ipynb"
HOUR, MINUTE, WEEKDAY = 7, 30, 1  # Mondays at 07:30


def command(out: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "run", "--out", str(out)]


def cron_line(out: Path) -> str:
    """minute hour day-of-month month day-of-week command (crontab(5))."""
    return f"{MINUTE} {HOUR} * * {WEEKDAY} {shlex.join(command(out))} >> {shlex.quote(str(out / 'giga.log'))} 2>&1"


def launchd_plist(out: Path) -> bytes:
    """A user LaunchAgent: save as ~/Library/LaunchAgents/org.giga.weekly.plist, then
    `launchctl load` it (launchd.plist(5): StartCalendarInterval)."""
    return plistlib.dumps({
        "Label": "org.giga.weekly",
        "ProgramArguments": command(out),
        "StartCalendarInterval": {"Weekday": WEEKDAY, "Hour": HOUR, "Minute": MINUTE},
        "StandardOutPath": str(out / "giga.log"),
        "StandardErrorPath": str(out / "giga.log"),
    })


def run(out: Path, demo: bool, db: str) -> Path:
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    target = out / f"weekly-{date.today():%Y-%m-%d}.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(target), parameters={"DEMO": demo, "DB_PATH": db},
                               kernel_name="python3", progress_bar=False)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["cron", "launchd", "run"])
    parser.add_argument("--out", type=Path, default=Path.home() / "giga-weekly", help="folder for runs and logs")
    parser.add_argument("--demo", action="store_true", help="run on the bundled demo data (offline)")
    parser.add_argument("--db", default="", help="your database (default: the usual one)")
    args = parser.parse_args()
    out = args.out.expanduser().resolve()
    if args.what == "cron":
        print(cron_line(out))
    elif args.what == "launchd":
        sys.stdout.write(launchd_plist(out).decode())
    else:
        print(f"wrote {run(out, args.demo, args.db)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

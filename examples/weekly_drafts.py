"""The weekly job as a script: refresh, then write one unsent .eml draft per contact due.

    python examples/weekly_drafts.py --out drafts/ [--db PATH] [--demo]

Open the .eml files in your mail program (Outlook opens them as drafts; in Thunderbird
use "Edit as New"), edit, send the ones you like, and record them with
`giga log NAME --shared URL`. Nothing is sent by this script.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import giga
from giga.errors import GigaError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the .eml files")
    parser.add_argument("--db", type=Path, help="your database (default: giga.db in your user data folder)")
    parser.add_argument("--demo", action="store_true", help="use the bundled demo data (offline)")
    args = parser.parse_args()

    if args.demo:
        g = giga.open_demo(args.db or args.out / "demo.db")
        window = None  # the demo articles are dated: no age limit
    else:
        g = giga.open(args.db)
        summary = g.fetch()  # one bad feed never stops the run: failures are listed
        print(f"refreshed: {summary.new_articles} new articles, {summary.failed} feeds failed")
        window = 14
    with g:
        week = g.drafts(top=1, max_age_days=window)
        for warning in week.warnings:
            print("note:", warning)
        try:
            paths = g.export_drafts(week, "eml", args.out, datetime.now().astimezone())
        except GigaError as error:
            print(error)
            return 1
        for path in paths:
            print(path)
        print(f"{len(paths)} drafts written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

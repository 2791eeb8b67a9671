"""Quickstart: the whole giga loop through the Python API, offline, on the demo data.

    python examples/quickstart.py [--db PATH]

1. open a database filled with the bundled demo feeds and contacts,
2. see who is due for a touch,
3. get suggestions with reasons and a draft note for each,
4. record that you sent one (a give in the ledger; it is never suggested again).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import giga


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="giga-quickstart-")) / "demo.db"

    # With your own data: g = giga.open("my.db"); g.import_opml("feeds.opml"); g.fetch()
    with giga.open_demo(path) as g:
        print(f"{len(g.feeds())} feeds, {len(g.articles())} articles, {len(g.contacts())} contacts in {g.path}")

        due = g.due(limit=3)
        print("\nDue for a touch:", ", ".join(d.contact.name for d in due))

        # max_age_days=None: no age limit (the demo articles are dated November 2026)
        suggestions = g.suggest(due[0].contact.name, top=2, max_age_days=None)
        for s in suggestions:
            print(f"\n{s.contact.name} <- {s.article.title}  (score {s.score:.2f})")
            print("why:", "; ".join(s.why))
            print(s.draft)

        first = next(iter(suggestions))
        g.accept(first)  # you sent it: same as `giga log NAME --shared URL`
        ledger = g.ledger(first.contact.name)
        print(f"Recorded. {first.contact.name}: {ledger.gives} gives, {ledger.asks} asks.")


if __name__ == "__main__":
    main()

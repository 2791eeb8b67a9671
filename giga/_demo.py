"""The bundled demo: feeds, contacts and a little history, ingested offline.

Used by ``giga demo``, the weekly notebook, the examples and the tests, so all of them
show the same small world. The history is stored as "days ago" and logged relative to
today, so the demo never goes stale.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from ._settings import utc_now
from .core import Giga

DEMO_SIGNATURE = "Best,\nSam (the giga demo)"


def demo_data() -> Path:
    """The folder of bundled demo files (feeds/, opml/demo.opml, contacts.csv, history.csv)."""
    return Path(str(resources.files("giga") / "demo_data"))


def open_demo(path: str | Path, *, clock: Callable[[], datetime] | None = None, history: bool = True) -> Giga:
    """A :class:`Giga` on ``path`` filled with the demo data (only the first time: an
    existing demo database is opened as it is)."""
    folder = demo_data()
    g = Giga(path, parse_workers=1, clock=clock or utc_now)
    if g.feeds():
        return g
    g.import_opml(folder / "opml" / "demo.opml")
    g.fetch()
    g.import_contacts(folder / "contacts.csv", "csv")
    g.set_setting("signature", DEMO_SIGNATURE)
    if history:
        _log_history(g, folder / "history.csv")
    return g


def _log_history(g: Giga, path: Path) -> None:
    today = g.today()
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            on = today - timedelta(days=int(row["days_ago"]))
            text = row["text"] or None
            g.log(row["contact"], row["kind"], text,
                  url=row["url"] or None, on=on)

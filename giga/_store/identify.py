"""Is this SQLite file giga's? Asked before anything is written to it.

A file is giga's when it records giga's migrations (``_giga_migrations``). A file with
no tables is new. A file holding giga's core tables but an empty or missing migration
record was damaged (by hand, or a tool); migrating it would fail half-way with "table
feeds already exists", so it is refused with a line saying why. Anything else is
another program's database and is refused untouched.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..errors import StorageError

# Tables every giga database has had since its first migrations.
CORE_TABLES = frozenset({"feeds", "articles", "article_feeds", "contacts", "interactions", "settings"})


def check_giga_file(db: sqlite_utils.Database, path: Path) -> None:
    """Return when ``db`` is new or giga's; otherwise raise a one-line StorageError."""
    tables = {name for (name,) in db.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")}
    if not tables:
        return
    recorded = "_giga_migrations" in tables and db.execute(
        "select count(*) from _giga_migrations").fetchone()[0] > 0
    if recorded:
        return
    if CORE_TABLES <= tables:
        raise StorageError(
            f"{path}: giga's tables are there but the file's migration record (_giga_migrations) "
            f"is {'empty' if '_giga_migrations' in tables else 'missing'}, so giga cannot tell its "
            f"schema version; restore a backup (the file was left untouched)")
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise StorageError(
        f"{path} is another program's database (tables: {shown}), not giga's; "
        f"it was left untouched: give giga a new file")

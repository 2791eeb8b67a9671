"""The schema, defined in one place as ordered migrations.

Each migration runs once, inside a write transaction, and is recorded in
``_giga_migrations``. New migrations are appended; released ones are never edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

from ..errors import StorageError
from .connection import write_transaction

Migration = Callable[[sqlite_utils.Database], None]


def _m001_feeds_and_articles(db: sqlite_utils.Database) -> None:
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "site_url": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "added_at": str,
            "last_fetched_at": str,
            "last_ok_at": str,
            "error_count": int,
            "last_error": str,
            "retry_not_before": str,
            "contact_id": int,  # a contact's own feed (contacts arrive in a later migration)
        },
        pk="id",
        not_null={"url", "added_at", "error_count"},
        defaults={"error_count": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    db["articles"].create(
        {
            "id": str,  # storage key: a global id (URL, urn:, tag:) or "<feed url>#<guid>"
            "guid": str,  # the id the feed gave (or giga's fallback)
            "feed_id": int,  # the first feed it came from
            "url": str,  # canonical URL
            "title": str,
            "author": str,
            "published": str,  # ISO 8601 UTC
            "updated": str,
            "summary": str,
            "content": str,
            "categories": str,  # JSON array of terms
            "fetched_at": str,
        },
        pk="id",
        not_null={"feed_id", "title", "fetched_at"},
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db["articles"].create_index(["url"])
    db["articles"].create_index(["feed_id"])
    db["articles"].create_index(["published"])
    db["article_feeds"].create(
        {"article_id": str, "feed_id": int},
        pk=("article_id", "feed_id"),
        foreign_keys=[("article_id", "articles", "id"), ("feed_id", "feeds", "id")],
    )
    db["article_feeds"].create_index(["feed_id"])


MIGRATIONS: list[tuple[str, Migration]] = [
    ("feeds and articles", _m001_feeds_and_articles),
]


def schema_version(db: sqlite_utils.Database) -> int:
    if "_giga_migrations" not in db.table_names():
        return 0
    row = db.execute("select max(version) from _giga_migrations").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema up to date; returns the resulting version."""
    with write_transaction(db):
        if "_giga_migrations" not in db.table_names():
            db["_giga_migrations"].create(
                {"version": int, "name": str, "applied_at": str}, pk="version"
            )
        current = schema_version(db)
        if current > len(MIGRATIONS):
            raise StorageError(
                f"database schema version {current} is newer than this giga understands "
                f"({len(MIGRATIONS)}); upgrade giga"
            )
        for version, (name, apply) in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            apply(db)
            db["_giga_migrations"].insert(
                {
                    "version": version,
                    "name": name,
                    "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                }
            )
    return len(MIGRATIONS)

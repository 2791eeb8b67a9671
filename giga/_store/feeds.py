"""Feed rows: subscribe, unsubscribe, list, and record what each fetch attempt found."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from ..errors import FeedNotFoundError
from ..types import Feed
from .connection import write_transaction
from .timefmt import from_db, to_db

# Consecutive failures push the next attempt out: 15 min, 30 min, 1 h ... capped at a day.
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_CAP = timedelta(days=1)


def backoff_delay(error_count: int) -> timedelta:
    """How long to leave a feed alone after ``error_count`` consecutive failures."""
    if error_count <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (2 ** min(error_count - 1, 16)), BACKOFF_CAP)


def row_to_feed(row: dict[str, Any]) -> Feed:
    return Feed(
        url=row["url"],
        title=row.get("title"),
        site_url=row.get("site_url"),
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        content_hash=row.get("content_hash"),
        added_at=from_db(row.get("added_at")),
        last_fetched_at=from_db(row.get("last_fetched_at")),
        last_ok_at=from_db(row.get("last_ok_at")),
        error_count=row.get("error_count") or 0,
        last_error=row.get("last_error"),
        retry_not_before=from_db(row.get("retry_not_before")),
    )


def feed_row(db: sqlite_utils.Database, url: str) -> dict[str, Any]:
    rows = list(db["feeds"].rows_where("url = ?", [url], limit=1))
    if not rows:
        raise FeedNotFoundError(f"no such feed: {url}")
    return rows[0]


def feed_exists(db: sqlite_utils.Database, url: str) -> bool:
    return db.execute("select 1 from feeds where url = ?", [url]).fetchone() is not None


def add_feeds(
    db: sqlite_utils.Database,
    urls: Iterable[str],
    now: datetime,
    titles: dict[str, str | None] | None = None,
    site_urls: dict[str, str | None] | None = None,
    folders: dict[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """Subscribe to every URL not yet subscribed, atomically; returns the ones added.
    ``folders``: the OPML folder path each came from."""
    titles = titles or {}
    site_urls = site_urls or {}
    folders = folders or {}
    added: list[str] = []
    with write_transaction(db):
        existing = {r[0] for r in db.execute("select url from feeds")}
        for url in urls:
            if url in existing:
                continue
            existing.add(url)
            row = {"url": url, "title": titles.get(url), "site_url": site_urls.get(url), "added_at": to_db(now),
                   "error_count": 0}
            if folders.get(url):  # only then: "feeds add" works on a schema from before folders
                row["folder"] = json.dumps(list(folders[url]), ensure_ascii=False)
            db["feeds"].insert(row)
            added.append(url)
    return added


def feed_folders(db: sqlite_utils.Database) -> dict[str, tuple[str, ...]]:
    """Each feed's OPML folder path; a value edited by hand into something else is ignored."""
    folders: dict[str, tuple[str, ...]] = {}
    for url, raw in db.execute("select url, folder from feeds where folder is not null"):
        try:
            path = json.loads(raw)
        except (TypeError, ValueError):
            continue
        if isinstance(path, list) and all(isinstance(p, str) for p in path):
            folders[url] = tuple(path)
    return folders


def remove_feed(db: sqlite_utils.Database, url: str) -> int:
    """Unsubscribe; articles that no other feed carried go with it. Returns their count."""
    with write_transaction(db):
        feed_id = feed_row(db, url)["id"]
        orphans = [
            r[0]
            for r in db.execute(
                """select article_id from article_feeds where feed_id = ?
                   and article_id not in (select article_id from article_feeds where feed_id != ?)""",
                [feed_id, feed_id],
            )
        ]
        db.execute("delete from article_feeds where feed_id = ?", [feed_id])
        # Articles still carried by another feed are handed over to it.
        db.execute(
            """update articles set feed_id = (select min(feed_id) from article_feeds
               where article_feeds.article_id = articles.id) where feed_id = ?
               and id in (select article_id from article_feeds)""",
            [feed_id],
        )
        db.conn.executemany("delete from articles where id = ?", [(a,) for a in orphans])
        db.execute("delete from feeds where id = ?", [feed_id])
    return len(orphans)


def list_feeds(db: sqlite_utils.Database) -> list[Feed]:
    return [row_to_feed(r) for r in db["feeds"].rows_where(order_by="id")]


def record_failure(
    db: sqlite_utils.Database,
    url: str,
    error: str,
    now: datetime,
    retry_after: datetime | None = None,
) -> None:
    """Count a failed attempt; the feed is left alone until Retry-After or the back-off."""
    with write_transaction(db):
        row = feed_row(db, url)
        count = (row.get("error_count") or 0) + 1
        not_before = max(retry_after or now, now + backoff_delay(count))
        db["feeds"].update(
            row["id"],
            {
                "last_fetched_at": to_db(now),
                "error_count": count,
                "last_error": error,
                "retry_not_before": to_db(not_before),
            },
        )


def record_not_modified(
    db: sqlite_utils.Database,
    url: str,
    now: datetime,
    etag: str | None,
    last_modified: str | None,
) -> None:
    with write_transaction(db):
        row = feed_row(db, url)
        db["feeds"].update(
            row["id"],
            {
                "last_fetched_at": to_db(now),
                "last_ok_at": to_db(now),
                "etag": etag or row.get("etag"),
                "last_modified": last_modified or row.get("last_modified"),
                "error_count": 0,
                "last_error": None,
                "retry_not_before": None,
            },
        )

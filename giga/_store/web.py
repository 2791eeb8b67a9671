"""The built-in "found on the web" source: pages the user shared with ``giga share`` are
stored as articles of one reserved feed row, so history, never-repeat, near-duplicate
checks, search and exports treat them as they treat feed articles.

The row's URL (``WEB_FEED``) is no address: refreshing skips it, OPML leaves it out, and
``feeds list`` shows it by its title. It is created with the first shared page.
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from .._types import ParsedEntry
from .articles import article_key, store_entries
from .connection import write_transaction
from .feeds import add_feeds

__all__ = ["WEB_FEED", "WEB_FEED_TITLE", "store_page"]

WEB_FEED = "giga:web"
WEB_FEED_TITLE = "Found on the web (giga share)"


def store_page(db: sqlite_utils.Database, entry: ParsedEntry, now: datetime) -> tuple[str, bool]:
    """Store one page's article under ``WEB_FEED`` in one transaction; returns its id
    and whether it is new. A page already stored (by id or URL, from a feed too) keeps
    its id: sharing it again refreshes the text, never duplicates it."""
    with write_transaction(db):
        add_feeds(db, [WEB_FEED], now, titles={WEB_FEED: WEB_FEED_TITLE})
        feed_id = db.execute("select id from feeds where url = ?", [WEB_FEED]).fetchone()[0]
        key = article_key(entry.id, WEB_FEED)
        known = db.execute("select id, title, summary, content from articles where id = ? or "
                           "(url is not null and url = ?) or id in (select article_id from article_aliases "
                           "where url = ?)", [key, entry.url, entry.url]).fetchone()
        if known and tuple(known[1:]) == (entry.title, entry.summary, entry.content):
            # the same text again: rewriting it would only drop its kept term counts
            db.execute("insert or ignore into article_feeds (article_id, feed_id) values (?, ?)", [known[0], feed_id])
            return known[0], False
        new = store_entries(db, feed_id, WEB_FEED, [entry], now) > 0
        found = known[0] if known else key
    return found, new

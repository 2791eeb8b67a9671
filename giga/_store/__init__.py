"""Storage: SQLite through sqlite-utils, so any user can open the file in Datasette."""

from __future__ import annotations

from .articles import (
    article_key,
    articles_by_ref,
    find_article,
    list_articles,
    own_articles,
    prune_articles,
    store_entries,
    store_fetched_feed,
)
from .connection import open_database, write_transaction
from .feeds import (
    add_feeds,
    backoff_delay,
    feed_exists,
    feed_folders,
    feed_row,
    list_feeds,
    record_failure,
    record_not_modified,
    remove_feed,
)
from .schema import MIGRATIONS, migrate, schema_version
from .search import search_articles

__all__ = [
    "MIGRATIONS",
    "add_feeds",
    "article_key",
    "articles_by_ref",
    "backoff_delay",
    "feed_exists",
    "feed_folders",
    "feed_row",
    "find_article",
    "list_articles",
    "list_feeds",
    "migrate",
    "own_articles",
    "prune_articles",
    "open_database",
    "record_failure",
    "record_not_modified",
    "remove_feed",
    "schema_version",
    "search_articles",
    "store_entries",
    "store_fetched_feed",
    "write_transaction",
]

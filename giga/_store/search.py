"""Finding stored articles by the words in them (the ``articles_fts`` index of migration 8).

The search text is what a person typed, never FTS5 syntax: each word is quoted as a
phrase of its own and all of them must appear, so ``C++``, ``"``, ``AND``, ``NEAR`` or a
leading ``-`` are words to look for, not operators. Matches come best first (BM25, a
word in the title counting most), ties newest first.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

import sqlite_utils

from ..errors import ArgumentError
from ..types import Article
from .articles import article_filters, row_to_article

# BM25 weights of the indexed columns, in their order: title, summary, content, author.
_WEIGHTS = "10.0, 2.0, 1.0, 5.0"


def match_expression(text: str) -> str:
    """``text`` as an FTS5 query that means "all of these words": every word a quoted phrase."""
    words = text.replace("\x00", " ").split()  # FTS5 reads a NUL as the end of the query
    if not words:
        raise ArgumentError("search", "give some words to search for")
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def search_articles(
    db: sqlite_utils.Database,
    text: str,
    *,
    feed_url: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[Article]:
    """Articles with every word of ``text`` in their title, summary, content or author,
    best match first; optionally only one feed's, or those dated since ``since``."""
    narrow, narrowing = article_filters(feed_url=feed_url, since=since)
    where = ["articles_fts match ?", *narrow]
    params: list[Any] = [match_expression(text), *narrowing]
    sql = (
        "select a.*, f.url as feed_url from articles_fts"
        " join articles a on a.rowid = articles_fts.rowid join feeds f on f.id = a.feed_id"
        f" where {' and '.join(where)}"
        f" order by bm25(articles_fts, {_WEIGHTS}), a.published is null, a.published desc, a.fetched_at desc"
        + (f" limit {int(limit)}" if limit else "")
    )
    try:
        cursor = db.execute(sql, params)
    except sqlite3.OperationalError as exc:  # quoting leaves nothing to misread; this is a last guard
        raise ArgumentError("search", f"cannot search for {text!r}: {exc}") from exc
    names = [d[0] for d in cursor.description]
    return [row_to_article(dict(zip(names, values))) for values in cursor]

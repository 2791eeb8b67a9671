"""Writing one fetched feed (its row and all its articles) in a single transaction.

The same story reached through two feeds is stored once: an entry is matched to an
existing article by its global id, else by its canonical URL; the extra feed is only
recorded in ``article_feeds``.

An article may also be known by other URLs (``article_aliases``): the tracking redirect
a feed relayed it through, when the feed also gave the publisher's own link. Lookups by
URL (``find_article``, ``articles_by_ref``) and the matching of entries read them too.

Some feeds mint a new guid for every entry on every fetch. Matching by canonical URL
already makes those the same articles; an entry with no link at all is matched, within
its own feed, to a link-less article with the same title and publication date. So a
feed that rewrites its ids cannot grow the database without bound.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlite_utils

from .._types import FetchResult, ParsedEntry, ParsedFeed

from ..types import Article
from .connection import write_transaction
from .feeds import feed_row
from .lenient import json_from_db
from .timefmt import from_db, to_db

# Ids that mean the same thing in any feed; anything else ("42", "post-7") is feed-local.
_GLOBAL_ID = re.compile(r"^(?:https?://|urn:|tag:|giga:)", re.IGNORECASE)
_CHUNK = 400  # stay well under SQLite's bound-parameter limit


def article_key(entry_id: str, feed_url: str) -> str:
    """The storage key: global ids as they are, feed-local ids qualified by the feed."""
    return entry_id if _GLOBAL_ID.match(entry_id) else f"{feed_url}#{entry_id}"


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _existing(db: sqlite_utils.Database, column: str, values: Sequence[str],
              table: str = "articles", id_column: str = "id") -> dict[str, str]:
    """Map each value of ``column`` already stored to its article id."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(values)):
        marks = ",".join("?" * len(chunk))
        for article_id, value in db.execute(
            f"select {id_column}, {column} from {table} where {column} in ({marks})", list(chunk)
        ):
            found.setdefault(value, article_id)
    return found


def _existing_urls(db: sqlite_utils.Database, urls: Sequence[str]) -> dict[str, str]:
    """Article ids by URL: an article's own URL first, else a URL it is also known by."""
    by_alias = _existing(db, "url", urls, "article_aliases", "article_id")
    return {**by_alias, **_existing(db, "url", urls)}


def _existing_linkless(
    db: sqlite_utils.Database, feed_id: int, entries: Iterable[ParsedEntry]
) -> dict[tuple[str, str | None], str]:
    """Link-less articles of this feed by (title, published), for entries without a URL."""
    titles = sorted({e.title for e in entries if not e.url and e.title})
    found: dict[tuple[str, str | None], str] = {}
    for chunk in _chunks(titles):
        marks = ",".join("?" * len(chunk))
        for article_id, title, published in db.execute(
            f"select id, title, published from articles where feed_id = ? and url is null "
            f"and title in ({marks})",
            [feed_id, *chunk],
        ):
            found.setdefault((title, published), article_id)
    return found


def _row(entry: ParsedEntry, key: str, feed_id: int, now: str) -> dict[str, Any]:
    return {
        "id": key,
        "guid": entry.id,
        "feed_id": feed_id,
        "url": entry.url,
        "title": entry.title,
        "author": entry.author,
        "published": to_db(entry.published),
        "updated": to_db(entry.updated),
        "summary": entry.summary,
        "content": entry.content,
        "categories": json.dumps(list(entry.categories), ensure_ascii=False),
        "fetched_at": now,
        "alias": entry.aliases[0] if entry.aliases else None,
        "language": entry.language,
        "kind": entry.kind,
    }


_INSERT = (
    "insert into articles (id, guid, feed_id, url, title, author, published, updated, "
    "summary, content, categories, fetched_at, language, kind) values (:id, :guid, :feed_id, :url, :title, "
    ":author, :published, :updated, :summary, :content, :categories, :fetched_at, :language, :kind)"
)
# A re-fetched entry refreshes its text but keeps its first fetch time, URL (unless that
# was the tracking redirect the feed now names the original of) and, when the feed stops
# saying, its publication date. A story two feeds carry belongs to the earlier
# subscription (the lower feed id), whose copy of the text is kept, in whichever order
# the feeds were stored: a run's picks do not depend on which server answered first.
_UPDATE = (
    "update articles set "
    "title = case when :feed_id <= feed_id then :title else title end, "
    "author = case when :feed_id <= feed_id then coalesce(:author, author) else author end, "
    "published = coalesce(published, :published), updated = coalesce(:updated, updated), "
    "summary = case when :feed_id <= feed_id then :summary else summary end, "
    "content = case when :feed_id <= feed_id then :content else content end, "
    "categories = case when :feed_id <= feed_id then :categories else categories end, "
    "language = case when :feed_id <= feed_id then coalesce(:language, language) else language end, "
    "kind = case when :feed_id <= feed_id then coalesce(:kind, kind) else kind end, "
    "feed_id = min(feed_id, :feed_id), "
    "url = case when url is null or url = :alias then :url else url end where id = :id"
)


def store_entries(
    db: sqlite_utils.Database, feed_id: int, feed_url: str, entries: Iterable[ParsedEntry], now: datetime,
    not_before: datetime | None = None,
) -> int:
    """Insert new entries and refresh known ones; returns how many articles are new.
    A new entry dated before ``not_before`` is past the retention age: not stored."""
    stamp = to_db(now) or ""
    batch: dict[str, ParsedEntry] = {}
    for entry in entries:
        batch.setdefault(article_key(entry.id, feed_url), entry)
    by_key = _existing(db, "id", list(batch))
    urls = [e.url for e in batch.values() if e.url]
    by_url = _existing_urls(db, urls) if urls else {}
    linkless = [e for k, e in batch.items() if not e.url and k not in by_key]
    by_text = _existing_linkless(db, feed_id, linkless) if linkless else {}

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    links: list[tuple[str, int]] = []
    aliases: list[tuple[str, str]] = []
    seen_urls: dict[str, str] = {}
    for key, entry in batch.items():
        target = by_key.get(key) or (
            by_url.get(entry.url) if entry.url else by_text.get((entry.title, to_db(entry.published)))
        )
        if target is None and entry.url and entry.url in seen_urls:
            target = seen_urls[entry.url]  # same URL twice in one document
            links.append((target, feed_id))
            aliases.extend((alias, target) for alias in entry.aliases)
            continue
        if target is None and not_before is not None and entry.published is not None \
                and entry.published < not_before:
            continue
        row = _row(entry, target or key, feed_id, stamp)
        if target is None:
            inserts.append(row)
            if entry.url:
                seen_urls[entry.url] = key
        else:
            updates.append(row)
        links.append((row["id"], feed_id))
        aliases.extend((alias, row["id"]) for alias in entry.aliases)
    if inserts:
        db.conn.executemany(_INSERT, inserts)
    if updates:
        db.conn.executemany(_UPDATE, updates)
    db.conn.executemany(
        "insert or ignore into article_feeds (article_id, feed_id) values (?, ?)", links
    )
    db.conn.executemany("insert or ignore into article_aliases (url, article_id) values (?, ?)", aliases)
    return len(inserts)


_FEED_OK = (
    "update feeds set title = coalesce(:title, title), site_url = coalesce(:site_url, site_url), "
    "etag = :etag, last_modified = :last_modified, content_hash = :content_hash, "
    "last_fetched_at = :now, last_ok_at = :now, error_count = 0, last_error = null, "
    "retry_not_before = null, url = :url where id = :id"
)


def store_fetched_feed(
    db: sqlite_utils.Database,
    url: str,
    result: FetchResult,
    parsed: ParsedFeed,
    now: datetime,
    content_hash: str | None = None,
    moved_to: str | None = None,
    not_before: datetime | None = None,
) -> int:
    """Record a successful fetch and its articles atomically; returns new article count.

    The stored URL moves after a permanent redirect, or to ``moved_to`` (the feed an
    HTML page linked to), unless another subscription already has that URL.
    Plain SQL rather than ``Table.update``: this runs once per feed on the hot path of
    every refresh, and sqlite-utils re-reads the table schema on each call.
    """
    with write_transaction(db):
        found = db.execute("select id from feeds where url = ?", [url]).fetchone()
        if found is None:
            feed_row(db, url)  # raises the usual FeedNotFoundError
        feed_id = found[0]
        new_url = url
        target = moved_to or (result.final_url if result.permanent_redirect else None)
        if target and target != url:
            if db.execute("select 1 from feeds where url = ?", [target]).fetchone() is None:
                new_url = target
        db.conn.execute(
            _FEED_OK,
            {
                "id": feed_id,
                "url": new_url,
                "title": parsed.title,
                "site_url": parsed.link,
                "etag": result.etag,
                "last_modified": result.last_modified,
                "content_hash": content_hash,
                "now": to_db(now),
            },
        )
        return store_entries(db, feed_id, new_url, parsed.entries, now, not_before)


def _terms(raw: str | None, article_id: str) -> tuple[str, ...]:
    """The stored JSON list of category terms; text edited in by hand is one term."""
    value = json_from_db(raw, f"article {article_id}: categories") if raw else []
    return tuple(str(t) for t in value) if isinstance(value, list) else (str(value),)


def row_to_article(row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"],
        feed=row["feed_url"],
        url=row.get("url"),
        title=row.get("title") or "",
        author=row.get("author"),
        published=from_db(row.get("published")),
        summary=row.get("summary") or "",
        content=row.get("content") or "",
        categories=_terms(row.get("categories"), row["id"]),
        fetched_at=from_db(row.get("fetched_at")),
    )


_SELECT = "select a.*, f.url as feed_url from articles a join feeds f on f.id = a.feed_id"


def _articles(db: sqlite_utils.Database, where: list[str], params: list[Any], tail: str = "") -> list[Article]:
    sql = _SELECT + (" where " + " and ".join(where) if where else "") + tail
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [row_to_article(dict(zip(names, values))) for values in cursor]


def article_filters(*, feed_url: str | None = None, since: datetime | None = None,
                    contact_id: int | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``articles a``) and their parameters for the usual narrowing:
    one feed's articles, those of one contact's feeds, those dated (or, undated, first
    stored) since ``since``. Shared by listing and full-text search."""
    where: list[str] = []
    params: list[Any] = []
    if feed_url is not None:
        where.append("a.id in (select article_id from article_feeds af join feeds f2 "
                     "on f2.id = af.feed_id where f2.url = ?)")
        params.append(feed_url)
    if contact_id is not None:
        where.append("a.id in (select article_id from article_feeds af join feeds f3 "
                     "on f3.id = af.feed_id where f3.contact_id = ?)")
        params.append(contact_id)
    if since is not None:
        where.append("coalesce(a.published, a.fetched_at) >= ?")
        params.append(to_db(since))
    return where, params


def list_articles(
    db: sqlite_utils.Database,
    feed_url: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    contact_id: int | None = None,
) -> list[Article]:
    """Articles newest first (undated ones last), optionally for one feed, the feeds
    of one contact, or a window."""
    where, params = article_filters(feed_url=feed_url, since=since, contact_id=contact_id)
    tail = (
        " order by a.published is null, a.published desc, a.fetched_at desc"
        + (f" limit {int(limit)}" if limit else "")
    )
    return _articles(db, where, params, tail)


def find_article(db: sqlite_utils.Database, ref: str, url: str | None) -> Article | None:
    """An article by storage id, stored URL, or canonical URL (its own, else an alias)."""
    found = articles_by_ref(db, [ref, url] if url else [ref])
    return found.get(ref) or (found.get(url) if url else None)


def own_articles(db: sqlite_utils.Database, contact_ids: Iterable[int]) -> dict[int, list[Article]]:
    """Each contact's own posts (from feeds marked theirs), newest first, in one query."""
    sql = (_SELECT.replace("select a.*,", "select owner.contact_id as owner_id, a.*,")
           + " join article_feeds af on af.article_id = a.id join feeds owner on owner.id = af.feed_id"
           " where owner.contact_id in (select value from json_each(?))"
           " order by a.published is null, a.published desc, a.fetched_at desc")
    cursor = db.execute(sql, [json.dumps(list(contact_ids))])
    names = [d[0] for d in cursor.description]
    found: dict[int, list[Article]] = {}
    for values in cursor:
        row = dict(zip(names, values))
        found.setdefault(row.pop("owner_id"), []).append(row_to_article(row))
    return found


def articles_by_ref(db: sqlite_utils.Database, refs: Iterable[str]) -> dict[str, Article]:
    """Articles by storage id, stored URL or alias URL, in one query (``find_article``
    for many). A ref that is one article's id or URL never resolves through an alias."""
    wanted = json.dumps(sorted(set(refs)))
    where = ("(a.id in (select value from json_each(?)) or a.url in (select value from json_each(?))"
             " or a.id in (select article_id from article_aliases where url in (select value from json_each(?))))")
    found = _articles(db, [where], [wanted, wanted, wanted])
    by_ref: dict[str, Article] = {}
    for article in found:
        for ref in (article.id, article.url):
            if ref is not None:
                by_ref.setdefault(ref, article)
    if found:
        by_id = {article.id: article for article in found}
        for url, article_id in db.execute("select url, article_id from article_aliases where url in "
                                          "(select value from json_each(?))", [wanted]):
            if article_id in by_id:
                by_ref.setdefault(url, by_id[article_id])
    return by_ref


def prune_articles(db: sqlite_utils.Database, before: datetime) -> int:
    """Delete articles dated before ``before`` that nothing refers to (no touch names
    their URL, no draft, no feedback); returns how many went. A page shared with
    ``giga share`` counts from the day it was shared, not from the day it was written."""
    with write_transaction(db):
        doomed = [row[0] for row in db.execute(
            """select id from articles where coalesce(case when feed_id in
                 (select id from feeds where url = 'giga:web') then fetched_at end, published, fetched_at) < ?
               and id not in (select article_id from drafts)
               and id not in (select article_id from feedback)
               and id not in (select url from interactions where url is not null)
               and coalesce(url, '') not in (select url from interactions where url is not null)
               and id not in (select article_id from article_aliases
                              where url in (select url from interactions where url is not null))""",
            [to_db(before)])]
        db.conn.executemany("delete from article_feeds where article_id = ?", [(a,) for a in doomed])
        db.conn.executemany("delete from articles where id = ?", [(a,) for a in doomed])
    return len(doomed)

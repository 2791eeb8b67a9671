"""The SQLite store on a real file: schema, atomic writes, dedup, back-off."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from giga import _store
from giga.errors import FeedNotFoundError, StorageError
from giga._types import FetchResult, ParsedEntry, ParsedFeed

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    database = _store.open_database(tmp_path / "giga.db")
    _store.migrate(database)
    yield database
    database.close()


def entry(id_: str, url: str | None = None, title: str = "t", **kw) -> ParsedEntry:
    return ParsedEntry(id=id_, url=url, title=title, **kw)


def ok(url: str, **kw) -> FetchResult:
    return FetchResult(source=url, status=200, body=b"x", **kw)


def store(db, url, *entries, result=None, title="Feed"):
    parsed = ParsedFeed(title=title, link="https://site.example/", entries=tuple(entries))
    return _store.store_fetched_feed(db, url, result or ok(url), parsed, NOW, content_hash="h")


def test_migrations_are_recorded_once_and_wal_is_on(tmp_path, db):
    assert _store.schema_version(db) == len(_store.MIGRATIONS)
    assert _store.migrate(db) == len(_store.MIGRATIONS)
    rows = db.execute("select count(*) from _giga_migrations").fetchone()[0]
    assert rows == len(_store.MIGRATIONS)
    assert db.journal_mode == "wal"
    assert {"feeds", "articles", "article_feeds"} <= set(db.table_names())


def test_a_newer_schema_is_refused_not_clobbered(db):
    db["_giga_migrations"].insert({"version": 999, "name": "future", "applied_at": "x"})
    with pytest.raises(StorageError, match="newer"):
        _store.migrate(db)


def test_add_feeds_is_idempotent(db):
    assert _store.add_feeds(db, ["https://a.example/feed", "https://b.example/rss"], NOW) == [
        "https://a.example/feed",
        "https://b.example/rss",
    ]
    assert _store.add_feeds(db, ["https://a.example/feed"], NOW) == []
    assert [f.url for f in _store.list_feeds(db)] == ["https://a.example/feed", "https://b.example/rss"]


def test_fetched_feed_is_written_with_its_articles(db):
    url = "https://a.example/feed"
    _store.add_feeds(db, [url], NOW)
    new = store(
        db,
        url,
        entry("https://a.example/1", "https://a.example/1", "One", published=NOW, categories=("x",)),
        entry("local-2", "https://a.example/2", "Two"),
        result=ok(url, etag='"v1"', last_modified="Fri, 20 Nov 2026 10:00:00 GMT"),
    )
    assert new == 2
    feed = _store.list_feeds(db)[0]
    assert (feed.title, feed.etag, feed.content_hash) == ("Feed", '"v1"', "h")
    assert feed.last_ok_at == NOW
    articles = _store.list_articles(db)
    assert [a.title for a in articles] == ["One", "Two"]  # dated first
    assert articles[0].categories == ("x",) and articles[0].published == NOW
    ids = {a.id for a in articles}
    assert ids == {"https://a.example/1", f"{url}#local-2"}  # feed-local guid qualified
    # refetching the same entries adds nothing
    assert store(db, url, entry("https://a.example/1", "https://a.example/1", "One (fixed)")) == 0
    assert _store.list_articles(db, limit=1)[0].title == "One (fixed)"


def test_same_story_through_two_feeds_is_stored_once(db):
    a, b = "https://a.example/feed", "https://b.example/feed"
    _store.add_feeds(db, [a, b], NOW)
    store(db, a, entry("1", "https://news.example/story", "Story"))
    assert store(db, b, entry("other-guid", "https://news.example/story", "Story again")) == 0
    assert db["articles"].count == 1
    assert db["article_feeds"].count == 2
    # feed-local ids that happen to be equal in two feeds are two articles
    store(db, a, entry("7", None, "A's seventh"))
    store(db, b, entry("7", None, "B's seventh"))
    assert db["articles"].count == 3


def test_removing_a_feed_keeps_articles_another_feed_carries(db):
    a, b = "https://a.example/feed", "https://b.example/feed"
    _store.add_feeds(db, [a, b], NOW)
    store(db, a, entry("1", "https://news.example/shared"), entry("2", "https://a.example/only"))
    store(db, b, entry("9", "https://news.example/shared"))
    assert _store.remove_feed(db, a) == 1
    remaining = _store.list_articles(db)
    assert [x.url for x in remaining] == ["https://news.example/shared"]
    assert remaining[0].feed == b
    with pytest.raises(FeedNotFoundError):
        _store.remove_feed(db, a)


def test_a_failed_write_leaves_nothing_half_written(db, monkeypatch):
    url = "https://a.example/feed"
    _store.add_feeds(db, [url], NOW)
    original = _store.articles.store_entries

    def explode(*args, **kwargs):
        original(*args, **kwargs)  # the articles are written ...
        raise RuntimeError("disk on fire")  # ... then the process dies mid-transaction

    monkeypatch.setattr(_store.articles, "store_entries", explode)
    with pytest.raises(RuntimeError):
        store(db, url, entry("https://a.example/1", "https://a.example/1"))
    assert db["articles"].count == 0
    feed = _store.list_feeds(db)[0]
    assert feed.title is None and feed.last_ok_at is None  # feed row untouched too


def test_failures_back_off_and_respect_retry_after(db):
    url = "https://a.example/feed"
    _store.add_feeds(db, [url], NOW)
    _store.record_failure(db, url, "HTTP 500 Internal Server Error", NOW)
    feed = _store.list_feeds(db)[0]
    assert feed.error_count == 1 and feed.last_error == "HTTP 500 Internal Server Error"
    assert feed.retry_not_before == NOW + _store.backoff_delay(1)
    _store.record_failure(db, url, "HTTP 429", NOW, retry_after=NOW + timedelta(hours=6))
    feed = _store.list_feeds(db)[0]
    assert feed.error_count == 2 and feed.retry_not_before == NOW + timedelta(hours=6)
    assert _store.backoff_delay(2) > _store.backoff_delay(1)
    assert _store.backoff_delay(50) == timedelta(days=1)
    _store.record_not_modified(db, url, NOW, '"e"', None)
    feed = _store.list_feeds(db)[0]
    assert feed.error_count == 0 and feed.retry_not_before is None and feed.etag == '"e"'


def test_permanent_redirect_updates_the_stored_url(db):
    old, new = "http://a.example/feed", "https://a.example/feed.xml"
    _store.add_feeds(db, [old], NOW)
    store(db, old, entry("1", "https://a.example/1"),
          result=ok(old, final_url=new, permanent_redirect=True))
    assert [f.url for f in _store.list_feeds(db)] == [new]
    # a temporary redirect does not
    store(db, new, result=ok(new, final_url="https://mirror.example/feed", permanent_redirect=False))
    assert [f.url for f in _store.list_feeds(db)] == [new]


def test_the_file_opens_in_plain_sqlite3(tmp_path, db):
    _store.add_feeds(db, ["https://a.example/feed"], NOW)
    con = sqlite3.connect(tmp_path / "giga.db")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select url from feeds").fetchall() == [("https://a.example/feed",)]


def test_new_guids_every_fetch_do_not_grow_the_database(db):
    """Entries with a link are matched by it; link-less ones by title and date, per feed."""
    url = "https://rotating.example/feed"
    _store.add_feeds(db, [url], NOW)
    for fetch in range(3):
        added = store(
            db, url,
            entry(f"urn:uuid:{fetch}-1", "https://rotating.example/post/1", "with a link"),
            entry(f"urn:uuid:{fetch}-2", None, "no link", published=NOW),
            entry(f"urn:uuid:{fetch}-3", None, "no link, no date"),
        )
        assert added == (3 if fetch == 0 else 0)
    assert db.execute("select count(*) from articles").fetchone()[0] == 3
    other = "https://other.example/feed"
    _store.add_feeds(db, [other], NOW)
    assert store(db, other, entry("urn:x", None, "no link", published=NOW)) == 1, "only within one feed"

"""Growth stays bounded: a retention rule for old articles nothing refers to, and a cap on
what one response may add. Real SQLite files, real local feed files, the CLI as a user runs it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import giga
from giga._feeds.refresh import MAX_ENTRIES_PER_FETCH
from test_cli import giga as run_giga

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def _rss(path: Path, items: list[tuple[str, datetime]], salt: str = "") -> str:
    body = "".join(f"<item><title>{t}</title><link>https://ex.example/{t.replace(' ', '-')}</link>"
                   f"<pubDate>{format_datetime(d)}</pubDate><description>About {t} {salt}.</description></item>"
                   for t, d in items)
    path.write_text(f"<rss version='2.0'><channel><title>T</title>{body}</channel></rss>", encoding="utf-8")
    return str(path)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def test_old_articles_nothing_refers_to_are_pruned_and_not_stored_again(tmp_path):
    clock = Clock()
    feed = tmp_path / "feed.xml"
    items = [("fresh story", NOW - timedelta(days=3)), ("old story", NOW - timedelta(days=200)),
             ("old shared story", NOW - timedelta(days=210)), ("ancient story", NOW - timedelta(days=900))]
    with giga.open(tmp_path / "g.db", clock=clock, parse_workers=1) as g:
        g.add_feeds([_rss(feed, items)])
        first = g.fetch()
        assert first.new_articles == 3 and first.pruned == 0 and first.too_old == 1  # past a year: not stored
        g.add_contact("Ana Lima")
        g.log("Ana Lima", "shared", url="https://ex.example/old-shared-story")
        g.set_setting("retention", "100")
        clock.now += timedelta(days=1)
        _rss(feed, items, salt="changed")  # the feed changes: every entry is seen again
        second = g.fetch()
        assert second.pruned == 1  # "old story"; the shared one stays
        titles = sorted(a.title for a in g.articles())
        assert titles == ["fresh story", "old shared story"]
        g.set_setting("retention", "0")  # keep everything
        _rss(feed, items, salt="again")
        assert g.fetch().pruned == 0 and len(g.articles()) == 4


def test_the_database_stays_flat_over_many_fetches_of_changing_feeds(tmp_path):
    clock = Clock()
    feed = tmp_path / "feed.xml"
    db = tmp_path / "g.db"
    sizes = []
    with giga.open(db, clock=clock, parse_workers=1) as g:
        g.set_setting("retention", "30")
        g.add_feeds([_rss(feed, [])])
        for week in range(20):
            clock.now = NOW + timedelta(days=7 * week)
            _rss(feed, [(f"story {week} {i}", clock.now - timedelta(days=i)) for i in range(20)])
            g.fetch()
            sizes.append(len(g.articles()))
    assert sizes[-1] == sizes[5] <= 20 * 5  # steady once the rule applies


def test_a_flood_of_entries_is_capped_with_a_one_line_warning(tmp_path):
    db = tmp_path / "g.db"
    feed = tmp_path / "flood.xml"
    count = MAX_ENTRIES_PER_FETCH + 500
    now = datetime.now(timezone.utc)
    _rss(feed, [(f"item {i}", now - timedelta(minutes=i)) for i in range(count)])
    run_giga(db, "feeds", "add", str(feed))
    out = json.loads(run_giga(db, "fetch", "--json").stdout)
    assert out["new_articles"] == MAX_ENTRIES_PER_FETCH
    assert out["warnings"] == [f"{feed}: {count:,} entries in one response: kept the newest "
                               f"{MAX_ENTRIES_PER_FETCH:,}"]
    with giga.open(db) as g:
        titles = {a.title for a in g.articles()}
    assert "item 0" in titles and f"item {count - 1}" not in titles  # the newest are kept


def test_retention_is_checked_and_shown(tmp_path):
    db = tmp_path / "g.db"
    assert "retention = 365 days" in run_giga(db, "settings", "retention").stdout
    bad = run_giga(db, "settings", "retention", "soon", check=False)
    assert bad.returncode == 1 and "whole number of days" in bad.stderr
    assert "retention = 0 (keep everything)" in run_giga(db, "settings", "retention", "0").stdout

"""Finding an article: ``giga articles`` and ``Giga.articles(search=...)`` over the FTS5
index of migration 8. Real SQLite files, real local feed files, the CLI as a user runs it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import giga as run_giga

import giga
from giga._store import schema

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def rss(path: Path, items: list[tuple[str, str, datetime]]) -> str:
    """A feed of (title, description, date) items, each with its own link."""
    body = "".join(
        f"<item><title>{title}</title><link>https://ex.example/{path.stem}/{n}</link>"
        f"<pubDate>{format_datetime(day)}</pubDate><description>{text}</description></item>"
        for n, (title, text, day) in enumerate(items))
    path.write_text(f"<rss version='2.0'><channel><title>Ex</title>{body}</channel></rss>", encoding="utf-8")
    return str(path)


def assert_index_in_step(db: sqlite_utils.Database) -> None:
    """FTS5's own check that the index holds exactly what the articles table says."""
    db.execute("insert into articles_fts (articles_fts, rank) values ('integrity-check', 1)")


ITEMS = [
    ("Heat pumps in cold climates", "Field data from a Nordic winter.", NOW - timedelta(days=2)),
    ("A forgiving sourdough schedule", "Bread for people with jobs; the starter waits.", NOW - timedelta(days=1)),
    ("Weekly links", "Includes one note on heat pumps among many other things.", NOW),
]


@pytest.fixture
def world(tmp_path: Path):
    clock = Clock()
    feed = tmp_path / "feed.xml"
    with giga.open(tmp_path / "g.db", clock=clock, parse_workers=1) as g:
        g.add_feeds([rss(feed, ITEMS)])
        g.fetch()
        yield g, clock, feed


def titles(found: list[giga.Article]) -> list[str]:
    return [a.title for a in found]


def test_search_finds_headline_words_title_matches_first(world) -> None:
    g, _, _ = world
    assert titles(g.articles(search="sourdough schedule")) == ["A forgiving sourdough schedule"]
    assert titles(g.articles(search="SCHEDULES Sourdough")) == ["A forgiving sourdough schedule"]  # stemmed, any case
    # both mention heat pumps; the headline one first although the other is newer
    assert titles(g.articles(search="heat pumps")) == ["Heat pumps in cold climates", "Weekly links"]
    assert titles(g.articles(search="heat pumps", limit=1)) == ["Heat pumps in cold climates"]
    assert g.articles(search="sourdough pumps") == []  # every word must appear
    assert titles(g.articles()) == ["Weekly links", "A forgiving sourdough schedule", "Heat pumps in cold climates"]


def test_filters_by_feed_and_age(world, tmp_path: Path) -> None:
    g, _, _ = world
    other = rss(tmp_path / "other.xml", [("Heat pumps for flats", "Small ones.", NOW - timedelta(days=40))])
    g.add_feeds([other])
    g.fetch()
    assert len(g.articles(search="heat pumps")) == 3
    assert titles(g.articles(search="heat pumps", feed=other)) == ["Heat pumps for flats"]
    assert titles(g.articles(search="heat pumps", since_days=30)) == ["Heat pumps in cold climates", "Weekly links"]
    assert len(g.articles(since_days=30)) == 3 and len(g.articles(since_days=0)) == 4  # 0: no bound
    with pytest.raises(giga.ArgumentError, match="not both"):
        g.articles(since=NOW, since_days=3)
    with pytest.raises(giga.ArgumentError, match="since_days"):
        g.articles(since_days=-1)
    with pytest.raises(giga.FeedNotFoundError):
        g.articles(search="heat", feed="https://never.example/feed")


def test_index_follows_a_refetch_that_changes_a_headline(world) -> None:
    g, clock, feed = world
    changed = [("Air-source heat pumps: a winter report", *ITEMS[0][1:]), *ITEMS[1:]]
    rss(feed, changed)
    clock.now += timedelta(hours=1)
    g.fetch()
    assert titles(g.articles(search="cold climates")) == []
    assert titles(g.articles(search="winter report")) == ["Air-source heat pumps: a winter report"]
    assert len(g.articles()) == 3  # updated in place, not added
    assert_index_in_step(g.db)


def test_index_follows_retention_pruning_and_feed_removal(world, tmp_path: Path) -> None:
    g, clock, feed = world
    g.set_setting("retention", "30")
    clock.now += timedelta(days=60)
    rss(feed, [*ITEMS, ("New this month", "Fresh.", clock.now)])
    summary = g.fetch()
    assert summary.pruned == 3
    assert g.articles(search="sourdough") == [] and g.articles(search="heat pumps") == []
    assert titles(g.articles(search="fresh")) == ["New this month"]
    assert_index_in_step(g.db)
    g.remove_feed(str(feed))
    assert g.articles(search="fresh") == []
    assert_index_in_step(g.db)


ODD = ['C++', '"', '""', 'AND', 'OR', 'NOT', '-', '-heat', 'heat -pumps', 'NEAR(heat pumps)', '*', 'heat*',
       'title:heat', "'", '^heat', '(', ')', 'heat AND', '{title}: heat', '\\', 'heat\x00pumps', 'ẞ', '🔥', '"heat pumps']


@pytest.mark.parametrize("text", ODD)
def test_odd_search_text_is_searched_for_never_an_error(world, text: str) -> None:
    g, _, _ = world
    found = g.articles(search=text)
    assert isinstance(found, list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_any_search_text_gives_a_list_or_one_clear_error(world, text: str) -> None:
    g, _, _ = world
    try:
        g.articles(search=text)
    except giga.ArgumentError as exc:
        assert not text.replace("\x00", " ").split() and "search" in str(exc)  # only blank text is refused


def test_the_migration_indexes_a_database_stored_before_it(tmp_path: Path, monkeypatch) -> None:
    db_path = tmp_path / "old.db"
    feed = rss(tmp_path / "feed.xml", ITEMS)
    with monkeypatch.context() as patch:
        search = [name for name, _ in schema.MIGRATIONS].index("article full-text search")
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:search])  # giga as released before search
        with giga.open(db_path, clock=Clock(), parse_workers=1) as old:
            old.add_feeds([feed])
            old.fetch()
            assert "articles_fts" not in old.db.table_names()
    with giga.open(db_path, clock=Clock(), parse_workers=1) as g:
        assert schema.schema_version(g.db) == len(schema.MIGRATIONS)
        assert titles(g.articles(search="forgiving")) == ["A forgiving sourdough schedule"]
        assert_index_in_step(g.db)
    # the shape sqlite-utils and Datasette look for: they find and use the same index
    db = sqlite_utils.Database(db_path)
    assert db["articles"].detect_fts() == "articles_fts"
    assert [row["title"] for row in db["articles"].search("sourdough")] == ["A forgiving sourdough schedule"]


def test_a_corrupted_index_is_caught_by_the_in_step_check(world) -> None:
    """The check the tests above rely on does fail when the index is out of step."""
    g, _, _ = world
    g.db.execute("drop trigger articles_au")
    g.db.execute("update articles set title = 'Something else' where title like 'Heat%'")
    with pytest.raises(sqlite3.DatabaseError):
        assert_index_in_step(g.db)


# -- the command line -------------------------------------------------------------------------
@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    return db


def test_cli_lists_searches_and_hands_an_id_to_suggest(demo: Path) -> None:
    listed = run_giga(demo, "articles", "--search", "sourdough schedule").stdout
    lines = listed.splitlines()
    assert lines[0].split() == ["date", "feed", "title", "id"]
    assert "A forgiving sourdough schedule" in lines[2] and lines[2].startswith("2026-11-19  Weeknight Kitchen")
    found = json.loads(run_giga(demo, "articles", "--search", "sourdough schedule", "--json").stdout)
    assert found[0]["title"] == "A forgiving sourdough schedule for people with jobs"
    assert set(found[0]) == {"id", "title", "url", "feed", "published", "author"}
    assert lines[2].endswith(found[0]["id"])  # the id column is whole: it can be copied
    who = run_giga(demo, "suggest", "--article", found[0]["id"], "--max-age", "0").stdout
    assert "(" in who and who.strip()  # someone, with a score


def test_cli_limit_feed_since_and_odd_input(demo: Path) -> None:
    everything = json.loads(run_giga(demo, "articles", "--limit", "1000", "--json").stdout)
    some = run_giga(demo, "articles", "--limit", "3")
    assert len(some.stdout.splitlines()) == 2 + 3 and "--limit" in some.stderr
    feed = everything[0]["feed"]
    by_feed = json.loads(run_giga(demo, "articles", "--feed", feed, "--limit", "1000", "--json").stdout)
    assert 0 < len(by_feed) < len(everything) and {a["feed"] for a in by_feed} == {feed}
    for text in ('C++', '"', 'AND', '-', 'NEAR(', "'; drop table articles; --"):
        result = run_giga(demo, "articles", "--search", text, check=False)
        assert result.returncode == 0 and "Traceback" not in result.stderr
    assert len(json.loads(run_giga(demo, "articles", "--limit", "1000", "--json").stdout)) == len(everything)
    blank = run_giga(demo, "articles", "--search", "  ", check=False)
    assert blank.returncode == 1 and blank.stderr.strip().count("\n") == 0 and "search" in blank.stderr
    bad = run_giga(demo, "articles", "--feed", "https://never.example/x", check=False)
    assert bad.returncode == 1 and "no such feed" in bad.stderr

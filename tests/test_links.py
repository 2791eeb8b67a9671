"""Links that identify the article: the publisher's URL over a feed's tracking redirect,
and ``giga log NAME --shared URL`` finding the article whichever of its URLs is given."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

import giga
from giga._feeds.parse import parse_feed
from giga._feeds.parse.fallback import feed_from_feedparser, feedparser_parse
from giga._store import interactions as ledger_rows
from giga._store.articles import store_entries
from giga._types import ParsedEntry
from giga.errors import ArgumentError
from test_cli import giga as run_giga

DATA = Path(__file__).parent / "data" / "feeds"
KEVIN = DATA / "feedburner-KevinsBlog.xml"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)

# The first entry of feedburner-KevinsBlog.xml, as the feed gives it.
HADOOP_REDIRECT = "http://feeds.feedburner.com/~r/kevingc/~3/518131335/hadoop-django-hookup-research-results"
HADOOP = "http://kevinchiu.org/blog/archives/hadoop-django-hookup-research-results"

# A pheedo-relayed item (the shape of speedparser-2011/0071.dat in the corpus), without a
# guid, so its id comes from the link.
PHEEDO = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:pheedo="http://www.pheedo.com/namespace/pheedo"><channel>
<title>SearchSecurity</title><link>http://rss.techtarget.com/260.xml</link>
<item><title>How to know if you need file activity monitoring</title>
<link>http://www.pheedcontent.com/click.phdo?i=d22f8240438feb8e4facdb6725b65215</link>
<description>File activity monitoring tracks who opens what.</description>
<pheedo:origLink>http://searchsecurity.techtarget.com/tip/How-to-know-if-you-need-file-activity-monitoring?utm_source=rss</pheedo:origLink>
</item></channel></rss>"""


def both_readers(body: bytes) -> tuple[list[ParsedEntry], list[ParsedEntry]]:
    """The fast path's entries and feedparser's, through the same normalization."""
    fast = parse_feed(body, "https://feeds.example/feed.xml")
    assert fast.parser == "fast"
    slow = feed_from_feedparser(feedparser_parse(body, "https://feeds.example/feed.xml"))
    return list(fast.entries), list(slow.entries)


# -- the parser ------------------------------------------------------------------
def test_feedburner_rss_entries_link_to_the_publisher_with_the_redirect_as_alias():
    fast, slow = both_readers(KEVIN.read_bytes())
    assert fast == slow and len(fast) == 5
    first = fast[0]
    assert first.url == HADOOP and first.aliases == (HADOOP_REDIRECT,)
    assert first.id == "http://kevinchiu.org/blog/?p=914"  # the guid, as before
    assert all("feedburner" not in e.url and "feeds.feedburner.com/~r/" in e.aliases[0] for e in fast)


def test_feedburner_atom_entry_and_a_pheedo_item_without_guid():
    [atom], [atom_slow] = both_readers((DATA / "feedburner-RailsJitsu.xml").read_bytes())
    assert atom == atom_slow
    assert atom.url == "http://railsjitsu.com/posts/my-old-server-bombed-i-have-moved-to-engineyard"
    assert atom.aliases[0].startswith("http://feeds.feedburner.com/~r/railsjitsu/")
    [item], [item_slow] = both_readers(PHEEDO)
    assert item == item_slow
    # tracking parameters go from the original too; the id stays the link the feed gives
    assert item.url == "http://searchsecurity.techtarget.com/tip/How-to-know-if-you-need-file-activity-monitoring"
    assert item.id == item.aliases[0] == "http://www.pheedcontent.com/click.phdo?i=d22f8240438feb8e4facdb6725b65215"


def test_an_original_that_is_no_web_address_is_ignored():
    body = PHEEDO.replace(b"http://searchsecurity.techtarget.com/tip/", b"javascript:alert(1)//")
    [item], _ = both_readers(body)
    assert item.url.startswith("http://www.pheedcontent.com/") and item.aliases == ()


# -- the store -------------------------------------------------------------------
@pytest.fixture
def g(tmp_path):
    feed = tmp_path / "kevin.xml"
    shutil.copy(KEVIN, feed)
    with giga.open(tmp_path / "g.db", clock=lambda: NOW, parse_workers=1) as instance:
        instance.set_setting("retention", 0)  # the posts are from 2009: keep them
        instance.add_feeds([str(feed)])
        instance.fetch()
        instance.add_contact("Dana Ortiz", tags=["hadoop", "django"], emails=["dana@example.org"])
        yield instance


def test_an_article_stored_with_its_redirect_gets_its_own_url_on_the_next_fetch(g):
    """A database filled before originals were read keeps its articles (same ids), and
    each takes the publisher's URL, the redirect kept as an alias."""
    [feed] = g.feeds()
    feed_id = g.db.execute("select id from feeds").fetchone()[0]
    old = [ParsedEntry(id="urn:old:1", url="http://feeds.feedburner.com/~r/old/~3/1/post", title="Old post")]
    store_entries(g.db, feed_id, feed.url, old, NOW)
    new = [ParsedEntry(id="urn:old:1", url="http://old.example/post", title="Old post",
                       aliases=("http://feeds.feedburner.com/~r/old/~3/1/post",))]
    assert store_entries(g.db, feed_id, feed.url, new, NOW) == 0  # the same article, not a new one
    assert g.article("urn:old:1").url == "http://old.example/post"
    assert g.article("http://feeds.feedburner.com/~r/old/~3/1/post").id == "urn:old:1"
    before = len(g.articles())
    g.fetch()  # the real feed again: nothing doubles
    assert len(g.articles()) == before


def test_log_shared_finds_the_article_by_its_url_its_redirect_or_with_tracking_parameters(g):
    hadoop = g.article(HADOOP)
    assert g.article(HADOOP_REDIRECT).id == hadoop.id
    assert g.article(HADOOP + "?utm_source=feedburner&utm_medium=feed").id == hadoop.id
    result = g.log("Dana Ortiz", "shared", url=HADOOP_REDIRECT + "?utm_campaign=Feed")
    assert result.warning is None and result.interaction.url == HADOOP  # recorded as the article's own URL


def test_a_shared_article_is_never_suggested_again_whichever_url_was_logged(g):
    suggested = {s.article.id for s in g.suggest("Dana Ortiz", top=5, max_age_days=0)}
    hadoop = g.article(HADOOP).id
    assert hadoop in suggested
    g.log("Dana Ortiz", "shared", url=HADOOP_REDIRECT)
    assert hadoop not in {s.article.id for s in g.suggest("Dana Ortiz", top=5, max_age_days=0)}


def test_a_ledger_that_holds_the_redirect_still_excludes_the_article(g):
    """Touches logged before originals were read hold the redirect as given: the
    recommender resolves them through the alias, as ``log`` does."""
    dana = g.contact("Dana Ortiz")
    ledger_rows.add_interaction(g.db, dana.id, "shared", None, HADOOP_REDIRECT, NOW, NOW)
    assert g.article(HADOOP).id not in {s.article.id for s in g.suggest("Dana Ortiz", top=5, max_age_days=0)}


def test_an_unknown_url_is_logged_with_a_warning(g):
    result = g.log("Dana Ortiz", "shared", url="https://elsewhere.example/a-post?utm_source=x")
    assert result.interaction.url == "https://elsewhere.example/a-post"
    assert result.warning and "no stored article" in result.warning and "\n" not in result.warning
    assert g.ledger("Dana Ortiz").gives == 1


@pytest.mark.parametrize("value", ["not a url", "kevinchiu.org/blog", "ftp://example.org/x", "http://",
                                   "javascript:alert(1)", "https://exa mple.org/x", "http://[::1"])
def test_a_shared_value_that_is_not_a_web_address_is_refused(g, value):
    with pytest.raises(ArgumentError, match="not a web address"):
        g.log("Dana Ortiz", "shared", url=value)
    assert g.ledger("Dana Ortiz").gives == 0


def test_cli_log_shared_says_what_it_recorded_warns_and_refuses(g, tmp_path):
    db = tmp_path / "g.db"
    g.close()
    ok = run_giga(db, "log", "Dana Ortiz", "--shared", HADOOP_REDIRECT)
    assert ok.stdout.strip() == f"logged: Dana Ortiz shared {HADOOP}" and ok.stderr == ""
    unknown = run_giga(db, "log", "Dana Ortiz", "--shared", "https://elsewhere.example/post")
    assert "logged: Dana Ortiz shared https://elsewhere.example/post" in unknown.stdout
    assert unknown.stderr.strip().count("\n") == 0 and "no stored article" in unknown.stderr
    bad = run_giga(db, "log", "Dana Ortiz", "--shared", "not a url", check=False)
    assert bad.returncode != 0 and bad.stderr.strip().count("\n") == 0 and "not a web address" in bad.stderr
    assert "Traceback" not in bad.stderr

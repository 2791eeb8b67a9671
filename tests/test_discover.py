"""Feed autodiscovery: finding the feed an HTML page links to, and following it in a refresh."""

from __future__ import annotations

import pytest

import giga
from giga._feeds.parse.discover import feed_link, is_html_page
from httpserver import FeedServer, Response, conditional

PAGE = "https://blog.example/posts/index.html"


def page(head: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>x</title>{head}</head><body><p>hi</p></body></html>".encode()


@pytest.mark.parametrize(
    ("head", "found"),
    [
        ('<link rel="alternate" type="application/rss+xml" href="/feed.xml">', "https://blog.example/feed.xml"),
        ('<link rel="alternate" type="application/atom+xml" href="atom.xml">', "https://blog.example/posts/atom.xml"),
        ('<link rel="Alternate" type="Application/Feed+JSON" href="//cdn.example/f.json">', "https://cdn.example/f.json"),
        ('<link rel="alternate home" type="application/rss+xml; charset=utf-8" href="rss#top">', "https://blog.example/posts/rss"),
        ('<base href="https://other.example/dir/"><link rel="alternate" type="application/rss+xml" href="f.xml">',
         "https://other.example/dir/f.xml"),
        ('<link rel="stylesheet" type="text/css" href="s.css"><link rel="alternate" type="text/html" href="/en">'
         '<link rel="alternate" type="application/rss+xml" href="/first"><link rel="alternate" '
         'type="application/atom+xml" href="/second">', "https://blog.example/first"),
        ('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', None),
        ('<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">', None),
        ('<link rel="alternate" type="application/rss+xml" href="">', None),
        ('<link rel="alternate" type="application/rss+xml" href="http://x:99999/">', None),
        ("", None),
    ],
)
def test_feed_link(head: str, found: str | None) -> None:
    assert feed_link(page(head), PAGE) == found


def test_is_html_page() -> None:
    assert is_html_page(page(""))
    assert is_html_page(b"  <!-- c --><html lang=en><body>x</body></html>")
    assert not is_html_page(b'<rss version="2.0"><channel><item><title>x</title></item></channel></rss>')
    assert not is_html_page(b"<html><body><item>embedded feed</item></body></html>")


def test_a_page_url_is_followed_to_its_feed_and_the_subscription_moves(
    feed_server: FeedServer, tmp_path
) -> None:
    rss = (b'<rss version="2.0"><channel><title>Blog</title><item><guid>urn:1</guid>'
           b"<link>https://blog.example/1</link><title>One</title></item></channel></rss>")
    feed_server.route("/feeds/main.xml", conditional(rss))
    home = feed_server.route("/blog/", Response(200, page(
        '<link rel="alternate" type="application/rss+xml" href="../feeds/main.xml">'),
        {"Content-Type": "text/html"}))
    bare = feed_server.route("/about", Response(200, page(""), {"Content-Type": "text/html"}))
    broken = feed_server.route("/broken/", Response(200, page(
        '<link rel="alternate" type="application/atom+xml" href="/missing.xml">')))
    with giga.open(tmp_path / "giga.db", parse_workers=1) as g:
        g.add_feeds([home, bare, broken])
        summary = g.fetch()
        errors = {e.feed: e.error for e in summary.errors}
        assert summary.updated == 1 and summary.new_articles == 1
        assert errors[bare] == f"{bare} is an HTML page with no feed link"
        assert "/missing.xml" in errors[broken] and "HTTP 404" in errors[broken]
        urls = [f.url for f in g.feeds()]
        assert feed_server.url("/feeds/main.xml") in urls and home not in urls
        # The next run asks the feed itself, conditionally, and never the page again.
        again = g.fetch(force=True)
        assert again.not_modified == 1
        assert len(feed_server.requests_to("/blog/")) == 1
        # A second page pointing at an already subscribed feed is a clear error, not a twin.
        twin = feed_server.route("/twin/", Response(200, page(
            '<link rel="alternate" type="application/rss+xml" href="/feeds/main.xml">')))
        g.add_feeds([twin])
        errors = {e.feed: e.error for e in g.fetch(force=True).errors}
        assert "already subscribed" in errors[twin]

"""The parsing stage: giga._feeds.parse.parse_feed and its normalization helpers."""

from __future__ import annotations

import gzip
import pickle
import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giga._feeds.parse import parse_feed
from giga._feeds.parse.dates import parse_date
from giga._feeds.parse.fallback import entry_from_feedparser, feedparser_parse
from giga._feeds.parse.normalize import MAX_TEXT, canonical_url, clean_categories, html_to_text
from giga.errors import ParseError
from giga._types import ParsedEntry, ParsedFeed

URL = "https://example.org/blog/feed.xml"
UTC = timezone.utc


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example &amp; Co</title>
  <link>https://example.org/</link>
  <item>
    <title>First &lt;b&gt;bold&lt;/b&gt; post</title>
    <link>/blog/first?utm_source=rss&amp;utm_medium=feed&amp;id=7#comments</link>
    <guid isPermaLink="false">post-1</guid>
    <pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate>
    <dc:creator>Ann Author</dc:creator>
    <category>Python</category>
    <category>python </category>
    <category><![CDATA[Tips &amp; Tricks]]></category>
    <description><![CDATA[<p>Short <em>summary</em> &amp; more.</p>]]></description>
    <content:encoded><![CDATA[<p>Body text.</p><script>alert("owned")</script><style>p{color:red}</style><p>After&nbsp;script.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second</title>
    <link>https://example.org/blog/second?fbclid=abc&amp;gclid=x&amp;page=2</link>
    <pubDate>Wed, 11 Jun 2003 09:30:00 EST</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/root/">
  <title type="html">Atom &lt;i&gt;feed&lt;/i&gt;</title>
  <link rel="alternate" type="text/html" href="https://example.com/"/>
  <link rel="self" href="https://example.com/atom.xml"/>
  <entry xml:base="posts/">
    <id>tag:example.com,2024:1</id>
    <title type="text">Less &lt;than&gt; tags</title>
    <link rel="self" type="application/atom+xml" href="/entries/1.atom"/>
    <link rel="enclosure" type="audio/mpeg" href="/media/1.mp3"/>
    <link rel="alternate" type="text/html" href="one.html"/>
    <published>2024-03-01T10:00:00.123+01:00</published>
    <updated>2024-03-02T00:00:00Z</updated>
    <author><name>Bo Writer</name><email>bo@example.com</email></author>
    <category term="News"/>
    <summary type="html">&lt;p&gt;An &amp;amp; summary&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b>.</p><p>Two</p></div></content>
  </entry>
  <entry>
    <id>tag:example.com,2024:2</id>
    <title>Only updated</title>
    <updated>2024-03-05T12:00:00-05:00</updated>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.net/">
    <title>RDF feed</title><link>http://example.net/</link>
    <items><rdf:Seq><rdf:li rdf:resource="http://example.net/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="http://example.net/a">
    <title>RDF item</title>
    <link>http://example.net/a</link>
    <dc:date>2009-07-04T12:28:09+02:00</dc:date>
    <dc:subject>Music</dc:subject>
  </item>
</rdf:RDF>
"""

ATOM03 = b"""<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old Atom</title>
  <entry>
    <title>Old entry</title>
    <link rel="alternate" type="text/html" href="http://example.org/old"/>
    <id>urn:example:old-1</id>
    <issued>2004-01-01T00:00:00Z</issued>
    <modified>2004-01-02T00:00:00Z</modified>
    <content type="text/html" mode="escaped">&lt;p&gt;Old &lt;b&gt;content&lt;/b&gt;&lt;/p&gt;</content>
  </entry>
</feed>
"""

RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91"><channel><title>Caf\xe9</title><link>http://example.org/</link>
<item><title>Cr\xe8me br\xfbl\xe9e</title><link>http://Example.ORG:80/recipes?a=1&amp;utm_campaign=x</link>
<description>Sweet</description></item>
<item><title>No link, no guid</title><description>Just text</description></item>
</channel></rss>
"""

JSON_FEED = b"""{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON &amp; friends",
  "home_page_url": "https://json.example/",
  "items": [
    {"id": "1", "url": "/posts/1?utm_source=jf", "title": "Hello JSON",
     "content_html": "<p>Hi <script>x()</script>there</p>", "summary": "A summary",
     "date_published": "2024-05-01T08:00:00+02:00", "authors": [{"name": "Jay"}],
     "tags": ["a", "A", "b"]},
    {"id": 2, "content_text": "Untitled note", "date_modified": "2024-05-02T00:00:00Z",
     "author": {"name": "Old Style"}}
  ]
}"""


def test_rss2_fields() -> None:
    feed = parse_feed(RSS, URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.parser == "fast"
    assert feed.title == "Example & Co"
    assert feed.link == "https://example.org/"
    first, second = feed.entries
    assert first.id == "post-1"
    assert first.url == "https://example.org/blog/first?id=7#comments"
    assert first.title == "First bold post"
    assert first.author == "Ann Author"
    assert first.published == utc(2003, 6, 10, 2, 0, 0)
    assert first.published.tzinfo is not None
    assert first.categories == ("Python", "Tips & Tricks")
    assert first.summary == "Short summary & more."
    assert "alert" not in first.content and "owned" not in first.content
    assert "color" not in first.content
    assert first.content == "Body text.\nAfter script."  # one line per paragraph
    assert second.url == "https://example.org/blog/second?page=2"
    assert second.id == second.url  # no guid: the canonical link
    assert second.published == utc(2003, 6, 11, 14, 30, 0)  # EST is UTC-5


def test_atom10_fields_and_xml_base() -> None:
    feed = parse_feed(ATOM, URL)
    assert feed.title == "Atom feed"
    assert feed.link == "https://example.com/"
    first, second = feed.entries
    assert first.id == "tag:example.com,2024:1"
    assert first.url == "https://example.com/root/posts/one.html"  # xml:base chain
    assert first.title == "Less <than> tags"  # type="text": brackets are text
    assert first.published == utc(2024, 3, 1, 9, 0, 0)  # second precision, UTC
    assert first.updated == utc(2024, 3, 2)
    assert first.author == "Bo Writer"
    assert first.summary == "An & summary"
    assert first.content == "Hello world.\nTwo"
    assert first.categories == ("News",)
    assert second.published == utc(2024, 3, 5, 17, 0, 0)  # falls back to updated
    assert second.url is None  # only an id, no link


def test_rss10_rdf() -> None:
    feed = parse_feed(RDF, URL)
    (entry,) = feed.entries
    assert entry.id == "http://example.net/a"  # rdf:about
    assert entry.title == "RDF item"
    assert entry.published == utc(2009, 7, 4, 10, 28, 9)  # dc:date
    assert entry.categories == ("Music",)


def test_atom03() -> None:
    (entry,) = parse_feed(ATOM03, URL).entries
    assert entry.id == "urn:example:old-1"
    assert entry.url == "http://example.org/old"
    assert entry.published == utc(2004, 1, 1)
    assert entry.updated == utc(2004, 1, 2)
    assert entry.content == "Old content"


def test_rss091_latin1_and_url_canonical() -> None:
    feed = parse_feed(RSS091, URL)
    assert feed.title == "Caf\u00e9"
    first, second = feed.entries
    assert first.title == "Cr\u00e8me br\u00fbl\u00e9e"
    assert first.url == "http://example.org/recipes?a=1"
    assert second.url is None
    assert second.id.startswith("giga:sha1:")


def test_json_feed() -> None:
    feed = parse_feed(JSON_FEED, "https://json.example/feed.json")
    assert feed.parser == "json"
    assert feed.title == "JSON & friends"
    assert feed.link == "https://json.example/"
    first, second = feed.entries
    assert first.id == "1"
    assert first.url == "https://json.example/posts/1"
    assert first.title == "Hello JSON"
    assert first.content == "Hi there"
    assert first.summary == "A summary"
    assert first.author == "Jay"
    assert first.published == utc(2024, 5, 1, 6, 0, 0)
    assert first.categories == ("a", "b")
    assert second.id == "2"
    assert second.author == "Old Style"
    assert second.content == "Untitled note"
    assert second.published == utc(2024, 5, 2)


def test_json_that_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="JSON"):
        parse_feed(b'{"hello": "world"}', URL)
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_feed(b'{"items": [', URL)


def test_relative_links_resolve_against_feed_url() -> None:
    body = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>a</title><link>../other/post.html</link></item>
    <item><title>b</title><guid>relative-guid</guid></item></channel></rss>"""
    first, second = parse_feed(body, "https://host.example/a/b/feed.xml").entries
    assert first.url == "https://host.example/a/other/post.html"
    # a permalink guid (isPermaLink defaults to true) is a link too, resolved like feedparser
    assert second.url == "https://host.example/a/b/relative-guid"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://a.example/p?utm_source=x&utm_medium=y", "https://a.example/p"),
        ("https://a.example/p?x=1&fbclid=2&mc_cid=3&mc_eid=4&gclid=5", "https://a.example/p?x=1"),
        ("HTTPS://A.Example:443/p#frag", "https://a.example/p#frag"),
        ("http://a.example", "http://a.example/"),
        ("https://a.example/p?", "https://a.example/p"),
        ("/rel/path", "https://base.example/rel/path"),
        ("mailto:someone@example.com", None),
        ("", None),
    ],
)
def test_canonical_url(raw: str, expected: str | None) -> None:
    assert canonical_url(raw, "https://base.example/feed") == expected


def test_html_to_text() -> None:
    html = "<div><h1>T&eacute;tle</h1><script>var x = 1;</script><p>a&nbsp;b  <a href='#'>link</a>.</p></div>"
    assert html_to_text(html) == "Tétle a b link."
    assert html_to_text("plain   text\n here") == "plain text here"
    assert html_to_text("x" * (MAX_TEXT + 50)) == "x" * MAX_TEXT
    assert html_to_text("") == ""


def test_entities_decoded_everywhere() -> None:
    body = """<rss version="2.0"><channel><title>t</title><item>
    <title>It&#8217;s &lt;em&gt;AT&amp;amp;T&lt;/em&gt; &#x263A;</title>
    <description>&lt;p&gt;caf&amp;eacute; &amp;hellip;&lt;/p&gt;</description>
    <link>http://e.example/x</link></item></channel></rss>""".encode()
    (entry,) = parse_feed(body, URL).entries
    assert entry.title == "It\u2019s AT&T \u263a"
    assert entry.summary == "caf\u00e9 \u2026"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 10 Jun 2003 04:00:00 GMT", utc(2003, 6, 10, 4)),
        ("Tue, 10 Jun 2003 04:00:00 +0530", utc(2003, 6, 9, 22, 30)),
        ("10 Jun 2003 04:00 -0700", utc(2003, 6, 10, 11)),
        ("Sat, 01 Nov 2008 10:00:00 PDT", utc(2008, 11, 1, 17)),
        ("Sat, 01 Nov 2008 10:00:00 CST", utc(2008, 11, 1, 16)),
        ("2003-12-31T10:14:55Z", utc(2003, 12, 31, 10, 14, 55)),
        ("2003-12-31T10:14:55.999-08:00", utc(2003, 12, 31, 18, 14, 55)),
        ("2003-12-31", utc(2003, 12, 31)),  # date only: feedparser's parser
        ("Thu, 01 Jan 04 19:48:21 GMT", utc(2004, 1, 1, 19, 48, 21)),  # 2-digit year
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_to_utc(raw: str | None, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_id_fallback_order() -> None:
    def item(inner: str) -> bytes:
        return f'<rss version="2.0"><channel><title>t</title><item>{inner}</item></channel></rss>'.encode()

    guid = parse_feed(item('<guid isPermaLink="false">g-1</guid><link>http://x.example/a</link>'), URL)
    assert guid.entries[0].id == "g-1"
    assert guid.entries[0].url == "http://x.example/a"  # isPermaLink="false": not a link
    link = parse_feed(item("<link>http://x.example/a?utm_term=z</link><title>T</title>"), URL)
    assert link.entries[0].id == "http://x.example/a"
    hashed = parse_feed(item("<title>T</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"), URL)
    again = parse_feed(item("<title>T</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"), URL)
    other = parse_feed(item("<title>U</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"), URL)
    assert hashed.entries[0].id.startswith("giga:sha1:")
    assert hashed.entries[0].id == again.entries[0].id
    assert hashed.entries[0].id != other.entries[0].id


def test_clean_categories() -> None:
    assert clean_categories(["Python", " python ", "Tips &amp; Tricks", "", None, "PYTHON", "Go"]) == (
        "Python", "Tips & Tricks", "Go",
    )


def test_html_page_is_a_parse_error() -> None:
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(ParseError, match="HTML page") as info:
        parse_feed(page, URL)
    assert info.value.source == URL
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("body", [b"", b"   \n\t", b"\x1f\x8b" + b"not gzip"])
def test_empty_or_broken_body_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(body, URL)


def test_xml_that_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="not an RSS, Atom or JSON feed"):
        parse_feed(b"<?xml version='1.0'?><catalog><book>x</book></catalog>", URL)


def test_ill_formed_xml_goes_to_feedparser() -> None:
    body = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>Caf&eacute;&nbsp;one</title><link>http://x.example/1</link></item>
    <item><title>Two <b>unclosed</title><link>http://x.example/2</link></item>
    </channel>"""
    feed = parse_feed(body, URL)
    assert feed.parser == "feedparser"
    assert [e.url for e in feed.entries] == ["http://x.example/1", "http://x.example/2"]
    assert feed.entries[0].title == "Caf\u00e9 one"
    assert any("declined" in w for w in feed.warnings)


def test_http_charset_overrides_declaration() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>' \
           '<item><title>na\u00efve</title><link>http://x.example/</link></item></channel></rss>'
    latin1 = body.encode("iso-8859-1")
    (entry,) = parse_feed(latin1, URL, "text/xml; charset=iso-8859-1").entries
    assert entry.title == "na\u00efve"


def test_utf8_mislabelled_as_latin1_is_repaired() -> None:
    body = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title>' \
           '<item><title>Sch\u00f6n f\u00fcr \u201cdich\u201d</title><link>http://x.example/</link></item>' \
           "</channel></rss>"
    (entry,) = parse_feed(body.encode("utf-8"), URL).entries
    assert entry.title == "Sch\u00f6n f\u00fcr \u201cdich\u201d"


def test_leading_whitespace_bom_and_gzip() -> None:
    assert parse_feed(b"\n\n  " + RSS, URL).parser == "fast"
    assert len(parse_feed(b"\xef\xbb\xbf" + RSS, URL).entries) == 2
    assert len(parse_feed(gzip.compress(RSS), URL).entries) == 2


def test_content_is_bounded() -> None:
    big = "<p>" + "word " * 10_000 + "</p>"
    body = f'<rss version="2.0"><channel><title>t</title><item><title>x</title>' \
           f"<description><![CDATA[{big}]]></description></item></channel></rss>".encode()
    (entry,) = parse_feed(body, URL).entries
    assert len(entry.summary) <= MAX_TEXT


def test_parsed_feed_pickles() -> None:
    for body in (RSS, ATOM, JSON_FEED):
        feed = parse_feed(body, URL)
        assert pickle.loads(pickle.dumps(feed)) == feed


def test_fast_path_agrees_with_feedparser() -> None:
    for body in (RSS, ATOM, RDF, ATOM03, RSS091):
        ours = parse_feed(body, URL).entries
        theirs = [entry_from_feedparser(e) for e in feedparser_parse(body, URL).entries]
        assert len(ours) == len(theirs)
        for mine, ref in zip(ours, theirs):
            assert (mine.id, mine.url, mine.title, mine.published) == (
                ref.id, ref.url, ref.title, ref.published,
            )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><description>&lol9;</description><link>http://x.example/</link></item>
</channel></rss>"""


def _all_text(feed: ParsedFeed) -> str:
    parts = [feed.title or "", feed.link or ""]
    for entry in feed.entries:
        parts += [entry.id, entry.url or "", entry.title, entry.author or "", entry.summary,
                  entry.content, *entry.categories]
    return "\n".join(parts)


def test_billion_laughs_is_bounded() -> None:
    start = time.perf_counter()
    try:
        feed = parse_feed(BILLION_LAUGHS, URL)
    except ParseError:
        return
    assert time.perf_counter() - start < 5
    assert len(_all_text(feed)) < 10_000
    assert "lollollol" not in _all_text(feed)


@pytest.mark.parametrize("parser_hint", ["rss", "atom"])
def test_xxe_does_not_read_local_files(tmp_path, parser_hint: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CANARY")
    uri = secret.as_uri()
    if parser_hint == "rss":
        body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{uri}">]>
<rss version="2.0"><channel><title>t &xxe;</title>
<item><title>a &xxe; b</title><description>&xxe;</description><link>http://x.example/</link></item>
</channel></rss>"""
    else:
        body = f"""<?xml version="1.0"?>
<!DOCTYPE feed SYSTEM "{uri}">
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>urn:x</id><title>a &xxe; b</title></entry></feed>"""
    try:
        feed = parse_feed(body.encode(), URL)
    except ParseError:
        return
    assert "TOP-SECRET-CANARY" not in _all_text(feed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_feed_or_parse_error(body: bytes) -> None:
    try:
        result = parse_feed(body, URL)
    except ParseError:
        return
    assert isinstance(result, ParsedFeed)
    assert all(isinstance(e, ParsedEntry) for e in result.entries)


_fragments = st.sampled_from([
    "<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>",
    "</link>", "<guid>", "</guid>", "<pubDate>", "</pubDate>", "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<entry>", "</entry>", "<id>", "</id>", "<link href='/x'/>", "&amp;", "&nbsp;", "&#0;",
    "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;",
    "{", "}", '"items":[', "Tue, 10 Jun 2003 04:00:00 GMT", "2003-12-31T10:14:55Z", "\x00",
    "\u00e9", "<script>", "</channel>", "</rss>", "</feed>", "xml:base='../'",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_fragments, st.text(max_size=8)), max_size=30))
def test_feedlike_noise_gives_feed_or_parse_error(parts: list[str]) -> None:
    try:
        result = parse_feed("".join(parts).encode("utf-8", "surrogatepass"), URL)
    except ParseError:
        return
    assert isinstance(result, ParsedFeed)


def test_cp1252_controls_are_mapped() -> None:
    # &#146; and raw 0x93/0x94 bytes in a latin-1 document are cp1252 quotes in practice
    body = (b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>Don&#146;t \x93quote\x94</title><link>http://x.example/</link></item>"
            b"</channel></rss>")
    (entry,) = parse_feed(body, URL).entries
    assert entry.title == "Don\u2019t \u201cquote\u201d"
    utf8 = b'<rss version="2.0"><channel><title>t</title><item><title>A&#150;B</title></item></channel></rss>'
    assert parse_feed(utf8, URL).entries[0].title == "A\u2013B"


def test_userland_namespace_and_media_title_fallback() -> None:
    body = b"""<rss version="2.0" xmlns="http://backend.userland.com/rss2"
        xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
        <item><media:title>media</media:title><title>real</title><link>http://x.example/1</link></item>
        <item><media:title>only media</media:title><link>http://x.example/2</link></item>
        </channel></rss>"""
    feed = parse_feed(body, URL)
    assert feed.parser == "fast"
    assert [e.title for e in feed.entries] == ["real", "only media"]


def test_gzip_bomb_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import giga._feeds.parse as parse_module

    monkeypatch.setattr(parse_module, "MAX_DECOMPRESSED", 1000)
    with pytest.raises(ParseError, match="expands beyond"):
        parse_feed(gzip.compress(b" " * 100_000), URL)


def test_html_text_keeps_words_whole_and_blocks_apart() -> None:
    """A drop cap stays one word ("It's", not "I t's") and a heading never runs into
    the paragraph after it: summary and content keep one line per block."""
    markup = ("<h3>Diabetes workshop</h3><p><span class='dropcap'>I</span>t's that time of <b>year</b>."
              "<br>Doors open at 6.</p><ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>")
    assert html_to_text(markup, blocks=True) == \
        "Diabetes workshop\nIt's that time of year.\nDoors open at 6.\nOne\nTwo\na\nb"
    assert html_to_text(markup) == "Diabetes workshop It's that time of year. Doors open at 6. One Two a b"
    body = (f'<rss version="2.0"><channel><title>t</title><item><title>&lt;b&gt;I&lt;/b&gt;t\'s here</title>'
            f"<description><![CDATA[{markup}]]></description></item></channel></rss>").encode()
    (entry,) = parse_feed(body, URL).entries
    assert entry.title == "It's here"
    assert entry.summary.splitlines()[:2] == ["Diabetes workshop", "It's that time of year."]

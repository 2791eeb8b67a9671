"""The parsing stage: feed bytes in, :class:`~giga._types.ParsedFeed` out. Pure.

No network, no database, no clock. :func:`parse_feed` picks a reader:

1. gzip bytes (a saved ``.gz`` file, a server that forgot Content-Encoding) are
   decompressed, up to :data:`MAX_DECOMPRESSED` bytes;
2. a JSON object goes to :mod:`.jsonfeed`;
3. empty bytes, and HTML pages without any ``<item>``/``<entry>``, give
   :class:`~giga.errors.ParseError` at once (a page that embeds a feed still gets read);
4. XML goes to the lxml fast path (:mod:`.fast`, trees from :mod:`.xmltree`), which
   mimics feedparser's rules;
   whatever the fast path declines (ill-formed XML, DTD entities, unknown roots,
   fewer entries found than the bytes hold) goes to feedparser (:mod:`.fallback`),
   and the reason is kept in ``ParsedFeed.warnings``.

Measured with ``benchmarks/parse_agreement.py`` on the 661-file real-feeds corpus
(35 MB, 9,848 entries per feedparser), one core of a shared, noisy 2-core machine
(last quiet run, then the range over several runs; the spread is the machine):

=====================  ==================  ===========================
reader                 seconds             entries/s
=====================  ==================  ===========================
feedparser 6.0.14      17.3 (16.9 - 20.4)  571 (480 - 580)
giga ``parse_feed``    1.58 (1.29 - 2.5)   6,440 (4,000 - 7,900)
=====================  ==================  ===========================

That is 10.9x feedparser in the quietest run (8x - 11x across runs), normalization
included (HTML to text of every summary and content). Agreement with feedparser on id, title and
published: 100.00% of the 9,848 entries; on link 99.90% since links prefer the publisher's
``feedburner:origLink`` (both readers do): the 10 others are the entries of
node-feedparser ``illegally-nested.xml``, where an empty ``<item/>`` inside each item makes
feedparser lose the item's origLink (giga reads it). Files per reader: 606 fast path, 16
feedparser, 13 JSON Feed, 26 ParseError (HTML pages, fragments, non-feed XML/JSON).
Where the time goes (best run): lxml trees 0.17 s, HTML to text (selectolax/lexbor,
about 15 us of fixed cost per call) 0.35 s, feedparser for the 16 declined files 0.22 s,
our tree walk, dates, URLs and the rest 0.55 s.
"""

from __future__ import annotations

import zlib

from ...errors import ParseError
from ..._text import one_line
from ..._types import ParsedFeed
from .discover import HTML_START as _HTML_START
from .discover import is_html_page
from .fallback import feed_from_feedparser, feedparser_parse
from .fast import Rejected, parse_fast
from .jsonfeed import looks_like_json, parse_json_feed

__all__ = ["parse_feed", "MAX_DECOMPRESSED"]

MAX_DECOMPRESSED = 64 * 1024 * 1024  # bytes; a gzip bomb stops here



def _gunzip(body: bytes, url: str) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_DECOMPRESSED)
    except zlib.error as exc:
        raise ParseError(url, f"corrupt gzip data ({exc})") from None
    if inflater.unconsumed_tail:
        raise ParseError(url, f"gzip data expands beyond {MAX_DECOMPRESSED} bytes")
    return data


def _parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, url)
    if not body.strip():
        raise ParseError(url, "empty document")
    if looks_like_json(body):
        return parse_json_feed(body, url)
    stripped = body.lstrip()
    if stripped[:1] == b"<":
        body = stripped  # whitespace before <?xml is common and fatal to strict parsers
    if is_html_page(body):
        raise ParseError(url, "an HTML page, not a feed")  # no feed inside: skip feedparser
    try:
        return parse_fast(body, url, content_type)
    except Rejected as exc:
        reason = str(exc)
    result = feedparser_parse(body, url, content_type)
    feed = feed_from_feedparser(result)
    if not feed.entries and not result.get("version"):
        if _HTML_START.match(body[:4096]):
            raise ParseError(url, "an HTML page, not a feed")
        problem = result.get("bozo_exception")
        detail = f": {one_line(problem, 200)}" if problem else ""
        raise ParseError(url, f"not an RSS, Atom or JSON feed{detail}")
    return ParsedFeed(
        title=feed.title,
        link=feed.link,
        entries=feed.entries,
        parser=feed.parser,
        warnings=(f"fast parser declined: {one_line(reason, 200)}", *feed.warnings),
    )


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes fetched from ``url`` (used as the base of relative links).

    ``content_type`` is the HTTP Content-Type header; its charset overrides the XML
    declaration the way feedparser (RFC 3023) lets it. Raises
    :class:`~giga.errors.ParseError` - and nothing else - when the bytes are not a feed.
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise ParseError(url, f"expected bytes, got {type(body).__name__}")
    try:
        return _parse(bytes(body), url, content_type)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(url, "document nested too deeply") from None
    except MemoryError:
        raise ParseError(url, "document too large to parse") from None
    except Exception as exc:  # a library bug on hostile input must not escape as a crash
        raise ParseError(url, f"unreadable feed ({type(exc).__name__}: {one_line(exc, 200)})") from None

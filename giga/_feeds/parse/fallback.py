"""The slow, tolerant path: feedparser, for whatever the fast path declines.

feedparser reads ill-formed XML with its loose parser, guesses encodings, expands the
HTML entities that RSS 0.91 allows, and knows dozens of dialects; it is also the
reference the fast path is measured against. :func:`entry_from_feedparser` is the one
mapping from a feedparser entry to :class:`~giga._types.ParsedEntry`, shared with
``benchmarks/parse_agreement.py`` so both sides of the agreement measurement go through
the same normalization.

HTML sanitizing and relative-URI rewriting inside content are turned off here: giga
keeps only the plain text of summaries and contents, so that work (about a third of
feedparser's time) would be thrown away. Links and ids are still resolved.
"""

from __future__ import annotations

from typing import Any

import feedparser

from ..._types import ParsedEntry, ParsedFeed
from .dates import from_struct_time
from .normalize import MAX_TITLE, canonical_url, make_entry, to_text

__all__ = ["feedparser_parse", "entry_from_feedparser", "feed_from_feedparser", "HTML_TYPES"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def feedparser_parse(body: bytes, url: str, content_type: str | None = None,
                     *, fast_options: bool = True) -> Any:
    """Call feedparser the way giga does: the URL as base, the HTTP Content-Type.

    Without a Content-Type, ``application/xml`` is assumed, which lets the XML
    declaration (or UTF-8) decide the encoding. ``fast_options=False`` gives
    feedparser's defaults (sanitizing on), the reference the benchmark times.
    """
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    if fast_options:
        return feedparser.parse(body, response_headers=headers,
                                sanitize_html=False, resolve_relative_uris=False)
    return feedparser.parse(body, response_headers=headers)


def _detail_is_html(entry: dict[str, Any], key: str, default: bool) -> bool:
    detail = entry.get(key)
    if not detail:
        return default
    return str(detail.get("type", "")).lower() in HTML_TYPES


def entry_from_feedparser(entry: dict[str, Any]) -> ParsedEntry:
    """Normalize one feedparser entry (a ``FeedParserDict``) into a ParsedEntry."""
    get = dict.get  # plain lookups: no FeedParserDict aliasing between keys
    content_list = get(entry, "content") or []
    first = content_list[0] if content_list else None
    content = first.get("value") if first else None
    summary = get(entry, "summary")
    detail = get(entry, "author_detail")
    author = (detail.get("name") if detail else None) or get(entry, "author")
    tags = get(entry, "tags") or []
    return make_entry(
        guid=get(entry, "id"),
        link=get(entry, "link"),
        title=get(entry, "title"),
        title_html=_detail_is_html(entry, "title_detail", False),
        author=author,
        published=from_struct_time(get(entry, "published_parsed")),
        updated=from_struct_time(get(entry, "updated_parsed")),
        summary=content if (summary is not None and summary == content) else summary,
        summary_html=_detail_is_html(entry, "summary_detail", True),
        content=content,
        content_html=(str(first.get("type", "")).lower() in HTML_TYPES) if first else True,
        categories=[tag.get("term") for tag in tags],
        original=get(entry, "feedburner_origlink") or get(entry, "pheedo_origlink"),
    )


def feed_from_feedparser(result: Any) -> ParsedFeed:
    """The whole feedparser result as a ParsedFeed (parser ``"feedparser"``)."""
    feed = result.get("feed") or {}
    title = to_text(dict.get(feed, "title"), _detail_is_html(feed, "title_detail", False),
                    MAX_TITLE) or None
    entries = tuple(entry_from_feedparser(entry) for entry in result.get("entries", []))
    warnings: tuple[str, ...] = ()
    if result.get("bozo"):
        reason = " ".join(str(result.get("bozo_exception", "")).split())
        warnings = (f"feedparser: {type(result.get('bozo_exception')).__name__}: {reason}"[:300],)
    return ParsedFeed(
        title=title,
        link=canonical_url(dict.get(feed, "link")),
        entries=entries,
        parser="feedparser",
        warnings=warnings,
    )

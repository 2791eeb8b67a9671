"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org), which feedparser 6 does not read.

The format is plain JSON, so the standard ``json`` module is all it takes; values go
through the same :func:`~giga._feeds.parse.normalize.make_entry` as RSS and Atom entries.
Both 1.0 (``author``) and 1.1 (``authors``) shapes are accepted, item ids may be
numbers in the wild (they are turned into strings), and relative item URLs are resolved
against the feed URL.
"""

from __future__ import annotations

import json
from typing import Any

from ...errors import ParseError
from ..._types import ParsedEntry, ParsedFeed
from .dates import parse_date
from .normalize import MAX_TITLE, canonical_url, looks_like_html, make_entry, resolve, to_text

__all__ = ["looks_like_json", "parse_json_feed"]


def looks_like_json(body: bytes) -> bool:
    """A JSON object, possibly after a BOM and whitespace."""
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        for author in authors:
            if isinstance(author, dict) and _str(author.get("name")):
                return _str(author.get("name"))
    author = item.get("author")
    if isinstance(author, dict):
        return _str(author.get("name"))
    return None


def _entry(item: dict[str, Any], url: str) -> ParsedEntry:
    link = _str(item.get("url")) or _str(item.get("external_url"))
    title = _str(item.get("title")) or ""
    content_html = _str(item.get("content_html"))
    content = content_html if content_html is not None else _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    tags = item.get("tags")
    return make_entry(
        guid=_str(item.get("id")),
        link=resolve(url, link.strip()) if link else None,
        title=title,
        title_html=looks_like_html(title),
        author=_author(item),
        published=parse_date(_str(item.get("date_published"))),
        updated=parse_date(_str(item.get("date_modified"))),
        summary=summary if summary is not None else content,
        summary_html=False if summary is not None else content_html is not None,
        content=content,
        content_html=content_html is not None,
        categories=[t for t in tags if isinstance(t, str)] if isinstance(tags, list) else (),
    )


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed document; ParseError when it is not one."""
    try:
        data = json.loads(body, strict=False)  # raw control characters are common
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ParseError(url, f"invalid JSON: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(data, dict):
        raise ParseError(url, "JSON document is not a JSON Feed (not an object)")
    version = _str(data.get("version")) or ""
    items = data.get("items")
    if not version.startswith("https://jsonfeed.org/version/") and not isinstance(items, list):
        raise ParseError(url, "JSON document is not a JSON Feed (no version, no items)")
    warnings: list[str] = []
    entries = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            entries.append(_entry(item, url))
        else:
            warnings.append("skipped a JSON Feed item that is not an object")
    title = _str(data.get("title"))
    home = _str(data.get("home_page_url"))
    return ParsedFeed(
        title=to_text(title, looks_like_html(title), MAX_TITLE) or None if title else None,
        link=canonical_url(home, url) if home else None,
        entries=tuple(entries),
        parser="json",
        warnings=tuple(dict.fromkeys(warnings)),
    )

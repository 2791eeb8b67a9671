"""What ``giga log NAME --shared URL`` names: a web address, and the stored article it is.

One resolution for every place that asks "was this article shared with them?": the URL as
given, its canonical form (tracking parameters stripped, ``giga._feeds.parse.normalize``)
and the other URLs an article is known by (the tracking redirect a feed relayed it
through, kept as an alias by ``giga._store.articles``). ``_recommend.service`` reads the
ledger through the same store lookup, so an article logged here is never suggested again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlite_utils

from .._store.articles import find_article
from ..errors import ArgumentError
from ..types import Article


def check_shared_url(value: str) -> str:
    """The URL stripped; ArgumentError when it is not an http(s) address with a host."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host or any(c.isspace() for c in text):
        shown = " ".join(value.split())[:200]
        raise ArgumentError("shared", f"not a web address: {shown!r} (give the article's http:// or https:// URL)")
    return text


def resolve_shared(db: sqlite_utils.Database, url: str) -> tuple[str, Article | None]:
    """The URL to record for a shared link, and the stored article it names (or None).

    A matched article is recorded by its own URL (the publisher's, not a redirect); an
    unknown link by its canonical form, so a later fetch of it still matches.
    """
    from .._feeds.parse.normalize import canonical_url  # parsers load only when needed

    canonical = canonical_url(url)
    article = find_article(db, url, canonical)
    if article is not None:
        return article.url or url, article
    return canonical or url, None

"""Feed autodiscovery: the feed an HTML page points to. Pure: bytes in, URL out.

People paste a blog's home page where a feed URL belongs, and sites move their feeds
behind an HTML page. Such pages usually say where the feed is with
``<link rel="alternate" type="application/rss+xml" href="...">`` in their head; this
module finds the first such link (RSS, Atom or JSON Feed, in document order) and
resolves it against the page URL (or the page's ``<base href>``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

__all__ = ["FEED_TYPES", "HTML_START", "feed_link", "is_html_page"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})

HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_ANY_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?i:item|entry)[\s/>]")
HEAD_BYTES = 512 * 1024  # feed links live in <head>; a huge page body is not worth parsing


def is_html_page(body: bytes) -> bool:
    """An HTML document with no ``<item>``/``<entry>`` in it: a page, not a feed."""
    return bool(HTML_START.match(body[:4096])) and not _ANY_ITEM.search(body)


def feed_link(body: bytes, page_url: str) -> str | None:
    """The absolute URL of the page's first feed link, or None if it has none."""
    try:
        tree = LexborHTMLParser(body[:HEAD_BYTES].decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - an unparseable page simply has no feed link
        return None
    base = page_url
    for node in tree.css("base[href]"):
        base = _join(page_url, node.attributes.get("href") or "") or page_url
        break
    for node in tree.css("link[href]"):
        attrs = node.attributes
        rels = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        target = _join(base, attrs.get("href") or "")
        if target and _same_kind(target, page_url) and target != page_url:
            return target
    return None


def _join(base: str, href: str) -> str | None:
    href = href.strip()
    if not href:
        return None
    try:
        joined = urljoin(base, href)
        urlsplit(joined).port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return joined.split("#", 1)[0]


def _same_kind(target: str, page_url: str) -> bool:
    """Web pages may point only to web feeds; a local page may point to local files too."""
    scheme = urlsplit(target).scheme.lower()
    page_scheme = urlsplit(page_url).scheme.lower()
    return scheme in ("http", "https") or (scheme == "file" and page_scheme == "file")

"""A person's web site, followed to their feed.

People give a home page ("https://jane.dev") where giga wants a feed: the page usually
names its feed in a ``<link rel="alternate">`` (``parse.discover``), and some people give
the feed's own address. Either way this finds the feed to subscribe to, or says there is
none.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..errors import FeedError, FetchError
from .fetch import FetchConfig, FetchRequest, fetch_all, guard
from .parse import parse_feed
from .parse.discover import feed_link, is_html_page
from .sources import is_remote, normalize_source


def site_address(website: str) -> str:
    """The address to fetch: as given, or https:// in front of a bare host ("jane.dev")."""
    text = website.strip()
    if is_remote(text) or "://" in text or Path(text).expanduser().exists():
        return text
    return f"https://{text}"


def site_feed(website: str, config: FetchConfig) -> str | None:
    """The feed of the site at ``website`` (the address itself when it is a feed), or
    None when the page names none. A site that cannot be fetched raises ``FetchError``."""
    source = normalize_source(site_address(website))
    result = fetch_all([FetchRequest(source=source)], config)[0]
    if result.error:
        raise FetchError(source, result.error, result.status)
    body = result.body or b""
    page = result.final_url or (source if is_remote(source) else Path(source).as_uri())
    if is_html_page(body):
        link = feed_link(body, page)
        reason = guard.refusal(_hosts(source, result.final_url), _hostname(link)) if link and is_remote(link) else None
        if reason is not None:  # a public page naming a feed in your own network
            raise FetchError(source, reason)
        return link
    try:
        parse_feed(body, page, result.content_type)
    except FeedError:
        return None
    return source


def _hosts(*urls: str | None) -> list[str]:
    return [_hostname(url) for url in urls if url and is_remote(url)]


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""

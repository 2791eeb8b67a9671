"""``Giga.share``: a page in, the people it suits out.

One call does it all, in this order, so a page that cannot be shared stores nothing:
load the page (``load``), find its article (``page``), store it under the reserved
"found on the web" feed (``_store.web``), then rank the contacts with the relationship
weighed in and draft a note for each (``_recommend.share``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import sqlite_utils

from .._settings import Settings
from .._types import ParsedEntry
from ..errors import ArgumentError
from ..sharing import SharedPage, SharePick, ShareResult

if TYPE_CHECKING:
    from .._feeds.fetch import FetchConfig
    from .._recommend.service import Recommender
    from .page import Page

__all__ = ["Sharer"]


class Sharer:
    """Shares pages over one database."""

    def __init__(self, db: sqlite_utils.Database, settings: Settings, recommender: Recommender,
                 fetch_config: FetchConfig | None = None) -> None:
        self.db = db
        self.settings = settings
        self.recommender = recommender
        self.fetch_config = fetch_config

    def share(self, source: str, *, top: int = 3, max_age_days: int | None = None) -> ShareResult:
        """Who would like the page at ``source`` (an http(s) URL or a saved .html file)."""
        from .._recommend.share import rank_for_article
        from .._store.feeds import feed_exists
        from .._store.web import store_page
        from .load import load
        from .page import read_page

        if top < 1:
            raise ArgumentError("top", "must be at least 1")
        loaded = load(source, self.fetch_config)
        page = read_page(loaded.body, source, loaded.url, loaded.content_type)
        article_id, new = store_page(self.db, _entry(page), self.settings.clock())
        article = self.recommender.article(article_id)
        picks = rank_for_article(self.recommender, article, top, max_age_days)
        feed = page.feed if page.feed and not feed_exists(self.db, page.feed) else None
        return ShareResult(
            SharedPage(article, page.site, page.language, feed, new),
            tuple(SharePick(p.suggestion, p.fit, p.last_touch, p.days_since, p.due) for p in picks),
        )


def _entry(page: Page) -> ParsedEntry:
    """The page as a feed entry: its URL is its id (so a page shared twice, or carried by
    a feed too, is one article), else a hash of its text."""
    digest = hashlib.sha1(f"{page.title}\n{page.text}".encode("utf-8", "replace")).hexdigest()[:20]
    return ParsedEntry(
        id=page.url or f"giga:web:{digest}", url=page.url, title=page.title, author=page.author,
        published=page.published, summary=page.description, content=page.text,
        categories=page.categories, language=page.language, kind="",
    )

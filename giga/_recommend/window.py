"""What a run may suggest, before any matching: the window's articles that are something
to read, the languages of articles and of readers, and which of someone's own posts are
new enough to answer.

Job postings, event listings, product pages and link digests (``_feeds.kinds``), and
every article of a feed made mostly of listings, are no "thought of you" reading; an
article in a language the contact does not read is no note written in English. Both are decided when an article is stored (``_feeds.refresh``); an article
stored before giga decided them gets them decided here, once, and kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import sqlite_utils

from ..types import Article

NOTE_LANGUAGES = frozenset({"en"})  # the language the drafts are written in
# A feed whose articles in the window are this share or more job postings, event
# listings or product pages is a listings feed (a job board, a library's programme, a
# shop): its other entries are announcements of the same kind that the signals missed
# ("Game On for Teens at Libraries This Summer"), so none of it is suggested. In the
# real-feeds corpus: a city library's feed (37% events), two job boards, a book shop
# and a national library's events; the most of any other feed is 21%.
LISTINGS_SHARE = 0.3
LISTINGS_MIN_ARTICLES = 5


def reading(db: sqlite_utils.Database, articles: Sequence[Article]) -> tuple[list[Article], dict[str, str]]:
    """The articles that are something to read, and each article's language ("" unknown)."""
    from .._feeds.kinds import LISTINGS, NOT_FOR_NOTES, kind_of
    from .._feeds.language import language_of
    from .._store.traits import article_traits, save_traits

    traits = article_traits(db, [a.id for a in articles])
    undecided = [a for a in articles if None in traits.get(a.id, (None, None))]
    if undecided:
        decided = [(a.id, language_of(a.title, a.content or a.summary), kind_of(a.title, a.content or a.summary))
                   for a in undecided]
        save_traits(db, decided)
        traits.update((i, (language, kind)) for i, language, kind in decided)
    listings = Counter(a.feed for a in articles if traits[a.id][1] in LISTINGS)
    sizes = Counter(a.feed for a in articles)
    listing_feeds = {feed for feed, n in listings.items()
                     if sizes[feed] >= LISTINGS_MIN_ARTICLES and n >= LISTINGS_SHARE * sizes[feed]}
    return ([a for a in articles if traits[a.id][1] not in NOT_FOR_NOTES and a.feed not in listing_feeds],
            {a.id: traits[a.id][0] or "" for a in articles})


def languages_of(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, str]:
    """The stored language of each of those articles ("" unknown or not decided)."""
    from .._store.traits import article_traits

    return {i: language or "" for i, (language, _) in article_traits(db, ids).items()}


def reader_languages(own: Sequence[Article], languages: dict[str, str]) -> frozenset[str]:
    """What someone reads: the notes' language, and any they write at least a fifth of
    their own posts in (a German blogger gets German articles). A per-contact setting
    would say it better; none exists yet."""
    found = Counter(languages.get(a.id, "") for a in own)
    found.pop("", None)
    return NOTE_LANGUAGES | {code for code, n in found.items() if n * 5 >= len(own)}


def new_post(post: Article, own: Sequence[Article], since: datetime) -> bool:
    """Whether a post of someone's own feed is new since ``since``: dated since then; or,
    undated, first stored since then and either its feed's dated posts are recent too or
    it appeared after the feed's first fetch (on which every old undated post is "new")."""
    if post.published is not None:
        return post.published >= since
    seen = post.fetched_at
    if seen is None or seen < since:
        return False
    same_feed = [a for a in own if a.feed == post.feed]
    first_fetch = min(a.fetched_at for a in same_feed if a.fetched_at is not None)
    return seen > first_fetch or any(a.published is not None and a.published >= since for a in same_feed)

"""``giga articles``: find an article you remember (by the words of its headline, its
feed, how recent it is) to pass along, or to ask ``giga suggest --article`` about."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import click

from .. import Article
from .context import AppContext, pass_app
from .options import json_option
from .render import print_table


@click.command()
@click.option("--search", "search", metavar="TEXT",
              help="Words to look for in the title, summary, text or author (all of them; best match first).")
@click.option("--feed", "feed", metavar="F", help="Only articles of this feed (as subscribed).")
@click.option("--since", "since_days", type=click.IntRange(0), metavar="DAYS",
              help="Only articles from the last DAYS days (0: no limit).")
@click.option("--limit", "limit", type=click.IntRange(1), default=20, show_default=True, help="At most this many.")
@json_option
@pass_app
def articles(app: AppContext, search: str | None, feed: str | None, since_days: int | None, limit: int,
             as_json: bool) -> None:
    """Stored articles, newest first; with --search, best match first (title words count most).

    The last column is the article's id: give it to giga suggest --article ID to see who
    would like it, or to giga log NAME --shared with its link.
    """
    found = app.giga.articles(search=search, feed=feed, since_days=since_days or None, limit=limit + 1)
    more, found = len(found) > limit, found[:limit]
    if as_json:
        app.print_json([_as_dict(a) for a in found])
        return
    if not found:
        app.out.print("No article matches." if search or feed or since_days else
                      "No articles yet: add feeds (giga feeds add URL) and run giga fetch.")
        return
    titles = {f.url: f.title or f.url for f in app.giga.feeds()}
    tz = app.giga.tz
    print_table(["date", "feed", "title", "id"],
                ([_day(a.published or a.fetched_at, tz), titles.get(a.feed, a.feed), a.title, a.id] for a in found))
    if more:
        app.err.print(f"showing the first {limit}; --limit N shows more", highlight=False)


def _day(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d") if moment else "-"


def _as_dict(article: Article) -> dict[str, Any]:
    """The ``giga articles --json`` item: the keys of ``suggest --json``'s article, plus author."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "feed": article.feed,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
    }


"""The feed side as one service: subscriptions, OPML in and out, refreshing, articles.

Built by the facade with the database, the user's settings and a fetch configuration;
httpx, lxml and the parsers load only when a refresh runs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from .. import _store
from .._settings import Settings
from .._text import one_line
from ..errors import ArgumentError, FeedNotFoundError, GigaError
from ..text import redact
from ..types import Article, Feed, OpmlImportReport, Subscription, UpdateSummary
from .sources import is_remote, normalize_source

if TYPE_CHECKING:  # httpx loads only when a refresh runs
    from .fetch import FetchConfig

ProgressCallback = Callable[[int, int, str], None]


class Feeds:
    """Subscriptions and their articles over one database."""

    def __init__(self, db: sqlite_utils.Database, settings: Settings,
                 fetch_config: FetchConfig | None = None, parse_workers: int | None = None) -> None:
        self.db = db
        self.settings = settings
        self.fetch_config = fetch_config  # None: DEFAULT_FETCH_CONFIG, resolved when fetching
        self.parse_workers = parse_workers

    def add_feeds(self, sources: Iterable[str]) -> list[str]:
        """Subscribe to URLs or local files; returns those newly added (normalized).

        Every source is checked before anything is stored, so one bad source adds nothing.
        """
        normalized = [normalize_source(s) for s in sources]
        return _store.add_feeds(self.db, normalized, self.settings.clock())

    def add_feed(self, source: str) -> str:
        """Subscribe to one feed; returns its stored form (already subscribed is fine)."""
        normalized = normalize_source(source)
        _store.add_feeds(self.db, [normalized], self.settings.clock())
        return normalized

    def feeds(self) -> list[Feed]:
        return _store.list_feeds(self.db)

    def feed(self, source: str) -> Feed:
        return _store.feeds.row_to_feed(_store.feed_row(self.db, self.resolve(source)))

    def remove_feed(self, source: str) -> int:
        """Unsubscribe; returns how many articles only that feed carried (now removed)."""
        return _store.remove_feed(self.db, self.resolve(source))

    def resolve(self, source: str) -> str:
        """The stored URL or path of a subscription named as the user typed it, or as
        ``feeds list`` shows it (``https://***@host/feed``, when that names one)."""
        known = [f.url for f in self.feeds()]
        candidates = [source.strip()]
        if not is_remote(source):
            try:
                candidates.append(normalize_source(source))
            except Exception:  # noqa: BLE001 - a missing file may still be subscribed
                pass
        for candidate in candidates:
            if candidate in known:
                return candidate
        shown = [url for url in known if redact(url) == source.strip() != url]
        if len(shown) == 1:  # as listed, password hidden (giga feeds list)
            return shown[0]
        close = difflib.get_close_matches(source, known, n=3, cutoff=0.6)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        raise FeedNotFoundError(f"no such feed: {source}{hint}")

    # -- OPML ------------------------------------------------------------------
    def import_opml(self, path: str | Path) -> OpmlImportReport:
        """Subscribe to every feed in an OPML file, in its folders; an outline that cannot
        be used (a local file that is not there) is skipped with a warning, not the list."""
        from .opml import read_opml  # lxml loads only for OPML

        warnings: list[str] = []
        folder = Path(path).resolve().parent
        usable: dict[str, Subscription] = {}
        for sub in read_opml(path, warnings):
            try:
                source = sub.url if is_remote(sub.url) else _local_source(sub.url, folder)
            except GigaError as exc:
                warnings.append(f"{path}: skipped {sub.url[:80]!r}: {exc}")
                continue
            usable.setdefault(source, sub)
        added = _store.add_feeds(self.db, list(usable), self.settings.clock(),
                                 {s: one_line(sub.title, 2_000) or None for s, sub in usable.items()},  # cleaned: shown later
                                 {s: sub.site_url for s, sub in usable.items()},
                                 {s: sub.categories for s, sub in usable.items()})
        added_set = set(added)
        return OpmlImportReport(added=tuple(added), already_subscribed=tuple(s for s in usable if s not in added_set),
                                warnings=tuple(warnings))

    def export_opml(self) -> str:
        """Every subscription as OPML, in the folders it was imported from."""
        from .._store.web import WEB_FEED
        from .opml import write_opml

        folders = _store.feed_folders(self.db)
        feeds = [f for f in self.feeds() if f.url != WEB_FEED]  # pages shared are no subscription
        first: dict[tuple[str, ...], int] = {}  # one outline per folder, in the order folders first appear

        def place(path: tuple[str, ...]) -> tuple[int, ...]:
            return tuple(first.setdefault(path[:n], len(first)) for n in range(len(path) + 1))

        feeds.sort(key=lambda f: place(folders.get(f.url, ())))
        return write_opml(Subscription(url=f.url, title=f.title, site_url=f.site_url, categories=folders.get(f.url, ()))
                          for f in feeds)

    # -- refreshing ------------------------------------------------------------
    def fetch(self, *, force: bool = False, progress: ProgressCallback | None = None,
              timeout: float | None = None) -> UpdateSummary:
        """Refresh every feed; failures come back in the summary, never as exceptions.

        ``timeout`` (seconds) bounds the time spent on any one feed."""
        from .fetch import DEFAULT_FETCH_CONFIG
        from .refresh import refresh_feeds  # httpx, lxml and the parsers load on first use

        config = self.fetch_config or DEFAULT_FETCH_CONFIG
        if timeout is not None:
            config = config.with_deadline(timeout)
        clock = self.settings.clock
        now, keep_days = clock(), self.settings.retention_days
        cutoff = now - timedelta(days=keep_days) if keep_days else None
        summary = refresh_feeds(self.db, now, replace(config, clock=clock), workers=self.parse_workers,
                                force=force, progress=progress, not_before=cutoff)
        if cutoff is None:
            return summary
        return replace(summary, pruned=_store.prune_articles(self.db, cutoff))

    def site_feed(self, website: str) -> str | None:
        """The feed a person's web site names (the address itself if it is a feed), or
        None; ``FetchError`` when the site cannot be fetched."""
        from .fetch import DEFAULT_FETCH_CONFIG
        from .site import site_feed  # httpx and the parsers load on first use

        return site_feed(website, self.fetch_config or DEFAULT_FETCH_CONFIG)

    def articles(self, *, search: str | None = None, feed: str | None = None, since: datetime | None = None,
                 since_days: int | None = None, limit: int | None = None) -> list[Article]:
        """Stored articles newest first; with ``search``, those with all its words, best
        match first. ``since_days`` counts back from now (0 or None: no bound)."""
        if since_days is not None and since is not None:
            raise ArgumentError("since_days", "give since or since_days, not both")
        if since_days is not None and since_days < 0:
            raise ArgumentError("since_days", f"must be 0 or more, not {since_days}")
        if limit is not None and limit < 1:
            raise ArgumentError("limit", f"must be at least 1, not {limit}")
        if since_days:
            since = self.settings.clock() - timedelta(days=since_days)
        feed_url = self.resolve(feed) if feed is not None else None
        if search is not None:
            return _store.search_articles(self.db, search, feed_url=feed_url, since=since, limit=limit)
        return _store.list_articles(self.db, feed_url=feed_url, since=since, limit=limit)


def _local_source(reference: str, folder: Path) -> str:
    """A file named in an OPML list, relative to the list's own folder."""
    candidate = Path(reference.removeprefix("file://")).expanduser()
    return normalize_source(str(candidate if candidate.is_absolute() else folder / candidate))

"""The facade: the one public entry. The CLI and the notebook only call this.

``giga.open(path)`` returns a :class:`Giga` bound to one SQLite file; every method opens
no other resource and keeps no state beyond the connection, so several processes can
work on the same file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import _store
from ._feeds.fetch import DEFAULT_FETCH_CONFIG, FetchConfig
from ._feeds.opml import read_opml, write_opml
from ._people.service import PeopleMixin
from ._recommend.service import SuggestMixin
from ._feeds.sources import is_remote, normalize_source
from ._store.settings import get_setting, set_setting
from .errors import FeedNotFoundError, InputError
from .models import Article, Feed, Subscription, UpdateSummary
from .paths import default_db_path

Clock = Callable[[], datetime]

# setting name (CLI and API) -> key in the settings table
SETTING_KEYS = {
    "default-cadence": "default_cadence_days",
    "timezone": "timezone",
    "signature": "signature",
    "templates": "templates",
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class OpmlImportReport:
    """What ``import_opml`` did: feeds newly added, and those already subscribed."""

    added: tuple[str, ...]
    already_subscribed: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.added) + len(self.already_subscribed)


def local_timezone() -> tzinfo:
    """The machine's time zone, which decides what "today" means for due dates."""
    return datetime.now().astimezone().tzinfo or timezone.utc


class Giga(PeopleMixin, SuggestMixin):
    """giga over one database file."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        clock: Clock = utc_now,
        fetch_config: FetchConfig = DEFAULT_FETCH_CONFIG,
        parse_workers: int | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.clock = clock
        self._tz = tz
        self.fetch_config = fetch_config
        self.parse_workers = parse_workers
        self.db = _store.open_database(self.path)
        _store.migrate(self.db)

    @property
    def tz(self) -> tzinfo:
        """The user's time zone: as given, else the ``timezone`` setting, else the machine's."""
        if self._tz is not None:
            return self._tz
        name = get_setting(self.db, "timezone")
        return ZoneInfo(name) if name else local_timezone()

    # -- settings --------------------------------------------------------------
    def settings(self) -> dict[str, object]:
        """The stored preferences (what is not set is absent)."""
        stored = {key: get_setting(self.db, column) for key, column in SETTING_KEYS.items()}
        return {key: value for key, value in stored.items() if value is not None}

    def set_setting(self, key: str, value: object) -> None:
        """Set one of ``SETTING_KEYS`` after checking it (None clears a setting):
        default-cadence (days), timezone (IANA name), signature (text), templates (folder)."""
        if key not in SETTING_KEYS:
            raise InputError("setting", f"unknown setting {key!r} (one of {', '.join(SETTING_KEYS)})")
        if key == "default-cadence":
            if not str(value).isdigit():
                raise InputError(key, f"must be a whole number of days, not {value!r}")
            self.set_default_cadence(int(str(value)))
            return
        if value is not None and key == "timezone":
            try:
                ZoneInfo(str(value))
            except (ZoneInfoNotFoundError, ValueError):
                raise InputError(key, f"unknown time zone {value!r} (use a name like Europe/Berlin)") from None
        if value is not None and key == "templates":
            folder = Path(str(value)).expanduser()
            if not folder.is_dir():
                raise InputError(key, f"{value!r} is not a folder")
            value = str(folder.resolve())
        if value is not None and key == "signature":
            value = str(value).strip()
        set_setting(self.db, SETTING_KEYS[key], value)

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Giga:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- feeds -----------------------------------------------------------------
    def add_feeds(self, sources: Iterable[str]) -> list[str]:
        """Subscribe to URLs or local files; returns those newly added (normalized).

        Every source is checked before anything is stored, so one bad source adds nothing.
        """
        normalized = [normalize_source(s) for s in sources]
        return _store.add_feeds(self.db, normalized, self.clock())

    def add_feed(self, source: str) -> str:
        """Subscribe to one feed; returns its stored form (already subscribed is fine)."""
        normalized = normalize_source(source)
        _store.add_feeds(self.db, [normalized], self.clock())
        return normalized

    def feeds(self) -> list[Feed]:
        return _store.list_feeds(self.db)

    def feed(self, source: str) -> Feed:
        return _store.feeds.row_to_feed(_store.feed_row(self.db, self._resolve_feed(source)))

    def remove_feed(self, source: str) -> int:
        """Unsubscribe; returns how many articles only that feed carried (now removed)."""
        return _store.remove_feed(self.db, self._resolve_feed(source))

    def _resolve_feed(self, source: str) -> str:
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
        close = difflib.get_close_matches(source, known, n=3, cutoff=0.6)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        raise FeedNotFoundError(f"no such feed: {source}{hint}")

    # -- OPML ------------------------------------------------------------------
    def import_opml(self, path: str | Path) -> OpmlImportReport:
        """Subscribe to every feed in an OPML file: all of them, or none on error."""
        subscriptions = read_opml(path)
        folder = Path(path).resolve().parent
        sources = []
        for sub in subscriptions:
            sources.append(sub.url if is_remote(sub.url) else _local_source(sub.url, folder))
        titles = {s: sub.title for s, sub in zip(sources, subscriptions)}
        sites = {s: sub.site_url for s, sub in zip(sources, subscriptions)}
        added = _store.add_feeds(self.db, sources, self.clock(), titles, sites)
        added_set = set(added)
        return OpmlImportReport(
            added=tuple(added),
            already_subscribed=tuple(s for s in dict.fromkeys(sources) if s not in added_set),
        )

    def export_opml(self) -> str:
        return write_opml(
            Subscription(url=f.url, title=f.title, site_url=f.site_url) for f in self.feeds()
        )

    # -- fetching --------------------------------------------------------------
    def fetch(
        self,
        *,
        force: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
        timeout: float | None = None,
    ) -> UpdateSummary:
        """Refresh every feed; failures come back in the summary, never as exceptions.

        ``timeout`` (seconds) bounds the time spent on any one feed."""
        from ._feeds.refresh import refresh_feeds  # httpx, lxml and the parsers load on first use

        config = self.fetch_config if timeout is None else self.fetch_config.with_deadline(timeout)
        return refresh_feeds(
            self.db,
            self.clock(),
            replace(config, clock=self.clock),
            workers=self.parse_workers,
            force=force,
            progress=progress,
        )

    def articles(
        self, *, feed: str | None = None, since: datetime | None = None, limit: int | None = None
    ) -> list[Article]:
        feed_url = self._resolve_feed(feed) if feed is not None else None
        return _store.list_articles(self.db, feed_url=feed_url, since=since, limit=limit)


def _local_source(reference: str, folder: Path) -> str:
    """A file named in an OPML list, relative to the list's own folder."""
    candidate = Path(reference.removeprefix("file://")).expanduser()
    return normalize_source(str(candidate if candidate.is_absolute() else folder / candidate))


def open(path: str | Path | None = None, **options: object) -> Giga:  # noqa: A001 - mirrors sqlite3/io
    """Open (creating if needed) the giga database at ``path`` (default: the user data dir)."""
    return Giga(path, **options)  # type: ignore[arg-type]

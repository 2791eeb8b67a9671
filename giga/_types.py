"""Internal records that pass between stages (parser -> storage, fetcher -> refresh,
importer -> storage). Not public: their shape may change with the stage that makes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .types import SkippedRow

__all__ = ["ParsedEntry", "ParsedFeed", "FetchResult", "ContactRecord", "ContactFile"]


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One normalized feed entry, as the parser hands it to storage.

    All text is plain (no markup, entities decoded); ``published`` is timezone-aware UTC.
    """

    id: str  # stable: guid, else canonical link as the feed gives it, else a hash of title and date
    url: str | None  # canonical: absolute, tracking parameters removed; the original, not a redirect
    title: str
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    categories: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other canonical URLs of it: the feed's tracking redirect
    language: str | None = None  # ISO 639-1 code, "" unknown, None not looked at (``_feeds.language``)
    kind: str | None = None  # "job", "event", "shop", "digest", "" to read, None not looked at (``_feeds.kinds``)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed document: feed metadata plus its entries."""

    title: str | None
    link: str | None  # the site's home page, when the feed says
    entries: tuple[ParsedEntry, ...]
    parser: str = "fast"  # which parser produced it: "fast", "feedparser" or "json"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one conditional GET (or local file read) produced. Errors are values."""

    source: str  # the URL or path we were asked for
    final_url: str | None = None  # after redirects
    permanent_redirect: bool = False  # every hop was 301/308: update the stored URL
    status: int | None = None
    body: bytes | None = None  # None when not modified or failed
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    not_modified: bool = False
    error: str | None = None
    retry_after: datetime | None = None  # server asked us not to come back before this
    content_hash: str | None = None  # sha256 of the body (giga._feeds.fetch.body_hash): store it


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One person as an importer read them (a CSV row or a vCard), before storage."""

    name: str
    first_name: str | None = None
    emails: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cadence_days: int | None = None
    company: str | None = None
    position: str | None = None
    linkedin_url: str | None = None
    website: str | None = None
    feed_url: str | None = None
    notes: str | None = None
    line: int | None = None  # where in the source file, for reports


@dataclass(frozen=True, slots=True)
class ContactFile:
    """Everything read from one contacts file: usable records and skipped rows."""

    format: str  # "linkedin", "vcard", "google" or "csv"
    records: tuple[ContactRecord, ...]
    skipped: tuple[SkippedRow, ...] = ()

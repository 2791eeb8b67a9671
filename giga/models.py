"""Public value types: frozen dataclasses, so results can be shared and cached safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "ParsedEntry",
    "ParsedFeed",
    "FetchResult",
    "Feed",
    "Article",
    "FeedFailure",
    "UpdateSummary",
    "Subscription",
    "ContactRecord",
    "SkippedRow",
    "ContactFile",
    "INTERACTION_KINDS",
    "GIVE_KINDS",
    "Contact",
    "Interaction",
    "Ledger",
    "DueContact",
    "LogResult",
    "ContactImportReport",
]


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One normalized feed entry, as the parser hands it to storage.

    All text is plain (no markup, entities decoded); ``published`` is timezone-aware UTC.
    """

    id: str  # stable: guid, else canonical link, else a hash of title and date
    url: str | None  # canonical: absolute, tracking parameters removed
    title: str
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    categories: tuple[str, ...] = ()


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
class Feed:
    """A subscribed feed as stored."""

    url: str
    title: str | None = None
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    added_at: datetime | None = None
    last_fetched_at: datetime | None = None
    last_ok_at: datetime | None = None
    error_count: int = 0
    last_error: str | None = None
    retry_not_before: datetime | None = None
    contact: str | None = None  # set when this is a contact's own feed


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article (one per story, however many feeds carried it)."""

    id: str
    feed: str
    url: str | None
    title: str
    author: str | None
    published: datetime | None
    summary: str
    content: str
    categories: tuple[str, ...]
    fetched_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedFailure:
    """One feed that failed during a refresh, and why (one line)."""

    feed: str
    error: str


@dataclass(frozen=True, slots=True)
class UpdateSummary:
    """The outcome of ``Giga.fetch()``; its dict form is the ``giga fetch --json`` contract."""

    feeds: int = 0
    updated: int = 0
    not_modified: int = 0
    skipped: int = 0  # not asked this time (Retry-After / back-off)
    failed: int = 0
    new_articles: int = 0
    errors: tuple[FeedFailure, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {
            "feeds": self.feeds,
            "updated": self.updated,
            "not_modified": self.not_modified,
            "skipped": self.skipped,
            "failed": self.failed,
            "new_articles": self.new_articles,
            "errors": [{"feed": e.feed, "error": e.error} for e in self.errors],
        }


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed named in an OPML list."""

    url: str
    title: str | None = None
    site_url: str | None = None
    categories: tuple[str, ...] = ()  # the folder path of enclosing outlines


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
class SkippedRow:
    """A row an importer could not use, and why (one line)."""

    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class ContactFile:
    """Everything read from one contacts file: usable records and skipped rows."""

    format: str  # "linkedin", "vcard", "google" or "csv"
    records: tuple[ContactRecord, ...]
    skipped: tuple[SkippedRow, ...] = ()


INTERACTION_KINDS = ("gave", "asked", "shared", "met", "called", "note")
GIVE_KINDS = frozenset({"gave", "shared"})


@dataclass(frozen=True, slots=True)
class Contact:
    """A person the user wants to stay in touch with."""

    id: int
    name: str
    first_name: str
    emails: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cadence_days: int = 30
    company: str | None = None
    position: str | None = None
    linkedin_url: str | None = None
    website: str | None = None
    feed_url: str | None = None
    notes: str | None = None
    snoozed_until: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    """One entry of the give/ask ledger (or a plain touch: met, called, note)."""

    id: int
    contact: str
    kind: str
    text: str | None
    url: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Ledger:
    """The user's private memory of one relationship: never shown to the contact."""

    contact: str
    gives: int
    asks: int
    last_give: datetime | None
    last_ask: datetime | None
    last_touch: Interaction | None


@dataclass(frozen=True, slots=True)
class DueContact:
    """A contact due for a touch, and by how much."""

    contact: Contact
    due_on: date  # the local calendar day the touch fell due
    days_over: int  # today - due_on
    overdue: float  # days_over / cadence: the sort key, most overdue first
    last_touch: Interaction | None


@dataclass(frozen=True, slots=True)
class Relationship:
    """One contact's health at a glance: time since the last touch against their cadence."""

    contact: Contact
    last_touch: Interaction | None
    days_since: int | None  # None: never touched
    cadence_days: int
    due_on: date

    @property
    def health(self) -> float:
        """days_since / cadence: under 1 is fine, over 1 is overdue (never touched: inf)."""
        return float("inf") if self.days_since is None else self.days_since / max(self.cadence_days, 1)


@dataclass(frozen=True, slots=True)
class LogResult:
    """What ``Giga.log`` recorded, plus a gentle warning when an ask comes before a give."""

    interaction: Interaction
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class ContactImportReport:
    """The outcome of importing a contacts file (all of it, or nothing on error)."""

    path: str
    format: str
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()

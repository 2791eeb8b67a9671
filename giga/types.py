"""Public value types: frozen dataclasses, so results can be shared and cached safely.

Every type the command line prints as JSON has its own ``as_dict()`` (the ``--json`` contract: keys are only
ever added). Vocabularies are ``StrEnum``s, so a member is also the plain string it stands for. Records that
pass between internal stages live in ``giga._types``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .errors import FeedError

if TYPE_CHECKING:  # giga.identity builds on these types
    from .identity import DuplicatePair

__all__ = [
    "InteractionKind",
    "SuggestionKind",
    "Verdict",
    "ExportFormat",
    "ContactFormat",
    "GIVE_KINDS",
    "Feed",
    "Article",
    "FeedFailure",
    "UpdateSummary",
    "Subscription",
    "OpmlImportReport",
    "SkippedRow",
    "Contact",
    "Interaction",
    "Ledger",
    "DueContact",
    "Relationship",
    "LogResult",
    "ContactImportReport",
    "Suggestion",
    "Suggestions",
    "Interested",
]


class InteractionKind(StrEnum):
    """What a ledger entry records: a give, an ask, or another kind of touch."""

    GAVE = "gave"
    ASKED = "asked"
    SHARED = "shared"
    MET = "met"
    CALLED = "called"
    NOTE = "note"


GIVE_KINDS = frozenset({InteractionKind.GAVE, InteractionKind.SHARED})


class SuggestionKind(StrEnum):
    """``share`` an article, or ``respond`` to the contact's own new post."""

    SHARE = "share"
    RESPOND = "respond"


class Verdict(StrEnum):
    """What the user thought of a suggestion (teaches the matcher)."""

    LIKED = "liked"
    NOT_FOR_THEM = "not_for_them"
    SKIPPED = "skipped"


class ExportFormat(StrEnum):
    """Where drafts are exported: a text or Markdown digest, one .eml each, or JSON."""

    TXT = "txt"
    MD = "md"
    EML = "eml"
    JSON = "json"


class ContactFormat(StrEnum):
    """The contact files giga reads."""

    LINKEDIN = "linkedin"
    VCARD = "vcard"
    GOOGLE = "google"
    CSV = "csv"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


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

    def as_dict(self) -> dict[str, Any]:
        """The ``giga feeds list --json`` item."""
        return {"url": self.url, "title": self.title, "site_url": self.site_url, "added_at": _iso(self.added_at),
                "last_fetched_at": _iso(self.last_fetched_at), "last_ok_at": _iso(self.last_ok_at), "error_count":
                self.error_count, "last_error": self.last_error, "retry_not_before": _iso(self.retry_not_before)}


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
    """One feed that failed during a refresh: why in one line, and the error itself (a ``FetchError``
    when it could not be retrieved, a ``ParseError`` when it is not a readable feed): a 404 or a broken feed."""

    feed: str
    error: str
    cause: FeedError | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"feed": self.feed, "error": self.error}


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
    warnings: tuple[str, ...] = ()  # stored, but not all of it (one line each)
    pruned: int = 0  # old articles nothing refers to, removed by the retention rule
    too_old: int = 0  # entries dated before the retention age: not stored as new articles

    def as_dict(self) -> dict[str, object]:
        counts = ("feeds", "updated", "not_modified", "skipped", "failed", "new_articles", "pruned", "too_old")
        return {**{name: getattr(self, name) for name in counts}, "errors": [e.as_dict() for e in self.errors],
                "warnings": list(self.warnings)}


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed named in an OPML list."""

    url: str
    title: str | None = None
    site_url: str | None = None
    categories: tuple[str, ...] = ()  # the folder path of enclosing outlines


@dataclass(frozen=True, slots=True)
class OpmlImportReport:
    """What ``import_opml`` did: feeds added, already subscribed, and warnings (what was skipped)."""

    added: tuple[str, ...]
    already_subscribed: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row an importer could not use, and why (one line)."""

    line: int | None
    reason: str


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

    def as_dict(self) -> dict[str, Any]:
        """The ``giga contacts list --json`` item."""
        return {
            "name": self.name,
            "first_name": self.first_name,
            "emails": list(self.emails),
            "tags": list(self.tags),
            "every": self.cadence_days,
            "company": self.company,
            "position": self.position,
            "linkedin_url": self.linkedin_url,
            "website": self.website,
            "feed_url": self.feed_url,
            "notes": self.notes,
            "snoozed_until": _iso(self.snoozed_until),
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class Interaction:
    """One entry of the give/ask ledger (or a plain touch: met, called, note)."""

    id: int
    contact: Contact
    kind: InteractionKind
    text: str | None
    url: str | None
    at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "url": self.url, "at": self.at.isoformat()}


@dataclass(frozen=True, slots=True)
class Ledger:
    """The user's private memory of one relationship: never shown to the contact."""

    contact: Contact
    gives: int
    asks: int
    last_give: datetime | None
    last_ask: datetime | None
    last_touch: Interaction | None

    def as_dict(self) -> dict[str, Any]:
        """The ledger part of ``giga contacts show --json``."""
        return {"gives": self.gives, "asks": self.asks,
                "last_give": _iso(self.last_give), "last_ask": _iso(self.last_ask)}


@dataclass(frozen=True, slots=True)
class DueContact:
    """A contact due for a touch, and by how much."""

    contact: Contact
    due_on: date  # the local calendar day the touch fell due
    days_over: int  # today - due_on
    overdue: float  # days_over / cadence: the sort key, most overdue first
    last_touch: Interaction | None

    def as_dict(self) -> dict[str, Any]:
        """The ``giga due --json`` item."""
        return {
            "contact": self.contact.name,
            "emails": list(self.contact.emails),
            "tags": list(self.contact.tags),
            "every": self.contact.cadence_days,
            "due_on": self.due_on.isoformat() if self.due_on != date.min else None,
            "days_over": self.days_over,
            "overdue": round(self.overdue, 3),
            "last_touch": self.last_touch.as_dict() if self.last_touch else None,
        }


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
    possible_duplicates: tuple[DuplicatePair, ...] = ()  # namesakes kept apart: (stored, new, why)

    def as_dict(self) -> dict[str, Any]:  # the ``giga contacts import --json`` object
        return {"path": self.path, "format": self.format, "added": list(self.added), "updated": list(self.updated),
                "unchanged": list(self.unchanged), "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
                "possible_duplicates": [p.as_dict() for p in self.possible_duplicates]}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something to pass along to one contact (or their own post to respond to)."""

    contact: Contact
    article: Article
    score: float
    why: tuple[str, ...]
    kind: SuggestionKind
    draft: str
    subject: str = ""
    variant: str = ""  # the draft's phrasing (template name)

    def as_dict(self) -> dict[str, Any]:
        """The ``giga suggest --json`` item (a contract: keys are only ever added)."""
        return {
            "contact": self.contact.name,
            "kind": self.kind,
            "subject": self.subject,
            "article": {
                "id": self.article.id,
                "title": self.article.title,
                "url": self.article.url,
                "feed": self.article.feed,
                "published": _iso(self.article.published),
            },
            "score": self.score,
            "why": list(self.why),
            "draft": self.draft,
        }

    def with_draft(self, variant: str, subject: str, body: str) -> Suggestion:
        return replace(self, variant=variant, subject=subject, draft=body)


@dataclass(frozen=True, slots=True)
class Suggestions(Sequence[Suggestion]):
    """A run's suggestions, plus warnings such as interests no article mentions."""

    items: tuple[Suggestion, ...]
    warnings: tuple[str, ...] = ()
    quiet: tuple[Contact, ...] = ()  # asked about, but nothing in the window was a strong enough match

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override] - int or slice, as a tuple
        return self.items[index]

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class Interested:
    """A contact who would probably like an article (the per-article direction)."""

    contact: Contact
    score: float
    why: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The ``giga suggest --article --json`` item."""
        return {"contact": self.contact.name, "score": self.score, "why": list(self.why)}

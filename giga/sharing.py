"""What ``Giga.share`` returns: the page's article as stored, and the people it suits,
each with the relationship weighed in and a draft (public values; ``types.py`` is full).

``ShareResult.as_dict()`` is the ``giga share --json`` document: a contract, whose keys
are only ever added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .types import Article, Contact, Suggestion, Suggestions

__all__ = ["SharePick", "ShareResult", "SharedPage"]


@dataclass(frozen=True, slots=True)
class SharedPage:
    """The page's article, stored under the "found on the web" source, and what the page
    said about it."""

    article: Article
    site: str | None  # the site's name, else its host
    language: str  # ISO 639-1, "" unknown
    feed: str | None = None  # a feed the page names that is not subscribed yet: offer it
    new: bool = True  # False: the article was stored already (shared before, or from a feed)

    def as_dict(self) -> dict[str, Any]:
        a = self.article
        return {"id": a.id, "title": a.title, "url": a.url, "site": self.site,
                "published": a.published.isoformat() if a.published else None, "language": self.language,
                "author": a.author, "feed": self.feed}


@dataclass(frozen=True, slots=True)
class SharePick:
    """One person the page suits: the suggestion (its score is the fit times the
    relationship weight), how long since the last touch, and whether they are due."""

    suggestion: Suggestion
    fit: float  # the matcher's score alone
    last_touch: date | None  # the day of the last touch; None: never in touch
    days_since_touch: int | None
    due: bool

    @property
    def contact(self) -> Contact:
        return self.suggestion.contact

    def relationship(self) -> str:
        """The relationship in a few words: "last touch 41 days ago", "never in touch yet"."""
        days = self.days_since_touch
        if days is None:
            said = "never in touch yet"
        elif days <= 1:
            said = "last touch today" if days <= 0 else "last touch yesterday"
        else:
            said = f"last touch {days} days ago"
        return f"{said}, due" if self.due and days is not None else said

    def as_dict(self) -> dict[str, Any]:
        s = self.suggestion
        return {"contact": s.contact.name, "score": s.score, "why": list(s.why), "draft": s.draft,
                "subject": s.subject, "last_touch": self.last_touch.isoformat() if self.last_touch else None,
                "days_since_touch": self.days_since_touch, "due": self.due, "fit": self.fit,
                "relationship": self.relationship()}


@dataclass(frozen=True, slots=True)
class ShareResult:
    """A shared page and the people it suits, best first."""

    page: SharedPage
    people: tuple[SharePick, ...]

    @property
    def suggestions(self) -> Suggestions:
        """The picks as suggestions, for ``giga review``, ``accept`` or an export."""
        return Suggestions(tuple(p.suggestion for p in self.people))

    def as_dict(self) -> dict[str, Any]:
        """The ``giga share --json`` document."""
        return {"article": self.page.as_dict(), "people": [p.as_dict() for p in self.people]}

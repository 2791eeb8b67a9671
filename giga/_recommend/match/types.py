"""The matcher's value types: what goes in (articles, profiles) and what comes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Doc:
    """An article as the matcher sees it."""

    id: str
    title: str
    body: str = ""
    categories: tuple[str, ...] = ()
    published: datetime | None = None


def article_text(doc: Doc) -> str:
    """An article as one text, the form profiles carry articles in (own posts, liked,
    shared): the matcher recognizes a window article by it and reuses its fitted row."""
    return f"{doc.title}. {doc.body}"


@dataclass(frozen=True, slots=True)
class Profile:
    """What we know of one contact's interests."""

    key: str
    tags: tuple[str, ...]
    own_texts: tuple[str, ...] = ()  # their own posts
    liked_texts: tuple[str, ...] = ()  # articles shared with them / they liked
    disliked_texts: tuple[str, ...] = ()  # "not for them"
    exclude: frozenset[str] = frozenset()  # doc ids never to suggest again
    shared_texts: tuple[str, ...] = ()  # what they already got: near-duplicates are skipped


@dataclass(frozen=True, slots=True)
class Match:
    profile: str
    doc: str
    score: float
    why: tuple[str, ...] = ()

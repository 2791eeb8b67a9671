"""The matcher's value types: what goes in (articles, profiles) and what comes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Doc:
    """An article as the matcher sees it. ``seen``: when it was first stored, which dates
    it when ``published`` is None. ``feed``: where it came from ("" unknown), so one feed
    cannot fill anyone's picks; ``language``: its language code ("" unknown)."""

    id: str
    title: str
    body: str = ""
    categories: tuple[str, ...] = ()
    published: datetime | None = None
    seen: datetime | None = None
    feed: str = ""
    language: str = ""


def article_text(doc: Doc) -> str:
    """An article as one text: what is vectorized for an article outside the fitted window."""
    return f"{doc.title}. {doc.body}"


@dataclass(frozen=True, slots=True)
class Interest:
    """An interest worked out from what is known of someone (their role, the user's
    notes) rather than typed as a tag: matched as a tag is, weighing ``weight`` where a
    tag weighs 1, and named in the reasons by ``source`` ("from their role: ..."). ``name``
    is what a draft may call it ("Rails"), "" where it names nothing one could be into
    (a company, an occupation, a note). When a profile's interests have ``anchors``,
    every pick has all the words of one of them ("Middle East" asks for both words, so
    "middle" alone admits nothing): a guess matched only through its weaker parts (the
    "Developer" of "Rails Developer"), a common word of it, or feedback expansion is no
    match."""

    text: str
    weight: float
    source: str
    name: str = ""
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What we know of one contact's interests. Articles are named by ``Doc``: one whose
    id is in the fitted window uses its fitted row, any other is vectorized."""

    key: str
    tags: tuple[str, ...]
    own: tuple[Doc, ...] = ()  # their own posts
    liked: tuple[Doc, ...] = ()  # articles shared with them / they liked
    disliked: tuple[Doc, ...] = ()  # "not for them"
    exclude: frozenset[str] = frozenset()  # doc ids never to suggest again
    shared: tuple[Doc, ...] = ()  # what they already got: near-duplicates are skipped
    inferred: tuple[Interest, ...] = ()  # interests worked out, not typed (cold start)
    min_score: float = 0.0  # no pick scoring below this (a guessed interest needs a clear match)
    languages: frozenset[str] | None = None  # the languages they read (None: any); unknown ones pass


@dataclass(frozen=True, slots=True)
class Match:
    profile: str
    doc: str
    score: float
    why: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What ``Matcher.recommend`` found for a run."""

    matches: dict[str, list[Match]]  # per profile key, in the order given: best first, up to k
    unknown_tags: dict[str, list[str]]  # per profile key: its tags no article of the window mentions

"""Who would like a page the user came across: the per-article direction of the matcher
(``Matcher.who_would_like``, the same as ``giga suggest --article``), weighed by the
relationship and drafted like a feed suggestion.

The matcher names those the page fits: first those whose interests the page clears the
pick rules for (its admission: an interest's words in it, the score floor), then, since
the user asked outright, the closest of the others that have one of their interests
whole in it ("a looser match": not one shared word, such as "media" for 'social media
marketing' in a plague report), never
someone it was already shared with or who judged it, nor a reader of other languages.
Within each group, someone due or long untouched comes first: each fit is multiplied by
``touch_weight`` (1 for a contact due, 1/2 for one written to today), so between two
people it suits alike the one the user has neglected is named first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .._people.cadence import due_on, local_date, touch_weight
from ..types import Article, Contact, Suggestion
from .explained import share_item
from .service import Recommender

__all__ = ["LOOSER", "Pick", "rank_for_article"]

POOL = 30  # fits considered before the relationship reorders them
LOOSER = "a looser match: none of their interests is named in it outright"


@dataclass(frozen=True, slots=True)
class Pick:
    suggestion: Suggestion  # score: the fit times the relationship weight
    fit: float
    last_touch: date | None
    days_since: int | None
    due: bool


@dataclass(frozen=True, slots=True)
class _Fit:
    contact: Contact
    profile: Any
    fit: float
    loose: bool
    touched: date | None
    days: int | None
    due: bool
    score: float


def rank_for_article(recommender: Recommender, article: Article, top: int,
                     max_age_days: int | None) -> list[Pick]:
    """The ``top`` contacts ``article`` suits, the relationship weighed in, each with a draft."""
    people = recommender.people.contacts()
    if not people:
        return []
    window, languages = recommender._reading(recommender._window(max_age_days))
    if article.id not in {a.id for a in window}:
        window.append(article)
    languages.update(recommender._reading([article])[1])
    sources = recommender._sources(people)
    profiles = [recommender._profile(c, sources) for c in people]
    matcher = recommender._matcher(window, languages)
    by_key = {str(c.id): (c, p) for c, p in zip(people, profiles)}
    k = max(POOL, top)
    fits = [(m, False) for m in matcher.who_would_like(article.id, profiles, k=k)]
    if len(fits) < top:
        named, language = {m.profile for m, _ in fits}, languages.get(article.id, "")
        loose = [m for m in matcher.who_would_like(article.id, profiles, k=k, admit=False)
                 if m.profile not in named and _reads(by_key[m.profile][1], language)]
        if loose:  # a looser match still has one of their interests whole, not one word of it
            whole = matcher.explainer([by_key[m.profile][1] for m in loose])
            fits += [(m, True) for m in loose if whole.whole_tags(by_key[m.profile][1], article.id)]
    settings = recommender.settings
    today, tz = settings.today(), settings.tz
    ranked = []
    for match, loose in fits:
        contact, profile = by_key[match.profile]
        touch = sources.last_touches.get(contact.id)
        touched = local_date(touch.at, tz) if touch else None
        days = (today - touched).days if touched else None
        ranked.append(_Fit(contact, profile, match.score, loose, touched, days, due_on(contact, touch, tz) <= today,
                           match.score * touch_weight(days, contact.cadence_days)))
    ranked.sort(key=lambda f: (f.loose, -f.score))
    ranked = ranked[:top]
    explainer = matcher.explainer([f.profile for f in ranked])
    items = []
    for f in ranked:
        suggestion, interest, because, _ = share_item(explainer, f.contact, f.profile, article, round(f.score, 6),
                                                      (LOOSER,) if f.loose else ())
        items.append((suggestion, interest, because, True))  # the page was chosen: always drafted
    drafted = recommender._with_drafts(items)
    return [Pick(s, f.fit, f.touched, f.days, f.due) for s, f in zip(drafted, ranked)]


def _reads(profile: Any, language: str) -> bool:
    """Whether someone reads the page's language (unknown languages pass)."""
    return not language or profile.languages is None or language in profile.languages

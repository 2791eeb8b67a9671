"""Who would like a page the user came across: the per-article direction of the matcher
(``Matcher.who_would_like``, the same as ``giga suggest --article``), weighed by the
relationship and drafted like a feed suggestion.

The matcher names those the page fits (its admission rules keep weak fits out, and what
was already shared with someone, or judged by them, stays excluded). Among them, someone
due or long untouched comes first: each fit is multiplied by ``touch_weight`` (1 for a
contact due, 1/2 for one written to today), so between two people it suits alike the
one the user has neglected is named first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .._people.cadence import due_on, local_date, touch_weight
from ..types import Article, Suggestion, SuggestionKind
from .service import Recommender, _because

__all__ = ["Pick", "rank_for_article"]

POOL = 30  # fits considered before the relationship reorders them


@dataclass(frozen=True, slots=True)
class Pick:
    suggestion: Suggestion  # score: the fit times the relationship weight
    fit: float
    last_touch: date | None
    days_since: int | None
    due: bool


def rank_for_article(recommender: Recommender, article: Article, top: int,
                     max_age_days: int | None) -> list[Pick]:
    """The ``top`` contacts ``article`` suits, the relationship weighed in, each with a draft."""
    from . import cold_start

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
    fits = matcher.who_would_like(article.id, profiles, k=max(POOL, top))
    settings = recommender.settings
    today, tz = settings.today(), settings.tz
    ranked = []
    for fit in fits:
        contact, _ = by_key[fit.profile]
        touch = sources.last_touches.get(contact.id)
        touched = local_date(touch.at, tz) if touch else None
        days = (today - touched).days if touched else None
        ranked.append((fit.score * touch_weight(days, contact.cadence_days), fit, touched, days,
                       due_on(contact, touch, tz) <= today))
    ranked.sort(key=lambda r: -r[0])
    ranked = ranked[:top]
    explainer = matcher.explainer([by_key[r[1].profile][1] for r in ranked])
    items = []
    for score, fit, _, _, _ in ranked:
        contact, profile = by_key[fit.profile]
        matched = explainer.matched_tags(profile, article.id)
        why = explainer.explain(profile, article.id, matched=matched)
        interest = next(iter(explainer.whole_tags(profile, article.id, matched)), None) \
            or cold_start.named(explainer, profile, article.id)
        suggestion = Suggestion(contact, article, round(score, 6), why, SuggestionKind.SHARE, "")
        items.append((suggestion, interest, _because(profile)))
    drafted = recommender._with_drafts(items)
    return [Pick(s, r[1].score, r[2], r[3], r[4]) for s, r in zip(drafted, ranked)]


"""One match made a suggestion: its reasons, the interest its draft may name, and
whether its title names one of the person's interests. Shared by ``suggest`` (feed
picks) and ``share`` (a page the user came across)."""

from __future__ import annotations

from typing import Any

from ..types import Article, Contact, Suggestion, SuggestionKind

# (suggestion, the interest a draft names, the reason when no tag explains it, title names an interest)
Item = tuple[Suggestion, str | None, str, bool]


def share_item(explainer: Any, contact: Contact, profile: Any, article: Article, score: float,
               lead: tuple[str, ...] = ()) -> Item:
    """The "share" suggestion of ``article`` for ``contact`` (``lead``: reasons said
    before the matcher's own), ready for drafting."""
    from . import cold_start
    from .drafts.english import names_one_of

    matched = explainer.matched_tags(profile, article.id)
    why = explainer.explain(profile, article.id, matched=matched)
    interest = next(iter(explainer.whole_tags(profile, article.id, matched)), None) \
        or cold_start.named(explainer, profile, article.id)
    suggestion = Suggestion(contact, article, score, lead + why, SuggestionKind.SHARE, "")
    return suggestion, interest, because(profile), names_one_of(article.title, matched)


def because(profile: Any) -> str:
    """Why an article suits someone when none of their tags names it."""
    if profile.own:
        return "it is close to what you have been writing about"
    if profile.liked:
        return "it is in the spirit of what I sent you before"
    return ""

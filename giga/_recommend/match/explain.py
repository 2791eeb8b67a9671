"""Why an article suits a profile, in words a person understands: the interests it is
about, the feed's own category, closeness to their own posts or to what they liked, and
failing those the terms it shares with them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from .profiles import DocRows
from .types import Doc, Profile


def explain(profile: Profile, doc: Doc, vector: sp.csr_matrix, rows: DocRows, limit: int = 3) -> tuple[str, ...]:
    """The reasons ``doc`` (its fitted row ``vector``) suits ``profile``; ``rows`` gives
    the fitted space's rows for the articles the profile names."""
    vectorizer = rows.vectorizer
    reasons: list[str] = []
    title_terms = set(vectorizer.analyze(doc.title))
    tags = [t for t in profile.tags if t.strip()]
    for tag in matched_tags(profile, vector, rows)[:limit]:
        where = "its title" if set(vectorizer.analyze(tag)) & title_terms else "the article"
        reasons.append(f"you noted {tag!r} as an interest, and {where} is about it")
    categories = {c.strip().lower() for c in doc.categories}
    for tag in tags:
        if tag.lower() in categories:
            reasons.append(f"its feed files it under {tag!r}")
    if profile.own:
        own = rows.mean(profile.own)
        if own is not None and (own @ vector.T).toarray()[0, 0] > 0.05:
            reasons.append("it is close to what they write about themselves")
    if profile.liked:
        liked = rows.mean(profile.liked)
        if liked is not None and (liked @ vector.T).toarray()[0, 0] > 0.05:
            reasons.append("it is like things you shared with them before")
    if not reasons:
        reasons.append(_shared_terms([*tags, *profile.own], vector, rows))
    return tuple(reasons)


def matched_tags(profile: Profile, vector: sp.csr_matrix, rows: DocRows) -> list[str]:
    """The profile's tags that the article (its fitted row ``vector``) is about,
    strongest first."""
    tags = [t for t in profile.tags if t.strip()]
    if not tags:
        return []
    per_tag = normalize(rows.vectorizer.transform_queries(tags))
    strengths = np.asarray((per_tag @ vector.T).todense()).ravel()
    return [tags[i] for i in np.argsort(-strengths, kind="stable") if strengths[i] > 0]


def _shared_terms(texts: Sequence[Doc | str], vector: sp.csr_matrix, rows: DocRows) -> str:
    """The article's heaviest terms that ``texts`` (tags, their own posts) have too."""
    query = rows.mean(texts) if texts else None
    if query is None:
        return "it is recent and popular in your feeds"
    overlap = query.multiply(vector).tocsr()
    names = rows.vectorizer.feature_names()
    top = [str(names[overlap.indices[i]]) for i in np.argsort(-overlap.data)[:3]]
    return f"it mentions {', '.join(top)}" if top else "it is related to their interests"

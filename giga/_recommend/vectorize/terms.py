"""The words that set one body of text apart from the rest (suggested interest tags)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def distinctive_terms(
    own: Sequence[str], background: Sequence[str], k: int = 10, exclude: Iterable[str] = ()
) -> list[str]:
    """Up to ``k`` uni/bigrams far more typical of ``own`` than of ``background``.

    Score: mean TF-IDF weight in ``own`` minus mean weight in ``background``; a unigram
    already covered by a chosen bigram is dropped, so "heat pumps" does not also yield
    "heat" and "pumps".
    """
    from sklearn.feature_extraction.text import TfidfVectorizer  # a second to import: only here

    own = [t for t in own if t.strip()]
    if not own:
        return []
    docs = [*own, *background]
    vectorizer = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=2 if len(own) >= 4 else 1,
        token_pattern=r"(?u)\b[^\W\d_][\w-]+\b",  # words of 2+ letters, no bare numbers
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return []
    own_mean = np.asarray(matrix[: len(own)].mean(axis=0)).ravel()
    if background:
        own_mean -= np.asarray(matrix[len(own) :].mean(axis=0)).ravel()
    terms = vectorizer.get_feature_names_out()
    excluded = {e.lower() for e in exclude}
    chosen: list[str] = []
    for index in np.argsort(-own_mean):
        if own_mean[index] <= 0 or len(chosen) >= k:
            break
        term = str(terms[index])
        if term in excluded or any(term in c.split() for c in chosen) or any(
            part in excluded for part in term.split()
        ):
            continue
        chosen = [c for c in chosen if c not in term.split()]
        chosen.append(term)
    return chosen[:k]

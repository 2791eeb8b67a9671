"""An interest of several words is a phrase: 'web performance' is about web pages loading
fast, not about a performance at the arts centre, and 'climate tech' is not "Teen Tech
Month". So an article is about an interest only when it has all the interest's words
(stop words aside; the last word singular or plural, 'heat pumps' being met by "a heat
pump"; no other stemming), and among those, the articles with the words side by side
rank first: the interest's word pairs (the vectorizer's bigrams) weigh more in its row.

Why all the words and not the phrase itself: measured with benchmarks/eval_recommender.py,
requiring the exact pair costs articles that say "tops the singles chart" for 'music
charts' (BBC P@10 0.860 against 0.880), while all the words cost one article in a
hundred there and none elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from ..vectorize.unit import unit_rows
from ..vectorize.vectorizer import TOKEN_PATTERN
from .profiles import TagRows

_TOKEN = re.compile(TOKEN_PATTERN)
_NO_TERMS = np.zeros(0, dtype=np.int64)



@dataclass(frozen=True)
class Way:
    """One way of having an interest: its words (the last singular or plural), their
    columns, and the columns of its word pairs (none for one word; None when no article
    of the window has the words side by side)."""

    words: tuple[str, ...]
    terms: np.ndarray
    pairs: np.ndarray | None


def number_variants(word: str) -> list[str]:
    """``word`` and its other grammatical number, by the regular English endings
    ("pumps" -> "pump", "policy" -> "policies", "box" -> "boxes")."""
    if len(word) < 4 or not word.isalpha():
        return [word]
    if word.endswith("ies"):
        other = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        other = word[:-2]
    elif word.endswith(("ss", "us", "is")):
        other = word + "es"
    elif word.endswith("s"):
        other = word[:-1]
    elif word.endswith("y") and word[-2] not in "aeiou":
        other = word[:-1] + "ies"
    elif word.endswith(("ch", "sh", "x", "z")):
        other = word + "es"
    else:
        other = word + "s"
    return [word, other]


class Phrases:
    """Per interest text: the ways an article can have the interest whole, each the set
    of fitted columns it needs all of (its words, the last one singular or plural); ways
    no article of the window has are left out. Each distinct text is worked out once per
    run."""

    def __init__(self, tags: TagRows) -> None:
        self.tags = tags
        self._found: dict[str, list[Way]] = {}
        self._masks: dict[str, np.ndarray] = {}

    def __call__(self, text: str) -> list[Way]:
        if text not in self._found:
            words = self.words(text)
            ways = [[*words[:-1], last] for last in number_variants(words[-1])] if words else []
            self._found[text] = [t for t in map(self._terms, ways) if t is not None]
        return self._found[text]

    def pair_mask(self, text: str) -> np.ndarray:
        """Which entries of ``text``'s tag row (``TagRows``, in column order) are its word
        pairs; all False for one word."""
        if text not in self._masks:
            row = self.tags([text])
            words = self.words(text)
            if len(words) < 2:
                self._masks[text] = np.zeros(row.nnz, dtype=bool)
            else:
                self._masks[text] = ~np.isin(row.indices, self.tags(list(dict.fromkeys(words))).indices)
        return self._masks[text]

    def weigh_pairs(self, rows: sp.csr_matrix, texts: list[str | None], weight: float) -> sp.csr_matrix:
        """Tag rows (one per text, as ``TagRows`` gives them) with the word pairs weighing
        ``weight`` times as much, normalized again: a phrase's articles rank above those
        that only have its words apart. A row whose text is None is left as it is."""
        if weight == 1 or not texts:
            return rows
        lengths = np.diff(rows.indptr)
        mask = np.concatenate([self.pair_mask(t) if t is not None else np.zeros(n, dtype=bool)
                               for t, n in zip(texts, lengths)])
        if not mask.any():
            return rows
        data = np.where(mask, rows.data * np.float32(weight), rows.data).astype(rows.dtype)
        return unit_rows(sp.csr_matrix((data, rows.indices, rows.indptr), shape=rows.shape))

    def words(self, text: str) -> list[str]:
        """The words of ``text`` the vectorizer counts (no stop words), lower-cased."""
        words = _TOKEN.findall(text.lower())
        if not words:
            return []
        counted = np.diff(self.tags.vectorizer.count_queries(words).indptr) > 0  # a stop word has no count
        return [w for w, c in zip(words, counted) if c]

    def _terms(self, words: list[str]) -> Way | None:
        rows = self.tags(list(dict.fromkeys(words)))
        if np.any(np.diff(rows.indptr) == 0):  # a word no article of the window has
            return None
        singles = np.unique(rows.indices)
        if len(words) == 1:
            return Way(tuple(words), singles, _NO_TERMS)
        pairs = np.setdiff1d(self.tags([" ".join(words)]).indices, singles)
        wanted = len(set(pairwise(words)))
        return Way(tuple(words), singles, pairs if len(pairs) >= wanted else None)

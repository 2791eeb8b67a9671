"""An interest of several words is a phrase: 'web performance' is about web pages loading
fast, not about a performance at the arts centre, and 'climate tech' is not "Teen Tech
Month". So an article is about an interest only when it has all the interest's words
(stop words aside; the last word singular or plural, 'heat pumps' being met by "a heat
pump"; no other stemming), side by side or one of them often (``anchors``), and among
those, the articles with the words side by side rank first: the interest's word pairs
(the vectorizer's bigrams) weigh more in its row.

Why not the word pairs alone: measured with benchmarks/eval_recommender.py, requiring
them costs articles that say "tops the singles chart" for 'music charts' (BBC P@10
0.860 against 0.890).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
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


@cache
def number_variants(word: str) -> tuple[str, ...]:
    """``word`` and its other grammatical number, by the regular English endings
    ("pumps" -> "pump", "policy" -> "policies", "box" -> "boxes")."""
    if len(word) < 4 or not word.isalpha():
        return (word,)
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
    return word, other


class Phrases:
    """Per interest text: the ways an article can have the interest whole, each the set
    of fitted columns it needs all of (its words, the last one singular or plural); ways
    no article of the window has are left out. ``prepare`` works out all of a run's
    texts at once (one vectorizer call for their words and variants); each distinct text
    is then looked up."""

    def __init__(self, tags: TagRows) -> None:
        self.tags = tags
        self._words: dict[str, list[str]] = {}
        self._found: dict[str, list[Way]] = {}
        self._masks: dict[str, np.ndarray] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Count and vectorize, in one go each, what the ways of ``texts`` need."""
        new = [t for t in dict.fromkeys(texts) if t not in self._words]
        tokens = {t: _TOKEN.findall(t.lower()) for t in new}
        distinct = list(dict.fromkeys(w for words in tokens.values() for w in words))
        counted = dict(zip(distinct, np.diff(self.tags.vectorizer.count_queries(distinct).indptr) > 0)) \
            if distinct else {}
        needed = []
        for text, words in tokens.items():
            words = self._words[text] = [w for w in words if counted[w]]  # a stop word has no count
            if words:
                for way in self._ways(words):
                    needed += [*way, " ".join(way)]
            needed.append(text)
        self.tags.add(needed)

    def __call__(self, text: str) -> list[Way]:
        if text not in self._found:
            words = self.words(text)
            self._found[text] = [t for t in map(self._terms, self._ways(words)) if t is not None] if words else []
        return self._found[text]

    def words(self, text: str) -> list[str]:
        """The words of ``text`` the vectorizer counts (no stop words), lower-cased."""
        if text not in self._words:
            self.prepare([text])
        return self._words[text]

    def pair_mask(self, text: str) -> np.ndarray:
        """Which entries of ``text``'s tag row (``TagRows``, in column order) are its word
        pairs; all False for one word."""
        if text not in self._masks:
            row = self.tags.columns(text)
            words = self.words(text)
            singles = [self.tags.columns(w) for w in dict.fromkeys(words)] if len(words) > 1 else []
            self._masks[text] = ~np.isin(row, np.concatenate(singles)) if singles else np.zeros(len(row), dtype=bool)
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

    @staticmethod
    def _ways(words: list[str]) -> list[list[str]]:
        return [[*words[:-1], last] for last in number_variants(words[-1])]

    def _terms(self, words: list[str]) -> Way | None:
        columns = [self.tags.columns(w) for w in dict.fromkeys(words)]
        if any(not len(c) for c in columns):  # a word no article of the window has
            return None
        singles = np.unique(np.concatenate(columns))
        if len(words) == 1:
            return Way(tuple(words), singles, _NO_TERMS)
        pairs = np.setdiff1d(self.tags.columns(" ".join(words)), singles)
        wanted = len(set(pairwise(words)))
        return Way(tuple(words), singles, pairs if len(pairs) >= wanted else None)

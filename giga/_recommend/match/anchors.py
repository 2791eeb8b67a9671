"""Which articles have which anchors, for a whole block of profiles at once.

An anchor is a set of terms an article must have all of (a guess's words, an interest's
words or word pairs), sometimes each a number of times. A block of 512 contacts asks it
of some ten thousand (contact, article) pairs; asked one contact at a time, the Python
and numpy overhead of each small question cost more than scoring them. Here every
(article, term) question of the block is one binary search in the article's sorted row,
all of them run together as numpy operations.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .phrases import Way

_COMPILED_FROM = 10_000  # questions from which loaded kernels answer them
Anchor = np.ndarray | Way  # a guess's words (all needed), or one way of having an interest


def contains(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per question i: whether row ``rows[i]`` of ``matrix`` (sorted indices) has column
    ``columns[i]``, and the position of the entry. One vectorized binary search, or the
    compiled one where a large run has loaded the kernels already."""
    indptr, indices = matrix.indptr, matrix.indices
    kernels = sys.modules.get(__package__ + "._kernels")
    if kernels is not None and len(rows) >= _COMPILED_FROM:
        return kernels.contains_rows(indptr, indices, np.asarray(rows, dtype=np.int64),
                                     np.asarray(columns, dtype=np.int64))
    lo = indptr[rows].astype(np.int64)
    end = indptr[rows + 1].astype(np.int64)
    hi = end.copy()
    wanted = np.asarray(columns, dtype=np.int64)
    active = lo < hi
    while active.any():
        mid = (lo + hi) >> 1
        less = np.zeros(len(lo), dtype=bool)
        less[active] = indices[mid[active]] < wanted[active]
        lo = np.where(active & less, mid + 1, lo)
        hi = np.where(active & ~less, mid, hi)
        active = lo < hi
    found = lo < end
    found[found] = indices[lo[found]] == wanted[found]
    return found, lo


class TitleCounts:
    """Article rows -> their titles' terms (hashed columns, sorted rows, as a matrix),
    each title counted once per fitted window however many blocks ask."""

    def __init__(self, vectorizer: Any, docs: Sequence[Any]) -> None:
        self.vectorizer, self.docs = vectorizer, docs
        self._columns: dict[int, np.ndarray] = {}

    def __call__(self, rows: np.ndarray) -> sp.csr_matrix:
        new = [int(i) for i in rows if int(i) not in self._columns]
        if new:
            counted = sp.csr_matrix(self.vectorizer.count_queries([self.docs[i].title for i in new]))
            counted.sort_indices()
            self._columns.update(zip(new, np.split(counted.indices, counted.indptr[1:-1])))
        columns = [self._columns[int(i)] for i in rows]
        indptr = np.concatenate([[0], np.cumsum([len(c) for c in columns])])
        indices = np.concatenate([*columns, np.zeros(0, dtype=np.int32)])
        return sp.csr_matrix((np.ones(len(indices), np.float32), indices, indptr),
                             shape=(len(rows), self.vectorizer.n_features))


class Anchors:
    """The anchors of one fitted window: ``X`` (articles x terms, sorted rows) and, when
    some anchor needs a number of mentions, ``counts`` (raw counts, hashed columns,
    sorted rows) with ``columns`` (fitted column -> hashed column)."""

    def __init__(self, X: sp.csr_matrix, counts: sp.csr_matrix | None, columns: np.ndarray | None,
                 mentions: int = 1, phrase_mentions: int = 1,
                 titles: Callable[[np.ndarray], sp.csr_matrix] | None = None) -> None:
        self.X, self.counts, self.columns = X, counts, columns
        self.mentions, self.phrase_mentions = mentions, phrase_mentions
        self.titles = titles  # article rows -> their titles' counts (hashed columns, sorted rows)

    def find(self, docs: Sequence[np.ndarray], anchors: Sequence[Sequence[Anchor] | None]) -> np.ndarray:
        """For profiles with article rows ``docs[j]`` and anchors ``anchors[j]`` (None:
        none): per article of all of them, in order, whether it has one of its profile's
        anchors whole. A guess's words: all of them. An interest of one word: the word
        ``mentions`` times (the title counts thrice). An interest of several words: all of
        them, and either side by side (its word pairs, ``phrase_mentions`` times) or one
        of them in the title."""
        # needs: (terms, times, kind): kind 0 makes its anchor whole alone (all terms so
        # many times); kind 1, an interest's words, does with its pairs (kind 2, the next
        # need) or with one of its words in the title
        owners, terms, times, kinds = [], [], [], []
        for j, found in enumerate(anchors):
            if not found or not len(docs[j]):
                continue
            for anchor in found:
                for need_terms, need_times, kind in self._plan(anchor):
                    owners.append(j)
                    terms.append(need_terms)
                    times.append(need_times)
                    kinds.append(kind)
        sizes = np.array([len(d) for d in docs], dtype=np.int64)
        slots = np.concatenate([[0], np.cumsum(sizes)])  # profile j's articles: slots[j]..slots[j + 1]
        whole = np.zeros(int(slots[-1]), dtype=bool)
        if not owners:
            return whole
        owner = np.asarray(owners, dtype=np.int64)
        kind_of_need = np.asarray(kinds, dtype=np.int8)
        need = np.repeat(np.arange(len(owners)), sizes[owner])  # one instance per (need, article)
        starts = np.concatenate([[0], np.cumsum(sizes[owner])])
        slot = slots[owner][need] + np.arange(len(need)) - starts[need]  # each instance's article
        all_docs = np.concatenate([*docs, np.zeros(0, dtype=np.int64)]).astype(np.int64)
        met = self._met(all_docs[slot], need, terms, np.asarray(times, dtype=np.int64))
        kind = kind_of_need[need]
        whole[slot[(kind == 0) & met]] = True
        words = np.flatnonzero(kind == 1)
        if len(words):
            has_pairs = np.append(kind_of_need[1:] == 2, False)[need[words]]  # the next need is its pairs
            pairs = np.minimum(words + sizes[owner][need[words]], len(met) - 1)  # the same article, there
            together = met[words] & has_pairs & met[pairs]
            whole[slot[words[together]]] = True
            apart = words[met[words] & ~together]
            if len(apart) and self.titles is not None:
                whole[slot[apart[self._in_title(all_docs[slot[apart]], need[apart], terms)]]] = True
        return whole

    def _in_title(self, docs: np.ndarray, needs: np.ndarray, terms: list[np.ndarray]) -> np.ndarray:
        """Per (article ``docs[i]``, need ``needs[i]``): whether the title has one of its terms."""
        assert self.titles is not None and self.columns is not None
        distinct = np.unique(docs)
        counted = self.titles(distinct)
        widths = np.array([len(terms[n]) for n in needs.tolist()], dtype=np.int64)
        question = np.repeat(np.arange(len(docs)), widths)
        asked = np.concatenate([np.asarray(terms[n], dtype=np.int64) for n in needs.tolist()])
        found, _ = contains(counted, np.searchsorted(distinct, docs)[question], self.columns[asked])
        return np.bincount(question[found], minlength=len(docs)) > 0

    def _plan(self, anchor: Anchor) -> tuple[tuple[np.ndarray, int, int], ...]:
        """The needs of one anchor: (terms, times, kind), as ``find`` explains."""
        if not isinstance(anchor, Way):
            return ((anchor, 1, 0),)
        if anchor.pairs is not None and not len(anchor.pairs):  # one word
            return ((anchor.terms, self.mentions, 0),)
        pairs = ((anchor.pairs, self.phrase_mentions, 2),) if anchor.pairs is not None else ()
        return ((anchor.terms, 1, 1), *pairs)

    def _met(self, instance_doc: np.ndarray, instance_need: np.ndarray, terms: list[np.ndarray],
             times: np.ndarray) -> np.ndarray:
        """Per instance (article ``instance_doc[i]`` asked about need ``instance_need[i]``:
        ``terms[n]``, each ``times[n]`` times): whether it has them. Counts where they are
        known (one binary search per article and term), else the terms' presence."""
        widths = np.array([len(t) for t in terms], dtype=np.int64)
        per_instance = widths[instance_need]  # one question per (instance, term)
        question_instance = np.repeat(np.arange(len(instance_need)), per_instance)
        term_start = np.concatenate([[0], np.cumsum(widths)[:-1]])
        within = np.arange(len(question_instance)) - np.repeat(np.cumsum(per_instance) - per_instance, per_instance)
        all_terms = np.concatenate([np.asarray(t, dtype=np.int64) for t in terms])
        question_term = all_terms[term_start[instance_need][question_instance] + within]
        question_doc = instance_doc[question_instance]
        if self.counts is not None and self.columns is not None:
            found, at = contains(self.counts, question_doc, self.columns[question_term])
            value = np.where(found, self.counts.data[np.minimum(at, len(self.counts.data) - 1)], 0)
        else:
            value = contains(self.X, question_doc, question_term)[0].astype(np.float32)
        enough = value >= times[instance_need][question_instance]
        return np.bincount(question_instance[enough], minlength=len(instance_need)) == per_instance

"""Profiles in the fitted article space.

A profile's vector sums its interest tags (each tag normalized on its own, so "machine
learning" weighs what "python" weighs), the text of their own posts and feedback
(Rocchio: liked articles pull the profile, "not for them" pushes it away). Beside it
are kept the rows selection compares candidates with: what they already got and what
was not for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from ..vectorize.unit import unit_rows

from ..vectorize import ArticleVectorizer
from .rows import _heaviest, _Rows
from .types import Doc, Profile, article_text


@dataclass
class _Built:
    """Profile vectors in the fitted space."""

    matrix: sp.csr_matrix  # profiles x vocabulary, L2-normalized rows
    tag_rows: _Rows  # per profile: tags x vocabulary (for explanations)
    unknown_tags: dict[str, list[str]]
    shared: _Rows  # per profile: what they already got, unit rows (None: nothing)
    disliked: _Rows  # per profile: "not for them", unit rows (None: nothing)
    anchors: list[list[np.ndarray] | None]  # per profile: term sets a pick must have one of whole (None: any)
    disliked_feeds: list[list[str]] | None = None  # per profile: the feed of each of its disliked rows

    def subset(self, owners: Sequence[int]) -> _Built:
        """These profiles only (positions in the block), in that order: a second look
        without building them again."""
        feeds = [self.disliked_feeds[i] for i in owners] if self.disliked_feeds is not None else None
        return _Built(self.matrix[list(owners)], self.tag_rows.subset(owners), {}, self.shared.subset(owners),
                      self.disliked.subset(owners), [self.anchors[i] for i in owners], feeds)


class DocRows:
    """Rows in the fitted space for the articles a profile names. An article of the
    window (its id in ``index``) takes its fitted row: what was shared or liked usually
    is one, and the fitted row weighs its title as the article's other uses do. Any
    other article (as ``article_text``) or plain text goes through the vectorizer."""

    def __init__(self, vectorizer: ArticleVectorizer, X: sp.csr_matrix, index: dict[str, int]) -> None:
        self.vectorizer, self.X, self.index = vectorizer, X, index

    def key(self, doc: Doc) -> int | str:
        """What identifies ``doc``'s row: its window row, else its text."""
        row = self.index.get(doc.id)
        return article_text(doc) if row is None else row

    def rows(self, items: Sequence[Doc | str]) -> sp.csr_matrix:
        """One row per item, in order."""
        if not items:
            return sp.csr_matrix((0, self.vectorizer.n_terms_), dtype=np.float32)
        rows = np.array([self.index.get(item.id, -1) if isinstance(item, Doc) else -1 for item in items],
                        dtype=np.int64)
        known = rows >= 0
        if known.all():
            return self.X[rows]
        others = self.vectorizer.transform_queries(
            [item if isinstance(item, str) else article_text(item) for item, r in zip(items, rows) if r < 0])
        if not known.any():
            return others
        stacked = sp.vstack([self.X[rows[known]], others], format="csr", dtype=np.float32)
        order = np.empty(len(items), dtype=np.int64)
        order[np.flatnonzero(known)] = np.arange(int(known.sum()))
        order[np.flatnonzero(~known)] = np.arange(int(known.sum()), len(items))
        return stacked[order]

    def mean(self, items: Sequence[Doc | str]) -> sp.csr_matrix | None:
        """The items' normalized mean row (None without any; blank texts are skipped)."""
        items = [item for item in items if not isinstance(item, str) or item.strip()]
        if not items:
            return None
        return sp.csr_matrix(unit_rows(np.asarray(self.rows(items).mean(axis=0))))


class TagRows:
    """One unit row per interest tag, each distinct tag vectorized once per call: ten
    thousand contacts name a few thousand different interests, and a run's blocks share
    most of them."""

    def __init__(self, vectorizer: ArticleVectorizer, tags: Iterable[str] = ()) -> None:
        self.vectorizer = vectorizer
        self.position: dict[str, int] = {}
        self.matrix = sp.csr_matrix((0, vectorizer.n_terms_), dtype=np.float32)
        self._add(tags)

    def add(self, tags: Iterable[str]) -> None:
        """Vectorize those of ``tags`` not seen yet, in one call."""
        self._add(tags)

    def columns(self, tag: str) -> np.ndarray:
        """The fitted columns of one text's row (vectorizing it if not seen yet)."""
        position = self.position.get(tag)
        if position is None:
            self._add([tag])
            position = self.position[tag]
        return self.matrix.indices[self.matrix.indptr[position]:self.matrix.indptr[position + 1]]

    def _add(self, tags: Iterable[str]) -> None:
        new = [t for t in dict.fromkeys(tags) if t not in self.position]
        if not new:
            return
        rows = sp.csr_matrix(unit_rows(self.vectorizer.transform_queries(new)).astype(np.float32))
        first = len(self.position)
        self.matrix = rows if not first else sp.vstack([self.matrix, rows], format="csr")
        self.position.update({t: first + i for i, t in enumerate(new)})

    def __call__(self, tags: list[str]) -> sp.csr_matrix:
        """The rows of ``tags``, in order (vectorizing those not seen yet)."""
        if not tags:
            return sp.csr_matrix((0, self.matrix.shape[1]), dtype=np.float32)
        self._add(tags)
        return self.matrix[np.array([self.position[t] for t in tags], dtype=np.int64)]


def build_profiles(profiles: Sequence[Profile], docs: DocRows, tags: TagRows, *,
                   rocchio: tuple[float, float, float], own_feed_weight: float,
                   feedback_terms: int | None, phrases: Any = None, phrase_weight: float = 1.0) -> _Built:
    """Every profile's vector, from one vectorizer call for all tags and one for all
    articles outside the window (each distinct one vectorized once). Each kind of article
    (own posts, liked, disliked) adds the normalized mean of its rows cut to its
    ``feedback_terms`` heaviest terms: a whole article has hundreds of terms, common ones
    among them, and scoring a profile costs one pass over every article that has any of
    its terms. ``phrases``: when given, a profile with interest tags gets a pick only
    if it has one of them whole (its phrase's terms, ``phrases.Phrases``)."""
    n = len(profiles)
    width = docs.vectorizer.n_terms_
    alpha, beta, gamma = rocchio
    tag_lists = [[t for t in p.tags if t.strip()] for p in profiles]
    inferred = [[i for i in p.inferred if i.text.strip()] for p in profiles]
    all_tags = [t for tag_list, more in zip(tag_lists, inferred) for t in [*tag_list, *(i.text for i in more)]]
    weights = np.array([w for tag_list, more in zip(tag_lists, inferred)
                        for w in [1.0] * len(tag_list) + [i.weight for i in more]], dtype=np.float32)
    anchored = [a for tag_list, more in zip(tag_lists, inferred) for a in [()] * len(tag_list) + [i.anchors for i in more]]
    tag_bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(tag_list) + len(more) for tag_list, more in zip(tag_lists, inferred)], out=tag_bounds[1:])
    per_tag = tags(all_tags)
    if phrases is not None:
        typed = [t for tag_list, more in zip(tag_lists, inferred) for t in [*tag_list, *[None] * len(more)]]
        per_tag = phrases.weigh_pairs(per_tag, typed, phrase_weight)
    empty = np.diff(per_tag.indptr) == 0
    unknown: dict[str, list[str]] = {}
    if empty.any():  # typed tags only: a guessed interest that finds nothing is no news to the user
        for i, tag_list in enumerate(tag_lists):
            start = tag_bounds[i]
            missing = [t for t, e in zip(tag_list, empty[start:start + len(tag_list)]) if e]
            if missing:
                unknown[profiles[i].key] = missing
    owner = np.repeat(np.arange(n), np.diff(tag_bounds))
    vectors = _sum_rows(per_tag, owner, n, weights) * alpha

    # articles: own posts, liked, disliked (each kind: the normalized mean of its rows)
    # and the articles already shared (rows of their own, for near-duplicates)
    distinct: dict[int | str, int] = {}
    items: list[Doc] = []
    kinds = ((lambda p: p.own, own_feed_weight), (lambda p: p.liked, beta), (lambda p: p.disliked, -gamma))
    plans = [(*_pairs(profiles, get, docs, distinct, items), weight) for get, weight in kinds]
    shared_rows, shared_cols = _pairs(profiles, lambda p: p.shared, docs, distinct, items)
    disliked_rows, disliked_cols = plans[2][:2]
    rows = docs.rows(items)
    for owners, cols, weight in plans:
        if not owners:
            continue
        counts = np.bincount(owners, minlength=n)
        mean = sp.csr_matrix((1.0 / counts[owners], (owners, cols)), shape=(n, len(items))) @ rows
        vectors = vectors + weight * unit_rows(_heaviest(unit_rows(mean).tocsr(), feedback_terms))
    vectors = sp.csr_matrix(vectors, dtype=np.float64)
    vectors.data[vectors.data < 0] = 0  # Rocchio: negative weights are dropped
    vectors.eliminate_zeros()
    matrix = unit_rows(vectors).astype(np.float32) if n else sp.csr_matrix((0, width), dtype=np.float32)
    return _Built(
        sp.csr_matrix(matrix), _Rows(per_tag, tag_bounds, empty_is_none=False), unknown,
        _per_profile(rows, shared_rows, shared_cols, n),
        _per_profile(rows, disliked_rows, disliked_cols, n),
        _with_phrases(_anchor_terms(tag_bounds, anchored, tags), tag_lists, phrases, profiles),
        [[d.feed for d in p.disliked] if p.disliked else [] for p in profiles],
    )


def _with_phrases(anchors: list[list[np.ndarray] | None], tag_lists: list[list[str]], phrases: Any,
                  profiles: Sequence[Profile]) -> list[list[np.ndarray] | None]:
    """Each profile's anchors with its tags' ways of being met whole added (a profile
    with tags no article has whole gets an empty list: nothing meets it). Not for a
    profile known otherwise too (own posts, liked articles): what they write and like
    is part of what it matches, as for a guessed interest (``cold_start``)."""
    if phrases is None:
        return anchors
    out = []
    for found, tag_list, profile in zip(anchors, tag_lists, profiles):
        if tag_list and not (profile.own or profile.liked):
            found = [*(found or []), *(way for tag in tag_list for way in phrases(tag))]
        out.append(found)
    return out


def _anchor_terms(bounds: np.ndarray, anchored: list[tuple[str, ...]],
                  tags: TagRows) -> list[list[np.ndarray] | None]:
    """Per profile: the term sets a pick must have one of whole, one per anchor text
    (each of its words' terms; a text with a word the window lacks can never be met and
    is left out), or None for a profile without anchors. A text in double quotes is a
    phrase: its word pairs' terms too ("Red Hat" in that order, not a red hat)."""
    out: list[list[np.ndarray] | None] = []
    for start, end in pairwise(bounds):
        texts = [t for r in range(start, end) for t in anchored[r]]
        if not texts:
            out.append(None)
            continue
        sets = []
        for text in texts:
            phrase = len(text) > 2 and text[0] == text[-1] == '"'
            words = text.strip('"').split()
            counted = np.diff(tags.vectorizer.count_queries(words).indptr) > 0  # a stop word has no count
            words = [w for w, c in zip(words, counted) if c]
            rows = tags([" ".join(words)] if phrase and len(words) > 1 else words)
            whole = not phrase or rows.nnz == tags.vectorizer.count_queries([" ".join(words)]).nnz
            if words and whole and np.all(np.diff(rows.indptr) > 0):
                sets.append(np.unique(rows.indices))
        out.append(sets)
    return out


def category_rows(profiles: Sequence[Profile], category_index: dict[str, int], width: int) -> sp.csr_matrix:
    """Profiles x article categories: 1 where a tag names the category."""
    rows, cols = [], []
    for i, profile in enumerate(profiles):
        for tag in {t.strip().lower() for t in profile.tags}:
            column = category_index.get(tag)
            if column is not None:
                rows.append(i)
                cols.append(column)
    return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(profiles), width))


def _pairs(profiles: Sequence[Profile], get: Callable[[Profile], tuple[Doc, ...]], docs: DocRows,
           distinct: dict[int | str, int], items: list[Doc]) -> tuple[list[int], list[int]]:
    """(profile, article) pairs of one kind of article, each distinct article numbered
    once (``items`` gets it)."""
    owners, cols = [], []
    for i, profile in enumerate(profiles):
        for doc in get(profile):
            key = docs.key(doc)
            if key not in distinct:
                distinct[key] = len(items)
                items.append(doc)
            owners.append(i)
            cols.append(distinct[key])
    return owners, cols


def _per_profile(rows: sp.csr_matrix, owners: list[int], cols: list[int], n: int) -> _Rows:
    """Each profile's own articles as unit rows (None for a profile with none)."""
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=n), out=bounds[1:])
    matrix = unit_rows(rows[np.asarray(cols, dtype=np.int64)]) if cols \
        else sp.csr_matrix((0, rows.shape[1]), dtype=np.float32)
    return _Rows(sp.csr_matrix(matrix, dtype=np.float32), bounds, empty_is_none=True)


def _sum_rows(matrix: sp.csr_matrix, owner: np.ndarray, n: int, weights: np.ndarray | None = None) -> sp.csr_matrix:
    """Rows of ``matrix`` (times ``weights``) summed per owner (a profile with no rows
    gets an empty row)."""
    scale = np.ones(len(owner), matrix.dtype) if weights is None else weights.astype(matrix.dtype)
    pick = sp.csr_matrix((scale, (owner, np.arange(len(owner)))), shape=(n, matrix.shape[0]))
    return sp.csr_matrix(pick @ matrix)

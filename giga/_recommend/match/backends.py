"""Scoring backends: scipy's sparse products, or numba kernels (``_kernels``) at scale.

Both score a block of profiles against the articles, expand each profile with
pseudo-relevance feedback, find the articles close to what a profile already got or
disliked, and walk the pools for selection. scipy writes out a block's scores and picks
from them; the kernels score one profile at a time without writing the scores out, add
the expansion's scores to the first pass's, and compute during selection only the
cosines a pick needs. Both pick the same articles: every cosine a threshold decides on
is summed alike (term order, float32), and the pools' scores agree to float32 rounding
(the compiled expansion sums in another order).

``choose`` picks the backend for a block: scipy below ``_COMPILED_ABOVE`` articles x
profiles, where it is fast enough and loading numba would cost more than it saves.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import numpy as np
import scipy.sparse as sp

from ..vectorize.unit import unit_rows

from .profiles import _Built
from .rows import _NO_DOCS, _NO_SCORES, _gram, _heaviest, _Rows, _sorted_rows, _top_rows
from .select import _Candidates, _Selection
from .types import Profile

_CHUNK = 64  # profiles per sparse product: small outputs stay in cache
_COMPILED_ABOVE = 20_000_000  # articles x profiles of a block from which "auto" uses numba
_SIMILAR_EXTRA = 4  # candidates beyond k whose mutual similarities scipy computes up front
BACKENDS = ("auto", "scipy", "numba")


@dataclass(frozen=True, slots=True)
class Scoring:
    """What scoring reads of a fitted Matcher: its articles and its settings."""

    X: sp.csr_matrix  # articles x vocabulary, unit rows in term order
    XT: sp.csr_matrix  # vocabulary x articles, freshness- and substance-weighted
    XCT: sp.csr_matrix  # XT with the category rows (times category_weight) under it
    category_weight: float
    pseudo_feedback: int
    pseudo_weight: float
    pseudo_terms: int | None
    pseudo_support: int
    near_duplicate: float


class Backend(ABC):
    """What differs between the two ways of scoring; the rest is shared."""

    name: str

    @abstractmethod
    def top(self, vectors: sp.csr_matrix, matrix: sp.csr_matrix,
            counts: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per row of ``vectors`` (sorted indices): its ``counts[r]`` best columns of
        ``vectors @ matrix`` and their scores, best first (equal scores: lower column
        first). Both backends sum each score in the row's term order, in float32, so they
        agree to the bit."""

    @abstractmethod
    def nearest(self, X: sp.csr_matrix, groups: list[np.ndarray],
                others: list[sp.csr_matrix | None]) -> list[np.ndarray | None]:
        """Per group of article rows: each article's highest cosine to that group's
        ``others`` (None where there are none)."""

    @abstractmethod
    def candidates(self, scoring: Scoring, vectors: sp.csr_matrix, categories: sp.csr_matrix, shared: _Rows,
                   sizes: Sequence[int], k: int) -> list[_Candidates]:
        """Each profile's pool: its best ``sizes[i]`` articles for its expanded vector
        plus the category bonus, best first, with what selection of ``k`` needs."""

    @abstractmethod
    def select(self, run: _Selection, profiles: Sequence[Profile], pools: list[_Candidates],
               shared: _Rows) -> list[Sequence[int]]:
        """Selection for a block, in the order given: the chosen positions in each pool
        (``run`` counts what was taken)."""


class ScipyBackend(Backend):
    name = "scipy"

    def top(self, vectors: sp.csr_matrix, matrix: sp.csr_matrix,
            counts: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for offset in range(0, vectors.shape[0], _CHUNK):
            scores = vectors[offset:offset + _CHUNK] @ matrix
            out += _top_rows(scores, list(counts[offset:offset + _CHUNK]), values=True)
        return out

    def nearest(self, X: sp.csr_matrix, groups: list[np.ndarray],
                others: list[sp.csr_matrix | None]) -> list[np.ndarray | None]:
        near, owners = _owners(groups, others)
        if not owners:
            return near
        pieces = [m for j in owners for m in (others[j], X[groups[j]])]
        sizes = np.array([others[j].shape[0] + len(groups[j]) for j in owners])
        grams = _gram(sp.vstack(pieces, format="csr", dtype=np.float32), sizes)
        for j, gram in zip(owners, grams):
            n_others = others[j].shape[0]
            near[j] = gram[n_others:, :n_others].max(axis=1)
        return near

    def candidates(self, scoring: Scoring, vectors: sp.csr_matrix, categories: sp.csr_matrix, shared: _Rows,
                   sizes: Sequence[int], k: int) -> list[_Candidates]:
        """Scores from one sparse product per chunk of profiles, and for each pool's first
        few candidates the cosines selection asks about (candidate against candidate,
        candidate against what was already shared), from one block-diagonal product per
        chunk instead of one product per article."""
        vectors = expand(scoring, vectors, self)
        matrix, vectors = _with_categories(scoring, vectors, categories)
        vectors = _sorted_rows(vectors)
        out: list[_Candidates] = []
        for offset in range(0, len(sizes), _CHUNK):
            tops = self.top(vectors[offset:offset + _CHUNK], matrix, sizes[offset:offset + _CHUNK])
            firsts = [docs[:min(len(docs), k + _SIMILAR_EXTRA)] for docs, _ in tops]
            similar = _similarities(scoring.X, firsts)
            near = self.nearest(scoring.X, firsts, [shared[offset + j] for j in range(len(tops))])
            for (docs, values), sims, close in zip(tops, similar, near):
                out.append(_Candidates(docs, values, sims, close))
        return out

    def select(self, run: _Selection, profiles: Sequence[Profile], pools: list[_Candidates],
               shared: _Rows) -> list[Sequence[int]]:
        return [run.walk(profile, pool, shared[j]) for j, (profile, pool) in enumerate(zip(profiles, pools))]


class NumbaBackend(Backend):
    name = "numba"

    def __init__(self, kernels: ModuleType) -> None:
        self.kernels = kernels

    def top(self, vectors: sp.csr_matrix, matrix: sp.csr_matrix,
            counts: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        bounds, columns, scores = self.kernels.top_rows(
            vectors.indptr, vectors.indices, vectors.data, matrix.indptr, matrix.indices, matrix.data,
            matrix.shape[1], np.asarray(counts, dtype=np.int64))
        return [(columns[a:b], scores[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]

    def nearest(self, X: sp.csr_matrix, groups: list[np.ndarray],
                others: list[sp.csr_matrix | None]) -> list[np.ndarray | None]:
        near, owners = _owners(groups, others)
        if not owners:
            return near
        rows = np.concatenate([groups[j] for j in owners]).astype(np.int64)
        bounds = np.concatenate([[0], np.cumsum([len(groups[j]) for j in owners])])
        stacked = _sorted_rows(sp.vstack([others[j] for j in owners], format="csr", dtype=np.float32))
        o_bounds = np.concatenate([[0], np.cumsum([others[j].shape[0] for j in owners])])
        flat = self.kernels.nearest_rows(bounds, rows, X.indptr, X.indices, X.data,
                                         o_bounds, stacked.indptr, stacked.indices, stacked.data)
        for j, a, b in zip(owners, bounds[:-1], bounds[1:]):
            near[j] = flat[a:b]
        return near

    def candidates(self, scoring: Scoring, vectors: sp.csr_matrix, categories: sp.csr_matrix, shared: _Rows,
                   sizes: Sequence[int], k: int) -> list[_Candidates]:
        """Pools only: the selection kernel computes the cosines it needs."""
        if scoring.pseudo_feedback:
            return self._expanded(scoring, vectors, categories, sizes)
        matrix, vectors = _with_categories(scoring, vectors, categories)
        return [_Candidates(docs, values) for docs, values in self.top(_sorted_rows(vectors), matrix, sizes)]

    def _expanded(self, scoring: Scoring, vectors: sp.csr_matrix, categories: sp.csr_matrix,
                  sizes: Sequence[int]) -> list[_Candidates]:
        """``expand`` and scoring in one compiled pass per profile (``expanded_top_rows``):
        the expansion's scores are added to the first pass's instead of scoring the tags'
        long postings twice."""
        vectors = _sorted_rows(vectors)
        X, XT = scoring.X, scoring.XT
        if scoring.category_weight and categories.nnz:
            stacked, vocabulary = scoring.XCT, XT.shape[0]
            b_indptr = stacked.indptr[vocabulary:] - stacked.indptr[vocabulary]
            b_indices = stacked.indices[stacked.indptr[vocabulary]:]
            b_data = stacked.data[stacked.indptr[vocabulary]:]
            categories = _sorted_rows(categories)
        else:
            b_indptr, b_indices, b_data = np.zeros(1, np.int64), _NO_DOCS, _NO_SCORES
            categories = sp.csr_matrix((vectors.shape[0], 1), dtype=np.float32)
        bounds, columns, scores = self.kernels.expanded_top_rows(
            vectors.indptr, vectors.indices, vectors.data, categories.indptr, categories.indices,
            XT.indptr, XT.indices, XT.data, XT.shape[1], b_indptr, b_indices, b_data,
            X.indptr, X.indices, X.data,
            int(scoring.pseudo_feedback), int(scoring.pseudo_support), int(scoring.pseudo_terms or X.shape[1]),
            float(scoring.pseudo_weight), np.asarray(sizes, dtype=np.int64))
        return [_Candidates(columns[a:b], scores[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]

    def select(self, run: _Selection, profiles: Sequence[Profile], pools: list[_Candidates],
               shared: _Rows) -> list[Sequence[int]]:
        p_bounds = np.zeros(len(pools) + 1, dtype=np.int64)
        np.cumsum([len(c.docs) for c in pools], out=p_bounds[1:])
        docs = np.concatenate([c.docs for c in pools] + [_NO_DOCS]).astype(np.int64)
        blocked = np.zeros(len(docs), dtype=np.bool_)
        index = run.index
        for j, profile in enumerate(profiles):
            if profile.exclude:
                rows = {index[i] for i in profile.exclude if i in index}
                blocked[p_bounds[j]:p_bounds[j + 1]] = [d in rows for d in docs[p_bounds[j]:p_bounds[j + 1]].tolist()]
        s_matrix, s_bounds = _sorted_rows(shared.matrix), shared.bounds
        X = run.X
        bounds, picks = self.kernels.select_rows(
            p_bounds, docs, blocked, run.k, run.cap, run.taken, X.indptr, X.indices, X.data,
            np.asarray(s_bounds, dtype=np.int64), s_matrix.indptr, s_matrix.indices, s_matrix.data,
            float(run.near_duplicate), float(run.diversity),
            run.feeds if run.feeds is not None else np.full(len(run.ids), -1, np.int64), int(run.per_feed))
        return [picks[bounds[j]:bounds[j + 1]] - p_bounds[j] for j in range(len(pools))]


def choose(name: str, n_articles: int, n_profiles: int) -> Backend:
    """The backend ``name`` stands for, for a block of ``n_profiles`` profiles."""
    if name == "scipy" or (name == "auto" and n_articles * n_profiles < _COMPILED_ABOVE):
        return _SCIPY
    kernels = _load_kernels()
    if kernels is None:
        if name == "numba":
            raise ImportError("Matcher(backend='numba') needs numba installed")
        return _SCIPY
    return _numba(kernels)


def check(name: str) -> None:
    """Fails early on a backend name that is not one, or on numba asked for without it."""
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, not {name!r}")
    if name == "numba" and _load_kernels() is None:
        raise ImportError("Matcher(backend='numba') needs numba installed")


def pools(backend: Backend, scoring: Scoring, built: _Built, categories: sp.csr_matrix, sizes: Sequence[int],
          k: int) -> list[_Candidates]:
    """Each built profile's scored pool, ``sizes[i]`` deep, with "not for them" applied:
    what selection walks.

    "Not for them" pushes the profile away from what was disliked: a candidate close to
    a disliked article (cosine ``s``) keeps ``1 - s`` of its score, and a near-duplicate
    of one is dropped (Rocchio's negative term alone is clipped away once the profile's
    weights are made non-negative). A pool so changed is re-sorted, so the similarities
    precomputed for its head no longer apply and selection computes its own."""
    block = backend.candidates(scoring, built.matrix, categories, built.shared, sizes, k)
    closeness = backend.nearest(scoring.X, [c.docs for c in block], [built.disliked[i] for i in range(len(block))])
    out = []
    for candidates, close in zip(block, closeness):
        if close is None:
            out.append(candidates)
            continue
        keep = close < scoring.near_duplicate
        scores = candidates.scores[keep] * (1 - close[keep]).astype(np.float32)
        docs = candidates.docs[keep]
        order = np.lexsort((docs, -scores))
        out.append(_Candidates(docs[order], scores[order]))
    return out


def expand(scoring: Scoring, vectors: sp.csr_matrix, backend: Backend) -> sp.csr_matrix:
    """Pseudo-relevance feedback: pull each profile toward its best few articles, which
    brings in the words people use for the interest beyond the tag itself. The pull is
    the centroid of those articles over the terms at least ``pseudo_support`` of them
    share (all of them, when fewer matched), cut to its ``pseudo_terms`` heaviest terms
    (the usual expansion size in relevance feedback): a whole centroid has hundreds of
    terms and would make every article a candidate for every contact."""
    if not scoring.pseudo_feedback or vectors.shape[0] == 0:
        return vectors
    X = scoring.X
    vectors = _sorted_rows(vectors)
    picks = backend.top(vectors, scoring.XT, [scoring.pseudo_feedback] * vectors.shape[0])
    rows, cols = [], []
    for i, (best, _) in enumerate(picks):
        rows.extend([i] * len(best))
        cols.extend(best.tolist())
    if not rows:
        return vectors
    pick = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(vectors.shape[0], X.shape[0]))
    pulled = sp.csr_matrix(pick @ X)
    if scoring.pseudo_support > 1:
        presence = sp.csr_matrix((np.ones_like(X.data), X.indices, X.indptr), shape=X.shape)
        support = sp.csr_matrix(pick @ presence)
        picked = np.diff(pick.indptr)  # fewer articles than pseudo_support: terms all of them have
        needed = np.minimum(scoring.pseudo_support, picked)[np.repeat(np.arange(support.shape[0]),
                                                                       np.diff(support.indptr))]
        support.data = (support.data >= needed).astype(np.float32)
        pulled = sp.csr_matrix(pulled.multiply(support))
        pulled.eliminate_zeros()
    centroids = unit_rows(_heaviest(pulled, scoring.pseudo_terms))
    return unit_rows(vectors + scoring.pseudo_weight * centroids).astype(np.float32)


def _with_categories(scoring: Scoring, vectors: sp.csr_matrix,
                     categories: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The matrix to score against and the vectors for it: with a category bonus, the
    profiles' category columns beside their terms, so text and bonus come out of one
    sparse product with ``XCT``."""
    if not (scoring.category_weight and categories.nnz > 0):
        return scoring.XT, vectors
    return scoring.XCT, sp.hstack([vectors, categories], format="csr", dtype=np.float32)


def _similarities(X: sp.csr_matrix, groups: list[np.ndarray]) -> list[np.ndarray]:
    """Cosine between every two articles of each group."""
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    if sizes.sum() == 0:
        return [np.zeros((s, s), np.float32) for s in sizes]
    return _gram(X[np.concatenate(groups)], sizes)


@cache
def _load_kernels() -> ModuleType | None:
    """The numba kernels module, or None where numba is not installed (imported on first
    use: small runs never pay numba's import or compile time)."""
    try:
        from . import _kernels
    except ImportError:
        return None
    return _kernels


@cache
def _numba(kernels: ModuleType) -> NumbaBackend:
    return NumbaBackend(kernels)


_SCIPY = ScipyBackend()


def _owners(groups: list[np.ndarray], others: list[sp.csr_matrix | None]) -> tuple[list[np.ndarray | None], list[int]]:
    """``nearest``'s start, on either backend: no answer yet for any group, and the groups
    that have candidates and other rows to compare them with."""
    near: list[np.ndarray | None] = [None] * len(groups)
    return near, [j for j, (g, o) in enumerate(zip(groups, others)) if o is not None and len(g)]

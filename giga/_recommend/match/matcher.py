"""TF-IDF matching of articles to contact profiles, explained.

A profile is built from the contact's interest tags (each tag normalized on its own,
so "machine learning" weighs what "python" weighs), the text of their own feed, and
feedback (Rocchio: shared/liked articles pull the profile, "not for them" pushes it away).
Scores are cosine similarity on L2-normalized vectors, plus a bonus when an article's
own category equals a tag, times a freshness decay and a substance prior (entries of a
line or two are damped: they are poor things to pass along, and cosine over-rewards them).
"Not for them" also demotes candidates close to what was disliked. Contacts x articles
is computed as a sparse product, one block of contacts at a time: never a dense matrix.

At scale (10^5 articles x 10^4 contacts) the work is a few sparse products per chunk of
contacts against term-major copies of the articles made once in ``fit``; blocks are
scored on worker threads while the calling thread walks them in order, and the cosines
selection asks about (candidate against candidate, candidate against what was already
shared) come from one block-diagonal product per chunk instead of one product per
article. Above ``_COMPILED_ABOVE`` articles x contacts per block, numba kernels
(``_kernels``) take over: one pass per profile scores it, picks its feedback articles and
adds the expansion's scores without writing a block's scores out, and selection walks
each pool computing only the cosines a pick needs. Both paths pick the same articles;
scores agree to float32 rounding (the compiled expansion sums in another order).

Selection per contact walks candidates best first and skips what was already shared,
near-duplicates of it, and a second copy of a story already chosen (diversity); across
contacts an article goes to at most ``max_contacts_per_article`` people per run.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import ModuleType

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from ..vectorize import ArticleVectorizer
from .profiles import DocRows, TagRows, _Built, build_profiles, category_rows
from .rows import _NO_DOCS, _NO_SCORES, _dot, _gram, _heaviest, _row, _sorted_rows, _top_rows
from .types import Doc, Match, Profile


@dataclass
class _Candidates:
    """One contact's pool, best first, with what selection needs precomputed."""

    docs: np.ndarray  # article rows, best first
    scores: np.ndarray  # float32, as scored
    similar: np.ndarray | None = None  # cosine among the first few candidates
    near: np.ndarray | None = None  # per first few candidates: max cosine to what they already got


_CHUNK = 64  # contacts per sparse product: small outputs stay in cache
# A contact's pool: its best ``k * _POOL + len(exclude)`` articles; a contact the cap and
# the filters leave short of ``k`` gets a second look ``_DEEPER`` times as deep (at 100k
# articles x 10k contacts, 281 contacts came up short of 5 from a 40-deep pool and 48
# with nothing; with the second look none).
_POOL = 8
_DEEPER = 8
# articles x contacts of one block from which the compiled kernels are used: below it
# scipy is fast enough and loading numba would cost more than it saves
_COMPILED_ABOVE = 20_000_000
_SIMILAR_EXTRA = 4  # candidates beyond k whose mutual similarities are computed up front


class Matcher:
    """Settings in ``__init__``; ``fit`` learns the article space; learned state ends in ``_``."""

    _compiled: bool | None = None  # None: compiled kernels by size; True/False forces (tests)

    def __init__(
        self,
        title_weight: int = 2,
        category_weight: float = 0.25,
        half_life_days: float | None = 21.0,
        freshness_weight: float = 0.3,
        own_feed_weight: float = 0.5,
        # An entry shorter than this many words (title + body) is scaled by
        # (words / short_entry_words) ** short_entry_power: a one-line link post is a poor
        # thing to pass along, and cosine alone ranks it above real articles.
        short_entry_words: int = 60,
        short_entry_power: float = 0.75,
        rocchio: tuple[float, float, float] = (1.0, 0.5, 0.25),
        pseudo_feedback: int = 5,
        pseudo_weight: float = 0.4,
        # The pull's 30 heaviest terms: P@10 as with the whole centroid (BBC -1 doc,
        # AG News equal, real feeds +0.5 pts) at a fraction of the cost, since the whole
        # centroid (~800 terms) makes every article a candidate for every contact.
        # 10 or 20 terms cost quality (BBC 0.870 both); None keeps the whole centroid.
        pseudo_terms: int | None = 30,
        # An expansion term must occur in at least this many of the feedback articles, or
        # in all of them when fewer matched (Terrier's expansion.mindocuments): a name or
        # a one-off word of one article then pulls back nothing but that article. Off by
        # default: 3 of 5 measured P@10 BBC 0.890 -> 0.900, AG News 0.900 -> 0.900, real
        # feeds 0.179 -> 0.174 (judged entries 0.344 -> 0.368), and its expansion terms,
        # shared by several articles, are commoner words: +15% scoring time at scale.
        pseudo_support: int = 1,
        # Own posts, liked and disliked texts: each kind cut to its 30 heaviest terms (the
        # usual Rocchio expansion size); a whole article's ~200 terms, common ones among
        # them, made every article a candidate (10k contacts: 6.7 s -> 5.2 s in one run).
        feedback_terms: int | None = 30,
        # The same story under two headlines measured cosine 0.49 with title weighting.
        diversity: float = 0.4,
        near_duplicate: float = 0.45,
        max_contacts_per_article: int = 3,
        block_size: int = 512,
        n_jobs: int | None = None,
    ) -> None:
        self.title_weight = title_weight
        self.category_weight = category_weight
        self.half_life_days = half_life_days
        self.freshness_weight = freshness_weight
        self.own_feed_weight = own_feed_weight
        self.short_entry_words = short_entry_words
        self.short_entry_power = short_entry_power
        self.rocchio = rocchio
        self.pseudo_feedback = pseudo_feedback
        self.pseudo_weight = pseudo_weight
        self.pseudo_terms = pseudo_terms
        self.pseudo_support = pseudo_support
        self.feedback_terms = feedback_terms
        self.diversity = diversity
        self.near_duplicate = near_duplicate
        self.max_contacts_per_article = max_contacts_per_article
        self.block_size = block_size
        self.n_jobs = n_jobs

    # -- fitting ---------------------------------------------------------------
    def fit(self, docs: Sequence[Doc], now: datetime | None = None) -> Matcher:
        self.vectorizer_ = ArticleVectorizer(title_weight=self.title_weight)
        self.ids_ = [d.id for d in docs]
        self.index_ = {doc_id: i for i, doc_id in enumerate(self.ids_)}
        self.docs_ = list(docs)
        self.X_ = self.vectorizer_.fit_transform([d.title for d in docs], [d.body for d in docs])
        self.X_.sort_indices()  # each row in term order, the order every dot product sums in
        self.freshness_ = self._freshness(docs, now)
        self.substance_ = self._substance(docs)
        self._fit_categories(docs)
        self._fit_term_major()
        return self

    def _fit_term_major(self) -> None:
        """Term-major (vocabulary x articles) copies for scoring, sharing their arrays:
        freshness- and substance-weighted (``XT_``: pseudo-feedback picks, and the
        compiled path's text scores) and that one with the category rows stacked under it
        (text and category bonus from one sparse product)."""
        unweighted = self.X_.T.tocsr()
        bonus = self.CT_ * np.float32(self.category_weight or 0)
        nnz, vocabulary = unweighted.nnz, unweighted.shape[0]
        indices = np.concatenate([unweighted.indices, bonus.indices.astype(unweighted.indices.dtype)])
        indptr = np.concatenate([unweighted.indptr, nnz + bonus.indptr[1:].astype(unweighted.indptr.dtype)])
        weight = (self.freshness_ * self.substance_)[unweighted.indices]
        data = np.concatenate([unweighted.data * weight, bonus.data.astype(np.float32)])
        shape = (vocabulary, self.X_.shape[0])
        self.XT_ = sp.csr_matrix((data[:nnz], indices[:nnz], indptr[:vocabulary + 1]), shape=shape)
        stacked = sp.csr_matrix((data, indices, indptr), shape=(vocabulary + bonus.shape[0], shape[1]))
        self._scoring_cache = (self.XT_, self.CT_, self.category_weight, stacked)

    def _freshness(self, docs: Sequence[Doc], now: datetime | None) -> np.ndarray:
        """1.0 for today's news, falling to (1 - freshness_weight) for old news."""
        if now is None or not self.half_life_days:
            return np.ones(len(docs), dtype=np.float32)
        ages = np.array(
            [max((now - d.published).total_seconds() / 86400, 0.0) if d.published else np.nan for d in docs],
            dtype=np.float64,
        )
        median = np.nanmedian(ages) if np.isfinite(ages).any() else 0.0
        ages = np.where(np.isnan(ages), median, ages)
        decay = 0.5 ** (ages / self.half_life_days)
        return (1 - self.freshness_weight + self.freshness_weight * decay).astype(np.float32)

    def _substance(self, docs: Sequence[Doc]) -> np.ndarray:
        """1.0 for an entry of ``short_entry_words`` words or more, less for shorter ones.
        Measured on the real-feeds pool: P@10 +4.2 points over plain cosine, with the BBC
        and AG News figures unchanged (benchmarks/eval_recommender.py)."""
        if not self.short_entry_words or not self.short_entry_power:
            return np.ones(len(docs), dtype=np.float32)
        words = np.array([len(d.title.split()) + len(d.body.split()) for d in docs], dtype=np.float64)
        return (np.minimum(words / self.short_entry_words, 1.0) ** self.short_entry_power).astype(np.float32)

    def _fit_categories(self, docs: Sequence[Doc]) -> None:
        self.category_index_: dict[str, int] = {}
        rows, cols = [], []
        for i, doc in enumerate(docs):
            for term in {c.strip().lower() for c in doc.categories if c.strip()}:
                cols.append(self.category_index_.setdefault(term, len(self.category_index_)))
                rows.append(i)
        shape = (len(docs), max(len(self.category_index_), 1))
        categories = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)
        self.CT_ = (sp.diags(self.freshness_) @ categories).T.tocsr()

    def _scoring_matrix(self, with_categories: bool) -> sp.csr_matrix:
        """``XT_`` with the category rows (times ``category_weight``) stacked under it, so
        text and category bonus come out of one sparse product; rebuilt only when
        ``XT_``, ``CT_`` or the weight change."""
        if not with_categories:
            return self.XT_
        cache = self.__dict__.get("_scoring_cache")
        if cache is not None and cache[0] is self.XT_ and cache[1] is self.CT_ and cache[2] == self.category_weight:
            return cache[3]
        bonus = (self.CT_ * np.float32(self.category_weight)).astype(np.float32)
        stacked = sp.vstack([self.XT_, bonus], format="csr", dtype=np.float32)
        self._scoring_cache = (self.XT_, self.CT_, self.category_weight, stacked)
        return stacked

    # -- profiles --------------------------------------------------------------
    def _doc_rows(self) -> DocRows:
        return DocRows(self.vectorizer_, self.X_, self.index_)

    def _profiles(self, profiles: Sequence[Profile], tags: TagRows | None = None) -> _Built:
        """The profiles' vectors (``tags``: the call's tag rows, kept across its blocks)."""
        return build_profiles(profiles, self._doc_rows(), tags if tags is not None else TagRows(self.vectorizer_), rocchio=self.rocchio,
                              own_feed_weight=self.own_feed_weight, feedback_terms=self.feedback_terms)

    def _category_rows(self, profiles: Sequence[Profile]) -> sp.csr_matrix:
        return category_rows(profiles, self.category_index_, self.CT_.shape[0])

    # -- scoring ---------------------------------------------------------------
    def _expand(self, vectors: sp.csr_matrix) -> sp.csr_matrix:
        """Pseudo-relevance feedback: pull each profile toward its best few articles,
        which brings in the words people use for the interest beyond the tag itself.
        The pull is the centroid of those articles over the terms at least
        ``pseudo_support`` of them share (all of them, when fewer matched), cut to its
        ``pseudo_terms`` heaviest terms (the usual expansion size in relevance feedback):
        a whole centroid has hundreds of terms and would make every article a candidate
        for every contact."""
        if not self.pseudo_feedback or vectors.shape[0] == 0:
            return vectors
        vectors = _sorted_rows(vectors)
        picks = self._best(vectors, self.XT_, [self.pseudo_feedback] * vectors.shape[0],
                           self._kernels_for(vectors.shape[0]))
        rows, cols = [], []
        for i, (best, _) in enumerate(picks):
            rows.extend([i] * len(best))
            cols.extend(best.tolist())
        if not rows:
            return vectors
        pick = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(vectors.shape[0], self.X_.shape[0]))
        pulled = sp.csr_matrix(pick @ self.X_)
        if self.pseudo_support > 1:
            presence = sp.csr_matrix((np.ones_like(self.X_.data), self.X_.indices, self.X_.indptr), shape=self.X_.shape)
            support = sp.csr_matrix(pick @ presence)
            picked = np.diff(pick.indptr)  # fewer articles than pseudo_support: terms all of them have
            needed = np.minimum(self.pseudo_support, picked)[np.repeat(np.arange(support.shape[0]), np.diff(support.indptr))]
            support.data = (support.data >= needed).astype(np.float32)
            pulled = sp.csr_matrix(pulled.multiply(support))
            pulled.eliminate_zeros()
        centroids = normalize(_heaviest(pulled, self.pseudo_terms))
        return normalize(vectors + self.pseudo_weight * centroids).astype(np.float32)

    def _workers(self) -> int:
        if self.n_jobs is not None:
            return max(1, int(self.n_jobs))
        if type(self)._expand is not Matcher._expand:  # a subclass hook may not be thread-safe
            return 1
        return max(1, min(os.cpu_count() or 1, 8))

    def recommend(self, profiles: Sequence[Profile], k: int = 5) -> dict[str, list[Match]]:
        """Top ``k`` per profile, in the order given (earlier profiles get first pick
        when an article reaches its per-run cap).

        Blocks of profiles are scored on worker threads (the sparse products release
        the GIL) while this thread walks the finished blocks in order, so the per-article
        cap sees the contacts in the order given."""
        profiles = list(profiles)
        categories = self._category_rows(profiles)
        self.unknown_tags_ = {}
        taken = np.zeros(len(self.ids_), dtype=np.int32)  # per article: contacts it went to this run
        results: dict[str, list[Match]] = {}
        size = max(1, self.block_size)
        blocks = [(start, min(start + size, len(profiles))) for start in range(0, len(profiles), size)]
        if self.category_weight and categories.nnz:  # built before the threads read it
            self._scoring_matrix(True)
        tags = TagRows(self.vectorizer_, [t for p in profiles for t in p.tags if t.strip()])

        def build(start: int, end: int) -> _Built:
            built = self._profiles(profiles[start:end], tags)
            self.unknown_tags_.update(built.unknown_tags)
            return built

        def score(start: int, end: int, built: _Built) -> list[_Candidates]:
            return self._pools(profiles[start:end], built, categories[start:end], k, _POOL)

        workers = min(self._workers(), len(blocks))
        if workers <= 1:
            for start, end in blocks:
                built = build(start, end)
                self._walk(profiles, built, start, score(start, end, built), k, taken, results, categories)
            return results
        # this thread vectorizes the next block's texts (Python, holds the GIL) while the
        # workers run sparse products (C, without it); finished blocks are walked in order
        pending: deque = deque()
        with ThreadPoolExecutor(workers) as pool:
            for start, end in blocks:
                built = build(start, end)
                pending.append((start, built, pool.submit(score, start, end, built)))
                while pending and pending[0][2].done():
                    first, done, future = pending.popleft()
                    self._walk(profiles, done, first, future.result(), k, taken, results, categories)
            while pending:
                first, done, future = pending.popleft()
                self._walk(profiles, done, first, future.result(), k, taken, results, categories)
        return results

    def _walk(self, profiles: Sequence[Profile], built: _Built, start: int, block: list[_Candidates], k: int,
              taken: np.ndarray, results: dict[str, list[Match]], categories: sp.csr_matrix) -> None:
        """Selection for one scored block, then a second look for the contacts it left
        short of ``k`` although their pool had articles."""
        self._walk_block(profiles, built, start, block, k, taken, results)
        short = [j for j, candidates in enumerate(block)
                 if len(results[profiles[start + j].key]) < k and len(candidates.docs) >= k]
        if short:
            self._second_look([profiles[start + j] for j in short], built.subset(short),
                              categories[[start + j for j in short]], k, taken, results, len(block))

    def _second_look(self, profiles: list[Profile], built: _Built, categories: sp.csr_matrix, k: int,
                     taken: np.ndarray, results: dict[str, list[Match]], sized_as: int) -> None:
        """Contacts whose pool the per-article cap and the filters used up, walked again
        over a pool ``_DEEPER`` times as deep, after everyone before them in the block:
        what they got the first time is handed back and competes again. Rare (281 of
        10,000 contacts at 100k articles), so they are simply scored again, on the path
        their block took (``sized_as``: the scipy path costs ~3 ms per contact at 10^5
        articles, the kernels ~0.3 ms)."""
        for profile in profiles:
            for match in results[profile.key]:
                taken[self.index_[match.doc]] -= 1
        pools = self._pools(profiles, built, categories, k, _POOL * _DEEPER, sized_as)
        self._walk_block(profiles, built, 0, pools, k, taken, results, sized_as)

    def _pools(self, profiles: Sequence[Profile], built: _Built, categories: sp.csr_matrix, k: int,
               depth: int, sized_as: int | None = None) -> list[_Candidates]:
        """Each profile's scored pool with "not for them" applied: what selection walks."""
        block = self._candidates(profiles, built, 0, categories, k, depth, sized_as)
        return self._demote_disliked(block, [built.disliked[i] for i in range(len(block))],
                                     self._kernels_for(sized_as or len(block)))

    def _walk_block(self, profiles: Sequence[Profile], built: _Built, start: int, block: list[_Candidates],
                    k: int, taken: np.ndarray, results: dict[str, list[Match]], sized_as: int | None = None) -> None:
        """Selection for one scored block, in the order given (the per-article cap counts
        in ``taken``): the compiled kernel for a block the kernels scored, else ``_select``."""
        kernels = self._kernels_for(sized_as or len(block))
        if kernels is None:
            for offset, candidates in enumerate(block):
                results[profiles[start + offset].key] = self._select(
                    profiles[start + offset], candidates, k, taken, built.shared[offset])
            return
        chunk = profiles[start:start + len(block)]
        p_bounds = np.zeros(len(block) + 1, dtype=np.int64)
        np.cumsum([len(c.docs) for c in block], out=p_bounds[1:])
        docs = np.concatenate([c.docs for c in block] + [_NO_DOCS]).astype(np.int64)
        scores = np.concatenate([c.scores for c in block] + [_NO_SCORES])
        blocked = np.zeros(len(docs), dtype=np.bool_)
        index = self.index_
        for j, profile in enumerate(chunk):
            if profile.exclude:
                rows = {index[i] for i in profile.exclude if i in index}
                blocked[p_bounds[j]:p_bounds[j + 1]] = [d in rows for d in docs[p_bounds[j]:p_bounds[j + 1]].tolist()]
        s_matrix, s_bounds = _sorted_rows(built.shared.matrix), built.shared.bounds
        bounds, picks = kernels.select_rows(
            p_bounds, docs, blocked, k, self.max_contacts_per_article, taken,
            self.X_.indptr, self.X_.indices, self.X_.data,
            np.asarray(s_bounds, dtype=np.int64), s_matrix.indptr, s_matrix.indices, s_matrix.data,
            float(self.near_duplicate), float(self.diversity))
        ids, picked, values = self.ids_, docs[picks].tolist(), scores[picks].tolist()
        for j, profile in enumerate(chunk):
            results[profile.key] = [Match(profile.key, ids[picked[p]], round(values[p], 6))
                                    for p in range(bounds[j], bounds[j + 1])]

    def _candidates(self, profiles: Sequence[Profile], built: _Built, start: int,
                    categories: sp.csr_matrix, k: int, depth: int = _POOL,
                    sized_as: int | None = None) -> list[_Candidates]:
        """Each profile's pool: its best ``k * depth + len(exclude)`` articles by score, best
        first, plus the similarities selection will ask about for the first few. The path
        (kernels or scipy) is chosen as for a block of ``sized_as`` profiles when given."""
        kernels = self._kernels_for(sized_as or len(profiles))
        if kernels is not None and self.pseudo_feedback and type(self)._expand is Matcher._expand:
            return self._expanded_candidates(profiles, built.matrix[start:start + len(profiles)], categories,
                                             k * depth, kernels)
        vectors = self._expand(built.matrix[start:start + len(profiles)])
        with_categories = bool(self.category_weight) and categories.nnz > 0
        matrix = self._scoring_matrix(with_categories)
        if with_categories:
            vectors = sp.hstack([vectors, categories], format="csr", dtype=np.float32)
        vectors = _sorted_rows(vectors)
        out: list[_Candidates] = []
        for offset in range(0, len(profiles), _CHUNK):
            chunk = profiles[offset:offset + _CHUNK]
            pools = [k * depth + len(p.exclude) for p in chunk]
            tops = self._best(vectors[offset:offset + _CHUNK], matrix, pools, kernels)
            if kernels is not None:  # the selection kernel compares only what it needs
                out += [_Candidates(docs, values) for docs, values in tops]
                continue
            firsts = [docs[:min(len(docs), k + _SIMILAR_EXTRA)] for docs, _ in tops]
            similar = self._similarities(firsts)
            shared = [built.shared[start + offset + j] for j in range(len(chunk))]
            near = self._near_shared(firsts, shared)
            for (docs, values), sims, close in zip(tops, similar, near):
                out.append(_Candidates(docs, values, sims, close))
        return out

    def _expanded_candidates(self, profiles: Sequence[Profile], vectors: sp.csr_matrix,
                             categories: sp.csr_matrix, pool: int, kernels: ModuleType) -> list[_Candidates]:
        """``_expand`` and scoring in one compiled pass per profile (``expanded_top_rows``):
        the expansion's scores are added to the first pass's instead of scoring the
        tags' long postings twice. The same pools as the two-pass path, up to float32
        rounding of the scores. Pools are ``pool + len(exclude)`` deep."""
        vectors = _sorted_rows(vectors)
        if self.category_weight and categories.nnz:
            stacked, vocabulary = self._scoring_matrix(True), self.XT_.shape[0]
            b_indptr = stacked.indptr[vocabulary:] - stacked.indptr[vocabulary]
            b_indices = stacked.indices[stacked.indptr[vocabulary]:]
            b_data = stacked.data[stacked.indptr[vocabulary]:]
            categories = _sorted_rows(categories)
        else:
            b_indptr, b_indices, b_data = np.zeros(1, np.int64), _NO_DOCS, _NO_SCORES
            categories = sp.csr_matrix((len(profiles), 1), dtype=np.float32)
        pools = np.array([pool + len(p.exclude) for p in profiles], dtype=np.int64)
        bounds, columns, scores = kernels.expanded_top_rows(
            vectors.indptr, vectors.indices, vectors.data, categories.indptr, categories.indices,
            self.XT_.indptr, self.XT_.indices, self.XT_.data, self.XT_.shape[1], b_indptr, b_indices, b_data,
            self.X_.indptr, self.X_.indices, self.X_.data,
            int(self.pseudo_feedback), int(self.pseudo_support), int(self.pseudo_terms or self.X_.shape[1]),
            float(self.pseudo_weight), pools)
        return [_Candidates(columns[a:b], scores[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]

    def _demote_disliked(self, block: list[_Candidates], disliked: list[sp.csr_matrix | None],
                         kernels: ModuleType | None = None) -> list[_Candidates]:
        """"Not for them" pushes the profile away from what was disliked: a candidate
        close to a disliked article (cosine ``s``) keeps ``1 - s`` of its score, and a
        near-duplicate of one is dropped. (Rocchio's negative term alone is clipped away
        once the profile's weights are made non-negative.) The pool is re-sorted, so the
        similarities precomputed for its head no longer apply and selection computes its
        own."""
        closeness = self._near_shared([c.docs for c in block], disliked, kernels)
        out = []
        for candidates, close in zip(block, closeness):
            if close is None:
                out.append(candidates)
                continue
            keep = close < self.near_duplicate
            scores = candidates.scores[keep] * (1 - close[keep]).astype(np.float32)
            docs = candidates.docs[keep]
            order = np.lexsort((docs, -scores))
            out.append(_Candidates(docs[order], scores[order]))
        return out

    def _kernels_for(self, n_profiles: int) -> ModuleType | None:
        """The compiled kernels when a block is big enough to repay loading them (and
        numba is installed), else None: the scipy path. ``_compiled`` forces either."""
        wanted = self._compiled if self._compiled is not None else \
            n_profiles * self.X_.shape[0] >= _COMPILED_ABOVE
        return _load_kernels() if wanted else None

    @staticmethod
    def _best(vectors: sp.csr_matrix, matrix: sp.csr_matrix, counts: Sequence[int],
              kernels: ModuleType | None) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per row of ``vectors`` (sorted indices): its ``counts[r]`` best columns of
        ``vectors @ matrix`` and their scores, best first. Both paths sum each score in
        the row's term order, in float32, so they agree to the bit."""
        if kernels is not None:
            bounds, columns, scores = kernels.top_rows(
                vectors.indptr, vectors.indices, vectors.data, matrix.indptr, matrix.indices, matrix.data,
                matrix.shape[1], np.asarray(counts, dtype=np.int64))
            return [(columns[a:b], scores[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for offset in range(0, vectors.shape[0], _CHUNK):
            scores = vectors[offset:offset + _CHUNK] @ matrix
            out += _top_rows(scores, list(counts[offset:offset + _CHUNK]), values=True)
        return out

    def _similarities(self, groups: list[np.ndarray]) -> list[np.ndarray]:
        """Cosine between every two articles of each group."""
        sizes = np.array([len(g) for g in groups], dtype=np.int64)
        if sizes.sum() == 0:
            return [np.zeros((s, s), np.float32) for s in sizes]
        return _gram(self.X_[np.concatenate(groups)], sizes)

    def _near_shared(self, groups: list[np.ndarray], shared: list[sp.csr_matrix | None],
                     kernels: ModuleType | None = None) -> list[np.ndarray | None]:
        """Per group (a profile's candidates): each article's highest cosine to that
        profile's other texts - what it already got, or what was not for them (None where
        there are none)."""
        near: list[np.ndarray | None] = [None] * len(groups)
        owners = [j for j, (g, s) in enumerate(zip(groups, shared)) if s is not None and len(g)]
        if not owners:
            return near
        if kernels is not None:
            rows = np.concatenate([groups[j] for j in owners]).astype(np.int64)
            bounds = np.concatenate([[0], np.cumsum([len(groups[j]) for j in owners])])
            others = _sorted_rows(sp.vstack([shared[j] for j in owners], format="csr", dtype=np.float32))
            o_bounds = np.concatenate([[0], np.cumsum([shared[j].shape[0] for j in owners])])
            flat = kernels.nearest_rows(bounds, rows, self.X_.indptr, self.X_.indices, self.X_.data,
                                        o_bounds, others.indptr, others.indices, others.data)
            for j, a, b in zip(owners, bounds[:-1], bounds[1:]):
                near[j] = flat[a:b]
            return near
        pieces = [m for j in owners for m in (shared[j], self.X_[groups[j]])]
        sizes = np.array([shared[j].shape[0] + len(groups[j]) for j in owners])
        grams = _gram(sp.vstack(pieces, format="csr", dtype=np.float32), sizes)
        for j, gram in zip(owners, grams):
            n_shared = shared[j].shape[0]
            near[j] = gram[n_shared:, :n_shared].max(axis=1)
        return near

    def _select(
        self,
        profile: Profile,
        candidates: _Candidates,
        k: int,
        taken: np.ndarray,
        shared: sp.csr_matrix | None,
    ) -> list[Match]:
        """Walk the pool best first; skip what is excluded, capped, a near-duplicate of
        what they already got, or the same story as one already chosen."""
        docs, values = candidates.docs, candidates.scores
        known = len(candidates.similar) if candidates.similar is not None else 0
        chosen: list[int] = []  # positions in the pool
        for position in range(len(docs)):
            if len(chosen) == k:
                break
            doc = int(docs[position])
            if self.ids_[doc] in profile.exclude or taken[doc] >= self.max_contacts_per_article:
                continue
            if position < known:
                if candidates.near is not None and candidates.near[position] >= self.near_duplicate:
                    continue
                if chosen and candidates.similar[position, chosen].max() >= self.diversity:
                    continue
            else:  # deeper than precomputed: this article against the few it is compared with
                row = _row(self.X_, doc)
                if shared is not None and max(_dot(row, _row(shared, r)) for r in range(shared.shape[0])) \
                        >= self.near_duplicate:
                    continue
                if chosen and max(_dot(row, _row(self.X_, int(docs[p]))) for p in chosen) >= self.diversity:
                    continue
            chosen.append(position)
            taken[doc] += 1
        return [Match(profile.key, self.ids_[int(docs[p])], round(float(values[p]), 6)) for p in chosen]

    def who_would_like(self, doc_id: str, profiles: Sequence[Profile], k: int = 5) -> list[Match]:
        """The other direction: the profiles an article suits best."""
        built = self._profiles(profiles)
        column = self.index_[doc_id]
        categories = self._category_rows(profiles)
        article = self.XT_[:, [column]].tocsc()
        bonus = self.CT_[:, [column]].tocsc()
        scores = np.zeros(len(profiles), np.float32)
        for start in range(0, len(profiles), max(1, self.block_size)):
            end = min(start + self.block_size, len(profiles))
            block = (self._expand(built.matrix[start:end]) @ article).toarray().ravel()
            if self.category_weight and categories[start:end].nnz:
                block = block + self.category_weight * (categories[start:end] @ bonus).toarray().ravel()
            scores[start:end] = block
        order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0
                 and doc_id not in profiles[i].exclude][:k]
        return [Match(profiles[i].key, doc_id, round(float(scores[i]), 6)) for i in order]


    # -- explanations ----------------------------------------------------------
    def explain(self, profile: Profile, doc_id: str, limit: int = 3) -> tuple[str, ...]:
        """The tags and terms that made the match, in words a person understands."""
        doc = self.docs_[self.index_[doc_id]]
        vector = self.X_[self.index_[doc_id]]
        reasons: list[str] = []
        title_terms = set(self.vectorizer_.analyze(doc.title))
        tags = [t for t in profile.tags if t.strip()]
        for tag in self.matched_tags(profile, doc_id)[:limit]:
            where = "its title" if set(self.vectorizer_.analyze(tag)) & title_terms else "the article"
            reasons.append(f"you noted {tag!r} as an interest, and {where} is about it")
        categories = {c.strip().lower() for c in doc.categories}
        for tag in tags:
            if tag.lower() in categories:
                reasons.append(f"its feed files it under {tag!r}")
        if profile.own:
            own = self._doc_rows().mean(profile.own)
            if own is not None and (own @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is close to what they write about themselves")
        if profile.liked:
            liked = self._doc_rows().mean(profile.liked)
            if liked is not None and (liked @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is like things you shared with them before")
        if not reasons:
            reasons.append(self._shared_terms([*tags, *profile.own], vector))
        return tuple(reasons)

    def matched_tags(self, profile: Profile, doc_id: str) -> list[str]:
        """The profile's tags that the article is about, strongest first (for drafts:
        the interest a note can name)."""
        tags = [t for t in profile.tags if t.strip()]
        if not tags:
            return []
        vector = self.X_[self.index_[doc_id]]
        per_tag = normalize(self.vectorizer_.transform_queries(tags))
        strengths = np.asarray((per_tag @ vector.T).todense()).ravel()
        return [tags[i] for i in np.argsort(-strengths, kind="stable") if strengths[i] > 0]

    def _shared_terms(self, texts: Sequence[Doc | str], vector: sp.csr_matrix) -> str:
        query = self._doc_rows().mean(texts) if texts else None
        if query is None:
            return "it is recent and popular in your feeds"
        overlap = query.multiply(vector).tocsr()
        names = self.vectorizer_.feature_names()
        top = [str(names[overlap.indices[i]]) for i in np.argsort(-overlap.data)[:3]]
        return f"it mentions {', '.join(top)}" if top else "it is related to their interests"


@cache
def _load_kernels() -> ModuleType | None:
    """The numba kernels module, or None where numba is not installed."""
    try:
        from . import _kernels
    except ImportError:
        return None
    return _kernels



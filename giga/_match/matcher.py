"""TF-IDF matching of articles to contact profiles, explained.

A profile is built from the contact's interest tags (each tag normalized on its own,
so "machine learning" weighs what "python" weighs), the text of their own feed, and
feedback (Rocchio: shared/liked articles pull the profile, "not for them" pushes it away).
Scores are cosine similarity on L2-normalized vectors, plus a bonus when an article's
own category equals a tag, times a freshness decay. Contacts x articles is computed as
a sparse product, one block of contacts at a time: never a dense matrix.

Selection per contact walks candidates best first and skips what was already shared,
near-duplicates of it, and a second copy of a story already chosen (diversity); across
contacts an article goes to at most ``max_contacts_per_article`` people per run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from .._vectorize import ArticleVectorizer


@dataclass(frozen=True, slots=True)
class Doc:
    """An article as the matcher sees it."""

    id: str
    title: str
    body: str = ""
    categories: tuple[str, ...] = ()
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """What we know of one contact's interests."""

    key: str
    tags: tuple[str, ...]
    own_texts: tuple[str, ...] = ()  # their own posts
    liked_texts: tuple[str, ...] = ()  # articles shared with them / they liked
    disliked_texts: tuple[str, ...] = ()  # "not for them"
    exclude: frozenset[str] = frozenset()  # doc ids never to suggest again
    shared_texts: tuple[str, ...] = ()  # what they already got: near-duplicates are skipped


@dataclass(frozen=True, slots=True)
class Match:
    profile: str
    doc: str
    score: float
    why: tuple[str, ...] = ()


@dataclass
class _Built:
    """Profile vectors in the fitted space."""

    matrix: sp.csr_matrix  # profiles x vocabulary, L2-normalized rows
    tag_rows: list[sp.csr_matrix]  # per profile: tags x vocabulary (for explanations)
    unknown_tags: dict[str, list[str]] = field(default_factory=dict)
    shared: list[sp.csr_matrix | None] = field(default_factory=list)


class Matcher:
    """Settings in ``__init__``; ``fit`` learns the article space; learned state ends in ``_``."""

    def __init__(
        self,
        title_weight: int = 2,
        category_weight: float = 0.25,
        half_life_days: float | None = 21.0,
        freshness_weight: float = 0.3,
        own_feed_weight: float = 0.5,
        rocchio: tuple[float, float, float] = (1.0, 0.5, 0.25),
        pseudo_feedback: int = 5,
        pseudo_weight: float = 0.4,
        diversity: float = 0.5,
        near_duplicate: float = 0.8,
        max_contacts_per_article: int = 3,
        block_size: int = 512,
    ) -> None:
        self.title_weight = title_weight
        self.category_weight = category_weight
        self.half_life_days = half_life_days
        self.freshness_weight = freshness_weight
        self.own_feed_weight = own_feed_weight
        self.rocchio = rocchio
        self.pseudo_feedback = pseudo_feedback
        self.pseudo_weight = pseudo_weight
        self.diversity = diversity
        self.near_duplicate = near_duplicate
        self.max_contacts_per_article = max_contacts_per_article
        self.block_size = block_size

    # -- fitting ---------------------------------------------------------------
    def fit(self, docs: Sequence[Doc], now: datetime | None = None) -> Matcher:
        self.vectorizer_ = ArticleVectorizer(title_weight=self.title_weight)
        self.ids_ = [d.id for d in docs]
        self.index_ = {doc_id: i for i, doc_id in enumerate(self.ids_)}
        self.docs_ = list(docs)
        self.X_ = self.vectorizer_.fit_transform([d.title for d in docs], [d.body for d in docs])
        self.freshness_ = self._freshness(docs, now)
        weighted = sp.diags(self.freshness_) @ self.X_
        self.XT_ = weighted.T.tocsr()
        self._fit_categories(docs)
        return self

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

    # -- profiles --------------------------------------------------------------
    def _texts_vector(self, texts: Sequence[str]) -> sp.csr_matrix | None:
        texts = [t for t in texts if t and t.strip()]
        if not texts:
            return None
        matrix = self.vectorizer_.transform_queries(texts)
        return sp.csr_matrix(normalize(np.asarray(matrix.mean(axis=0))))

    def build_profiles(self, profiles: Sequence[Profile]) -> _Built:
        rows: list[sp.csr_matrix] = []
        tag_rows: list[sp.csr_matrix] = []
        unknown: dict[str, list[str]] = {}
        shared: list[sp.csr_matrix | None] = []
        width = len(self.vectorizer_.vocabulary_)
        alpha, beta, gamma = self.rocchio
        for profile in profiles:
            tags = [t for t in profile.tags if t.strip()]
            per_tag = normalize(self.vectorizer_.transform_queries(tags)) if tags else sp.csr_matrix((0, width))
            missing = [t for t, n in zip(tags, np.diff(per_tag.indptr)) if n == 0]
            if missing:
                unknown[profile.key] = missing
            tag_rows.append(per_tag)
            vector = sp.csr_matrix(per_tag.sum(axis=0)) * alpha if tags else sp.csr_matrix((1, width))
            for texts, weight in (
                (profile.own_texts, self.own_feed_weight),
                (profile.liked_texts, beta),
                (profile.disliked_texts, -gamma),
            ):
                extra = self._texts_vector(texts)
                if extra is not None:
                    vector = vector + weight * extra
            vector.data[vector.data < 0] = 0  # Rocchio: negative weights are dropped
            vector.eliminate_zeros()
            rows.append(vector)
            shared.append(self._shared_matrix(profile.shared_texts))
        matrix = normalize(sp.vstack(rows).tocsr()) if rows else sp.csr_matrix((0, width))
        return _Built(matrix.astype(np.float32), tag_rows, unknown, shared)

    def _shared_matrix(self, texts: Sequence[str]) -> sp.csr_matrix | None:
        texts = [t for t in texts if t and t.strip()]
        return normalize(self.vectorizer_.transform_queries(texts)) if texts else None

    def _category_rows(self, profiles: Sequence[Profile]) -> sp.csr_matrix:
        rows, cols = [], []
        for i, profile in enumerate(profiles):
            for tag in {t.strip().lower() for t in profile.tags}:
                column = self.category_index_.get(tag)
                if column is not None:
                    rows.append(i)
                    cols.append(column)
        shape = (len(profiles), self.CT_.shape[0])
        return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)

    # -- scoring ---------------------------------------------------------------
    def _scores(self, vectors: sp.csr_matrix, categories: sp.csr_matrix) -> sp.csr_matrix:
        scores = vectors @ self.XT_
        if self.category_weight and categories.nnz:
            scores = scores + self.category_weight * (categories @ self.CT_)
        return scores.tocsr()

    def _expand(self, vectors: sp.csr_matrix) -> sp.csr_matrix:
        """Pseudo-relevance feedback: pull each profile toward its best few articles,
        which brings in the words people use for the interest beyond the tag itself."""
        if not self.pseudo_feedback or vectors.shape[0] == 0:
            return vectors
        scores = (vectors @ self.X_.T).tocsr()
        rows, cols = [], []
        for i in range(scores.shape[0]):
            start, end = scores.indptr[i], scores.indptr[i + 1]
            if end == start:
                continue
            data = scores.data[start:end]
            take = min(self.pseudo_feedback, len(data))
            best = np.argpartition(-data, take - 1)[:take]
            rows.extend([i] * take)
            cols.extend(scores.indices[start:end][best])
        if not rows:
            return vectors
        pick = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(vectors.shape[0], self.X_.shape[0]))
        centroids = normalize(pick @ self.X_)
        return normalize(vectors + self.pseudo_weight * centroids).astype(np.float32)

    def recommend(self, profiles: Sequence[Profile], k: int = 5) -> dict[str, list[Match]]:
        """Top ``k`` per profile, in the order given (earlier profiles get first pick
        when an article reaches its per-run cap)."""
        built = self.build_profiles(profiles)
        self.unknown_tags_ = built.unknown_tags
        taken: Counter[int] = Counter()
        results: dict[str, list[Match]] = {}
        categories = self._category_rows(profiles)
        for start in range(0, len(profiles), self.block_size):
            end = min(start + self.block_size, len(profiles))
            vectors = self._expand(built.matrix[start:end])
            scores = self._scores(vectors, categories[start:end])
            for offset in range(end - start):
                i = start + offset
                row_start, row_end = scores.indptr[offset], scores.indptr[offset + 1]
                results[profiles[i].key] = self._select(
                    profiles[i], scores.indices[row_start:row_end], scores.data[row_start:row_end],
                    k, taken, built.shared[i],
                )
        return results

    def _select(
        self,
        profile: Profile,
        candidates: np.ndarray,
        values: np.ndarray,
        k: int,
        taken: Counter[int],
        shared: sp.csr_matrix | None,
    ) -> list[Match]:
        if len(values) == 0:
            return []
        pool = min(len(values), k * 8 + len(profile.exclude))
        best = np.argpartition(-values, pool - 1)[:pool]
        best = best[np.argsort(-values[best], kind="stable")]
        chosen: list[int] = []
        for position in best:
            doc = int(candidates[position])
            if self.ids_[doc] in profile.exclude or taken[doc] >= self.max_contacts_per_article:
                continue
            vector = self.X_[doc]
            if shared is not None and (shared @ vector.T).max() >= self.near_duplicate:
                continue
            if chosen and (self.X_[chosen] @ vector.T).max() >= self.diversity:
                continue
            chosen.append(doc)
            taken[doc] += 1
            if len(chosen) == k:
                break
        lookup = dict(zip(candidates.tolist(), values.tolist()))
        return [Match(profile.key, self.ids_[d], round(float(lookup[d]), 6)) for d in chosen]

    def who_would_like(self, doc_id: str, profiles: Sequence[Profile], k: int = 5) -> list[Match]:
        """The other direction: the profiles an article suits best."""
        built = self.build_profiles(profiles)
        column = self.index_[doc_id]
        vectors = self._expand(built.matrix)
        scores = np.asarray(self._scores(vectors, self._category_rows(profiles))[:, column].todense()).ravel()
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
        if tags:
            per_tag = normalize(self.vectorizer_.transform_queries(tags))
            strengths = np.asarray((per_tag @ vector.T).todense()).ravel()
            for index in np.argsort(-strengths):
                if strengths[index] <= 0 or len(reasons) >= limit:
                    break
                tag = tags[index]
                where = "its title" if set(self.vectorizer_.analyze(tag)) & title_terms else "the article"
                reasons.append(f"you noted {tag!r} as an interest, and {where} is about it")
        categories = {c.strip().lower() for c in doc.categories}
        for tag in tags:
            if tag.lower() in categories:
                reasons.append(f"its feed files it under {tag!r}")
        if profile.own_texts:
            own = self._texts_vector(profile.own_texts)
            if own is not None and (own @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is close to what they write about themselves")
        if profile.liked_texts:
            liked = self._texts_vector(profile.liked_texts)
            if liked is not None and (liked @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is like things you shared with them before")
        if not reasons:
            reasons.append(self._shared_terms(tags + list(profile.own_texts), vector))
        return tuple(reasons)

    def _shared_terms(self, texts: Sequence[str], vector: sp.csr_matrix) -> str:
        query = self._texts_vector(texts) if texts else None
        if query is None:
            return "it is recent and popular in your feeds"
        overlap = query.multiply(vector).tocsr()
        names = self.vectorizer_.feature_names()
        top = [str(names[overlap.indices[i]]) for i in np.argsort(-overlap.data)[:3]]
        return f"it mentions {', '.join(top)}" if top else "it is related to their interests"

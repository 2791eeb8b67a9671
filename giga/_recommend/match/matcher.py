"""TF-IDF matching of articles to contact profiles, explained: the ``Matcher`` estimator.

``fit`` learns the article space: TF-IDF rows of the window's articles, a freshness decay,
a substance prior (entries of a line or two are damped: they are poor things to pass
along, and cosine over-rewards them) and the articles' categories. ``recommend`` then, one
block of contacts at a time (never a dense contacts x articles matrix):

- builds their profile vectors (``profiles``);
- scores each against the articles - cosine plus a bonus when an article's own category
  equals a tag, times freshness and substance - expanded by pseudo-relevance feedback,
  and demotes what is close to what they disliked (``backends``: scipy, or numba
  kernels at scale);
- walks each contact's pool in the order given (``select``).

Blocks are scored on worker threads while the calling thread walks the finished ones in
order, so the per-article cap sees the contacts in the order given.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from ..vectorize import ArticleVectorizer
from ..vectorize.vectorizer import TextCounts
from . import backends
from .admit import Admission
from .anchors import TitleCounts
from .explain import Explainer
from .phrases import Phrases
from .profiles import DocRows, TagRows, _Built, build_profiles, category_rows
from .select import _Candidates, _Selection
from .types import Doc, Match, Profile, Recommendation

# A contact's pool: its best ``k * _POOL + len(exclude)`` articles; a contact the cap and
# the filters leave short of ``k`` gets a second look ``_DEEPER`` times as deep (a pool
# deep enough for everyone up front would cost every contact what few need).
_POOL = 8
_DEEPER = 8


class Matcher:
    """Settings in ``__init__``; ``fit`` learns the article space; learned state ends in ``_``.

    ``backend``: "scipy", "numba" (the compiled kernels), or "auto" - numba for a block
    of at least ``backends._COMPILED_ABOVE`` articles x contacts when numba is installed,
    else scipy. Both pick the same articles."""

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
        # The pull's heaviest terms: as good as the whole centroid at a fraction of the
        # cost (its hundreds of terms make every article a candidate for every contact);
        # fewer than 30 cost quality. None keeps the whole centroid.
        pseudo_terms: int | None = 30,
        # An expansion term must occur in at least this many of the feedback articles, or
        # in all of them when fewer matched (Terrier's expansion.mindocuments): a name or
        # a one-off word of one article then pulls back nothing but that article. Off by
        # default: measured, it helped some datasets and hurt others, and its terms,
        # shared by several articles, are commoner words that make scoring slower.
        pseudo_support: int = 1,
        # Own posts, liked and disliked articles: each kind cut to its heaviest terms (30:
        # the usual Rocchio expansion size); a whole article's hundreds of terms, common
        # ones among them, make every article a candidate, and scoring slow.
        feedback_terms: int | None = 30,
        # The cosine from which two articles count as the same story: the same story
        # under two headlines measures above it with title weighting.
        diversity: float = 0.4,
        near_duplicate: float = 0.45,
        max_contacts_per_article: int = 3,
        # At most this share of someone's picks (rounded up: 2 of 5) from one feed:
        # five posts of one blog are one suggestion, not five. None: no limit.
        max_feed_share: float | None = 0.4,
        # A contact known by tags gets an article only if it has one of them whole
        # (``anchors``): one word ``mentions`` times (a title counts 1 + title_weight
        # times), a phrase's words side by side or one in the title. A tag's word pairs
        # weigh ``phrase_weight`` times more. Measured (benchmarks/eval_recommender.py):
        # mentions 3 gains everywhere (AG News +1.2 points), phrase_weight 1.5 +0.3.
        phrase_floor: bool = True,
        phrase_weight: float = 1.5,
        mentions: int = 3,
        phrase_mentions: int = 1,
        # No pick matching less (its score before freshness) than this: measured on the
        # evaluation's pools, 0.04 costs no precision and 0.05 starts to.
        min_score: float = 0.04,
        # "Not for them" teaches: an article of the same feed as a disliked one and this
        # close to it keeps ``dislike_keep`` of its score (``admit``).
        dislike_similarity: float = 0.15,
        dislike_keep: float = 0.2,
        block_size: int = 512,
        n_jobs: int | None = None,
        backend: str = "auto",
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
        self.max_feed_share = max_feed_share
        self.phrase_floor = phrase_floor
        self.phrase_weight = phrase_weight
        self.min_score = min_score
        self.mentions = mentions
        self.phrase_mentions = phrase_mentions
        self.dislike_similarity = dislike_similarity
        self.dislike_keep = dislike_keep
        self.block_size = block_size
        self.n_jobs = n_jobs
        self.backend = backend

    # -- fitting ---------------------------------------------------------------
    def fit(self, docs: Sequence[Doc], now: datetime | None = None, counts: sp.csr_matrix | None = None,
            text_counts: TextCounts | None = None) -> Matcher:
        """Learn the article space of ``docs``. ``counts``: their term counts, one row per
        doc, as ``self.counter().count`` makes them (kept from an earlier run); without
        them the docs are counted here. ``text_counts`` keeps the counts of short texts
        (tags, titles) between runs."""
        backends.check(self.backend)
        self.vectorizer_ = self.counter(text_counts)
        self.ids_ = [d.id for d in docs]
        self.index_ = {doc_id: i for i, doc_id in enumerate(self.ids_)}
        self.docs_ = list(docs)
        if counts is None:
            counts = self.vectorizer_.count([d.title for d in docs], [d.body for d in docs])
        self.counts_ = sp.csr_matrix(counts)
        self.counts_.sort_indices()  # anchors look terms up by binary search in each row
        self.X_ = self.vectorizer_.fit_counts(counts)
        self.X_.sort_indices()  # each row in term order, the order every dot product sums in
        self.freshness_ = self._freshness(docs, now)
        self.substance_ = self._substance(docs)
        self.feeds_ = np.array([d.feed for d in docs], dtype=object)
        self.languages_ = np.array([d.language for d in docs], dtype=object)
        numbers = np.unique(self.feeds_.astype(str), return_inverse=True)[1].reshape(-1)
        self.feed_numbers_ = np.where(self.feeds_ == "", -1, numbers).astype(np.int64)  # -1: no feed known
        self._fit_categories(docs)
        self._fit_term_major()
        self.admission_: Admission | None = None
        return self

    def counter(self, text_counts: TextCounts | None = None) -> ArticleVectorizer:
        """The vectorizer this matcher's settings call for: what counts articles for ``fit``."""
        return ArticleVectorizer(title_weight=self.title_weight, text_counts=text_counts)

    def _fit_term_major(self) -> None:
        """Term-major (vocabulary x articles) copies for scoring, sharing their arrays:
        freshness- and substance-weighted (``XT_``: pseudo-feedback picks, and the
        compiled path's text scores) and that one with the category rows times
        ``category_weight`` stacked under it (``XCT_``: text and category bonus from one
        sparse product)."""
        unweighted = self.X_.T.tocsr()
        bonus = self.CT_ * np.float32(self.category_weight or 0)
        nnz, vocabulary = unweighted.nnz, unweighted.shape[0]
        indices = np.concatenate([unweighted.indices, bonus.indices.astype(unweighted.indices.dtype)])
        indptr = np.concatenate([unweighted.indptr, nnz + bonus.indptr[1:].astype(unweighted.indptr.dtype)])
        weight = (self.freshness_ * self.substance_)[unweighted.indices]
        data = np.concatenate([unweighted.data * weight, bonus.data.astype(np.float32)])
        shape = (vocabulary, self.X_.shape[0])
        self.XT_ = sp.csr_matrix((data[:nnz], indices[:nnz], indptr[:vocabulary + 1]), shape=shape)
        self.XCT_ = sp.csr_matrix((data, indices, indptr), shape=(vocabulary + bonus.shape[0], shape[1]))

    def _freshness(self, docs: Sequence[Doc], now: datetime | None) -> np.ndarray:
        """1.0 for today's news, falling to (1 - freshness_weight) for old news.

        An undated article is as old as the time since it was first stored (``seen``),
        and never fresher than one half-life: on a feed's first fetch all its undated
        entries were "first stored" today, however old they are. One with neither date
        takes the median age."""
        if now is None or not self.half_life_days:
            return np.ones(len(docs), dtype=np.float32)
        ages = np.array(
            [max((now - when).total_seconds() / 86400, 0.0) if (when := d.published or d.seen) else np.nan
             for d in docs],
            dtype=np.float64,
        )
        median = np.nanmedian(ages) if np.isfinite(ages).any() else 0.0
        ages = np.where(np.isnan(ages), median, ages)
        decay = 0.5 ** (ages / self.half_life_days)
        undated = np.array([d.published is None and d.seen is not None for d in docs], dtype=bool)
        decay = np.where(undated, np.minimum(decay, 0.5), decay)
        return (1 - self.freshness_weight + self.freshness_weight * decay).astype(np.float32)

    def _substance(self, docs: Sequence[Doc]) -> np.ndarray:
        """1.0 for an entry of ``short_entry_words`` words or more, less for shorter ones
        (benchmarks/eval_recommender.py measures it: real feeds have many one-line
        entries, full-article corpora are unchanged)."""
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
        self.doc_categories_ = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)
        self.doc_categories_.sort_indices()  # looked up by binary search (``admit``)
        self.CT_ = (sp.diags(self.freshness_) @ self.doc_categories_).T.tocsr()

    # -- profiles --------------------------------------------------------------
    def _doc_rows(self) -> DocRows:
        return DocRows(self.vectorizer_, self.X_, self.index_)

    def _profiles(self, profiles: Sequence[Profile], tags: TagRows | None = None,
                  phrases: Phrases | None = None) -> _Built:
        """The profiles' vectors (``tags``, ``phrases``: the call's, kept across its blocks)."""
        tags = tags if tags is not None else TagRows(self.vectorizer_)
        if self.phrase_floor and phrases is None:
            phrases = Phrases(tags)
        if self.phrase_floor:
            phrases.prepare(t for p in profiles for t in p.tags if t.strip())
        return build_profiles(profiles, self._doc_rows(), tags, rocchio=self.rocchio,
                              own_feed_weight=self.own_feed_weight, feedback_terms=self.feedback_terms,
                              phrases=phrases if self.phrase_floor else None, phrase_weight=self.phrase_weight)

    def _admission(self) -> Admission:
        """The rules picks must meet, made once per fit."""
        if self.admission_ is None:
            self.admission_ = Admission(
                self.X_, self.feeds_, self.languages_, self.category_index_, self.doc_categories_,
                self.dislike_similarity, self.dislike_keep, self.freshness_, self.counts_, self.vectorizer_.columns_,
                self.min_score, self.mentions, self.phrase_mentions, TitleCounts(self.vectorizer_, self.docs_))
        return self.admission_

    def per_feed(self, k: int) -> int:
        """How many of ``k`` picks may come from one feed."""
        return k if self.max_feed_share is None else max(1, math.ceil(k * self.max_feed_share))

    def _category_rows(self, profiles: Sequence[Profile]) -> sp.csr_matrix:
        return category_rows(profiles, self.category_index_, self.CT_.shape[0])

    # -- scoring and selection -------------------------------------------------
    def _scoring(self) -> backends.Scoring:
        return backends.Scoring(self.X_, self.XT_, self.XCT_, self.category_weight, self.pseudo_feedback,
                                self.pseudo_weight, self.pseudo_terms, self.pseudo_support, self.near_duplicate)

    def _backend(self, n_profiles: int) -> backends.Backend:
        """The backend for a block of ``n_profiles`` profiles."""
        return backends.choose(self.backend, self.X_.shape[0], n_profiles)

    def _workers(self) -> int:
        if self.n_jobs is not None:
            return max(1, int(self.n_jobs))
        return max(1, min(os.cpu_count() or 1, 8))

    def recommend(self, profiles: Sequence[Profile], k: int = 5) -> Recommendation:
        """Top ``k`` per profile, in the order given (earlier profiles get first pick
        when an article reaches its per-run cap), and the tags no article mentions.

        Blocks of profiles are scored on worker threads (the sparse products and the
        kernels release the GIL) while this thread walks the finished blocks in order."""
        profiles = list(profiles)
        categories = self._category_rows(profiles)
        unknown: dict[str, list[str]] = {}
        run = _Selection(k, self.ids_, self.index_, self.X_, self.max_contacts_per_article, self.near_duplicate,
                         self.diversity, self.feed_numbers_, self.per_feed(k))
        scoring = self._scoring()
        tags = TagRows(self.vectorizer_, [t for p in profiles for t in [*p.tags, *(i.text for i in p.inferred)]
                                          if t.strip()])
        phrases = Phrases(tags)
        if self.phrase_floor:
            phrases.prepare(t for p in profiles for t in p.tags if t.strip())
        size = max(1, self.block_size)
        blocks = [(start, min(start + size, len(profiles))) for start in range(0, len(profiles), size)]

        def build(start: int, end: int) -> tuple[int, int, _Built, backends.Backend]:
            built = self._profiles(profiles[start:end], tags, phrases)
            unknown.update(built.unknown_tags)
            return start, end, built, self._backend(end - start)

        def score(start: int, end: int, built: _Built, backend: backends.Backend) -> list[_Candidates]:
            return self._pools(backend, scoring, profiles[start:end], built, categories[start:end], k, _POOL)

        def walk(block: tuple[int, int, _Built, backends.Backend], pools: list[_Candidates]) -> None:
            start, end, built, backend = block
            self._walk(run, backend, scoring, profiles[start:end], built, categories[start:end], pools)

        workers = min(self._workers(), len(blocks))
        if workers <= 1:
            for start, end in blocks:
                block = build(start, end)
                walk(block, score(*block))
            return Recommendation(run.matches, unknown)
        # this thread vectorizes the next block's articles (Python, holds the GIL) while
        # the workers score (C, without it); finished blocks are walked in order
        pending: deque = deque()
        with ThreadPoolExecutor(workers) as pool:
            for start, end in blocks:
                block = build(start, end)
                pending.append((block, pool.submit(score, *block)))
                while pending and pending[0][1].done():
                    done, future = pending.popleft()
                    walk(done, future.result())
            while pending:
                done, future = pending.popleft()
                walk(done, future.result())
        return Recommendation(run.matches, unknown)

    def _pools(self, backend: backends.Backend, scoring: backends.Scoring, profiles: Sequence[Profile],
               built: _Built, categories: sp.csr_matrix, k: int, depth: int) -> list[_Candidates]:
        """Each profile's scored pool, ``k * depth + len(exclude)`` deep: what selection walks."""
        sizes = [k * depth + len(p.exclude) for p in profiles]
        pools = backends.pools(backend, scoring, built, categories, sizes, k)
        feeds = built.disliked_feeds or [[] for _ in profiles]
        return self._admission().pools(pools, profiles, built.anchors, [built.disliked[j] for j in range(len(pools))],
                                       feeds)

    def _walk(self, run: _Selection, backend: backends.Backend, scoring: backends.Scoring,
              profiles: Sequence[Profile], built: _Built, categories: sp.csr_matrix,
              pools: list[_Candidates]) -> None:
        """Selection for one scored block, then a second look for the contacts it left
        short of ``k`` although their pool had articles: what they got is handed back and
        they are walked again, after everyone before them in the block, over a pool
        ``_DEEPER`` times as deep. Rare, so they are simply scored again, by their
        block's backend."""
        run.record(profiles, pools, backend.select(run, profiles, pools, built.shared))
        short = run.short(profiles, pools)
        if not short:
            return
        again, subset = [profiles[j] for j in short], built.subset(short)
        run.hand_back(again)
        deeper = self._pools(backend, scoring, again, subset, categories[short], run.k, _POOL * _DEEPER)
        run.record(again, deeper, backend.select(run, again, deeper, subset.shared))

    def who_would_like(self, doc_id: str, profiles: Sequence[Profile], k: int = 5, admit: bool = True) -> list[Match]:
        """The other direction: the profiles an article suits best (``admit=False``: by
        score alone, without the floor and anchors a pick must clear)."""
        built = self._profiles(profiles)
        scoring = self._scoring()
        column = self.index_[doc_id]
        categories = self._category_rows(profiles)
        article = self.XT_[:, [column]].tocsc()
        bonus = self.CT_[:, [column]].tocsc()
        scores = np.zeros(len(profiles), np.float32)
        for start in range(0, len(profiles), max(1, self.block_size)):
            end = min(start + self.block_size, len(profiles))
            vectors = backends.expand(scoring, built.matrix[start:end], self._backend(end - start))
            block = (vectors @ article).toarray().ravel()
            if self.category_weight and categories[start:end].nnz:
                block = block + self.category_weight * (categories[start:end] @ bonus).toarray().ravel()
            scores[start:end] = block
        admission, rows = self._admission(), np.array([column], dtype=np.int64)
        order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0 and doc_id not in profiles[i].exclude
                 and (not admit or admission.admits(profiles[i], built.anchors[i], rows, scores[i:i + 1])[0])][:k]
        return [Match(profiles[i].key, doc_id, round(float(scores[i]), 6)) for i in order]

    # -- explanations ----------------------------------------------------------
    def explainer(self, profiles: Sequence[Profile] = ()) -> Explainer:
        """Explanations for a run's picks: the tags of ``profiles`` are vectorized at once
        and each title analyzed once, however many picks are explained."""
        return Explainer(self._doc_rows(), self.docs_, self.X_, self.index_, profiles)

    def explain(self, profile: Profile, doc_id: str, limit: int = 3) -> tuple[str, ...]:
        """The tags and terms that made the match, in words a person understands."""
        return self.explainer([profile]).explain(profile, doc_id, limit)

    def matched_tags(self, profile: Profile, doc_id: str) -> list[str]:
        """The profile's tags that the article is about, strongest first (for drafts:
        the interest a note can name)."""
        return self.explainer([profile]).matched_tags(profile, doc_id)

"""TF-IDF over the candidate window of articles, from hashed term counts.

Counting is the costly part of TF-IDF (tokenizing, word pairs), and an article's counts
never change, so they are kept apart from the weighting: ``count`` turns texts into raw
term counts in scikit-learn's ``HashingVectorizer`` space (a term's column is a hash of
it, so there is no vocabulary to build, sort or keep in step between runs), and
``fit_counts`` weighs the window's counts (sublinear tf, smoothed idf over the window,
terms in more than ``max_df`` of the articles dropped, L2-normalized rows) exactly as
``TfidfVectorizer`` does. The store keeps each article's counts, so a run counts only
the articles it has not seen. Columns are 31-bit hashes: among the million-odd terms of
a large window a few hundred pairs share a column, far below what changes a ranking.

Titles weigh more than bodies because the title is the article's own summary of what it
is about: the title's words are put into the text ``title_weight`` extra times (with
sublinear tf that is a boost, not a multiplication).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np
import scipy.sparse as sp

from .light import LIGHT_MAX_TEXTS, light_counts, light_terms
from .unit import unit_rows

if TYPE_CHECKING:  # scikit-learn loads only when something new is counted
    from sklearn.feature_extraction.text import HashingVectorizer

# Words of two or more letters; digits alone are not interests.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b|\b[^\W\d_]{2}\b"
# Hashed columns: the largest space scikit-learn's hashers allow (31 bits).
N_FEATURES = np.iinfo(np.int32).max


Counted = tuple[np.ndarray, np.ndarray]  # one text's hashed columns (int32) and counts


class TextCounts(Protocol):
    """Where counts of short texts are kept between runs (the store, in giga)."""

    def load(self, texts: Sequence[str], counting: str) -> dict[str, Counted]: ...
    def save(self, counted: Iterable[tuple[str, np.ndarray, np.ndarray]], counting: str) -> None: ...


def stack_counts(rows: Sequence[Counted]) -> sp.csr_matrix:
    """Rows of counts, one per text, as one matrix in the hashed space."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(columns) for columns, _ in rows], out=indptr[1:])
    columns = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, np.int32)
    values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, np.float32)
    return sp.csr_matrix((values.astype(np.float32, copy=False), columns.astype(np.int32, copy=False), indptr),
                         shape=(len(rows), N_FEATURES))


def split_counts(counts: sp.csr_matrix) -> list[Counted]:
    """One (columns, counts) pair per row of ``counts``."""
    return [(counts.indices[a:b], counts.data[a:b]) for a, b in zip(counts.indptr[:-1], counts.indptr[1:])]


def weighted_text(title: str, body: str, title_weight: int) -> str:
    return " . ".join([title] * (1 + title_weight) + [body])


class ArticleVectorizer:
    """scikit-learn estimator conventions: settings in ``__init__``, work in ``fit``,
    learned state with a trailing underscore."""

    def __init__(
        self,
        title_weight: int = 2,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 1,
        max_df: float = 0.5,
        max_body_chars: int = 5000,
        dtype: type = np.float32,
        text_counts: TextCounts | None = None,
    ) -> None:
        self.title_weight = title_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_body_chars = max_body_chars
        self.dtype = dtype
        self.text_counts = text_counts  # counts of short texts kept from earlier runs

    @cached_property
    def _hasher(self) -> HashingVectorizer:
        from sklearn.feature_extraction.text import HashingVectorizer

        return HashingVectorizer(
            n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english",
            ngram_range=self.ngram_range, token_pattern=TOKEN_PATTERN, dtype=self.dtype,
        )

    def weighted(self, title: str, body: str) -> str:
        """An article as this vectorizer counts it: the title repeated, the body cut."""
        return weighted_text(title, body[: self.max_body_chars], self.title_weight)

    def _texts(self, titles: Sequence[str], bodies: Sequence[str]) -> Iterator[str]:
        return (self.weighted(t, b) for t, b in zip(titles, bodies))

    # -- counting (what the store keeps) ---------------------------------------
    @property
    def counting(self) -> str:
        """Everything an article's counts depend on: stored counts made otherwise are
        counted again."""
        low, high = self.ngram_range
        return (f"hash{N_FEATURES} ngrams{low}-{high} english title{self.title_weight} "
                f"body{self.max_body_chars} {TOKEN_PATTERN}")

    def count(self, titles: Sequence[str], bodies: Sequence[str]) -> sp.csr_matrix:
        """Raw term counts of the title-weighted articles, one row each, hashed columns."""
        return self._transform(list(self._texts(titles, bodies)))

    def _transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Hashed counts: a few texts counted here (``light``: no scikit-learn import),
        more by scikit-learn's compiled hasher; the same columns and counts either way."""
        if len(texts) <= LIGHT_MAX_TEXTS:
            return light_counts(texts, TOKEN_PATTERN, self.ngram_range, N_FEATURES, self.dtype)
        return sp.csr_matrix(self._hasher.transform(texts))

    def count_queries(self, queries: Iterable[str]) -> sp.csr_matrix:
        """Raw term counts of short texts (interest tags, titles), hashed columns: those
        ``text_counts`` has kept are not counted again, the others are kept there."""
        queries = list(queries)
        if self.text_counts is None:
            return self._transform(queries)
        distinct = list(dict.fromkeys(queries))
        known = self.text_counts.load(distinct, self.counting)
        missing = [q for q in distinct if q not in known]
        if missing:
            counted = list(zip(missing, split_counts(self._transform(missing))))
            self.text_counts.save(((text, c, v) for text, (c, v) in counted), self.counting)
            known.update(counted)
        return stack_counts([known[q] for q in queries])

    # -- weighting ---------------------------------------------------------------
    def fit_counts(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Learn the window's terms and idf from its articles' counts; return their
        L2-normalized TF-IDF rows over the window's terms."""
        counts = sp.csr_matrix(counts)
        n = counts.shape[0]
        columns, where, df = _unique_columns(counts.indices)
        high = self.max_df * n if n > 20 else n
        keep = (df <= high) & (df >= self.min_df)
        self.columns_ = columns[keep]
        kept = df[keep].astype(self.dtype) + 1
        self.idf_ = np.full_like(kept, n + 1, dtype=self.dtype)
        self.idf_ /= kept
        np.log(self.idf_, out=self.idf_)
        self.idf_ += 1
        new_position = np.cumsum(keep) - 1  # unique column -> position among the kept ones
        return self._weigh(counts, np.where(keep[where], new_position[where], -1))

    def fit_transform(self, titles: Sequence[str], bodies: Sequence[str]) -> sp.csr_matrix:
        """``count`` then ``fit_counts``."""
        return self.fit_counts(self.count(titles, bodies))

    def transform_counts(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts (articles or queries) as TF-IDF rows over the window's terms; terms the
        window does not have are left out."""
        return self._weigh(counts)

    def transform_queries(self, queries: Sequence[str]) -> sp.csr_matrix:
        """Vectorize short texts (interest tags, phrases) in the fitted space."""
        return self._weigh(self.count_queries(queries))

    n_features = N_FEATURES  # the hashed space counts live in

    @property
    def n_terms_(self) -> int:
        """How many terms (columns) the fitted space has."""
        return len(self.columns_)

    def _weigh(self, counts: sp.csr_matrix, positions: np.ndarray | None = None) -> sp.csr_matrix:
        """TF-IDF rows of ``counts`` over the fitted columns (``positions``: each count's
        column among them, or -1, when the caller knows them already)."""
        counts = sp.csr_matrix(counts)
        if positions is None:
            positions = np.searchsorted(self.columns_, counts.indices)
            positions = np.minimum(positions, max(len(self.columns_) - 1, 0))
            if len(self.columns_):
                positions[self.columns_[positions] != counts.indices] = -1
            else:
                positions[:] = -1
        known = positions >= 0
        row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))[known]
        data = counts.data[known].astype(self.dtype)
        np.log(data, out=data)
        data += 1
        data *= self.idf_[positions[known]]
        indptr = np.zeros(counts.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=counts.shape[0]), out=indptr[1:])
        weighted = sp.csr_matrix((data, positions[known].astype(np.int32), indptr),
                                 shape=(counts.shape[0], len(self.columns_)))
        weighted.sort_indices()
        return unit_rows(weighted, copy=False)

    # -- words -------------------------------------------------------------------
    def analyze(self, text: str) -> list[str]:
        """The terms (uni/bigrams) the vectorizer would see in ``text``."""
        return list(self._analyzer(text))

    def _analyzer(self, text: str) -> list[str]:
        return light_terms(text, TOKEN_PATTERN, self.ngram_range)

    def term_names(self, texts: Iterable[str]) -> dict[int, str]:
        """Column -> term, for the fitted columns that the terms of ``texts`` land in (a
        hash has no inverse: the words are found again in the texts they came from)."""
        terms = list(dict.fromkeys(t for text in texts for t in self._analyzer(text)))
        if not terms:
            return {}
        from sklearn.feature_extraction import FeatureHasher

        hashed = sp.csr_matrix(FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)
                               .transform([[t] for t in terms]))
        names: dict[int, str] = {}
        for term, column in zip(terms, hashed.indices):
            position = int(np.searchsorted(self.columns_, column))
            if position < len(self.columns_) and self.columns_[position] == column:
                names.setdefault(position, term)
        return names


def _unique_columns(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(columns, return_inverse=True, return_counts=True)``, three times as
    fast on a large window: each column is packed with its position into one int64 and the
    packed values sorted (numpy's plain sort is far quicker than the argsort ``unique``
    uses), so the sorted order carries the inverse with it."""
    n = len(columns)
    if n == 0 or n >= 2**32:
        return np.unique(columns, return_inverse=True, return_counts=True)
    packed = (columns.astype(np.int64) << 32) | np.arange(n, dtype=np.int64)
    packed.sort()
    ordered = (packed >> 32).astype(columns.dtype)
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(n, dtype=np.int64)
    inverse[packed & 0xFFFFFFFF] = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    return ordered[first], inverse, np.diff(np.append(starts, n))

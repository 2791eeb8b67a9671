"""TF-IDF over the candidate window of articles, fitted once per run.

Titles weigh more than bodies because the title is the article's own summary of what it
is about: the title's words are put into the text ``title_weight`` extra times before a
single scikit-learn ``fit_transform`` (with sublinear tf that is a boost, not a
multiplication), so vectorizing costs what scikit-learn's own ``fit_transform`` costs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# Words of two or more letters; digits alone are not interests.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b|\b[^\W\d_]{2}\b"


def weighted_text(title: str, body: str, title_weight: int) -> str:
    return " . ".join([title] * (1 + title_weight) + [body])


class ArticleVectorizer:
    """scikit-learn estimator conventions: settings in ``__init__``, work in ``fit``,
    learned state with a trailing underscore."""

    def __init__(
        self,
        title_weight: int = 2,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int | float = 1,
        max_df: float = 0.5,
        max_body_chars: int = 5000,
        dtype: type = np.float32,
    ) -> None:
        self.title_weight = title_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_body_chars = max_body_chars
        self.dtype = dtype

    def _texts(self, titles: Sequence[str], bodies: Sequence[str]) -> Iterator[str]:
        """The weighted texts one at a time: scikit-learn reads them once, and a list of
        100k of them would hold ~150 MB while its vocabulary is at its largest."""
        limit = self.max_body_chars
        return (weighted_text(t, b[:limit], self.title_weight) for t, b in zip(titles, bodies))

    def fit_transform(self, titles: Sequence[str], bodies: Sequence[str]) -> sp.csr_matrix:
        """Learn the vocabulary and idf from the articles; return their L2-normalized rows."""
        self.tfidf_ = TfidfVectorizer(
            stop_words="english",
            ngram_range=self.ngram_range,
            sublinear_tf=True,
            min_df=self.min_df,
            max_df=self.max_df if len(titles) > 20 else 1.0,
            token_pattern=TOKEN_PATTERN,
            dtype=self.dtype,
        )
        matrix = self.tfidf_.fit_transform(self._texts(titles, bodies))
        self.vocabulary_ = self.tfidf_.vocabulary_
        return matrix.tocsr()

    def transform_queries(self, queries: Sequence[str]) -> sp.csr_matrix:
        """Vectorize short texts (interest tags, phrases) in the fitted space."""
        return self.tfidf_.transform(list(queries)).tocsr()

    def analyze(self, text: str) -> list[str]:
        """The terms (uni/bigrams) the vectorizer would see in ``text``."""
        return list(self.tfidf_.build_analyzer()(text))

    def feature_names(self) -> np.ndarray:
        """Each column's term (scikit-learn's ``get_feature_names_out``, without its sort:
        the vocabulary already says where each term goes)."""
        names = np.empty(len(self.vocabulary_), dtype=object)
        names[np.fromiter(self.vocabulary_.values(), dtype=np.int64, count=len(names))] = list(self.vocabulary_)
        return names

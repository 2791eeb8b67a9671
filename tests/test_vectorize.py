"""Vectorizing: TF-IDF from hashed counts weighs exactly as scikit-learn's TfidfVectorizer,
and the counts an article gets are kept in the store and reused by the next run."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from giga._recommend.vectorize import ArticleVectorizer
from giga._recommend.vectorize.vectorizer import TOKEN_PATTERN, weighted_text
from test_suggest import g  # noqa: F401 - the demo database, copied per test

TITLES = ["Heat pumps in cold climates", "Battery storage for the grid", "Sourdough on a schedule",
          "Heat pumps and battery storage together", "Trail running in winter"] * 5
BODIES = [f"Story {i}: field data from winter trials, season {'one two three'.split()[i % 3]}."
          for i in range(len(TITLES))]


def test_weights_are_scikit_learns_tfidf_in_hashed_columns():
    ours = ArticleVectorizer()
    X = ours.fit_transform(TITLES, BODIES)
    reference = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True, max_df=0.5,
                                token_pattern=TOKEN_PATTERN, dtype=np.float32)
    R = reference.fit_transform(weighted_text(t, b, 2) for t, b in zip(TITLES, BODIES)).tocsr()
    assert X.shape == (len(TITLES), len(reference.vocabulary_))  # same terms kept (no collision here)
    for i in range(len(TITLES)):
        assert np.allclose(np.sort(X[i].data), np.sort(R[i].data), atol=1e-6)
    # queries: the same terms, the same weights, whatever the column order
    q, r = ours.transform_queries(["heat pumps"]), reference.transform(["heat pumps"])
    assert np.allclose(np.sort(q.data), np.sort(r.data), atol=1e-6) and q.nnz == r.nnz == 3
    assert X.nnz == R.nnz


def test_counting_is_split_from_weighting():
    ours = ArticleVectorizer()
    counts = ours.count(TITLES, BODIES)
    assert counts.shape[1] == ours.n_features and counts.data.max() >= 3  # titles weigh three times
    direct = ArticleVectorizer().fit_transform(TITLES, BODIES)
    assert (abs(ours.fit_counts(counts) - direct)).max() == 0


def test_term_names_find_the_words_behind_the_columns():
    ours = ArticleVectorizer()
    ours.fit_transform(TITLES, BODIES)
    names = ours.term_names(["heat pumps"])
    assert sorted(names.values()) == ["heat", "heat pumps", "pumps"]
    row = ours.transform_queries(["heat pumps"])
    assert set(row.indices) == set(names)


def test_a_run_keeps_the_counts_and_the_next_run_reuses_them(g, monkeypatch):
    first = [s.as_dict() for s in g.suggest(everyone=True, max_age_days=0)]
    stored = g.db.execute("select count(*) from article_counts").fetchone()[0]
    assert stored == len(g.articles()) > 0
    counted: list[int] = []
    real = ArticleVectorizer.count
    monkeypatch.setattr(ArticleVectorizer, "count", lambda self, t, b: counted.append(len(t)) or real(self, t, b))
    assert [s.as_dict() for s in g.suggest(everyone=True, max_age_days=0)] == first
    assert counted == []  # nothing counted again
    g.db.execute("update articles set title = 'Changed' where id = (select min(id) from articles)")
    g.db.conn.commit()
    g.suggest(everyone=True, max_age_days=0)
    assert counted == [1]  # only the changed article


def test_the_fast_unique_is_numpys_unique():
    from giga._recommend.vectorize.vectorizer import _unique_columns

    rng = np.random.default_rng(3)
    for size in (0, 1, 7, 10_000):
        columns = rng.integers(0, 2**31 - 1, size).astype(np.int32) % 997 * 2_000_003
        expected = np.unique(columns, return_inverse=True, return_counts=True)
        for mine, theirs in zip(_unique_columns(columns), expected):
            assert np.array_equal(mine, theirs)


def test_a_few_texts_are_counted_as_scikit_learn_counts_them_without_it():
    """``light`` (a shared page, a new tag: no scikit-learn import) gives the columns and
    counts of the HashingVectorizer it stands in for, and the same terms; real pages,
    accents, other scripts, apostrophes, hyphens, empty text."""
    from pathlib import Path

    import scipy.sparse as sp

    from giga._recommend.vectorize.light import LIGHT_MAX_TEXTS, murmurhash3_32

    vectorizer = ArticleVectorizer()
    pages = sorted((Path(__file__).parent / "data" / "web").glob("*.html"))
    texts = [p.read_text(encoding="utf-8", errors="replace")[:30000] for p in pages] + [
        "Café naïve résumé — 東京 🎉 don't it's e-mail state-of-the-art", "", "a", "AI and ML",
        "climate tech, heat pumps", "İstanbul STRASSE straße Ünïcödé", "x" * 7, "the of and",
    ]
    assert len(texts) <= LIGHT_MAX_TEXTS
    light = vectorizer._transform(texts)
    reference = sp.csr_matrix(vectorizer._hasher.transform(texts))
    reference.sort_indices()
    assert light.shape == reference.shape and light.dtype == reference.dtype
    assert (light.indptr == reference.indptr).all() and (light.indices == reference.indices).all()
    assert (light.data == reference.data).all() and reference.nnz > 1000
    analyzer = vectorizer._hasher.build_analyzer()
    assert all(vectorizer.analyze(t) == analyzer(t) for t in texts)
    # MurmurHash3 x86 32 (seed 0) reference values, as scikit-learn's murmurhash3_32 gives them
    from sklearn.utils import murmurhash3_32 as reference_hash

    for word in ("", "a", "ab", "abc", "abcd", "hello world", "東京", "🎉 party"):
        assert murmurhash3_32(word.encode("utf-8")) == reference_hash(word.encode("utf-8"), seed=0)

"""Why an article suits a profile, in words a person understands and that are true: the
interests it is about and where (its title, its text, the feed's own category: the
wording is ``reasons``), closeness to their own posts or to what they liked, and
failing those the terms it shares with them.

An ``Explainer`` serves one run: every distinct tag is vectorized once for all the
profiles it is given, every title and tag analyzed once, and each profile's own and
liked rows averaged once, so explaining thousands of picks costs a small sparse product
each instead of a vectorizer call each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from .profiles import DocRows, TagRows
from .reasons import (
    TagFindings,
    find_tags,
    has_word,
    inferred_sentence,
    tag_sentence,
    tokens,
    tokens_in_order,
)
from .rows import _row, _sorted_rows
from .types import Doc, Interest, Profile

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2}")  # the vectorizer's words, roughly


class Explainer:
    """Reasons and matched interests for the picks of one run."""

    def __init__(self, rows: DocRows, docs: Sequence[Doc], X: sp.csr_matrix, index: dict[str, int],
                 profiles: Iterable[Profile] = ()) -> None:
        self.rows, self.docs, self.X, self.index = rows, docs, X, index
        self.tags = TagRows(rows.vectorizer, (t for p in profiles for t in p.tags if t.strip()))
        self._terms: dict[str, frozenset[int]] = {}
        self._tag_matrix: dict[tuple[str, ...], sp.csr_matrix] = {}
        self._means: dict[tuple[str, int], sp.csr_matrix | None] = {}
        self._tag_words: dict[str, list[str]] = {}
        self._doc_tokens: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def matched_tags(self, profile: Profile, doc_id: str) -> list[str]:
        """The profile's tags that the article is about, strongest first."""
        tags = [t for t in profile.tags if t.strip()]
        if not tags:
            return []
        per_tag = self._tag_matrix.get(profile.tags)
        if per_tag is None:
            per_tag = self._tag_matrix[profile.tags] = _sorted_rows(self.tags(tags))
        strengths = _strengths(per_tag, _row(self.X, self.index[doc_id]))
        return [tags[i] for i in np.argsort(-strengths, kind="stable") if strengths[i] > 0]

    def matched_inferred(self, profile: Profile, doc_id: str) -> list[Interest]:
        """The profile's inferred interests (``Profile.inferred``) that the article is
        about, strongest first."""
        inferred = [i for i in profile.inferred if i.text.strip()]
        if not inferred:
            return []
        key = ("inferred", *(i.text for i in inferred))
        per_interest = self._tag_matrix.get(key)
        if per_interest is None:
            per_interest = self._tag_matrix[key] = _sorted_rows(self.tags([i.text for i in inferred]))
        strengths = _strengths(per_interest, _row(self.X, self.index[doc_id]))
        strengths *= np.array([i.weight for i in inferred], dtype=np.float32)
        return [inferred[i] for i in np.argsort(-strengths, kind="stable") if strengths[i] > 0]

    def findings(self, profile: Profile, doc_id: str, matched: list[str] | None = None) -> TagFindings:
        """Where the article has each of the profile's tags (``matched``: its
        ``matched_tags``, strongest first, when the caller has them already)."""
        tags = [t for t in profile.tags if t.strip()]
        if not tags:
            return TagFindings()
        first = self.matched_tags(profile, doc_id) if matched is None else matched
        ordered = [*first, *(t for t in tags if t not in first)]
        doc = self.docs[self.index[doc_id]]
        title, text = self._tokens(doc)
        categories = frozenset(c.strip().lower() for c in doc.categories)
        return find_tags([(t, self._words(t)) for t in ordered], title, text, categories)

    def whole_tags(self, profile: Profile, doc_id: str, matched: list[str] | None = None) -> list[str]:
        """The profile's tags the article has whole (all their words, or its feed's
        category), strongest first: the interest a draft may name."""
        return self.findings(profile, doc_id, matched).whole()

    def explain(self, profile: Profile, doc_id: str, limit: int = 3,
                matched: list[str] | None = None) -> tuple[str, ...]:
        """The reasons ``doc_id`` suits ``profile`` (``matched``: its ``matched_tags``,
        when the caller has them already): one sentence for the tags, one per kind of
        guess (role, company, notes), then closeness to their own posts or to what they
        liked; failing those, the terms it shares with them."""
        row = self.index[doc_id]
        doc = self.docs[row]
        reasons: list[str] = []
        tags = [t for t in profile.tags if t.strip()]
        found = self.findings(profile, doc_id, matched)
        if found:
            reasons.append(tag_sentence(found, f"{profile.key}/{doc_id}"))
        by_source: dict[str, list[str]] = {}
        for interest in self.matched_inferred(profile, doc_id):
            by_source.setdefault(interest.source, []).append(interest.text)
        title, _ = self._tokens(doc)
        for source, texts in list(by_source.items())[:limit]:
            words = self._words_in(texts, row)
            reasons.append(inferred_sentence(source, [w for w in words if has_word(w, title)],
                                             [w for w in words if not has_word(w, title)]))
        vector = self.X[row] if profile.own or profile.liked else None
        if profile.own:
            own = self._mean(profile, "own", profile.own)
            if own is not None and (own @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is close to what they write about themselves")
        if profile.liked:
            liked = self._mean(profile, "liked", profile.liked)
            if liked is not None and (liked @ vector.T).toarray()[0, 0] > 0.05:
                reasons.append("it is like things you shared with them before")
        if not reasons:
            texts = [*tags, *(i.text for i in profile.inferred), *profile.own]
            reasons.append(self._shared_terms(profile, texts, doc, self.X[row]))
        return tuple(reasons)

    def _words(self, tag: str) -> list[str]:
        """A tag's words as the vectorizer counts them (no stop words), lower-cased."""
        if tag not in self._tag_words:
            words = list(dict.fromkeys(tokens_in_order(tag)))
            counted = np.diff(self.rows.vectorizer.count_queries(words).indptr) > 0 if words else []
            self._tag_words[tag] = [w for w, c in zip(words, counted) if c]
        return self._tag_words[tag]

    def _tokens(self, doc: Doc) -> tuple[frozenset[str], frozenset[str]]:
        """The words of an article's title, and of the article (title and the text the
        vectorizer reads)."""
        if doc.id not in self._doc_tokens:
            title = tokens(doc.title)
            self._doc_tokens[doc.id] = (title, title | tokens(doc.body[: self.rows.vectorizer.max_body_chars]))
        return self._doc_tokens[doc.id]

    def _remember(self, texts: list[str]) -> None:
        if texts:
            counts = self.rows.vectorizer.count_queries(texts)
            for text, a, b in zip(texts, counts.indptr[:-1], counts.indptr[1:]):
                self._terms[text] = frozenset(counts.indices[a:b].tolist())

    def _words_in(self, texts: Sequence[str], row: int, limit: int = 3) -> list[str]:
        """The words of ``texts`` (an interest, a note) that the article has, the
        heaviest in the article first: each word is counted as a short text is (kept
        between runs), so naming them needs no tokenizer once counted."""
        start, end = self.X.indptr[row], self.X.indptr[row + 1]
        weights = dict(zip(self.rows.vectorizer.columns_[self.X.indices[start:end]].tolist(),
                           self.X.data[start:end].tolist()))
        words = list(dict.fromkeys(w.lower() for text in texts for w in _WORD.findall(text)))
        self._remember([w for w in words if w not in self._terms])
        found = {w: max((weights.get(t, 0.0) for t in self._terms[w]), default=0.0) for w in words}
        return sorted((w for w in found if found[w] > 0), key=lambda w: -found[w])[:limit]

    def _mean(self, profile: Profile, kind: str, items: Sequence[Doc | str]) -> sp.csr_matrix | None:
        key = (kind, id(profile))
        if key not in self._means:
            self._means[key] = self.rows.mean(items)
        return self._means[key]

    def _shared_terms(self, profile: Profile, texts: Sequence[Doc | str], doc: Doc, vector: sp.csr_matrix) -> str:
        """The article's heaviest terms that ``texts`` (tags, their own posts) have too."""
        if not texts or self._mean(profile, "tags and own", texts) is None:
            return "it is recent and popular in your feeds"
        top = self._overlap(profile, "tags and own", texts, doc, vector)
        return f"it mentions {', '.join(top)}" if top else "it is related to their interests"

    def _overlap(self, profile: Profile, kind: str, texts: Sequence[Doc | str], doc: Doc,
                 vector: sp.csr_matrix) -> list[str]:
        """Up to three of the article's heaviest terms that ``texts`` have too."""
        query = self._mean(profile, kind, texts)
        if query is None:
            return []
        overlap = query.multiply(vector).tocsr()
        overlap.eliminate_zeros()
        if not overlap.nnz:  # nothing to name: no need to find the words behind the columns
            return []
        vectorizer = self.rows.vectorizer
        names = vectorizer.term_names([vectorizer.weighted(doc.title, doc.body)])
        return [names[overlap.indices[i]] for i in np.argsort(-overlap.data)[:3] if overlap.indices[i] in names]


def _strengths(per_tag: sp.csr_matrix, article: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Each row of ``per_tag`` (sorted) dotted with the article's sorted row, summed in
    term order in float32 as the sparse product sums it, for all rows in one pass."""
    columns, values = article
    strengths = np.zeros(per_tag.shape[0], dtype=np.float32)
    if not len(columns) or not per_tag.nnz:
        return strengths
    at = np.minimum(np.searchsorted(columns, per_tag.indices), len(columns) - 1)
    products = np.where(columns[at] == per_tag.indices, per_tag.data * values[at], np.float32(0))
    lengths = np.diff(per_tag.indptr)
    filled = lengths > 0
    strengths[filled] = np.add.reduceat(products, per_tag.indptr[:-1][filled])
    return strengths

"""What a pick must be, beyond scoring well: the floor a match must clear, the language
the note is written in, and what "not for them" taught.

- A profile with anchors gets an article only when it has one of them whole: a guessed
  interest's words (``cold_start``), or all the words of one of its interest tags
  (``phrases``; 'web performance' needs both words, so "Neighborhood Arts Performance
  Schedule" is no match), or its feed files it under one of the tags. A profile known
  otherwise too (their own posts, things liked) has none: what they write and like is
  part of what it matches. Nothing else is a match: no suggestion is better than a bad
  one; a contact whose interests no article of the window has gets nothing.
- A profile with ``languages`` gets no article known to be in another language.
- An article from the feed of one they said was not for them, and close to it (cosine
  ``dislike_similarity`` or more: the same kind of post, such as a hosting deal after a
  hosting deal), keeps ``dislike_keep`` of its score, and so usually falls under the
  floor; the same story in any feed is already dropped by the scoring backends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .phrases import Way
from .reasons import has_word, tokens
from .select import _Candidates
from .types import Profile

Anchor = np.ndarray | Way  # a guess's words (all needed), or one way of having an interest


@dataclass(frozen=True)
class Admission:
    """The rules of one fitted matcher, for every profile of a run."""

    X: sp.csr_matrix  # articles x vocabulary, unit rows
    feeds: np.ndarray  # per article: the feed's name ("" unknown)
    languages: np.ndarray  # per article: its language code ("" unknown)
    categories: Sequence[frozenset[str]]  # per article: its feed's categories, lower-cased
    dislike_similarity: float
    dislike_keep: float
    freshness: np.ndarray  # per article: the factor its score was multiplied by for its age
    titles: Sequence[str]
    counts: sp.csr_matrix | None = None  # per article: its raw term counts (hashed columns), title counted thrice
    columns: np.ndarray | None = None  # fitted column -> hashed column
    min_score: float = 0.0
    mentions: int = 1
    phrase_mentions: int = 1
    _titles: dict[int, frozenset[str]] = field(default_factory=dict)

    def pool(self, pool: _Candidates, profile: Profile, anchors: Sequence[Anchor] | None,
             disliked: sp.csr_matrix | None, disliked_feeds: Sequence[str]) -> _Candidates:
        """The pool without what the profile must not get, best first (the similarities
        precomputed for its head follow the articles kept, unless scores changed)."""
        if not len(pool.docs):
            return pool
        rows = pool.docs.astype(np.int64)
        penalty = None
        if disliked is not None and len(disliked_feeds) and self.dislike_keep < 1:
            penalty = self._same_feed_penalty(rows, disliked, disliked_feeds)
        if penalty is not None:  # scores changed: re-sorted, and selection computes its own similarities
            scores = (pool.scores * penalty).astype(np.float32)
            keep = self.admits(profile, anchors, rows, scores)
            docs, scores = pool.docs[keep], scores[keep]
            order = np.lexsort((docs, -scores))
            return _Candidates(docs[order], scores[order])
        keep = self.admits(profile, anchors, rows, pool.scores)
        if keep.all():
            return pool
        head = np.flatnonzero(keep[:len(pool.similar)]) if pool.similar is not None else None
        similar = pool.similar[np.ix_(head, head)] if head is not None else None
        near = pool.near[np.flatnonzero(keep[:len(pool.near)])] if pool.near is not None else None
        return _Candidates(pool.docs[keep], pool.scores[keep], similar, near)

    def admits(self, profile: Profile, anchors: Sequence[Anchor] | None, docs: np.ndarray,
               scores: np.ndarray) -> np.ndarray:
        """Per article (rows ``docs``, scored ``scores`` for this profile): may it be picked?"""
        keep = np.ones(len(docs), dtype=bool)
        if profile.min_score > 0:
            keep &= scores >= profile.min_score
        if anchors is not None:
            found, apart = has_anchor(self.X[docs], anchors, self._counted(docs), self.mentions,
                                      self.phrase_mentions)
            for way, rows in apart:  # its words apart: one of them in the title
                found |= rows & self._in_titles(way.words, docs)
            if profile.tags:
                tags = {t.strip().lower() for t in profile.tags}
                found |= np.array([not tags.isdisjoint(self.categories[d]) for d in docs], dtype=bool)
            keep &= found
        if profile.languages is not None:
            languages = self.languages[docs]
            keep &= (languages == "") | np.isin(languages, list(profile.languages))
        if self.min_score > 0 and profile.tags:  # how well it matches, whatever its age
            keep &= scores >= self.min_score * self.freshness[docs]
        return keep

    def _counted(self, docs: np.ndarray) -> sp.csr_matrix | None:
        """The articles' raw term counts over the fitted columns (None when not known)."""
        if self.counts is None or self.columns is None or (self.mentions <= 1 and self.phrase_mentions <= 1):
            return None
        rows = sp.csr_matrix(self.counts[docs])
        at = np.minimum(np.searchsorted(self.columns, rows.indices), max(len(self.columns) - 1, 0))
        known = self.columns[at] == rows.indices if len(self.columns) else np.zeros(len(at), dtype=bool)
        owner = np.repeat(np.arange(len(docs)), np.diff(rows.indptr))[known]
        return sp.csr_matrix((rows.data[known], (owner, at[known])), shape=(len(docs), len(self.columns)))

    def _in_titles(self, words: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Per article: whether its title has one of ``words`` (singular or plural)."""
        return np.array([any(has_word(w, self._title(d)) for w in words) for d in docs.tolist()], dtype=bool)

    def _title(self, doc: int) -> frozenset[str]:
        found = self._titles.get(doc)
        if found is None:
            found = self._titles[doc] = tokens(self.titles[doc])
        return found

    def _same_feed_penalty(self, docs: np.ndarray, disliked: sp.csr_matrix,
                           disliked_feeds: Sequence[str]) -> np.ndarray | None:
        """Per article: ``dislike_keep`` where it is close to a disliked article of its
        own feed, else 1 (None when no article is)."""
        feeds = self.feeds[docs]
        same = feeds[:, None] == np.asarray(disliked_feeds, dtype=object)[None, :]
        same &= feeds[:, None] != ""
        if not same.any():
            return None
        cosine = (self.X[docs] @ disliked.T).toarray()
        close = (same & (cosine >= self.dislike_similarity)).any(axis=1)
        if not close.any():
            return None
        return np.where(close, self.dislike_keep, 1.0).astype(np.float32)


def has_anchor(rows: sp.csr_matrix, anchors: Sequence[Anchor], counts: sp.csr_matrix | None = None,
               mentions: int = 1, phrase_mentions: int = 1) -> tuple[np.ndarray, list[tuple[Way, np.ndarray]]]:
    """Per row: whether it has an anchor whole (every term of a guess's words; an
    interest's one word ``mentions`` times, or its word pairs ``phrase_mentions`` times,
    as ``counts`` count them); and each interest met only by its words apart, with the
    rows that do."""
    whole = np.zeros(rows.shape[0], dtype=bool)
    apart: list[tuple[Way, np.ndarray]] = []
    for anchor in anchors:
        if not isinstance(anchor, Way):
            whole |= rows[:, anchor].getnnz(axis=1) == len(anchor)
            continue
        has_words = rows[:, anchor.terms].getnnz(axis=1) == len(anchor.terms)
        if anchor.pairs is not None and not len(anchor.pairs):  # one word
            whole |= has_words & _mentioned(counts, anchor.terms, mentions, has_words)
            continue
        if anchor.pairs is not None:
            together = has_words & (rows[:, anchor.pairs].getnnz(axis=1) == len(anchor.pairs))
            together &= _mentioned(counts, anchor.pairs, phrase_mentions, together)
            whole |= together
            has_words &= ~together
        if has_words.any():
            apart.append((anchor, has_words))
    return whole, apart


def _mentioned(counts: sp.csr_matrix | None, terms: np.ndarray, times: int, default: np.ndarray) -> np.ndarray:
    """Per row: whether every one of ``terms`` is counted ``times`` times or more."""
    if counts is None or times <= 1:
        return default
    return np.asarray((counts[:, terms] >= times).sum(axis=1)).ravel() == len(terms)

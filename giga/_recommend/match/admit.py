"""What a pick must be, beyond scoring well: the floor a match must clear, the language
the note is written in, and what "not for them" taught.

- A profile with anchors gets an article only when it has one of them whole
  (``anchors``): a guessed interest's words (``cold_start``); an interest tag's one
  word three times (a title counts thrice); all the words of a longer one, side by side
  or with one of them in the title ('web performance' needs both words, so
  "Neighborhood Arts Performance Schedule" is no match, nor a hosting deal that praises
  "performance" and mentions the web); or its feed files it under one of the tags. A
  profile known otherwise too (their own posts, things liked) has no tag anchors: what
  they write and like is part of what it matches. And a pick for tags scores 0.04 or
  more before freshness. Nothing else is a match: no suggestion is better than a bad
  one; a contact whose interests no article of the window has gets nothing.
- A profile with ``languages`` gets no article known to be in another language.
- An article from the feed of one they said was not for them, and close to it (cosine
  ``dislike_similarity`` or more: the same kind of post, such as a hosting deal after a
  hosting deal), keeps ``dislike_keep`` of its score, and so usually falls under the
  floor; the same story in any feed is already dropped by the scoring backends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from .anchors import Anchor, Anchors, contains
from .select import _Candidates
from .types import Profile


@dataclass(frozen=True)
class Admission:
    """The rules of one fitted matcher, for every profile of a run. Asked about a block
    of profiles at once: per profile and article, a few numpy operations over the whole
    block (a block of 512 contacts asks about some 25,000 articles)."""

    X: sp.csr_matrix  # articles x vocabulary, unit rows
    feeds: np.ndarray  # per article: the feed's name ("" unknown)
    languages: np.ndarray  # per article: its language code ("" unknown)
    category_index: dict[str, int]  # a feed category (lower-cased) -> its column
    doc_categories: sp.csr_matrix  # articles x categories: 1 where the feed files it so
    dislike_similarity: float
    dislike_keep: float
    freshness: np.ndarray  # per article: the factor its score was multiplied by for its age
    counts: sp.csr_matrix | None = None  # per article: its raw term counts (hashed columns), title counted thrice
    columns: np.ndarray | None = None  # fitted column -> hashed column
    min_score: float = 0.0
    mentions: int = 1
    phrase_mentions: int = 1
    title_counts: Callable[[np.ndarray], sp.csr_matrix] | None = None  # article rows -> their titles' counts

    @cached_property
    def anchors(self) -> Anchors:
        counts = self.counts if self.mentions > 1 or self.phrase_mentions > 1 else None
        return Anchors(self.X, counts, self.columns, self.mentions, self.phrase_mentions, self.title_counts)

    @cached_property
    def _language_codes(self) -> tuple[np.ndarray, dict[str, int]]:
        """Per article its language as a number (0: unknown), and the numbers."""
        numbers: dict[str, int] = {"": 0}
        codes = np.array([numbers.setdefault(code, len(numbers)) for code in self.languages.tolist()],
                         dtype=np.int32)
        return codes, numbers

    def pools(self, pools: Sequence[_Candidates], profiles: Sequence[Profile],
              anchors: Sequence[Sequence[Anchor] | None], disliked: Sequence[sp.csr_matrix | None],
              disliked_feeds: Sequence[Sequence[str]]) -> list[_Candidates]:
        """Each pool without what its profile must not get, best first (the similarities
        precomputed for its head follow the articles kept, unless scores changed)."""
        rows, scores, changed = [], [], []
        for pool, d, feeds in zip(pools, disliked, disliked_feeds):
            docs, values = pool.docs.astype(np.int64), pool.scores
            penalty = None
            if d is not None and len(feeds) and self.dislike_keep < 1 and len(docs):
                penalty = self._same_feed_penalty(docs, d, feeds)
            if penalty is not None:  # re-sorted: selection computes its own similarities
                values = (values * penalty).astype(np.float32)
                order = np.lexsort((docs, -values))
                docs, values = docs[order], values[order]
            rows.append(docs)
            scores.append(values)
            changed.append(penalty is not None)
        out = []
        for pool, docs, values, keep, moved in zip(pools, rows, scores, self._keeps(profiles, anchors, rows, scores),
                                                   changed):
            if moved:
                out.append(_Candidates(docs[keep].astype(pool.docs.dtype), values[keep]))
            elif keep.all():
                out.append(pool)
            else:
                first = np.flatnonzero(keep[:len(pool.similar)]) if pool.similar is not None else None
                similar = pool.similar[np.ix_(first, first)] if first is not None else None
                near = pool.near[np.flatnonzero(keep[:len(pool.near)])] if pool.near is not None else None
                out.append(_Candidates(pool.docs[keep], pool.scores[keep], similar, near))
        return out

    def admits(self, profile: Profile, anchors: Sequence[Anchor] | None, docs: np.ndarray,
               scores: np.ndarray) -> np.ndarray:
        """Per article (rows ``docs``, scored ``scores`` for this profile): may it be picked?"""
        return self._keeps([profile], [anchors], [docs.astype(np.int64)], [scores])[0]

    def _keeps(self, profiles: Sequence[Profile], anchors: Sequence[Sequence[Anchor] | None],
               docs: Sequence[np.ndarray], scores: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per profile, per article of ``docs[j]``: may it be picked?"""
        sizes = np.array([len(d) for d in docs], dtype=np.int64)
        bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        owner = np.repeat(np.arange(len(docs)), sizes)
        rows = np.concatenate([*docs, np.zeros(0, dtype=np.int64)]).astype(np.int64)
        values = np.concatenate([*scores, np.zeros(0, dtype=np.float32)])
        keep = values >= np.array([p.min_score for p in profiles], dtype=np.float32)[owner]
        tagged = np.array([bool(p.tags) for p in profiles], dtype=bool)
        if self.min_score > 0:  # how well it matches, whatever its age
            keep &= ~tagged[owner] | (values >= self.min_score * self.freshness[rows])
        whole = self.anchors.find(docs, anchors)
        unanchored = np.array([a is None for a in anchors], dtype=bool)
        filed_slots, filed_columns = [], []  # a tag the feed files the article under
        for j, profile in enumerate(profiles):
            if anchors[j] is None or not profile.tags or not self.category_index:
                continue
            for column in {self.category_index.get(t.strip().lower()) for t in profile.tags} - {None}:
                filed_slots.append(np.arange(bounds[j], bounds[j + 1]))
                filed_columns.append(np.full(bounds[j + 1] - bounds[j], column, dtype=np.int64))
        if filed_slots:
            at = np.concatenate(filed_slots)
            whole[at[contains(self.doc_categories, rows[at], np.concatenate(filed_columns))[0]]] = True
        keep &= unanchored[owner] | whole
        codes, numbers = self._language_codes
        by_languages: dict[frozenset[str], list[int]] = {}
        for j, profile in enumerate(profiles):
            if profile.languages is not None:
                by_languages.setdefault(profile.languages, []).append(j)
        for languages, members in by_languages.items():  # most often one group: English
            allowed = np.array([numbers[c] for c in languages if c in numbers] + [0], dtype=np.int32)
            inside = np.isin(owner, members)
            keep[inside] &= np.isin(codes[rows[inside]], allowed)
        return [keep[bounds[j]:bounds[j + 1]] for j in range(len(docs))]

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

"""Selection: from each contact's scored pool to their ``k`` articles.

A contact's pool is walked best first, skipping what they must not get again, what was
already shared with them and near-duplicates of it, a second copy of a story already
chosen for them (diversity) and more than ``per_feed`` articles of one feed; across contacts an article goes to at most
``max_contacts_per_article`` people per run, the earlier contacts getting first pick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .rows import _dot, _row
from .types import Match, Profile


@dataclass
class _Candidates:
    """One contact's pool, best first, with what selection needs precomputed."""

    docs: np.ndarray  # article rows, best first
    scores: np.ndarray  # float32, as scored
    similar: np.ndarray | None = None  # cosine among the first few candidates
    near: np.ndarray | None = None  # per first few candidates: max cosine to what they already got


@dataclass
class _Selection:
    """One run's selection: its rules, what each contact got, and how many contacts each
    article went to (``taken``, which the per-article cap counts)."""

    k: int
    ids: list[str]  # article row -> id
    index: dict[str, int]  # article id -> row
    X: sp.csr_matrix  # articles x vocabulary, unit rows in term order
    cap: int  # max_contacts_per_article
    near_duplicate: float
    diversity: float
    feeds: np.ndarray | None = None  # article row -> its feed's number (-1: unknown)
    per_feed: int = 0  # at most this many picks of one feed per contact (0: no limit)
    matches: dict[str, list[Match]] = field(default_factory=dict)
    taken: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.taken = np.zeros(len(self.ids), dtype=np.int32)

    def walk(self, profile: Profile, pool: _Candidates, shared: sp.csr_matrix | None) -> list[int]:
        """Walk the pool best first and keep up to ``k`` positions; skip what is excluded,
        capped, a near-duplicate of what they already got (``shared`` rows), the same
        story as one already chosen, or one feed too many. The compiled walk decides alike."""
        docs = pool.docs
        known = len(pool.similar) if pool.similar is not None else 0
        chosen: list[int] = []  # positions in the pool
        per_feed: dict[int, int] = {}
        for position in range(len(docs)):
            if len(chosen) == self.k:
                break
            doc = int(docs[position])
            if self.ids[doc] in profile.exclude or self.taken[doc] >= self.cap:
                continue
            feed = int(self.feeds[doc]) if self.feeds is not None and self.per_feed else -1
            if feed >= 0 and per_feed.get(feed, 0) >= self.per_feed:
                continue
            if position < known:
                if pool.near is not None and pool.near[position] >= self.near_duplicate:
                    continue
                if chosen and pool.similar[position, chosen].max() >= self.diversity:
                    continue
            else:  # deeper than precomputed: this article against the few it is compared with
                row = _row(self.X, doc)
                if shared is not None and max(_dot(row, _row(shared, r)) for r in range(shared.shape[0])) \
                        >= self.near_duplicate:
                    continue
                if chosen and max(_dot(row, _row(self.X, int(docs[p]))) for p in chosen) >= self.diversity:
                    continue
            chosen.append(position)
            self.taken[doc] += 1
            if feed >= 0:
                per_feed[feed] = per_feed.get(feed, 0) + 1
        return chosen

    def record(self, profiles: Sequence[Profile], pools: Sequence[_Candidates],
               chosen: Sequence[Sequence[int]]) -> None:
        """Each profile's matches: the chosen positions of its pool."""
        for profile, pool, positions in zip(profiles, pools, chosen):
            self.matches[profile.key] = [
                Match(profile.key, self.ids[int(pool.docs[p])], round(float(pool.scores[p]), 6)) for p in positions]

    def short(self, profiles: Sequence[Profile], pools: Sequence[_Candidates]) -> list[int]:
        """Positions of the profiles left short of ``k`` although their pool had ``k``
        articles: the cap and the filters used it up."""
        return [j for j, (profile, pool) in enumerate(zip(profiles, pools))
                if len(self.matches[profile.key]) < self.k and len(pool.docs) >= self.k]

    def hand_back(self, profiles: Sequence[Profile]) -> None:
        """What these profiles got goes back to compete again (a second look)."""
        for profile in profiles:
            for match in self.matches[profile.key]:
                self.taken[self.index[match.doc]] -= 1

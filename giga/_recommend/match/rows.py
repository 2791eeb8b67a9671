"""Sparse-row helpers shared by profile building, scoring and selection: per-profile row
ranges, a row's best columns, a few rows' dot products summed as scipy's product sums
them (so a threshold decides alike on either scoring path)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_NO_DOCS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float32)
_NO_ROWS = np.zeros(0, dtype=np.int64)


class _Rows(Sequence):
    """Per-profile row ranges of one stacked matrix, sliced when asked for (building ten
    thousand small matrices up front costs more than the matching itself)."""

    def __init__(self, matrix: sp.csr_matrix, bounds: np.ndarray, empty_is_none: bool) -> None:
        self.matrix, self.bounds, self.empty_is_none = matrix, bounds, empty_is_none

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        start, end = int(self.bounds[i]), int(self.bounds[i + 1])
        if end == start and self.empty_is_none:
            return None
        return self.matrix[start:end]

    def count(self, i: int) -> int:
        return int(self.bounds[i + 1] - self.bounds[i])

    def subset(self, owners: Sequence[int]) -> _Rows:
        """The row ranges of ``owners`` only, in that order."""
        sizes = np.diff(self.bounds)[owners]
        bounds = np.zeros(len(owners) + 1, dtype=np.int64)
        np.cumsum(sizes, out=bounds[1:])
        rows = np.concatenate([np.arange(self.bounds[i], self.bounds[i + 1]) for i in owners] + [_NO_ROWS])
        return _Rows(self.matrix[rows], bounds, self.empty_is_none)


def _top_rows(scores: sp.csr_matrix, counts, values: bool = False) -> list:
    """Per row of ``scores``: the columns of its ``counts`` (one int, or one per row)
    largest entries, best first (equal scores: lower column first); with ``values``,
    (columns, scores) pairs."""
    scores = scores.tocsr()
    indptr, indices, data = scores.indptr, scores.indices, scores.data
    out = []
    for r in range(scores.shape[0]):
        start, end = indptr[r], indptr[r + 1]
        n = end - start
        take = min(n, counts if isinstance(counts, int) else counts[r])
        if take <= 0:
            out.append((_NO_DOCS, _NO_SCORES) if values else _NO_DOCS)
            continue
        row, columns = data[start:end], indices[start:end]
        if take < n and n > 32 * take:
            # a threshold from every 8th score keeps ~3x what is needed; if it kept too
            # few, the threshold was above the true cut and the full row is used
            sample = row[::8]
            q = min(len(sample), 3 * take // 8 + 2)
            keep = np.flatnonzero(row >= np.partition(sample, len(sample) - q)[len(sample) - q])
            if len(keep) >= take:
                row, columns, n = row[keep], columns[keep], len(keep)
        if take < n:
            # the cut may fall among equal scores: the lower columns of those go in
            cut = np.partition(row, n - take)[n - take]
            level = np.flatnonzero(row == cut)
            level = level[np.argsort(columns[level], kind="stable")]
            part = np.concatenate([np.flatnonzero(row > cut), level])[:take]
            row, columns = row[part], columns[part]
        order = np.lexsort((columns, -row))
        out.append((columns[order], row[order]) if values else columns[order])
    return out


def _sorted_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` as CSR with each row's terms in index order: the order every score is
    summed in, on either path (scipy's products leave rows unsorted)."""
    matrix = sp.csr_matrix(matrix)
    if not matrix.has_sorted_indices:
        matrix = matrix.sorted_indices()
    return matrix


def _heaviest(matrix: sp.csr_matrix, terms: int | None) -> sp.csr_matrix:
    """Each row cut to its ``terms`` largest entries, equal values by lower term (None:
    unchanged); the compiled expansion keeps the same ones."""
    lengths = np.diff(matrix.indptr)
    if terms is None or not (lengths > terms).any():
        return matrix
    keep = np.ones(matrix.nnz, dtype=bool)
    for r in np.flatnonzero(lengths > terms):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        drop = np.lexsort((matrix.indices[start:end], -matrix.data[start:end]))[terms:]
        keep[start + drop] = False
    indptr = np.zeros_like(matrix.indptr)
    np.cumsum(np.minimum(lengths, terms), out=indptr[1:])
    return sp.csr_matrix((matrix.data[keep], matrix.indices[keep], indptr), shape=matrix.shape)


def _gram(rows: sp.csr_matrix, sizes: np.ndarray) -> list[np.ndarray]:
    """Dot products within each consecutive group of ``rows`` (group lengths ``sizes``),
    for all groups in one sparse product: each group's terms are renumbered apart from
    the other groups', so the product is block-diagonal and computes only within-group
    pairs, with no vocabulary-sized index array (what makes a one-row ``X[d].T`` slow)."""
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    if rows.nnz == 0:
        return [np.zeros((s, s), np.float32) for s in sizes]
    group = np.repeat(np.repeat(np.arange(len(sizes)), sizes), np.diff(rows.indptr))
    terms, width = _renumber(rows.indices.astype(np.int64))
    columns, width = _renumber(group * width + terms)
    apart = sp.csr_matrix((rows.data, columns, rows.indptr), shape=(rows.shape[0], width))
    gram = (apart @ apart.T).toarray()
    return [gram[a:b, a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _row(matrix: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def _dot(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """Dot product of two sorted sparse rows, summed in term order in float32 as the
    sparse product sums it (so a threshold decides the same way either way)."""
    common, left, right = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    if not len(common):
        return 0.0
    return float(np.cumsum(a[1][left] * b[1][right], dtype=np.float32)[-1])


def _renumber(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ids 0..n-1 for the distinct ``values`` (in order of first appearance), with
    no sort: a scratch array indexed by value remembers one position per value."""
    positions = np.arange(len(values))
    slot = np.empty(int(values.max()) + 1, dtype=np.int64)
    slot[values] = positions
    first = slot[values]
    is_first = first == positions
    return (np.cumsum(is_first) - 1)[first], int(is_first.sum())

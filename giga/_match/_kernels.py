"""Compiled (numba) kernels behind ``Matcher``'s scoring at scale.

scipy's sparse product writes out every score of a profiles x articles block (after
pseudo-relevance feedback nearly every article scores for every contact) and a Python
loop then picks each row's best few: most of the time goes to writing and re-reading
hundreds of millions of scores nobody keeps. These kernels accumulate one profile at a
time into a dense per-thread array, read it once for the best few and clear it.

Every score is summed as scipy sums it: one term of the profile row at a time, in the
row's stored order, in float32 (``a += w * x``), so the scores, and the thresholds and
ties that depend on them, come out bit for bit the same. The callers pass rows with
sorted indices to both paths.

Imported lazily by the matcher, and only for runs above a size threshold, so small runs
never pay numba's import or compile time; ``cache=True`` keeps the machine code on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _worse(value_a, column_a, value_b, column_b):
    """Ranking order: a higher score first; equal scores, the lower column first."""
    return value_a < value_b or (value_a == value_b and column_a > column_b)


@njit(cache=True, nogil=True)
def _sift_down(values, columns, size, i):
    """Restore the heap (worst entry at the root) below position ``i``."""
    while True:
        worst, left = i, 2 * i + 1
        if left < size and _worse(values[left], columns[left], values[worst], columns[worst]):
            worst = left
        if left + 1 < size and _worse(values[left + 1], columns[left + 1], values[worst], columns[worst]):
            worst = left + 1
        if worst == i:
            return
        values[i], values[worst] = values[worst], values[i]
        columns[i], columns[worst] = columns[worst], columns[i]
        i = worst


@njit(cache=True, nogil=True)
def _offer(values, columns, size, take, value, column):
    """Keep the ``take`` best (value, column) pairs seen in a heap; returns its new size."""
    if size < take:
        i = size
        values[i], columns[i] = value, column
        while i > 0 and _worse(values[i], columns[i], values[(i - 1) // 2], columns[(i - 1) // 2]):
            parent = (i - 1) // 2
            values[i], values[parent] = values[parent], values[i]
            columns[i], columns[parent] = columns[parent], columns[i]
            i = parent
        return size + 1
    if _worse(values[0], columns[0], value, column):
        values[0], columns[0] = value, column
        _sift_down(values, columns, size, 0)
    return size


@njit(cache=True, nogil=True)
def _drain(values, columns, size, out_values, out_columns):
    """The heap's entries into ``out_*``, best first."""
    for end in range(size - 1, -1, -1):
        out_values[end], out_columns[end] = values[0], columns[0]
        values[0], columns[0] = values[end], columns[end]
        _sift_down(values, columns, end, 0)


@njit(cache=True, nogil=True)
def _accumulate(weight, start, end, indices, data, acc):
    """One term's postings into the accumulator (the hot loop: nothing else in it)."""
    for kk in range(start, end):
        acc[indices[kk]] += weight * data[kk]


@njit(cache=True, nogil=True)
def _accumulate_seen(weight, start, end, indices, data, acc, seen, touched, n_touched):
    """``_accumulate``, also listing the articles reached for the first time."""
    for kk in range(start, end):
        a = indices[kk]
        if not seen[a]:
            seen[a] = True
            touched[n_touched] = a
            n_touched += 1
        acc[a] += weight * data[kk]
    return n_touched


@njit(cache=True, nogil=True)
def _cut(acc, take, heap_values, heap_columns):
    """A score that about ``4 * take`` articles reach, from every 64th score (0 when the
    sample is too small to tell): what lies below it cannot be among the best."""
    want = min(len(heap_values), 4 * take // 64 + 2)
    size = 0
    for i in range(0, len(acc), 64):
        size = _offer(heap_values, heap_columns, size, want, acc[i], i)
    return heap_values[0] if size == want and (len(acc) + 63) // 64 > 4 * want else np.float32(0)


@njit(cache=True, nogil=True)
def _above(acc, cut, take):
    """The articles that can be among the ``take`` best: those scoring at least ``cut``
    if there are that many, else every nonzero one (scipy stores no zero sums)."""
    if cut != 0:
        kept = np.flatnonzero(acc >= cut)
        if len(kept) >= take:
            return kept
    return np.flatnonzero(acc)


@njit(cache=True, nogil=True)
def top_rows(p_indptr, p_indices, p_data, indptr, indices, data, n_columns, counts):
    """Per profile row: its ``counts[r]`` best nonzero columns of ``profiles @ matrix``
    (``matrix`` term-major CSR: ``indptr``, ``indices``, ``data``). Returns (bounds,
    columns, scores), each row's best first, rows one after another.

    A row that reaches most articles is read back with one pass over the accumulator;
    one that reaches few remembers which, and only those are read and cleared."""
    n = len(p_indptr) - 1
    acc = np.zeros(n_columns, np.float32)
    seen = np.zeros(n_columns, np.bool_)
    touched = np.empty(n_columns, np.int32)
    heap_values = np.empty(int(counts.max()) if n else 0, np.float32)
    heap_columns = np.empty(int(counts.max()) if n else 0, np.int32)
    bounds = np.zeros(n + 1, np.int64)
    out_columns = np.empty(int(counts.sum()), np.int32)
    out_scores = np.empty(int(counts.sum()), np.float32)
    for r in range(n):
        start, end = p_indptr[r], p_indptr[r + 1]
        work = 0
        for jj in range(start, end):
            work += indptr[p_indices[jj] + 1] - indptr[p_indices[jj]]
        dense = work > n_columns // 4
        n_touched = 0
        for jj in range(start, end):
            term, weight = p_indices[jj], p_data[jj]
            if dense:
                _accumulate(weight, indptr[term], indptr[term + 1], indices, data, acc)
            else:
                n_touched = _accumulate_seen(weight, indptr[term], indptr[term + 1], indices, data, acc,
                                             seen, touched, n_touched)
        size, take = 0, counts[r]
        if dense:
            for a in _above(acc, _cut(acc, take, heap_values, heap_columns), take):
                size = _offer(heap_values, heap_columns, size, take, acc[a], a)
            acc[:] = 0
        else:
            for i in range(n_touched):
                a = touched[i]
                if acc[a] != 0:  # scipy stores no zero sums
                    size = _offer(heap_values, heap_columns, size, take, acc[a], a)
                acc[a] = 0
                seen[a] = False
        begin = bounds[r]
        _drain(heap_values, heap_columns, size, out_scores[begin:begin + size], out_columns[begin:begin + size])
        bounds[r + 1] = begin + size
    return bounds, out_columns[: bounds[n]], out_scores[: bounds[n]]


@njit(cache=True, nogil=True)
def _dot_rows(indptr, indices, data, i, o_indptr, o_indices, o_data, j):
    """Row i of one CSR matrix against row j of another (sorted rows), summed in term
    order in float32 as scipy's product sums it."""
    a, a_end = indptr[i], indptr[i + 1]
    b, b_end = o_indptr[j], o_indptr[j + 1]
    total = np.float32(0)
    while a < a_end and b < b_end:
        ta, tb = indices[a], o_indices[b]
        if ta == tb:
            total += data[a] * o_data[b]
            a += 1
            b += 1
        elif ta < tb:
            a += 1
        else:
            b += 1
    return total


@njit(cache=True, nogil=True)
def gram_groups(bounds, rows, indptr, indices, data, out):
    """Dot products between every two rows of each group (``rows[bounds[g]:bounds[g +
    1]]``) into ``out``, the groups' square matrices flattened one after another."""
    at = 0
    for g in range(len(bounds) - 1):
        first, n = bounds[g], bounds[g + 1] - bounds[g]
        for i in range(n):
            for j in range(i, n):
                value = _dot_rows(indptr, indices, data, rows[first + i], indptr, indices, data, rows[first + j])
                out[at + i * n + j] = value
                out[at + j * n + i] = value
        at += n * n


@njit(cache=True, nogil=True)
def nearest_shared(bounds, rows, indptr, indices, data, s_bounds, s_indptr, s_indices, s_data):
    """Per row of each group: its largest dot product with that group's shared rows
    (``s_*`` rows ``s_bounds[g]:s_bounds[g + 1]``, at least one per group)."""
    out = np.empty(len(rows), np.float32)
    for g in range(len(bounds) - 1):
        for p in range(bounds[g], bounds[g + 1]):
            best = _dot_rows(indptr, indices, data, rows[p], s_indptr, s_indices, s_data, s_bounds[g])
            for s in range(s_bounds[g] + 1, s_bounds[g + 1]):
                best = max(best, _dot_rows(indptr, indices, data, rows[p], s_indptr, s_indices, s_data, s))
            out[p] = best
    return out


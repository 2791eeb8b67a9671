"""Compiled (numba) kernels behind ``Matcher``'s scoring at scale.

scipy's sparse product writes out every score of a profiles x articles block (after
pseudo-relevance feedback nearly every article scores for every contact) and a Python
loop then picks each row's best few: most of the time goes to writing and re-reading
hundreds of millions of scores nobody keeps. These kernels accumulate one profile at a
time into a dense per-thread array, read it once for the best few and clear it.
Selection (``select_rows``) then walks each contact's pool in order, computing only the
article-to-article cosines a pick actually needs.

``top_rows`` sums every score as scipy sums it: one term of the profile row at a time,
in the row's stored order, in float32 (``a += w * x``), so its scores, and the thresholds
and ties that depend on them, come out bit for bit the same (callers pass rows with
sorted indices to both paths). ``expanded_top_rows`` does the pseudo-feedback expansion
and scoring in one pass and reuses the first pass's sums, so its scores match the
two-pass path's to float32 rounding, and its picks match.

Imported lazily by ``backends``, and only for runs above a size threshold, so small runs
never pay numba's import or compile time; ``cache=True`` keeps the machine code on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit


# A row whose postings reach more than 1/_DENSE_FROM of the articles reads the whole
# accumulator back in one pass instead of listing the articles it reached: at 10^5
# articles that pass is cheaper than the bookkeeping from about 3,000 postings on
# (measured 1/4 -> 1/32: the top-40 pass -35%, the top-5 pass -35%, the same bits).
_DENSE_FROM = 32


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
        if size < want or acc[i] > heap_values[0]:  # only the value matters here: most samples skip
            size = _offer(heap_values, heap_columns, size, want, acc[i], i)
    return heap_values[0] if size == want and (len(acc) + 63) // 64 > 4 * want else np.float32(0)


# The dense read-back counts the articles at or above the cut per stripe of this many
# (a loop the compiler vectorizes), then offers only the stripes that have any: 30 -> 9
# us per pass over 10^5 articles, against one branch per article.
_STRIPE = 64


@njit(cache=True, nogil=True)
def _offer_dense(acc, cut, take, heap_values, heap_columns, stripes):
    """Every article scoring at least ``cut`` (when ``take`` of them do; else every
    nonzero one: scipy stores no zero sums) offered to the heap, in article order;
    returns the heap's size. ``stripes`` is scratch for the per-stripe counts."""
    size = 0
    if cut != 0:
        whole = len(acc) // _STRIPE
        kept = 0
        for b in range(whole):  # a fixed trip count: compiled to a few vector compares
            count = 0
            for a in range(b * _STRIPE, b * _STRIPE + _STRIPE):
                count += acc[a] >= cut
            stripes[b] = count
            kept += count
        count = 0
        for a in range(whole * _STRIPE, len(acc)):
            count += acc[a] >= cut
        stripes[whole] = count
        kept += count
        if kept >= take:
            for b in range(whole + 1):
                if stripes[b]:
                    for a in range(b * _STRIPE, min(b * _STRIPE + _STRIPE, len(acc))):
                        if acc[a] >= cut:
                            size = _offer(heap_values, heap_columns, size, take, acc[a], a)
            return size
    for a in range(len(acc)):
        if acc[a] != 0:
            size = _offer(heap_values, heap_columns, size, take, acc[a], a)
    return size


@njit(cache=True, nogil=True)
def _best_of(acc, dense, touched, n_touched, take, heap_values, heap_columns):
    """The heap of the ``take`` best nonzero articles of the accumulator (left as it is).
    A dense row lists no articles, so ``touched`` is free to hold the stripe counts."""
    if dense:
        return _offer_dense(acc, _cut(acc, take, heap_values, heap_columns), take, heap_values, heap_columns,
                            touched)
    size = 0
    for i in range(n_touched):
        a = touched[i]
        if acc[a] != 0:
            size = _offer(heap_values, heap_columns, size, take, acc[a], a)
    return size


@njit(cache=True, nogil=True)
def _add_postings(weight, start, end, indices, data, acc, dense, seen, touched, n_touched):
    if dense:
        _accumulate(weight, start, end, indices, data, acc)
        return n_touched
    return _accumulate_seen(weight, start, end, indices, data, acc, seen, touched, n_touched)


@njit(cache=True, nogil=True)
def _score_row(start, end, p_indices, p_data, indptr, indices, data, acc, seen, touched):
    """One profile row's scores into the accumulator, term by term in the row's order.
    Returns (dense, n_touched): a row reaching more than 1/_DENSE_FROM of the articles
    is read back whole, one reaching fewer lists the articles it reached."""
    work = 0
    for jj in range(start, end):
        work += indptr[p_indices[jj] + 1] - indptr[p_indices[jj]]
    dense = work > len(acc) // _DENSE_FROM
    n_touched = 0
    for jj in range(start, end):
        term = p_indices[jj]
        n_touched = _add_postings(p_data[jj], indptr[term], indptr[term + 1], indices, data, acc,
                                  dense, seen, touched, n_touched)
    return dense, n_touched


@njit(cache=True, nogil=True)
def _clear(acc, dense, seen, touched, n_touched):
    """The accumulator (and the reached-list flags) back to zero for the next row."""
    if dense:
        acc[:] = 0
    else:
        for i in range(n_touched):
            acc[touched[i]] = 0
            seen[touched[i]] = False


@njit(cache=True, nogil=True)
def top_rows(p_indptr, p_indices, p_data, indptr, indices, data, n_columns, counts):
    """Per profile row: its ``counts[r]`` best nonzero columns of ``profiles @ matrix``
    (``matrix`` term-major CSR: ``indptr``, ``indices``, ``data``). Returns (bounds,
    columns, scores), each row's best first, rows one after another.

    A row that reaches many articles is read back with one pass over the accumulator;
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
        dense, n_touched = _score_row(p_indptr[r], p_indptr[r + 1], p_indices, p_data, indptr, indices, data,
                                      acc, seen, touched)
        size = _best_of(acc, dense, touched, n_touched, counts[r], heap_values, heap_columns)
        begin = bounds[r]
        _drain(heap_values, heap_columns, size, out_scores[begin:begin + size], out_columns[begin:begin + size])
        bounds[r + 1] = begin + size
        _clear(acc, dense, seen, touched, n_touched)
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
def _close_to_any(indptr, indices, data, doc, o_indptr, o_indices, o_data, first, end, threshold):
    """Whether row ``doc`` has a dot product of at least ``threshold`` with any of the other
    matrix's rows ``first..end - 1``."""
    for s in range(first, end):
        if _dot_rows(indptr, indices, data, doc, o_indptr, o_indices, o_data, s) >= threshold:
            return True
    return False


@njit(cache=True, nogil=True)
def select_rows(p_bounds, docs, blocked, k, cap, taken, indptr, indices, data,
                s_bounds, s_indptr, s_indices, s_data, near_duplicate, diversity, feeds, per_feed):
    """Selection for a block of profiles, in order: each profile's pool is
    ``docs[p_bounds[r]:p_bounds[r + 1]]`` (article rows, best first); walk it and keep up
    to ``k`` positions, skipping what is ``blocked``, what ``cap`` profiles already got
    (``taken`` counts per article, updated here), a near-duplicate of the profile's shared
    rows (``s_*`` rows ``s_bounds[r]..s_bounds[r + 1] - 1``) and the same story as a pick
    already made (cosine at least ``diversity``) and a pick whose feed (``feeds`` per
    article, -1 unknown) already has ``per_feed`` picks (0: no limit). Returns (bounds,
    positions).

    Only the comparisons a pick actually needs are computed, each as ``_Selection.walk``
    computes it, so both paths decide alike."""
    n = len(p_bounds) - 1
    bounds = np.zeros(n + 1, np.int64)
    out = np.empty(n * k, np.int64)
    for r in range(n):
        base, count = bounds[r], 0
        for p in range(p_bounds[r], p_bounds[r + 1]):
            if count == k:
                break
            doc = docs[p]
            if blocked[p] or taken[doc] >= cap:
                continue
            if per_feed > 0 and feeds[doc] >= 0:
                same_feed = 0
                for c in range(count):
                    if feeds[docs[out[base + c]]] == feeds[doc]:
                        same_feed += 1
                if same_feed >= per_feed:
                    continue
            if _close_to_any(indptr, indices, data, doc, s_indptr, s_indices, s_data,
                             s_bounds[r], s_bounds[r + 1], near_duplicate):
                continue
            same_story = False
            for c in range(count):
                if _dot_rows(indptr, indices, data, doc, indptr, indices, data, docs[out[base + c]]) >= diversity:
                    same_story = True
                    break
            if same_story:
                continue
            out[base + count] = p
            count += 1
            taken[doc] += 1
        bounds[r + 1] = base + count
    return bounds, out[: bounds[n]]


@njit(cache=True, nogil=True)
def nearest_rows(bounds, rows, indptr, indices, data, o_bounds, o_indptr, o_indices, o_data):
    """Per row of each group (``rows[bounds[g]:bounds[g + 1]]``): its largest dot product
    with that group's other rows (``o_*`` rows ``o_bounds[g]:o_bounds[g + 1]``, at least
    one per group)."""
    out = np.empty(len(rows), np.float32)
    for g in range(len(bounds) - 1):
        for p in range(bounds[g], bounds[g + 1]):
            best = _dot_rows(indptr, indices, data, rows[p], o_indptr, o_indices, o_data, o_bounds[g])
            for o in range(o_bounds[g] + 1, o_bounds[g + 1]):
                best = max(best, _dot_rows(indptr, indices, data, rows[p], o_indptr, o_indices, o_data, o))
            out[p] = best
    return out


@njit(cache=True, nogil=True)
def _heaviest_of_sum(rows, n_rows, x_indptr, x_indices, x_data, need, n_expand, heap_values, heap_columns):
    """The heap of the ``n_expand`` heaviest terms of the sum of doc-major rows ``rows[:n_rows]``
    (sorted indices), over the terms at least ``need`` of them have. The rows are merged
    term by term, each sum adding them in the order given: nothing vocabulary-sized is
    touched (scatter arrays over 10^6 terms took 1.6 times as long, in cache misses)."""
    past = np.int32(2 ** 31 - 1)  # after every term: an exhausted row's head
    heads = np.empty(n_rows, np.int32)
    positions = np.empty(n_rows, np.int64)
    ends = np.empty(n_rows, np.int64)
    for i in range(n_rows):
        positions[i], ends[i] = x_indptr[rows[i]], x_indptr[rows[i] + 1]
        heads[i] = x_indices[positions[i]] if positions[i] < ends[i] else past
    n_kept = 0
    while n_rows:
        term = heads[0]
        for i in range(1, n_rows):
            term = min(term, heads[i])
        if term == past:
            break
        total = np.float32(0)
        support = 0
        for i in range(n_rows):
            if heads[i] == term:
                p = positions[i]
                total += x_data[p]
                support += 1
                positions[i] = p + 1
                heads[i] = x_indices[p + 1] if p + 1 < ends[i] else past
        if support >= need:
            n_kept = _offer(heap_values, heap_columns, n_kept, n_expand, total, term)
    return n_kept


@njit(cache=True, nogil=True)
def expanded_top_rows(p_indptr, p_indices, p_data, c_indptr, c_indices,
                      indptr, indices, data, n_columns, b_indptr, b_indices, b_data,
                      x_indptr, x_indices, x_data, feedback, min_support, n_expand, pull, counts):
    """``backends.expand`` and the scoring after it, one profile at a time, reusing the
    first pass: a profile's scores against its unit vector ``v`` (rows ``p_*``) pick its
    ``feedback`` best articles; their centroid (doc-major ``x_*`` rows), over the terms
    at least ``min_support`` of them have (all of them, when fewer matched), cut to its
    ``n_expand`` heaviest terms and normalized, is ``c``; the expanded profile is
    ``(v + pull * c) / |v + pull * c|``, so its scores are the first pass's plus
    ``pull * c``'s, over the norm - only ``c``'s thirty-odd terms are read again, not
    the tags' long postings. Category columns (``c_*``, rows of the bonus matrix
    ``b_*``) add their bonus unscaled, as the stacked product does. Returns (bounds,
    columns, scores) like ``top_rows``; the scores equal the stacked product's up to
    float32 rounding (the sums run in another order)."""
    n = len(p_indptr) - 1
    acc = np.zeros(n_columns, np.float32)
    seen = np.zeros(n_columns, np.bool_)
    touched = np.empty(n_columns, np.int32)
    most = max(int(counts.max()) if n else 0, feedback, n_expand, 1)
    heap_values = np.empty(most, np.float32)
    heap_columns = np.empty(most, np.int32)
    picks = np.empty(max(feedback, 1), np.int32)
    pick_scores = np.empty(max(feedback, 1), np.float32)
    expand_terms = np.empty(max(n_expand, 1), np.int32)
    expand_values = np.empty(max(n_expand, 1), np.float32)
    bounds = np.zeros(n + 1, np.int64)
    out_columns = np.empty(int(counts.sum()), np.int32)
    out_scores = np.empty(int(counts.sum()), np.float32)
    for r in range(n):
        start, end = p_indptr[r], p_indptr[r + 1]
        dense, n_touched = _score_row(start, end, p_indices, p_data, indptr, indices, data, acc, seen, touched)
        # pseudo-relevance feedback: the centroid of the best few, cut to its heaviest terms
        n_picks = _best_of(acc, dense, touched, n_touched, feedback, heap_values, heap_columns)
        _drain(heap_values, heap_columns, n_picks, pick_scores, picks)
        n_kept = _heaviest_of_sum(picks, n_picks, x_indptr, x_indices, x_data, min(min_support, n_picks),
                                  n_expand, heap_values, heap_columns)
        _drain(heap_values, heap_columns, n_kept, expand_values, expand_terms)
        squares = 0.0
        for i in range(n_kept):
            squares += float(expand_values[i]) * float(expand_values[i])
        scale = pull / np.sqrt(squares) if squares > 0 else 0.0
        # |v + pull * c|^2 = |v|^2 + sum over c's terms of (2 v_t + e_t) e_t
        norm2 = 0.0
        for jj in range(start, end):
            norm2 += float(p_data[jj]) * float(p_data[jj])
        for i in range(n_kept):
            t = expand_terms[i]
            e = np.float32(expand_values[i] * scale)
            expand_values[i] = e
            at = np.searchsorted(p_indices[start:end], t)
            v = float(p_data[start + at]) if at < end - start and p_indices[start + at] == t else 0.0
            norm2 += (2.0 * v + float(e)) * float(e)
        for i in range(n_kept):
            term = expand_terms[i]
            n_touched = _add_postings(expand_values[i], indptr[term], indptr[term + 1], indices, data, acc,
                                      dense, seen, touched, n_touched)
        norm = np.sqrt(norm2) if norm2 > 0 else 1.0
        # the category bonus is added after the text is normalized: scaled by the norm here
        for cc in range(c_indptr[r], c_indptr[r + 1]):
            row = c_indices[cc]
            n_touched = _add_postings(np.float32(norm), b_indptr[row], b_indptr[row + 1], b_indices, b_data, acc,
                                      dense, seen, touched, n_touched)
        take = counts[r]
        size = _best_of(acc, dense, touched, n_touched, take, heap_values, heap_columns)
        begin = bounds[r]
        _drain(heap_values, heap_columns, size, out_scores[begin:begin + size], out_columns[begin:begin + size])
        for i in range(begin, begin + size):
            out_scores[i] = np.float32(out_scores[i] / norm)
        bounds[r + 1] = begin + size
        _clear(acc, dense, seen, touched, n_touched)
    return bounds, out_columns[: bounds[n]], out_scores[: bounds[n]]


@njit(cache=True, nogil=True)
def contains_rows(indptr, indices, rows, columns):
    """Per question i: whether row ``rows[i]`` (sorted indices) has column ``columns[i]``,
    and where the entry is (``anchors.contains``, compiled: a block of contacts asks
    hundreds of thousands of these)."""
    n = len(rows)
    found = np.zeros(n, np.bool_)
    at = np.empty(n, np.int64)
    for i in range(n):
        lo = np.int64(indptr[rows[i]])
        end = np.int64(indptr[rows[i] + 1])
        hi = end
        wanted = columns[i]
        while lo < hi:
            mid = (lo + hi) >> 1
            if indices[mid] < wanted:
                lo = mid + 1
            else:
                hi = mid
        at[i] = lo
        found[i] = lo < end and indices[lo] == wanted
    return found, at

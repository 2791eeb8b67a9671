"""Rows scaled to length 1 (L2), for sparse and dense matrices alike.

scikit-learn's ``normalize`` does this too, but importing scikit-learn costs about a
second, more than a whole warm run of ``giga suggest`` spends matching: a run that finds
every article already counted never imports it, so this is all it needs of it. Rows of
length 0 stay 0; sums of squares are taken in float64 and the result keeps the input's
dtype.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def unit_rows(matrix, copy: bool = True):  # type: ignore[no-untyped-def] - sparse or 2-d array, returned as given
    """``matrix`` with every non-zero row divided by its Euclidean length (in place for a
    CSR matrix when ``copy`` is False)."""
    if sp.issparse(matrix):
        rows = sp.csr_matrix(matrix, copy=copy)
        lengths = np.diff(rows.indptr)
        squares = np.zeros(rows.shape[0])
        filled = lengths > 0
        if rows.nnz:
            squares[filled] = np.add.reduceat(np.square(rows.data, dtype=np.float64), rows.indptr[:-1][filled])
        norms = np.sqrt(squares)
        norms[norms == 0] = 1
        rows.data /= np.repeat(norms.astype(rows.dtype), lengths)
        return rows
    array = np.asarray(matrix)
    norms = np.sqrt(np.einsum("ij,ij->i", array.astype(np.float64), array.astype(np.float64)))
    norms[norms == 0] = 1
    return (array / norms[:, None]).astype(array.dtype, copy=False)

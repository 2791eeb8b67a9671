"""Counting a few texts without scikit-learn: the same hashed columns and counts as the
``HashingVectorizer`` that ``ArticleVectorizer`` configures (lower-cased, its token
pattern, English stop words dropped, word n-grams, MurmurHash3 x86 32-bit with seed 0,
column ``abs(hash) % n_features``, counts summed).

Why: importing scikit-learn (it brings scipy.stats) takes about a second before anything
is counted, and ``giga share`` has one new page to count; the tags of a contact just
added are a handful of short texts. Large batches still go through scikit-learn, which
is faster per text. ``tests/test_vectorize.py`` checks both agree, column for column.

The stop words are scikit-learn's own list, read from its source file without importing
the package (the list is read as a literal, nothing is run).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import struct
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

__all__ = ["LIGHT_MAX_TEXTS", "english_stop_words", "light_counts", "light_terms", "murmurhash3_32"]

LIGHT_MAX_TEXTS = 16  # more texts than this: scikit-learn's compiled hasher pays for its import
_MASK = 0xFFFFFFFF


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 x86 32-bit of ``data`` as a signed 32-bit integer."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _MASK
    whole = len(data) // 4 * 4
    for k in struct.unpack(f"<{whole // 4}I", data[:whole]):
        k = (k * c1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        h ^= (k * c2) & _MASK
        h = ((h << 13) | (h >> 19)) & _MASK
        h = (h * 5 + 0xE6546B64) & _MASK
    tail = data[whole:]
    k = 0
    for shift, byte in enumerate(tail):
        k |= byte << (8 * shift)
    if tail:
        k = (k * c1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        h ^= (k * c2) & _MASK
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


@cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, from its source file (no package import)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("scikit-learn is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:  # ENGLISH_STOP_WORDS = frozenset([...])
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value.args \
                and any(isinstance(t, ast.Name) and t.id == "ENGLISH_STOP_WORDS" for t in node.targets):
            words = frozenset(ast.literal_eval(node.value.args[0]))
            break
    else:
        raise ImportError(f"no ENGLISH_STOP_WORDS in {path}")
    return words


def _column(feature: str, n_features: int) -> int:
    h = murmurhash3_32(feature.encode("utf-8"))
    if h == -(1 << 31):  # abs() of the smallest int32 is itself in C; scikit-learn defines it so
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


def light_terms(text: str, token_pattern: str, ngram_range: tuple[int, int]) -> list[str]:
    """The terms (word n-grams, stop words dropped) the hasher counts in ``text``, in order."""
    return _features(text, _compiled(token_pattern), english_stop_words(), *ngram_range)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _features(text: str, token: re.Pattern[str], stop: frozenset[str], low: int, high: int) -> list[str]:
    words = [w for w in token.findall(text.lower()) if w not in stop]
    out = list(words) if low == 1 else []
    for n in range(max(low, 2), min(high, len(words)) + 1):
        out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def light_counts(texts: Sequence[str], token_pattern: str, ngram_range: tuple[int, int], n_features: int,
                 dtype: type = np.float32) -> sp.csr_matrix:
    """Raw term counts of ``texts``, one row each, in the hashed space."""
    token, stop = _compiled(token_pattern), english_stop_words()
    low, high = ngram_range
    indptr, columns, values = [0], [], []
    for text in texts:
        counted = Counter(_column(f, n_features) for f in _features(text, token, stop, low, high))
        ordered = sorted(counted)
        columns.extend(ordered)
        values.extend(counted[c] for c in ordered)
        indptr.append(len(columns))
    return sp.csr_matrix((np.asarray(values, dtype=dtype), np.asarray(columns, dtype=np.int32),
                          np.asarray(indptr, dtype=np.int32)), shape=(len(texts), n_features))

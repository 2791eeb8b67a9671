"""Term counts kept between runs (see ``giga._recommend.vectorize``): a run loads what it
has and counts only the rest. Two tables of one shape: ``article_counts`` by article id
(dropped when the article changes) and ``text_counts`` by the text itself (interest tags,
titles). A database that cannot be written just counts them again next time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np
import sqlite_utils

from ..errors import GigaError
from .connection import write_transaction

Counted = tuple[np.ndarray, np.ndarray]  # hashed columns (int32), counts (float32)


class _KeptCounts:
    """Counts kept in ``table`` by ``key``, made by one ``counting`` (the vectorizer's rules)."""

    table = ""
    key = ""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def load(self, keys: Sequence[str], counting: str) -> dict[str, Counted]:
        """The kept counts of those ``keys`` that have them."""
        rows = self.db.execute(
            f"select {self.key}, columns, counts from {self.table} "
            f"where counting = ? and {self.key} in (select value from json_each(?))",
            [counting, json.dumps(list(keys))],
        )
        return {key: (np.frombuffer(columns, dtype="<i4"), np.frombuffer(counts, dtype="<f4"))
                for key, columns, counts in rows}

    def save(self, counted: Iterable[tuple[str, np.ndarray, np.ndarray]], counting: str) -> None:
        """Keep them for next time, in one transaction (old counts of a key are replaced)."""
        try:
            with write_transaction(self.db):
                self.db.conn.executemany(
                    f"insert or replace into {self.table} ({self.key}, counting, columns, counts) "
                    "values (?, ?, ?, ?)",
                    ((key, counting, np.asarray(columns, dtype="<i4").tobytes(),
                      np.asarray(counts, dtype="<f4").tobytes()) for key, columns, counts in counted),
                )
        except (sqlite3.Error, GigaError):  # read-only or full: counted again next time
            pass


class ArticleCounts(_KeptCounts):
    """Each article's counts, by article id."""

    table, key = "article_counts", "article_id"


class TextCounts(_KeptCounts):
    """Counts of short texts (interest tags, titles) by their text: the ``text_counts``
    seam of ``ArticleVectorizer``, so a run whose texts were all counted before needs no
    tokenizer at all."""

    table, key = "text_counts", "text"

"""Articles' term counts, kept between runs (see ``giga._recommend.vectorize``): a run
loads what it has and counts only the rest."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np
import sqlite_utils

from ..errors import GigaError
from .connection import write_transaction

Counted = tuple[np.ndarray, np.ndarray]  # hashed columns (int32), counts (float32)


def load_counts(db: sqlite_utils.Database, article_ids: Sequence[str], counting: str) -> dict[str, Counted]:
    """The stored counts of those articles that have them, made by ``counting``."""
    rows = db.execute(
        "select article_id, columns, counts from article_counts "
        "where counting = ? and article_id in (select value from json_each(?))",
        [counting, json.dumps(list(article_ids))],
    )
    return {article_id: (np.frombuffer(columns, dtype="<i4"), np.frombuffer(counts, dtype="<f4"))
            for article_id, columns, counts in rows}


def save_counts(db: sqlite_utils.Database, counted: Iterable[tuple[str, np.ndarray, np.ndarray]],
                counting: str) -> None:
    """Keep counts for next time (one transaction; an article's old counts are replaced)."""
    with write_transaction(db):
        db.conn.executemany(
            "insert or replace into article_counts (article_id, counting, columns, counts) values (?, ?, ?, ?)",
            ((article_id, counting, np.asarray(columns, dtype="<i4").tobytes(),
              np.asarray(counts, dtype="<f4").tobytes()) for article_id, columns, counts in counted),
        )


class TextCounts:
    """Counts of short texts (interest tags, titles) kept by their text: the ``text_counts``
    seam of ``ArticleVectorizer``, so a run whose texts were all counted before needs no
    tokenizer at all."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def load(self, texts: Sequence[str], counting: str) -> dict[str, Counted]:
        rows = self.db.execute(
            "select text, columns, counts from text_counts "
            "where counting = ? and text in (select value from json_each(?))",
            [counting, json.dumps(list(texts))],
        )
        return {text: (np.frombuffer(columns, dtype="<i4"), np.frombuffer(counts, dtype="<f4"))
                for text, columns, counts in rows}

    def save(self, counted: Iterable[tuple[str, np.ndarray, np.ndarray]], counting: str) -> None:
        """Keep them; a database that cannot be written just counts them again next time."""
        try:
            with write_transaction(self.db):
                self.db.conn.executemany(
                    "insert or replace into text_counts (text, counting, columns, counts) values (?, ?, ?, ?)",
                    ((text, counting, np.asarray(columns, dtype="<i4").tobytes(),
                      np.asarray(counts, dtype="<f4").tobytes()) for text, columns, counts in counted),
                )
        except (sqlite3.Error, GigaError):
            pass

"""Articles' term counts, kept between runs (see ``giga._recommend.vectorize``): a run
loads what it has and counts only the rest."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np
import sqlite_utils

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

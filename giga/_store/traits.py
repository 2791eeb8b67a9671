"""Each article's language and kind (job, event, shop or something to read), decided
when it is stored (``giga._feeds.language``, ``giga._feeds.kinds``). An article stored
before giga decided them has NULLs: a suggestion run decides those and keeps them here,
where the database can be written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

import sqlite_utils

from ..errors import GigaError
from .connection import write_transaction

Traits = tuple[str | None, str | None]  # (language, kind); None: not decided yet


def article_traits(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, Traits]:
    """The language and kind of each of those articles, by id."""
    rows = db.execute("select id, language, kind from articles where id in (select value from json_each(?))",
                      [json.dumps(list(ids))])
    return {article_id: (language, kind) for article_id, language, kind in rows}


def save_traits(db: sqlite_utils.Database, decided: Iterable[tuple[str, str, str]]) -> None:
    """Keep (id, language, kind) decided for articles stored without them, in one
    transaction; a database that cannot be written decides them again next time."""
    try:
        with write_transaction(db):
            db.conn.executemany("update articles set language = ?, kind = ? where id = ?",
                                ((language, kind, article_id) for article_id, language, kind in decided))
    except (sqlite3.Error, GigaError):  # read-only or full
        pass

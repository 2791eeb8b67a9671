"""Touches (the ``interactions`` table) and feedback (``feedback``) as one history: listed
together, numbered in one recording order (``recorded``, see migration 6), and deleted
one at a time. An entry's id says which table it is in: ``t12`` is interaction 12, ``f3``
feedback entry 3."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from .connection import write_transaction
from .timefmt import from_db, to_db

TOUCH, FEEDBACK = "t", "f"


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as stored; the service turns it into a public ``HistoryEntry``."""

    id: str
    contact_id: int
    kind: str  # the interaction's kind or the feedback's verdict
    text: str | None  # a touch's text, or the title of the article the feedback is about
    url: str | None
    article_id: str | None
    at: datetime
    recorded_at: datetime


_SELECT = """
    select * from (
        select 't' || i.id as id, i.contact_id, i.kind, i.text, i.url, null as article_id,
               i.at, i.logged_at as recorded_at, coalesce(i.recorded, 0) as recorded
        from interactions i
        union all
        select 'f' || f.id, f.contact_id, f.verdict, a.title, a.url, f.article_id,
               f.at, f.at, coalesce(f.recorded, 0)
        from feedback f left join articles a on a.id = f.article_id
    )"""


_LONG_AGO = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _row(values: tuple) -> Row:  # type: ignore[type-arg]
    entry_id, contact_id, kind, text, url, article_id, at, recorded_at, _ = values
    recorded = from_db(recorded_at, f"history entry {entry_id}: recorded_at") or _LONG_AGO
    # A date edited by hand into text is reported and shown as when it was recorded:
    # the entry stays listed, so it can still be undone or deleted.
    return Row(entry_id, contact_id, kind, text, url, article_id,
               from_db(at, f"history entry {entry_id}: at") or recorded, recorded)


def _next(db: sqlite_utils.Database, counter: str, highest: str) -> int:
    """The next number of ``counter``: above every number it handed out before (kept in
    ``history_counters``, so an undone entry's id is never given to a new one) and above
    ``highest`` (an SQL expression: the largest in use). Call inside the write transaction."""
    value = db.execute(f"select max(coalesce((select value from history_counters where name = ?), 0), "
                       f"coalesce(({highest}), 0)) + 1", [counter]).fetchone()[0]
    db.execute("insert into history_counters (name, value) values (?, ?) "
               "on conflict (name) do update set value = excluded.value", [counter, value])
    return int(value)


def next_recorded(db: sqlite_utils.Database) -> int:
    """The recording number of the next touch or feedback (one sequence for both)."""
    return _next(db, "recorded", "select max(n) from (select max(recorded) as n from interactions"
                                 " union all select max(recorded) from feedback)")


def next_touch_id(db: sqlite_utils.Database) -> int:
    return _next(db, TOUCH, "select max(id) from interactions")


def next_feedback_id(db: sqlite_utils.Database) -> int:
    return _next(db, FEEDBACK, "select max(id) from feedback")


def entries(db: sqlite_utils.Database, contact_id: int | None = None, limit: int | None = None) -> list[Row]:
    """Every entry (or one contact's), newest first by the date it happened."""
    where, params = ("where contact_id = ?", [contact_id]) if contact_id is not None else ("", [])
    sql = f"{_SELECT} {where} order by at desc, recorded desc"
    if limit is not None:
        sql += f" limit {int(limit)}"
    return [_row(values) for values in db.execute(sql, params)]


def last_recorded(db: sqlite_utils.Database) -> Row | None:
    """The entry recorded last (whatever date it was logged for)."""
    values = db.execute(f"{_SELECT} order by recorded desc, recorded_at desc limit 1").fetchone()
    return _row(values) if values else None


def entry(db: sqlite_utils.Database, entry_id: str) -> Row | None:
    values = db.execute(f"{_SELECT} where id = ?", [entry_id]).fetchone()
    return _row(values) if values else None


def delete(db: sqlite_utils.Database, row: Row, sent_article_id: str | None = None) -> None:
    """Remove the entry; a shared touch also takes back the "sent" mark it put on the
    draft of ``sent_article_id`` (unless another share of that link remains)."""
    key = int(row.id[1:])
    with write_transaction(db):
        if row.id.startswith(FEEDBACK):
            db.execute("delete from feedback where id = ?", [key])
            return
        db.execute("delete from interactions where id = ?", [key])
        if sent_article_id is None or row.url is None:
            return
        still_shared = db.execute("select 1 from interactions where contact_id = ? and url = ? limit 1",
                                  [row.contact_id, row.url]).fetchone()
        if still_shared is None:
            db.execute("update drafts set sent_at = null where contact_id = ? and article_id = ? and sent_at = ?",
                       [row.contact_id, sent_article_id, to_db(row.at)])

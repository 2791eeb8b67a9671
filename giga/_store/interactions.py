"""The give/ask ledger: every touch, dated; the user's private memory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from ..models import GIVE_KINDS, Interaction
from .connection import write_transaction
from .timefmt import from_db, to_db

GIVES = tuple(sorted(GIVE_KINDS))


def _interaction(row: Any, names: dict[int, str] | None = None, name: str | None = None) -> Interaction:
    interaction_id, contact_id, kind, text, url, at = row
    return Interaction(
        id=interaction_id,
        contact=name if name is not None else (names or {}).get(contact_id, ""),
        kind=kind,
        text=text,
        url=url,
        at=from_db(at),  # type: ignore[arg-type]
    )


def add_interaction(
    db: sqlite_utils.Database,
    contact_id: int,
    kind: str,
    text: str | None,
    url: str | None,
    at: datetime,
    now: datetime,
) -> int:
    with write_transaction(db):
        return int(
            db["interactions"]
            .insert(
                {
                    "contact_id": contact_id,
                    "kind": kind,
                    "text": text,
                    "url": url,
                    "at": to_db(at),
                    "logged_at": to_db(now),
                }
            )
            .last_pk
        )


_COLUMNS = "id, contact_id, kind, text, url, at"


def last_touches(db: sqlite_utils.Database, names: dict[int, str]) -> dict[int, Interaction]:
    """The latest interaction of every contact that has one."""
    rows = db.execute(
        f"""select {_COLUMNS} from interactions i
            where id = (select id from interactions j where j.contact_id = i.contact_id
                        order by at desc, id desc limit 1)"""
    )
    return {row[1]: _interaction(row, names) for row in rows}


def history(db: sqlite_utils.Database, contact_id: int, name: str) -> list[Interaction]:
    rows = db.execute(
        f"select {_COLUMNS} from interactions where contact_id = ? order by at desc, id desc",
        [contact_id],
    )
    return [_interaction(row, name=name) for row in rows]


def all_interactions(db: sqlite_utils.Database, names: dict[int, str],
                     since: datetime | None = None) -> list[Interaction]:
    """Every contact's interactions, newest first, in one query."""
    where, params = ("where at >= ?", [to_db(since)]) if since is not None else ("", [])
    rows = db.execute(f"select {_COLUMNS} from interactions {where} order by at desc, id desc", params)
    return [_interaction(row, names) for row in rows]


def last_of_kinds(db: sqlite_utils.Database, contact_id: int, kinds: tuple[str, ...]) -> datetime | None:
    marks = ",".join("?" * len(kinds))
    row = db.execute(
        f"select max(at) from interactions where contact_id = ? and kind in ({marks})",
        [contact_id, *kinds],
    ).fetchone()
    return from_db(row[0]) if row and row[0] else None


def count_kinds(db: sqlite_utils.Database, contact_id: int, kinds: tuple[str, ...]) -> int:
    marks = ",".join("?" * len(kinds))
    row = db.execute(
        f"select count(*) from interactions where contact_id = ? and kind in ({marks})",
        [contact_id, *kinds],
    ).fetchone()
    return int(row[0])


def shared_urls(db: sqlite_utils.Database, contact_id: int) -> set[str]:
    """Every URL already passed along to this contact: never suggest them again."""
    rows = db.execute(
        "select url from interactions where contact_id = ? and url is not null", [contact_id]
    )
    return {row[0] for row in rows}


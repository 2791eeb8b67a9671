"""Drafts the user was given: the phrasing each person got last, and what was sent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlite_utils

from .connection import write_transaction
from .timefmt import to_db


def save_drafts(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]], now: datetime) -> None:
    """Remember drafts handed out (a draft already sent keeps its sent mark)."""
    with write_transaction(db):
        for row in rows:
            db.execute(
                "insert into drafts (contact_id, article_id, kind, variant, subject, body, created_at)"
                " values (:contact_id, :article_id, :kind, :variant, :subject, :body, :created_at)"
                " on conflict (contact_id, article_id) do update set kind = excluded.kind,"
                " variant = excluded.variant, subject = excluded.subject, body = excluded.body"
                " where drafts.sent_at is null",
                {**row, "created_at": to_db(now)},
            )


def recent_variants(db: sqlite_utils.Database, contact_id: int, except_article: str) -> list[str]:
    """Phrasings this person was given most recently (latest first), other articles only."""
    rows = db.execute(
        "select variant from drafts where contact_id = ? and article_id != ?"
        " order by coalesce(sent_at, created_at) desc, rowid desc limit 3",
        [contact_id, except_article],
    )
    return [row[0] for row in rows]


def mark_sent(db: sqlite_utils.Database, contact_id: int, article_id: str, at: datetime) -> bool:
    """Mark a draft as sent; False when there was no such draft."""
    with write_transaction(db):
        cursor = db.execute(
            "update drafts set sent_at = ? where contact_id = ? and article_id = ? and sent_at is null",
            [to_db(at), contact_id, article_id],
        )
    return cursor.rowcount > 0

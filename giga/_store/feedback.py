"""What the user said about suggestions: liked, not for them, skipped."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from .connection import write_transaction
from .timefmt import to_db


def record_feedback(
    db: sqlite_utils.Database, contact_id: int, article_id: str, verdict: str, now: datetime
) -> None:
    with write_transaction(db):
        db["feedback"].upsert(
            {"contact_id": contact_id, "article_id": article_id, "verdict": verdict, "at": to_db(now)},
            pk=("contact_id", "article_id"),
        )


def feedback_of(db: sqlite_utils.Database, contact_id: int) -> dict[str, str]:
    """article id -> verdict, for one contact."""
    rows = db.execute("select article_id, verdict from feedback where contact_id = ?", [contact_id])
    return dict(rows.fetchall())

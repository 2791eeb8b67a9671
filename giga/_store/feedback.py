"""What the user said about suggestions: liked, not for them, skipped."""

from __future__ import annotations

import json
from collections.abc import Iterable
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


def feedback_of(db: sqlite_utils.Database, contact_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Per contact: article id -> verdict, for all of ``contact_ids`` in one query."""
    rows = db.execute("select contact_id, article_id, verdict from feedback "
                      "where contact_id in (select value from json_each(?))", [json.dumps(list(contact_ids))])
    found: dict[int, dict[str, str]] = {}
    for contact_id, article_id, verdict in rows:
        found.setdefault(contact_id, {})[article_id] = verdict
    return found

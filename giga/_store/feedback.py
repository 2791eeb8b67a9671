"""What the user said about suggestions: liked, not for them, skipped."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import sqlite_utils

from .connection import write_transaction
from .history import next_feedback_id, next_recorded
from .timefmt import to_db


def record_feedback(
    db: sqlite_utils.Database, contact_id: int, article_id: str, verdict: str, now: datetime
) -> None:
    """One verdict per contact and article: a new one replaces the old (keeping its id)
    and counts as recorded now, for ``giga undo``."""
    with write_transaction(db):
        db.execute(
            "insert into feedback (contact_id, article_id, verdict, at, id, recorded)"
            " values (?, ?, ?, ?, ?, ?)"
            " on conflict (contact_id, article_id) do update"
            " set verdict = excluded.verdict, at = excluded.at, recorded = excluded.recorded",
            [contact_id, article_id, verdict, to_db(now), next_feedback_id(db), next_recorded(db)],
        )


def feedback_of(db: sqlite_utils.Database, contact_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Per contact: article id -> verdict, for all of ``contact_ids`` in one query."""
    rows = db.execute("select contact_id, article_id, verdict from feedback "
                      "where contact_id in (select value from json_each(?))", [json.dumps(list(contact_ids))])
    found: dict[int, dict[str, str]] = {}
    for contact_id, article_id, verdict in rows:
        found.setdefault(contact_id, {})[article_id] = verdict
    return found

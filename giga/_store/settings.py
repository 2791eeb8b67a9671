"""User settings (default cadence, signature, time zone) as JSON values in one table."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from .connection import write_transaction
from .lenient import json_from_db


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("select value from settings where key = ?", [key]).fetchone()
    return json_from_db(row[0], f"setting {key}") if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    with write_transaction(db):
        db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")

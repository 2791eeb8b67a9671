"""Opening the SQLite file so that two giga runs never crash each other.

WAL lets readers proceed during a write; the busy timeout makes a second writer wait
instead of failing with "database is locked"; ``BEGIN IMMEDIATE`` takes the write lock
up front, because a deferred transaction that upgrades from read to write can fail with
SQLITE_BUSY without ever consulting the busy handler.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ..errors import StorageError

BUSY_TIMEOUT_MS = 60_000


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database file with WAL and a busy timeout."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn)
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StorageError(f"cannot open database {target}: {exc}") from exc
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: everything inside commits together or not at all.

    sqlite-utils calls made inside nest as savepoints of this transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise

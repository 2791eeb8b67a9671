"""Opening the SQLite file so that two giga runs never crash each other, and so that a
file that is not giga's is never touched.

WAL lets readers proceed during a write; the busy timeout makes a second writer wait
instead of failing with "database is locked"; ``BEGIN IMMEDIATE`` takes the write lock
up front, because a deferred transaction that upgrades from read to write can fail with
SQLITE_BUSY without ever consulting the busy handler. A writer that has waited
``NOTICE_AFTER_MS`` says so (one line, through ``notice``) and keeps waiting; past the
busy timeout it fails with one line.

Before anything is written (WAL included) the file is looked at: it must be new, empty
or a giga database (``identify``); another program's SQLite file, a device such as
/dev/null, a folder or ``:memory:`` is refused, and left as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ..errors import StorageError
from .identify import check_giga_file
from .notice import inform


def _timeout_ms() -> int:
    """The busy timeout: 60 s, or ``GIGA_BUSY_TIMEOUT`` seconds (for scripts and tests
    that would rather fail fast)."""
    with contextlib.suppress(ValueError):
        return max(0, int(float(os.environ.get("GIGA_BUSY_TIMEOUT", "")) * 1000))
    return 60_000


BUSY_TIMEOUT_MS = _timeout_ms()
NOTICE_AFTER_MS = 2_000  # a wait this long is worth a line on stderr


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database file with WAL and a busy timeout."""
    text = os.fspath(path)
    if text in ("", ":memory:") or text.startswith("file:"):
        raise StorageError(f"{text or 'an empty name'} is no file: giga keeps what you add in a file; give a file name")
    target = Path(text).expanduser()
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            inform(f"created the folder {target.parent}")
        if target.exists() and not target.is_file():
            raise StorageError(f"{target} is not a regular file (a folder, device or pipe); give a database file")
        new = not target.exists() or target.stat().st_size == 0
        conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn)
        check_giga_file(db, target)  # before WAL: someone else's file stays byte-for-byte as it was
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
    except (sqlite3.Error, OSError) as exc:
        raise StorageError.from_exception(exc, target) from exc
    if new:
        inform(f"created a new giga database at {target}")
    return db


def _is_busy(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _file_of(db: sqlite_utils.Database) -> str:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else "the database"


def _begin_immediate(db: sqlite_utils.Database) -> None:
    """``BEGIN IMMEDIATE``, saying on stderr when another process makes it wait."""
    conn = db.conn
    first = min(NOTICE_AFTER_MS, BUSY_TIMEOUT_MS)
    conn.execute(f"PRAGMA busy_timeout = {first}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    where = _file_of(db)
    inform(f"waiting for another giga process holding {where}...")
    conn.execute(f"PRAGMA busy_timeout = {max(0, BUSY_TIMEOUT_MS - first)}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
        raise StorageError(
            f"database {where} is locked by another process (another giga still running?); "
            f"gave up after {BUSY_TIMEOUT_MS / 1000:g} s: try again when it has finished") from exc
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: everything inside commits together or not at all.

    sqlite-utils calls made inside nest as savepoints of this transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    _begin_immediate(db)
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

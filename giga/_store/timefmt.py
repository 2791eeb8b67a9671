"""Timestamps are stored as ISO 8601 UTC text: sortable, and readable in Datasette.

Read leniently: a value edited by hand into something else ("next Tuesday") is reported
once and read as no time at all, never an exception that stops every command.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from .notice import warn_once


def to_db(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_db(value: str | None, where: str = "a stored time") -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        warn_once(f"{where}: {str(value)[:60]!r} is not a date and time (ISO 8601, 2026-03-01T09:00:00); ignored")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def date_from_db(value: str | None, where: str = "a stored date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        warn_once(f"{where}: {str(value)[:60]!r} is not a date (2026-03-01); ignored")
        return None

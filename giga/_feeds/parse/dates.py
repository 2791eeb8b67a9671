"""Feed date strings to timezone-aware UTC datetimes.

Why not just call feedparser's date parser? It tries up to nine handlers (W3C-DTF,
RFC 822, ISO 8601, asctime, Korean, Greek...) one regex after another, which costs tens
of microseconds per date; two dates per entry would eat most of the parse budget. So the
two shapes that make up almost every real feed (RFC 822 ``Tue, 10 Jun 2003 04:00:00
GMT`` and W3C-DTF ``2003-06-10T04:00:00Z``) are handled here, and anything else is
handed to feedparser's parser, so odd formats are read exactly as feedparser reads them.

Feedparser's results have one-second precision (a ``time.struct_time``), so sub-second
parts are dropped here too; feeds never need them and agreeing matters more.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

__all__ = ["parse_date", "from_struct_time", "usable_date"]

UTC = timezone.utc

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Offsets (hours) of the zone names RFC 822 defines plus the usual North American ones.
# Names not listed here are not guessed: the string goes to feedparser's parser.
_ZONES = {
    "gmt": 0, "ut": 0, "utc": 0, "z": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}
_RFC822 = re.compile(
    r"\s*(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})"
    r"\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]{1,3}))\s*"
)
_W3CDTF = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:(Z)|([+-])(\d{2}):(\d{2}))\s*"
)


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """A UTC ``struct_time`` (as feedparser gives) to an aware datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _fast(value: str) -> datetime | None:
    m = _RFC822.fullmatch(value)
    if m is not None:
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        if m.group(10) is not None:
            hours = _ZONES.get(m.group(10).lower())
            if hours is None:
                return None
            offset = timedelta(hours=hours)
        else:
            offset = timedelta(hours=int(m.group(8)), minutes=int(m.group(9)))
            if m.group(7) == "-":
                offset = -offset
        stamp = datetime(
            int(m.group(3)), month, int(m.group(1)),
            int(m.group(4)), int(m.group(5)), int(m.group(6) or 0), tzinfo=UTC,
        )
        return stamp - offset
    m = _W3CDTF.fullmatch(value)
    if m is not None:
        stamp = datetime(
            int(m.group(1)), int(m.group(2)), int(m.group(3)),
            int(m.group(4)), int(m.group(5)), int(m.group(6) or 0), tzinfo=UTC,
        )
        if m.group(7) is None:
            offset = timedelta(hours=int(m.group(9)), minutes=int(m.group(10)))
            stamp -= -offset if m.group(8) == "-" else offset
        return stamp
    return None


def _slow(value: str) -> datetime | None:
    """Everything unusual: feedparser's own multi-format parser."""
    from feedparser.datetimes import _parse_date  # the library's one date entry point

    try:
        return from_struct_time(_parse_date(value))
    except Exception:  # a third-party parser must never break a feed
        return None


def parse_date(value: str | None) -> datetime | None:
    """Parse a feed date; None when absent or unreadable."""
    if not value:
        return None
    try:
        result = _fast(value)
    except (ValueError, OverflowError):
        result = None
    if result is None:
        result = _slow(value)
    return result


# A date before this is a placeholder (the epoch, year 1) or a typo, not when a feed
# entry was published: web feeds began in the late 1990s.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# How far ahead of our clock a publisher's may be. Later than that, the date is not a
# publication date: an event listing gives the day of the event, a shop the day a sale
# ends, a broken feed the year 2099.
CLOCK_SKEW = timedelta(days=1)


def usable_date(value: datetime | None, now: datetime) -> datetime | None:
    """``value`` when it can be the day an entry was published, seen at ``now``; None
    when it is absent, before 1995 or more than a day in the future. An entry without a
    usable date is dated by when giga first stored it."""
    if value is None or value < EARLIEST or value > now + CLOCK_SKEW:
        return None
    return value

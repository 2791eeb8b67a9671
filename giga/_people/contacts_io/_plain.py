"""The "csv" format: giga's own simple CSV, and Thunderbird's address-book CSV.

giga's CSV is what a person types in a spreadsheet: a ``name`` column (required) and any
of ``email, tags, every, first_name, company, position, linkedin, website, feed, notes``
(any case; ``first name`` works too, and so do the ContactRecord field names
``cadence_days``, ``feed_url``, ``linkedin_url``, so a table written from records reads
back). ``tags`` is one cell, comma-separated; ``every`` is the cadence in whole days
(1 to 3650). Unknown columns are ignored.

Thunderbird's export (``First Name,Last Name,Display Name,Nickname,Primary Email,...``)
is read as a second layout of the same format: it is the other "plain" address-book CSV
people have, and it has no tags or cadence of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..._types import ContactRecord

from ...types import SkippedRow
from ._clean import build_record, parse_cadence, split_tags
from ._table import CsvLayout, Row, Table

__all__ = ["PLAIN", "THUNDERBIRD"]


def _plain_matches(header: Sequence[str]) -> bool:
    return "name" in header


def _plain_convert(row: Row, table: Table) -> ContactRecord | SkippedRow:
    try:
        cadence = parse_cadence(row.get("every", "cadence_days", "cadence days"))
    except ValueError as e:
        return SkippedRow(row.line, str(e))
    return build_record(
        row.line,
        name=row.get("name"),
        first_name=row.get("first_name", "first name"),
        emails=[row.get("email", "emails", "e-mail")],
        tags=split_tags([row.get("tags")]),
        cadence_days=cadence,
        company=row.get("company"),
        position=row.get("position"),
        urls=[row.get("linkedin", "linkedin_url"), row.get("website")],
        feed_url=row.get("feed", "feed_url"),
        notes=row.get("notes"),
    )


def _thunderbird_matches(header: Sequence[str]) -> bool:
    return "primary email" in header and "display name" in header


def _thunderbird_convert(row: Row, table: Table) -> ContactRecord | SkippedRow:
    first = row.get("first name")
    full = " ".join(p.strip() for p in (first, row.get("last name")) if p.strip())
    return build_record(
        row.line,
        name=row.get("display name") or full or row.get("nickname"),
        first_name=first,
        emails=[row.get("primary email"), row.get("secondary email")],
        company=row.get("organization"),
        position=row.get("job title"),
        urls=[row.get("web page 1"), row.get("web page 2")],
        notes=row.get("notes"),
    )


PLAIN = CsvLayout("csv", "giga CSV (a 'name' column)", _plain_matches, _plain_convert)
THUNDERBIRD = CsvLayout("csv", "Thunderbird address-book CSV", _thunderbird_matches, _thunderbird_convert)

"""LinkedIn's "Connections.csv" (Settings > Data privacy > Get a copy of your data).

Layouts seen in real exports (see ../shared/corpus/contacts/linkedin/SOURCES.md):

* 2024: a ``Notes:`` preamble (3 lines) then
  ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``;
* 2018: no preamble, no ``URL``; dates like ``"1/8/18, 6:14 PM"`` (quoted, with a comma);
* spreadsheet re-saves: CRLF, ``,,`` padding, sometimes only ``Company,Position,Connected On``
  left. Rows there have no person in them: each is skipped with a reason, not an error.

Most e-mails are empty (members must opt in to share them), so a name alone is enough.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..._types import ContactRecord

from ...types import SkippedRow
from ._clean import build_record, clean_line
from ._table import CsvLayout, Row, Table

__all__ = ["LINKEDIN"]

_NAME_COLUMNS = ("first name", "last name")


def _matches(header: Sequence[str]) -> bool:
    columns = set(header)
    return "connected on" in columns and (
        {"first name", "last name"} <= columns or {"company", "position"} <= columns
    )


def _convert(row: Row, table: Table) -> ContactRecord | SkippedRow:
    first = clean_line(row.get("first name"))
    last = clean_line(row.get("last name"))
    connected = clean_line(row.get("connected on"))
    has_names = any(c in table.header for c in (*_NAME_COLUMNS, "email address"))
    return build_record(
        row.line,
        name=" ".join(p for p in (first, last) if p),
        first_name=first,
        emails=[row.get("email address")],
        company=row.get("company"),
        position=row.get("position"),
        urls=[row.get("url")],
        notes=f"Connected on {connected}" if connected else None,
        unusable=(
            "no name and no e-mail address"
            if has_names
            else "no name and no e-mail address (this export has no name or e-mail columns)"
        ),
    )


LINKEDIN = CsvLayout("linkedin", "LinkedIn Connections.csv", _matches, _convert)

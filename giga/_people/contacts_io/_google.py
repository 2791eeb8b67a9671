"""Google Contacts CSV export ("Google CSV"), both header generations.

* current: ``First Name,Middle Name,Last Name,...,Organization Name,Organization Title,...,
  Notes,...,Labels,E-mail 1 - Label,E-mail 1 - Value,...,Website 1 - Value``;
* legacy (before ~2020): ``Name,Given Name,Additional Name,Family Name,...,Notes,...,
  Group Membership,E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,
  Organization 1 - Title,...,Website 1 - Value``.

The numbered groups grow with the data (``E-mail 3 - Value`` ...) and one cell may hold
several values joined by `` ::: ``. Labels become tags, minus Google's own system groups
(``* myContacts``, ``* starred``); other system groups (``* Friends``) keep their name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..._types import ContactRecord

from ...types import SkippedRow
from ._clean import SYSTEM_GROUPS, build_record, clean_line, split_tags
from ._table import CsvLayout, Row, Table

__all__ = ["GOOGLE"]

_EMAIL_VALUE = re.compile(r"e-?mail \d+ - value")
_WEBSITE_VALUE = re.compile(r"website \d+ - value")


def _matches(header: Sequence[str]) -> bool:
    return any(_EMAIL_VALUE.fullmatch(h) for h in header) or "given name" in header


def _convert(row: Row, table: Table) -> ContactRecord | SkippedRow:
    first = clean_line(row.get("first name", "given name"))
    parts = (first, row.get("middle name", "additional name"), row.get("last name", "family name"))
    joined = " ".join(p for p in (clean_line(x) for x in parts) if p)
    labels = [label.strip().removeprefix("* ") for cell in (row.get("labels"), row.get("group membership"))
              for label in cell.split(":::")]
    company = row.get("organization name", "organization 1 - name")
    return build_record(
        row.line,
        # Google shows the organisation when a contact has no name; so do we.
        name=row.get("name") or joined or row.get("nickname", "file as") or company,
        first_name=first,
        emails=[v for cell in row.matching(_EMAIL_VALUE) for v in cell.split(":::")],
        tags=split_tags(labels, drop=SYSTEM_GROUPS),
        company=company,
        position=row.get("organization title", "organization 1 - title"),
        urls=[v for cell in row.matching(_WEBSITE_VALUE) for v in cell.split(":::")],
        notes=row.get("notes"),
    )


GOOGLE = CsvLayout("google", "Google Contacts CSV", _matches, _convert)

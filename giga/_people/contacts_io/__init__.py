"""Contact files in: LinkedIn Connections.csv, vCard, Google Contacts CSV, giga's CSV.

Pure: a path in, a :class:`~giga._types.ContactFile` out; no database, network or clock.

The whole file is read and parsed before anything is returned, so the caller imports all
or nothing. Two kinds of trouble, kept apart on purpose:

* a row (or card) that cannot be used (no name and no e-mail, a bad ``every``, extra cells
  from an unquoted comma) becomes a :class:`~giga.types.SkippedRow` with its line and a
  reason: one bad row never costs the other hundreds;
* a malformed file (undecodable bytes, a header no layout knows, broken CSV quoting, a
  vCard never closed, over 50 MB) raises :class:`~giga.errors.InputError` naming the file
  and, when known, the line.

Line numbers are 1-based physical lines: the first line of a CSV record, the
``BEGIN:VCARD`` line of a card. Per-format rules live in the format's module; the
cleaning every field goes through (e-mails, tags, URLs, control characters) in
``_clean``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..._types import ContactFile, ContactRecord

from ...errors import ArgumentError
from ...types import Contact, ContactFormat, SkippedRow
from ._load import MAX_CONTACTS_BYTES, load_text
from ._sniff import ALL_LAYOUTS, LAYOUTS, csv_layout, is_vcard
from ._table import read_table
from ._vcard import read_vcard
from ._write import write_csv, write_vcard

__all__ = ["EXPORT_FORMATS", "MAX_CONTACTS_BYTES", "read_contacts", "sniff_format", "write_contacts"]

#: What ``write_contacts`` writes (and ``read_contacts`` reads back).
EXPORT_FORMATS = ("vcard", "csv")



def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of the file at ``path``; InputError when it cannot tell."""
    name = os.fspath(path)
    text = load_text(name)
    if is_vcard(name, text):
        return "vcard"
    return csv_layout(name, text, ALL_LAYOUTS, sniffing=True)[0].format


def read_contacts(path: str | os.PathLike[str], format: str | None = None) -> ContactFile:  # noqa: A002
    """Read every contact in the file; ``format`` (a ``ContactFormat``) skips the sniffing."""
    if format is not None and format not in ContactFormat.__members__.values():
        choices = ", ".join(ContactFormat)
        raise ArgumentError("format", f"unknown contacts format {format!r}; expected one of {choices}")
    name = os.fspath(path)
    text = load_text(name)
    if format == "vcard" or (format is None and is_vcard(name, text)):
        return read_vcard(text, name)
    layouts = LAYOUTS[format] if format else ALL_LAYOUTS
    layout, header = csv_layout(name, text, layouts, sniffing=format is None)
    table = read_table(text, name, header)
    records: list[ContactRecord] = []
    skipped = [SkippedRow(line, "more cells than the header has columns (an unquoted comma?)") for line in table.overlong]
    for row in table.rows:
        result = layout.convert(row, table)
        (records if isinstance(result, ContactRecord) else skipped).append(result)
    skipped.sort(key=lambda s: s.line or 0)
    return ContactFile(layout.format, tuple(records), tuple(skipped))


def write_contacts(contacts: Iterable[Contact], format: str = "vcard") -> str:
    """Contacts as a vCard 4.0 or giga CSV text that ``read_contacts`` reads back."""
    if format == "vcard":
        return write_vcard(contacts)
    if format == "csv":
        return write_csv(contacts)
    raise ArgumentError("format", f"contacts are exported as {' or '.join(EXPORT_FORMATS)}, not {format!r}")

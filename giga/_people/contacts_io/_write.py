"""Contacts out: vCard 4.0 (RFC 6350) or giga's own CSV, each written so that
``giga contacts import`` reads back the same contacts.

* vCard: vobject writes the cards (escaping of ``,`` ``;`` ``\\`` and newlines, line
  folding, CRLF). Interests are ``CATEGORIES`` (a comma-separated list, so a comma inside
  an interest is escaped); what vCard has no property for is an ``X-GIGA-`` extension
  (``X-GIGA-CADENCE`` in days, ``X-GIGA-FEED``), which other programs keep or ignore.
  Every card has ``X-GIGA-CADENCE``: it tells the importer the escapes are RFC 6350's
  (other exporters escape the commas between categories too).
* CSV: the columns the giga CSV importer reads (``_plain.py``), one contact a row; the
  csv module quotes cells with commas, quotes or newlines. ``tags`` is one cell of
  comma-separated interests, an interest with a comma, semicolon or quote in it quoted
  as in CSV (``"R&D, Europe", AWS``).

Pure: contacts in, text out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ...types import Contact

__all__ = ["CSV_COLUMNS", "write_csv", "write_vcard"]

CSV_COLUMNS = ("name", "first_name", "emails", "company", "position", "linkedin_url", "website",
               "feed_url", "tags", "every", "notes")


def write_vcard(contacts: Iterable[Contact]) -> str:
    """Every contact as one vCard 4.0 card."""
    import vobject  # the importer's parser; loaded only when contacts are written

    out = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("fn").value = contact.name
        card.add("n").value = vobject.vcard.Name(family=_family(contact), given=contact.first_name or "")
        for address in contact.emails:
            card.add("email").value = address
        if contact.company:
            card.add("org").value = [contact.company]
        if contact.position:
            card.add("title").value = contact.position
        for url in (contact.linkedin_url, contact.website):
            if url:
                card.add("url").value = url
        if contact.tags:
            card.add("categories").value = list(contact.tags)
        card.add("x-giga-cadence").value = str(contact.cadence_days)
        if contact.feed_url:
            card.add("x-giga-feed").value = contact.feed_url
        if contact.notes:
            card.add("note").value = contact.notes
        out.append(card.serialize())
    return "".join(out)


def _family(contact: Contact) -> str:
    """The rest of the display name after the first name (vCard's N wants them apart)."""
    first = contact.first_name or ""
    if first and contact.name.startswith(first + " "):
        return contact.name[len(first) + 1:]
    return "" if first == contact.name else contact.name


def write_csv(contacts: Iterable[Contact]) -> str:
    """Every contact as one row under ``CSV_COLUMNS``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # RFC 4180: CRLF line ends, minimal quoting
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        writer.writerow([c.name, c.first_name, ", ".join(c.emails), c.company or "", c.position or "",
                         c.linkedin_url or "", c.website or "", c.feed_url or "", join_tags(c.tags),
                         c.cadence_days, c.notes or ""])
    return buffer.getvalue()


def join_tags(tags: Sequence[str]) -> str:
    """Interests as one cell, each with a separator or quote in it quoted (``"a, b", c``)."""
    return ", ".join(f'"{t.replace(chr(34), chr(34) * 2)}"' if any(ch in t for ch in ',;"') else t for t in tags)

"""Naming one contact among several: by e-mail, LinkedIn URL or ``#id`` when a name is
shared, and the exact spelling first when a name fits more than one."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from .._store import contacts as contact_rows
from ..identity import DuplicatePair
from ..types import Contact
from .identity import linkedin_key
from .names import word_key


def handle(contact: Contact) -> str:
    """What names this contact and no other: an e-mail, a LinkedIn URL, else ``#id``."""
    return contact.emails[0] if contact.emails else contact.linkedin_url or f"#{contact.id}"


def prefer_exact(found: list[Contact], wanted: str) -> list[Contact]:
    """Of several contacts a name fits ("Walter Hughes" fits "Dr. Walter Hughes" too), the
    one spelled exactly so, else the one equal but for case and accents."""
    if len(found) < 2:
        return found
    for same in (lambda c: c.name.casefold() == wanted.casefold(), lambda c: word_key(c.name) == word_key(wanted)):
        exact = [c for c in found if same(c)]
        if len(exact) == 1:
            return exact
    return found


def contacts_by_identifier(db: sqlite_utils.Database, wanted: str) -> list[Contact]:
    """The contact an e-mail address, a LinkedIn profile URL or ``#id`` names."""
    if wanted.startswith("#") and wanted[1:].isdigit():
        row = db.execute("select id from contacts where id = ?", [int(wanted[1:])]).fetchone()
        return [contact_rows.get_contact(db, row[0])] if row else []
    if "@" in wanted and " " not in wanted:
        by_email = contact_rows.contact_by_email(db, wanted)
        return [by_email] if by_email else []
    if "linkedin.com/" in wanted.casefold():
        profile = linkedin_key(wanted)
        return [c for c in contact_rows.list_contacts(db) if c.linkedin_url and linkedin_key(c.linkedin_url) == profile]
    return []


def possible_duplicates(db: sqlite_utils.Database, found: Sequence[tuple[int, int, str]]) -> tuple[DuplicatePair, ...]:
    """An import's (stored id, new id, reason) triples as public pairs."""
    if not found:
        return ()
    by_id = {c.id: c for c in contact_rows.list_contacts(db)}  # one query, however many pairs
    return tuple(DuplicatePair(by_id[keep], by_id[other], reason) for keep, other, reason in found)

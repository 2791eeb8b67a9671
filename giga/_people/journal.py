"""What the user recorded, and taking it back: the touches of the give/ask ledger and the
feedback on suggestions as one history, with ``undo`` (the last entry recorded) and
``delete`` (any one entry by its id).

A mistaken ``giga log`` otherwise stays forever: it resets the contact's cadence (so
``giga due`` forgets them) and counts in their give/ask balance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sqlite_utils

from .._store import contacts as contact_rows
from .._store import history as history_rows
from .._store.articles import find_article
from ..errors import ArgumentError, NotFoundError
from ..history import HistoryEntry
from ..types import Contact, InteractionKind
from .service import People

_ID = re.compile(r"([tf])([0-9]{1,18})")


class Journal:
    """History, undo and delete over one database."""

    def __init__(self, db: sqlite_utils.Database, people: People) -> None:
        self.db = db
        self.people = people

    def history(self, name: str | Contact | None = None, *, limit: int | None = None) -> list[HistoryEntry]:
        """Touches and feedback (everyone's, or one contact's), newest first."""
        if name is None:
            contacts = {c.id: c for c in self.people.contacts()}
            rows = history_rows.entries(self.db, limit=limit)
        else:
            contact = self.people.contact(name)
            contacts = {contact.id: contact}
            rows = history_rows.entries(self.db, contact.id, limit=limit)
        return [self._entry(row, contacts) for row in rows if row.contact_id in contacts]

    def undo(self) -> HistoryEntry | None:
        """Delete the touch or feedback recorded last (by recording order, not by the date
        it was logged for) and return it; None when there is nothing to undo."""
        row = history_rows.last_recorded(self.db)
        return self._delete(row) if row is not None else None

    def delete(self, entry_id: str) -> HistoryEntry:
        """Delete one entry by its id (``t12``, ``f3``) and return it."""
        wanted = entry_id.strip().lower()
        if not _ID.fullmatch(wanted):
            raise ArgumentError("id", f"expected t<number> (a touch) or f<number> (feedback), not {entry_id!r}")
        row = history_rows.entry(self.db, wanted)
        if row is None:
            raise NotFoundError(f"no history entry {wanted} (giga history lists them)")
        return self._delete(row)

    def _delete(self, row: history_rows.Row) -> HistoryEntry:
        entry = self._entry(row, {row.contact_id: contact_rows.get_contact(self.db, row.contact_id)})
        sent = None
        if entry.is_touch and entry.kind == InteractionKind.SHARED and entry.url:
            from .._feeds.parse.normalize import (
                canonical_url,  # parsers load only when needed
            )

            article = find_article(self.db, entry.url, canonical_url(entry.url))
            sent = article.id if article else None
        history_rows.delete(self.db, row, sent)
        return entry

    @staticmethod
    def _entry(row: history_rows.Row, contacts: Mapping[int, Contact]) -> HistoryEntry:
        return HistoryEntry(row.id, contacts[row.contact_id], row.kind, row.text, row.url, row.at,
                            row.recorded_at, row.article_id)

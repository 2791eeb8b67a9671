"""One person, one contact: listing likely duplicates and merging two contacts.

Built by the facade beside ``People``, whose lookups it uses; the rules of who is who are
in ``identity`` (pure) and the moving of rows in ``_store/merge``.
"""

from __future__ import annotations

import sqlite_utils

from .._settings import Settings
from .._store import contacts as contact_rows
from .._store import merge as merge_rows
from ..errors import ArgumentError, ContactNotFoundError
from ..identity import DuplicatePair, MergeReport
from ..types import Contact
from .identity import find_duplicates
from .service import People


class Duplicates:
    """Likely duplicate contacts, and merging them, over one database."""

    def __init__(self, db: sqlite_utils.Database, settings: Settings, people: People) -> None:
        self.db = db
        self.settings = settings
        self.people = people

    def duplicates(self) -> list[DuplicatePair]:
        """Pairs of contacts that are probably one person, strongest reasons first."""
        return find_duplicates(self.people.contacts(), contact_rows.name_keys(self.db))

    def merge(self, keep: str | Contact, other: str | Contact) -> MergeReport:
        """Everything of ``other`` onto ``keep`` (see ``_store.merge``), then ``other`` is gone."""
        kept, merged = self._resolve(keep), self._resolve(other)
        if kept.id == merged.id:
            raise ArgumentError("merge", f"{_said(keep)} and {_said(other)} are the same contact "
                                f"({kept.name}): nothing to merge")
        moved = merge_rows.merge_contacts(self.db, kept.id, merged.id, self.settings.clock())
        return MergeReport(
            keep=contact_rows.get_contact(self.db, kept.id),
            other=merged,
            emails=tuple(moved.emails),
            touches=moved.touches,
            drafts=moved.drafts,
            feedback=moved.feedback,
            feeds=moved.feeds,
            tags=tuple(moved.tags),
            filled=tuple(moved.filled),
            kept_own=moved.kept_own,
        )

    def _resolve(self, who: str | Contact) -> Contact:
        if not isinstance(who, Contact):
            return self.people.contact(who)
        row = self.db.execute("select id from contacts where id = ?", [who.id]).fetchone()
        if row is None:
            raise ContactNotFoundError(f"{who.name} (#{who.id}) is no longer stored")
        return contact_rows.get_contact(self.db, who.id)


def _said(who: str | Contact) -> str:
    return repr(who.name if isinstance(who, Contact) else who)

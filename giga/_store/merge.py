"""Merging two contacts into one: everything of OTHER moves onto KEEP, in one transaction.

Every table that refers to a contact is handled here: e-mails, touches (interactions),
drafts, feedback and the contact's own feeds. A table added later with a ``contact_id``
column is moved as it is (and ``tests/test_merge.py`` fails until it is listed here), so
nothing is ever left pointing at a contact that no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from .connection import write_transaction
from .contacts import update_contact
from .lenient import tags_from_db

#: Tables whose ``contact_id`` this module moves with care; see ``_move_rest`` for others.
HANDLED = ("contact_emails", "interactions", "drafts", "feedback", "feeds")

# Fields of KEEP that OTHER fills when KEEP has none; notes are appended instead.
_FILLED = ("first_name", "company", "position", "linkedin_url", "website", "feed_url")


@dataclass
class Moved:
    """What ``merge_contacts`` moved (the facade turns it into a ``MergeReport``)."""

    emails: list[str] = field(default_factory=list)
    touches: int = 0
    drafts: int = 0
    feedback: int = 0
    feeds: int = 0
    tags: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    kept_own: int = 0


def contact_tables(db: sqlite_utils.Database) -> list[str]:
    """Every table with a ``contact_id`` column (the contacts table itself aside)."""
    return [t for t in db.table_names() if "contact_id" in db[t].columns_dict]


def merge_contacts(db: sqlite_utils.Database, keep: int, other: int, now: datetime) -> Moved:
    """Move every e-mail, touch, draft, verdict and feed of ``other`` onto ``keep``, fill
    ``keep``'s empty fields and union the tags, then delete ``other``: all or nothing.
    Where both have a draft or a verdict for one article, ``keep``'s stays (a sent mark
    of ``other``'s draft carries over, so the article is never drafted again)."""
    moved = Moved()
    with write_transaction(db):
        keep_row, other_row = db["contacts"].get(keep), db["contacts"].get(other)
        moved.emails = [e for (e,) in db.execute(
            "select email from contact_emails where contact_id = ? order by position", [other])]
        after = db.execute("select coalesce(max(position) + 1, 0) from contact_emails where contact_id = ?",
                           [keep]).fetchone()[0]
        db.execute("update contact_emails set contact_id = ?, position = position + ? where contact_id = ?",
                   [keep, after, other])
        moved.touches = db.execute("update interactions set contact_id = ? where contact_id = ?",
                                   [keep, other]).rowcount
        db.execute("""update drafts set sent_at = (select o.sent_at from drafts o where o.contact_id = ?
                        and o.article_id = drafts.article_id)
                      where contact_id = ? and sent_at is null and article_id in
                        (select article_id from drafts where contact_id = ? and sent_at is not null)""",
                   [other, keep, other])
        moved.drafts = _move_unless_kept(db, "drafts", keep, other)
        moved.feedback = _move_unless_kept(db, "feedback", keep, other)
        moved.kept_own = (db.execute("select count(*) from drafts where contact_id = ?", [other]).fetchone()[0]
                          + db.execute("select count(*) from feedback where contact_id = ?", [other]).fetchone()[0])
        db.execute("delete from drafts where contact_id = ?", [other])
        db.execute("delete from feedback where contact_id = ?", [other])
        moved.feeds = db.execute("update feeds set contact_id = ? where contact_id = ?", [keep, other]).rowcount
        _move_rest(db, keep, other)
        update_contact(db, keep, _filled_fields(keep_row, other_row, moved), now)
        db.execute("delete from contacts where id = ?", [other])
    return moved


def _move_unless_kept(db: sqlite_utils.Database, table: str, keep: int, other: int) -> int:
    """Rows of ``other`` moved to ``keep``, except those on an article ``keep`` has one for."""
    return db.execute(f"update or ignore {table} set contact_id = ? where contact_id = ?", [keep, other]).rowcount


def _move_rest(db: sqlite_utils.Database, keep: int, other: int) -> None:
    """Tables added after this module was written: their rows follow the contact."""
    for table in contact_tables(db):
        if table not in HANDLED:
            db.execute(f"update [{table}] set contact_id = ? where contact_id = ?", [keep, other])


def _filled_fields(keep: dict[str, Any], other: dict[str, Any], moved: Moved) -> dict[str, Any]:
    """KEEP's row changes: empty fields taken from OTHER, notes appended, tags united."""
    changes: dict[str, Any] = {}
    for name in _FILLED:
        if other.get(name) and not keep.get(name):
            changes[name] = other[name]
            moved.filled.append(name)
    notes = [n.strip() for n in (keep.get("notes"), other.get("notes")) if n and n.strip()]
    if len(notes) == 2 and notes[1] not in notes[0]:
        changes["notes"] = f"{notes[0]}\n\n{notes[1]}"
        moved.filled.append("notes")
    elif len(notes) == 1 and not (keep.get("notes") or "").strip():
        changes["notes"] = notes[0]
        moved.filled.append("notes")
    keep_tags = list(tags_from_db(keep.get("tags"), f"contact {keep.get('name')!r} (id {keep['id']})"))
    other_tags = list(tags_from_db(other.get("tags"), f"contact {other.get('name')!r} (id {other['id']})"))
    moved.tags = [t for t in dict.fromkeys(other_tags) if t not in keep_tags]
    if moved.tags:
        changes["tags"] = [*keep_tags, *moved.tags]
    return changes

"""Contact rows, their e-mail addresses, and merging imported records into them.

An imported record is matched to a stored contact by e-mail, then LinkedIn URL, then
normalized name, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlite_utils

from .._people.names import first_name_of, name_key, visible
from .._types import ContactRecord
from ..types import Contact
from .connection import write_transaction
from .timefmt import from_db, to_db

# Fields an import may fill in when the stored contact has none (it never overwrites).
_FILLABLE = ("first_name", "company", "position", "linkedin_url", "website", "feed_url", "notes")


def _emails_of(db: sqlite_utils.Database, contact_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
    sql = "select contact_id, email from contact_emails"
    params: list[Any] = []
    if contact_ids is not None:
        sql += f" where contact_id in ({','.join('?' * len(contact_ids))})"
        params = list(contact_ids)
    found: dict[int, list[str]] = {}
    for contact_id, email in db.execute(sql + " order by contact_id, position", params):
        found.setdefault(contact_id, []).append(email)
    return found


def row_to_contact(row: dict[str, Any], emails: Sequence[str]) -> Contact:
    snoozed = row.get("snoozed_until")
    return Contact(
        id=row["id"],
        name=row["name"],
        first_name=row.get("first_name") or row.get("greeting_name") or first_name_of(row["name"]),
        emails=tuple(emails),
        tags=tuple(json.loads(row.get("tags") or "[]")),
        cadence_days=row["cadence_days"],
        company=row.get("company"),
        position=row.get("position"),
        linkedin_url=row.get("linkedin_url"),
        website=row.get("website"),
        feed_url=row.get("feed_url"),
        notes=row.get("notes"),
        snoozed_until=date.fromisoformat(snoozed) if snoozed else None,
        created_at=from_db(row.get("created_at")),
        updated_at=from_db(row.get("updated_at")),
    )


def list_contacts(db: sqlite_utils.Database) -> list[Contact]:
    emails = _emails_of(db)
    return [
        row_to_contact(row, emails.get(row["id"], []))
        for row in db["contacts"].rows_where(order_by="name_key, id")
    ]


def get_contact(db: sqlite_utils.Database, contact_id: int) -> Contact:
    row = db["contacts"].get(contact_id)
    return row_to_contact(row, _emails_of(db, [contact_id]).get(contact_id, []))


def contacts_by_name(db: sqlite_utils.Database, name: str) -> list[Contact]:
    """Contacts whose name matches (titles, case and accents aside); a name without a
    letter or digit matches only a contact of exactly that name."""
    key = name_key(name)
    where, value = ("name_key = ?", key) if key else ("name = ?", " ".join(visible(name).split()))
    rows = db["contacts"].rows_where(where, [value], order_by="id")
    return [get_contact(db, row["id"]) for row in rows]


def contact_by_email(db: sqlite_utils.Database, email: str) -> Contact | None:
    row = db.execute("select contact_id from contact_emails where email = ?", [email.lower()]).fetchone()
    return get_contact(db, row[0]) if row else None


def _set_emails(db: sqlite_utils.Database, contact_id: int, emails: Iterable[str]) -> None:
    db.execute("delete from contact_emails where contact_id = ?", [contact_id])
    db.conn.executemany(
        "insert or ignore into contact_emails (email, contact_id, position) values (?, ?, ?)",
        [(email.lower(), contact_id, i) for i, email in enumerate(dict.fromkeys(emails))],
    )


def insert_contact(db: sqlite_utils.Database, fields: dict[str, Any], now: datetime) -> int:
    """Store a new contact; ``fields`` uses Contact's field names."""
    with write_transaction(db):
        stamp = to_db(now)
        row = {
            "name": fields["name"],
            "name_key": name_key(fields["name"]),
            "greeting_name": first_name_of(fields["name"]),
            "first_name": fields.get("first_name"),
            "tags": json.dumps(list(fields.get("tags") or ()), ensure_ascii=False),
            "cadence_days": fields["cadence_days"],
            "created_at": stamp,
            "updated_at": stamp,
            **{k: fields.get(k) for k in _FILLABLE if k != "first_name"},
        }
        contact_id = db["contacts"].insert(row).last_pk
        _set_emails(db, contact_id, fields.get("emails") or ())
    return int(contact_id)


def update_contact(db: sqlite_utils.Database, contact_id: int, changes: dict[str, Any], now: datetime) -> None:
    """Apply ``changes`` (Contact field names); e-mails and tags replace the old lists."""
    with write_transaction(db):
        row: dict[str, Any] = {"updated_at": to_db(now)}
        for key, value in changes.items():
            if key == "emails":
                _set_emails(db, contact_id, value)
            elif key == "tags":
                row["tags"] = json.dumps(list(value), ensure_ascii=False)
            elif key == "name":
                row["name"] = value
                row["name_key"] = name_key(value)
                row["greeting_name"] = first_name_of(value)
            elif key == "snoozed_until":
                row["snoozed_until"] = value.isoformat() if value else None
            else:
                row[key] = value
        db["contacts"].update(contact_id, row)


def delete_contact(db: sqlite_utils.Database, contact_id: int) -> None:
    """Remove a contact and their ledger; their feed stays subscribed, unlinked."""
    with write_transaction(db):
        db.execute("update feeds set contact_id = null where contact_id = ?", [contact_id])
        db.execute("delete from interactions where contact_id = ?", [contact_id])
        db.execute("delete from feedback where contact_id = ?", [contact_id])
        db.execute("delete from drafts where contact_id = ?", [contact_id])
        db.execute("delete from contact_emails where contact_id = ?", [contact_id])
        db.execute("delete from contacts where id = ?", [contact_id])


@dataclass
class MergeOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _match(db: sqlite_utils.Database, record: ContactRecord) -> int | None:
    """Email first, then LinkedIn URL, then normalized name (only if unambiguous)."""
    for email in record.emails:
        row = db.execute("select contact_id from contact_emails where email = ?", [email.lower()]).fetchone()
        if row:
            return int(row[0])
    if record.linkedin_url:
        row = db.execute("select id from contacts where linkedin_url = ?", [record.linkedin_url]).fetchone()
        if row:
            return int(row[0])
    key = name_key(record.name)
    where, value = ("name_key = ?", key) if key else ("name = ?", record.name)
    rows = db.execute(f"select id from contacts where {where}", [value]).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def _merged_changes(row: dict[str, Any], stored: Contact, record: ContactRecord) -> dict[str, Any]:
    """What a record adds to a stored contact: missing fields, new e-mails and tags.

    ``row`` is the raw stored row, so a first name derived from the display name does
    not count as one the user set.
    """
    changes: dict[str, Any] = {
        key: getattr(record, key) for key in _FILLABLE if getattr(record, key) and not row.get(key)
    }
    emails = list(dict.fromkeys([*stored.emails, *(e.lower() for e in record.emails)]))
    if emails != list(stored.emails):
        changes["emails"] = emails
    tags = list(dict.fromkeys([*stored.tags, *record.tags]))
    if tags != list(stored.tags):
        changes["tags"] = tags
    return changes


def merge_records(
    db: sqlite_utils.Database, records: Iterable[ContactRecord], default_cadence: int, now: datetime
) -> MergeOutcome:
    """Add or update every record in one transaction: all of them, or none."""
    outcome = MergeOutcome()
    with write_transaction(db):
        for record in records:
            existing = _match(db, record)
            if existing is None:
                fields = {
                    "name": record.name,
                    "first_name": record.first_name,
                    "emails": [e.lower() for e in record.emails],
                    "tags": list(record.tags),
                    "cadence_days": record.cadence_days or default_cadence,
                    **{k: getattr(record, k) for k in _FILLABLE if k != "first_name"},
                }
                insert_contact(db, fields, now)
                outcome.added.append(record.name)
                continue
            stored = get_contact(db, existing)
            changes = _merged_changes(db["contacts"].get(existing), stored, record)
            if changes:
                update_contact(db, existing, changes, now)
                outcome.updated.append(stored.name)
            else:
                outcome.unchanged.append(stored.name)
    return outcome

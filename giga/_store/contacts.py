"""Contact rows, their e-mail addresses, and merging imported records into them.

An imported record is matched to a stored contact by LinkedIn profile, then e-mail, then
normalized name when no identifier says they are two people (``_people/identity``), so
importing the same file twice changes nothing and namesakes stay apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from .._people.fields import merge_tags
from .._people.identity import conflict, linkedin_key
from .._people.names import first_name_of, name_key, visible
from .._types import ContactRecord
from ..types import Contact, SkippedRow
from .connection import write_transaction
from .lenient import int_from_db, tags_from_db
from .timefmt import date_from_db, from_db, to_db

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
    """A stored row as a Contact; values edited by hand into something else are read
    leniently and reported (``lenient``), never an exception."""
    who = f"contact {row.get('name')!r} (id {row['id']})"
    return Contact(
        id=row["id"],
        name=row["name"],
        first_name=row.get("first_name") or row.get("greeting_name") or first_name_of(row["name"]),
        emails=tuple(emails),
        tags=tags_from_db(row.get("tags"), who),
        cadence_days=max(1, int_from_db(row["cadence_days"], 30, f"{who}: cadence_days")),
        company=row.get("company"),
        position=row.get("position"),
        linkedin_url=row.get("linkedin_url"),
        website=row.get("website"),
        feed_url=row.get("feed_url"),
        notes=row.get("notes"),
        snoozed_until=date_from_db(row.get("snoozed_until"), f"{who}: snoozed_until"),
        created_at=from_db(row.get("created_at"), f"{who}: created_at"),
        updated_at=from_db(row.get("updated_at"), f"{who}: updated_at"),
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
    # (stored contact id, new contact id, why they may be one person): kept apart, reported
    possible_duplicates: list[tuple[int, int, str]] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)  # records no contact could be chosen for


@dataclass
class _Found:
    contact_id: int | None = None
    namesakes: list[tuple[int, str]] = field(default_factory=list)  # (id, reason): maybe the same person
    ambiguous: int = 0  # how many contacts fit a record that has nothing to tell them apart


def _identifiers(db: sqlite_utils.Database, contact_id: int) -> tuple[str | None, list[str]]:
    row = db.execute("select linkedin_url from contacts where id = ?", [contact_id]).fetchone()
    return (row[0] if row else None), _emails_of(db, [contact_id]).get(contact_id, [])


def _email_owner(db: sqlite_utils.Database, email: str) -> int | None:
    row = db.execute("select contact_id from contact_emails where email = ?", [email.lower()]).fetchone()
    return int(row[0]) if row else None


def _match(db: sqlite_utils.Database, record: ContactRecord, profiles: dict[str, int]) -> _Found:
    """LinkedIn profile first, then e-mail, then name when no identifier says otherwise.

    An e-mail match is vetoed by a different LinkedIn profile (a shared inbox), and a
    name match by a different profile or by e-mail addresses with none in common. A
    record with no identifier that several namesakes fit is not guessed at."""
    profile = linkedin_key(record.linkedin_url)
    if profile and profile in profiles:
        return _Found(profiles[profile])
    found = _Found()
    for email in record.emails:
        owner = _email_owner(db, email)
        if owner is None or any(owner == seen for seen, _ in found.namesakes):
            continue
        reason = conflict(record.linkedin_url, record.emails, *_identifiers(db, owner))
        if reason is None:
            return _Found(owner)
        found.namesakes.append((owner, f"same e-mail address, {reason}"))
    key = name_key(record.name)
    where, value = ("name_key = ?", key) if key else ("name = ?", record.name)
    namesakes = db.execute(f"select id, linkedin_url from contacts where {where} order by id", [value]).fetchall()
    emails = _emails_of(db, [candidate for candidate, _ in namesakes]) if namesakes else {}
    fitting = []
    for candidate, url in namesakes:
        if any(candidate == seen for seen, _ in found.namesakes):
            continue
        reason = conflict(record.linkedin_url, record.emails, url, emails.get(candidate, []))
        if reason is None:
            fitting.append(int(candidate))
        else:
            found.namesakes.append((int(candidate), f"same name, {reason}"))
    if len(fitting) == 1:
        return _Found(fitting[0])
    if fitting and not (profile or record.emails):
        found.ambiguous = len(fitting)
    found.namesakes += [(candidate, "same name") for candidate in fitting]
    return found


def _profile_index(db: sqlite_utils.Database) -> dict[str, int]:
    """Every stored LinkedIn profile (as compared) -> the first contact with it."""
    index: dict[str, int] = {}
    for contact_id, url in db.execute("select id, linkedin_url from contacts where linkedin_url is not null order by id"):
        key = linkedin_key(url)
        if key:
            index.setdefault(key, int(contact_id))
    return index


def _remember_profile(profiles: dict[str, int], url: str | None, contact_id: int) -> None:
    key = linkedin_key(url)
    if key:
        profiles.setdefault(key, contact_id)


def _merged_changes(db: sqlite_utils.Database, row: dict[str, Any], stored: Contact,
                    record: ContactRecord) -> dict[str, Any]:
    """What a record adds to a stored contact: missing fields, new e-mails and tags.

    ``row`` is the raw stored row, so a first name derived from the display name does
    not count as one the user set. An address another contact has stays theirs.
    """
    changes: dict[str, Any] = {
        key: getattr(record, key) for key in _FILLABLE if getattr(record, key) and not row.get(key)
    }
    new = [e.lower() for e in record.emails if _email_owner(db, e) in (None, stored.id)]
    emails = list(dict.fromkeys([*stored.emails, *new]))
    if emails != list(stored.emails):
        changes["emails"] = emails
    tags = merge_tags(stored.tags, record.tags)  # "aws" is not news when "AWS" is stored
    if tags != list(stored.tags):
        changes["tags"] = tags
    return changes


def merge_records(
    db: sqlite_utils.Database, records: Iterable[ContactRecord], default_cadence: int, now: datetime
) -> MergeOutcome:
    """Add or update every record in one transaction: all of them, or none. Records are
    matched against what the earlier records of the same file added, too."""
    outcome = MergeOutcome()
    with write_transaction(db):
        profiles = _profile_index(db)
        for record in records:
            found = _match(db, record, profiles)
            if found.ambiguous:
                outcome.skipped.append(SkippedRow(record.line, (
                    f"{record.name} could be any of {found.ambiguous} contacts with that name; "
                    "give an e-mail address or LinkedIn URL to tell them apart")))
                continue
            existing = found.contact_id
            if existing is None:
                fields = {
                    "name": record.name,
                    "first_name": record.first_name,
                    "emails": [e.lower() for e in record.emails],
                    "tags": list(record.tags),
                    "cadence_days": record.cadence_days or default_cadence,
                    **{k: getattr(record, k) for k in _FILLABLE if k != "first_name"},
                }
                new_id = insert_contact(db, fields, now)
                _remember_profile(profiles, record.linkedin_url, new_id)
                outcome.added.append(record.name)
                outcome.possible_duplicates += [(other, new_id, why) for other, why in found.namesakes]
                continue
            stored = get_contact(db, existing)
            changes = _merged_changes(db, db["contacts"].get(existing), stored, record)
            if changes:
                update_contact(db, existing, changes, now)
                _remember_profile(profiles, changes.get("linkedin_url"), existing)
                outcome.updated.append(stored.name)
            else:
                outcome.unchanged.append(stored.name)
    return outcome


def name_keys(db: sqlite_utils.Database) -> dict[int, str]:
    """Every contact's stored matching key (``names.name_key``), by id."""
    return {int(contact_id): key or "" for contact_id, key in db.execute("select id, name_key from contacts")}

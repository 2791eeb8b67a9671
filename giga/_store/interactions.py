"""The give/ask ledger: every touch, dated; the user's private memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import sqlite_utils

from ..types import GIVE_KINDS, Contact, Interaction, InteractionKind
from .connection import write_transaction
from .history import next_recorded, next_touch_id
from .notice import warn_once
from .timefmt import from_db, to_db

GIVES = tuple(sorted(GIVE_KINDS))
_KINDS = {kind.value for kind in InteractionKind}


def _interaction(row: Any, contact: Contact) -> Interaction:
    interaction_id, _, kind, text, url, at = row
    return Interaction(
        id=interaction_id,
        contact=contact,
        kind=InteractionKind(kind),
        text=text,
        url=url,
        at=from_db(at),  # type: ignore[arg-type]
    )


def _of_known(rows: Iterable[Any], contacts: Mapping[int, Contact]) -> list[Interaction]:
    """Interactions of known contacts; one whose time or kind was edited into something
    giga cannot read is reported and left out."""
    found = []
    for row in rows:
        if row[1] not in contacts:
            continue
        where = f"interaction {row[0]} of {contacts[row[1]].name!r}"
        if row[2] not in _KINDS:
            warn_once(f"{where}: unknown kind {str(row[2])[:30]!r}; left out")
        elif from_db(row[5], f"{where}: at") is not None:
            found.append(_interaction(row, contacts[row[1]]))
    return found


def add_interaction(
    db: sqlite_utils.Database,
    contact_id: int,
    kind: str,
    text: str | None,
    url: str | None,
    at: datetime,
    now: datetime,
) -> int:
    with write_transaction(db):
        return int(
            db["interactions"]
            .insert(
                {
                    "id": next_touch_id(db),  # never one an undone touch had
                    "contact_id": contact_id,
                    "kind": kind,
                    "text": text,
                    "url": url,
                    "at": to_db(at),
                    "logged_at": to_db(now),
                    "recorded": next_recorded(db),  # the order giga undo takes entries back in
                }
            )
            .last_pk
        )


_COLUMNS = "id, contact_id, kind, text, url, at"


def last_touches(db: sqlite_utils.Database, contacts: Mapping[int, Contact]) -> dict[int, Interaction]:
    """The latest interaction of every contact that has one."""
    rows = db.execute(
        f"""select {_COLUMNS} from interactions i
            where id = (select id from interactions j where j.contact_id = i.contact_id
                        order by at desc, id desc limit 1)"""
    )
    return {touch.contact.id: touch for touch in _of_known(rows, contacts)}


def history(db: sqlite_utils.Database, contact: Contact) -> list[Interaction]:
    rows = db.execute(
        f"select {_COLUMNS} from interactions where contact_id = ? order by at desc, id desc",
        [contact.id],
    )
    return _of_known(rows, {contact.id: contact})


def all_interactions(db: sqlite_utils.Database, contacts: Mapping[int, Contact],
                     since: datetime | None = None) -> list[Interaction]:
    """Every contact's interactions, newest first, in one query."""
    where, params = ("where at >= ?", [to_db(since)]) if since is not None else ("", [])
    rows = db.execute(f"select {_COLUMNS} from interactions {where} order by at desc, id desc", params)
    return _of_known(rows, contacts)


def last_of_kinds(db: sqlite_utils.Database, contact_id: int, kinds: tuple[str, ...]) -> datetime | None:
    marks = ",".join("?" * len(kinds))
    row = db.execute(
        f"select max(at) from interactions where contact_id = ? and kind in ({marks})",
        [contact_id, *kinds],
    ).fetchone()
    return from_db(row[0]) if row and row[0] else None


def shared_urls(db: sqlite_utils.Database, contact_ids: Iterable[int]) -> dict[int, set[str]]:
    """Per contact, every URL already passed along to them (never suggest those again),
    for all of ``contact_ids`` in one query."""
    rows = db.execute("select contact_id, url from interactions where url is not null "
                      "and contact_id in (select value from json_each(?))", [json.dumps(list(contact_ids))])
    found: dict[int, set[str]] = {}
    for contact_id, url in rows:
        found.setdefault(contact_id, set()).add(url)
    return found

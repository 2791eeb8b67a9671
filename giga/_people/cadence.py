"""Who is due for a touch, and the "deposits before withdrawals" rule. Pure: the caller
passes the clock reading and the time zone.

Due dates are local calendar days: a touch on Monday evening with a 7-day cadence is due
next Monday wherever the user lives, whatever DST did in between (whole days are added
to the local date, never 24-hour multiples to an instant).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo

from .names import word_key
from ..types import Contact, DueContact, Interaction


def local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def due_on(contact: Contact, last_touch: Interaction | None, tz: tzinfo) -> date:
    """The day the next touch falls due; never-touched contacts are due from the day
    they were added."""
    if last_touch is None:
        return local_date(contact.created_at, tz) if contact.created_at else date.min
    return local_date(last_touch.at, tz) + timedelta(days=contact.cadence_days)


def due_contacts(
    contacts: Iterable[Contact],
    last_touches: Mapping[int, Interaction],
    today: date,
    tz: tzinfo,
    limit: int | None = None,
) -> list[DueContact]:
    """Contacts due today or earlier and not snoozed, most overdue (relative to their
    cadence) first. ``limit`` keeps a large backlog to a day's worth."""
    due: list[DueContact] = []
    for contact in contacts:
        if contact.snoozed_until and contact.snoozed_until > today:
            continue
        touch = last_touches.get(contact.id)
        when = due_on(contact, touch, tz)
        if when > today:
            continue
        days_over = (today - when).days if when != date.min else 0
        due.append(
            DueContact(
                contact=contact,
                due_on=when,
                days_over=days_over,
                overdue=days_over / max(contact.cadence_days, 1),
                last_touch=touch,
            )
        )
    due.sort(key=lambda d: (-d.overdue, -d.days_over, word_key(d.contact.name), d.contact.id))
    return due[:limit] if limit is not None else due


def ask_warning(contact: Contact, last_give: datetime | None, now: datetime) -> str | None:
    """A gentle nudge when asking someone who has had nothing from the user lately.

    Never a block, and never shown to the contact."""
    window = timedelta(days=contact.cadence_days)
    if last_give is not None and last_give >= now - window:
        return None
    since = "ever" if last_give is None else f"in the last {contact.cadence_days} days"
    return (
        f"Deposits before withdrawals: you have not given {contact.first_name} anything {since}. "
        "Logged anyway; maybe pass something useful along soon."
    )


def touch_weight(days_since: int | None, cadence_days: int) -> float:
    """How much a fitting article counts for someone, by the relationship: 1 for a
    contact due (or never touched), down to 1/2 for one written to today, so a person
    the user has neglected comes before one they wrote to yesterday when both fit."""
    if days_since is None:
        return 1.0
    return 0.5 + 0.5 * min(1.0, max(days_since, 0) / max(cadence_days, 1))

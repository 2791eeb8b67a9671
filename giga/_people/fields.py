"""The rules for a contact's fields, checked once for every way a contact comes in
(``contacts add``, ``contacts edit`` and every importer), so they cannot disagree."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ArgumentError
from .names import visible

#: Beyond ten years a cadence is a typo, and huge integers would not fit SQLite's INTEGER.
MAX_CADENCE_DAYS = 3650


def is_email(address: str) -> bool:
    """A plausible address: one @, no spaces, a dot inside the domain (not at its ends)."""
    local, at, domain = address.partition("@")
    if not local or not at or "@" in domain or any(c.isspace() for c in address):
        return False
    return "." in domain.strip(".") and ".." not in domain and domain[0] != "." and domain[-1] != "."


def check_emails(values: Iterable[str]) -> list[str]:
    """Addresses as given by the user: trimmed, lower-cased, each one plausible."""
    addresses = list(dict.fromkeys(v.strip().lower() for v in values if v and v.strip()))
    for address in addresses:
        if not is_email(address):
            raise ArgumentError("email", f"not an e-mail address: {address!r}")
    return addresses


def check_cadence(days: object) -> int:
    """A cadence is a whole number of days from 1 to ``MAX_CADENCE_DAYS``."""
    if not isinstance(days, int) or isinstance(days, bool) or days < 1 or days > MAX_CADENCE_DAYS:
        raise ArgumentError("cadence", f"must be a whole number of days from 1 to {MAX_CADENCE_DAYS}, not {days!r}")
    return days


def clean_name(value: object) -> str:
    """A display name on one line, without invisible characters; a contact needs one."""
    name = " ".join(visible(str(value or "")).split())
    if not name:
        raise ArgumentError("name", "a contact needs a name")
    return name


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Interest tags: comma-separated or a list; case-insensitive, multi-word kept."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    return list(dict.fromkeys(" ".join(t.split()).lower() for t in items if t and t.strip()))

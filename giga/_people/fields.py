"""The rules for a contact's fields, checked once for every way a contact comes in
(``contacts add``, ``contacts edit`` and every importer), so they cannot disagree."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..errors import ArgumentError
from .names import visible

#: Beyond ten years a cadence is a typo, and huge integers would not fit SQLite's INTEGER.
MAX_CADENCE_DAYS = 3650


def email_forms(address: str) -> tuple[str, str | None]:
    """``(stored form, ASCII form)`` of an address, by email-validator's syntax rules
    (no DNS lookup): the stored form is its normalized form (Unicode domain, NFC) in lower
    case, since giga keeps addresses unique whatever their case; the ASCII form has the
    domain in IDNA (punycode), and is None when the local part itself is not ASCII (RFC
    6531 mail only). ArgumentError when it is not an address."""
    from email_validator import (  # 20 ms: only when needed
        EmailNotValidError,
        validate_email,
    )

    text = address.strip()
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise ArgumentError("email", f"not an e-mail address: {text!r} ({exc})") from None
    stored = unicodedata.normalize("NFC", checked.normalized.lower())
    ascii_form = checked.ascii_email.lower() if checked.ascii_email else None
    return stored, ascii_form


def normalize_email(address: str) -> str:
    """The form giga stores an address in; ArgumentError when it is not an address."""
    return email_forms(address)[0]


def is_email(address: str) -> bool:
    """Would ``normalize_email`` accept it?"""
    try:
        email_forms(address)
    except ArgumentError:
        return False
    return True


def check_mailbox(value: str, field: str = "sender") -> tuple[str, str]:
    """``(display name, stored address)`` of a ``Name <address>`` mailbox, the way a
    From: line is written: one mailbox, a name, and an address by the rule above.
    ArgumentError, with an example, for anything else."""
    from email.errors import HeaderParseError, NonASCIILocalPartDefect
    from email.policy import default

    text = str(value).strip()
    example = "like 'Sam Lee <sam@example.org>'"
    if not text or any(not ch.isprintable() for ch in text):
        raise ArgumentError(field, f"needs your name and address on one line, {example}")
    try:
        header = default.header_factory("From", text)
        addresses = header.addresses
    except (HeaderParseError, ValueError, TypeError, IndexError):
        addresses, header = (), None
    defects = [d for d in getattr(header, "defects", ()) if not isinstance(d, NonASCIILocalPartDefect)]
    if len(addresses) != 1 or defects:
        raise ArgumentError(field, f"needs one name and address, {example}, not {text!r}")
    name = " ".join(visible(addresses[0].display_name).split())
    if not name:
        raise ArgumentError(field, f"needs your name as well as the address, {example}, not {text!r}")
    try:
        return name, normalize_email(addresses[0].addr_spec)
    except ArgumentError as exc:
        raise ArgumentError(field, exc.message) from None


def check_emails(values: Iterable[str]) -> list[str]:
    """Addresses as given by the user, normalized and de-duplicated; ArgumentError names
    the first that is not an address."""
    return list(dict.fromkeys(normalize_email(v) for v in values if v and v.strip()))


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


def tag_key(tag: str) -> str:
    """How interests compare: "AWS", "aws" and "Aws" are one interest."""
    return " ".join(tag.split()).casefold()


def merge_tags(*lists: Iterable[str], remove: Iterable[str] = ()) -> list[str]:
    """The tags of ``lists`` in order, each interest once in its first spelling, without
    those ``remove`` names (in any case)."""
    removed = {tag_key(t) for t in remove}
    found: dict[str, str] = {}
    for tags in lists:
        for tag in tags:
            key = tag_key(tag)
            if key and key not in removed:
                found.setdefault(key, " ".join(tag.split()))
    return list(found.values())


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Interest tags: comma-separated or a list; kept as typed ("AWS", "iOS"), compared
    case-insensitively (the first spelling wins), multi-word kept."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    return merge_tags(t for t in items if t)

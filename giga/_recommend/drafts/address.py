"""Who a draft is to: the contact's first address that can be written, in the form each
export needs. The rule for what an address is lives in ``giga._people.fields`` (the one
used on add, edit and import); here it only decides how an address is written:

* an ``.eml`` header gets the ASCII form (domain in IDNA, so any mail client can send it)
  when the local part is ASCII, else the UTF-8 form for RFC 6532 mail;
* a ``mailto:`` link gets the address percent-encoded as UTF-8 (RFC 6068);
* text, Markdown and JSON show it as it is.

The user's own address (the ``sender`` setting, an .eml's From:) is written the same way.

An address that fails the rule (stored by an older giga) is never written: the draft goes
without a To: and ``problems`` says why, instead of a traceback halfway through an export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from urllib.parse import quote

from ..._people.fields import check_mailbox, email_forms
from ...errors import ArgumentError
from ...types import Contact, Suggestion
from .text import plain_line


@dataclass(frozen=True, slots=True)
class Recipient:
    """A contact's name and one address that passed the rule."""

    name: str
    address: str  # the stored (Unicode) form
    ascii: str | None  # the IDNA form; None when the local part is not ASCII

    def header(self) -> Address:
        """The ``To:`` value: the ASCII form when there is one."""
        local, _, domain = (self.ascii or self.address).rpartition("@")
        return Address(display_name=self.name, username=local, domain=domain)

    @property
    def needs_utf8(self) -> bool:
        """A non-ASCII local part: only RFC 6532 (UTF-8 headers) can carry it."""
        return self.ascii is None

    def display(self) -> str:
        """``Name <address>`` as people read it (name quoted when it holds specials)."""
        local, _, domain = self.address.rpartition("@")
        return str(Address(display_name=self.name, username=local, domain=domain))

    def mailto_address(self) -> str:
        """The address part of a mailto: URI: UTF-8, percent-encoded (RFC 6068)."""
        return quote(self.address, safe="@")


def _forms(address: str) -> tuple[str, str | None] | str:
    """``(stored, ascii)`` forms of a writable address, or the reason it cannot be written."""
    try:
        stored, ascii_form = email_forms(address)
        local, _, domain = (ascii_form or stored).rpartition("@")
        str(Address(username=local, domain=domain))  # what the .eml header will be built from
    except ArgumentError as exc:
        return exc.message
    except (ValueError, TypeError) as exc:
        return f"the email package cannot write it: {exc}"
    return stored, ascii_form


def recipient_of(contact: Contact) -> Recipient | None:
    """The first of the contact's addresses that can be written, or None."""
    for address in contact.emails:
        forms = _forms(address)
        if isinstance(forms, tuple):
            return Recipient(plain_line(contact.name, 100), *forms)
    return None


def sender_of(mailbox: str | None) -> Recipient | None:
    """The user's ``Name <address>`` (the ``sender`` setting) as a From:, or None when it
    is not set or no longer passes the rule."""
    if not mailbox:
        return None
    try:
        name, address = check_mailbox(mailbox)
    except ArgumentError:
        return None
    forms = _forms(address)
    return Recipient(plain_line(name, 100), *forms) if isinstance(forms, tuple) else None


def problems(items: Iterable[Suggestion]) -> list[str]:
    """One warning per contact with an address that cannot be written (left out of
    their drafts), saying which address their drafts use instead, if any."""
    warnings: dict[int, str] = {}
    for item in items:
        contact = item.contact
        if contact.id in warnings:
            continue
        bad = [(address, reason) for address in contact.emails
               if isinstance(reason := _forms(address), str)]
        if not bad:
            continue
        used = recipient_of(contact)
        instead = f"using {used.address}" if used else "their draft has no To:"
        reasons = "; ".join(plain_line(reason, 200) for _, reason in bad)
        warnings[contact.id] = (f"{plain_line(contact.name, 100)}: skipped an e-mail address that cannot be "
                                f"written ({reasons}); {instead}. Fix it with giga contacts edit --email")
    return list(warnings.values())

"""The people side as one service: contacts, who is due, and the give/ask ledger.

Built by the facade with the database and the user's settings; it opens nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import _store
from .._settings import Settings
from .._store import contacts as contact_rows
from .._store import drafts as draft_rows
from .._store import interactions as ledger_rows
from .._store.connection import write_transaction
from ..errors import ArgumentError, ContactNotFoundError, InputError
from ..types import (
    GIVE_KINDS,
    Article,
    Contact,
    ContactImportReport,
    DueContact,
    Interaction,
    InteractionKind,
    Ledger,
    LogResult,
    Relationship,
)
from .cadence import ask_warning, due_contacts, due_on, local_date
from .fields import check_cadence, check_emails, clean_name, clean_tags, merge_tags
from .lookup import contacts_by_identifier, handle, possible_duplicates, prefer_exact
from .names import close_matches, name_key, visible, word_key
from .shared import check_shared_url, resolve_shared

_EDITABLE = {
    "name", "first_name", "emails", "tags", "cadence_days", "company", "position",
    "linkedin_url", "website", "notes", "snoozed_until",
}


class People:
    """Contacts, cadence and ledger over one database."""

    def __init__(self, db: sqlite_utils.Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    # -- contacts --------------------------------------------------------------
    def contacts(self) -> list[Contact]:
        return contact_rows.list_contacts(self.db)

    def contact(self, name: str | Contact) -> Contact:
        """Find a contact by name (any case/accents/titles), e-mail, LinkedIn URL, ``#id``
        or a unique first name. A name without a letter or digit ("🎉") finds only a
        contact of exactly that name: it never falls through to anyone else. A ``Contact``
        is looked up by its id (namesakes cannot be told apart by name)."""
        if isinstance(name, Contact):
            return self.contact(f"#{name.id}")
        wanted = " ".join(visible(name).split())
        found = prefer_exact(contact_rows.contacts_by_name(self.db, wanted), wanted)
        if not found:
            found = contacts_by_identifier(self.db, wanted)
        if not found and not name_key(wanted):
            raise ContactNotFoundError(
                f"no contact named exactly {name!r} (a name without letters or digits must match exactly)")
        everyone = self.contacts()
        if not found:
            key = name_key(wanted)
            keys = contact_rows.name_keys(self.db)
            found = [c for c in everyone if keys.get(c.id, "").split()[:1] == [key] or word_key(c.first_name) == key]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = "; ".join(f"{c.name} <{handle(c)}>" for c in found)
            raise ContactNotFoundError(f"{name!r} matches {len(found)} contacts: {options}; "
                                       "use the full name, an e-mail, a LinkedIn URL or #id")
        close = close_matches(wanted, [c.name for c in everyone])
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        raise ContactNotFoundError(f"no contact named {name!r}{hint}")

    def add_contact(
        self,
        name: str,
        *,
        tags: Iterable[str] | str = (),
        emails: Iterable[str] = (),
        every: int | None = None,
        feed: str | None = None,
        first_name: str | None = None,
        company: str | None = None,
        position: str | None = None,
        linkedin_url: str | None = None,
        website: str | None = None,
        notes: str | None = None,
    ) -> Contact:
        """Add someone to stay in touch with; ``feed`` is their own blog or newsletter."""
        clean = clean_name(name)
        addresses = check_emails(emails)
        for email in addresses:
            self._check_email_free(email)
        feed_source = _feed_source(feed)
        contact_id = contact_rows.insert_contact(
            self.db,
            {
                "name": clean,
                "first_name": first_name,
                "emails": addresses,
                "tags": clean_tags(tags),
                "cadence_days": check_cadence(every) if every is not None else self.settings.default_cadence,
                "company": company,
                "position": position,
                "linkedin_url": linkedin_url,
                "website": website,
                "feed_url": feed_source,
                "notes": notes,
            },
            self.settings.clock(),
        )
        if feed_source:
            self._link_feed(contact_id, feed_source)
        return contact_rows.get_contact(self.db, contact_id)

    def _check_email_free(self, email: str, owner: int | None = None) -> None:
        holder = contact_rows.contact_by_email(self.db, email)
        if holder is not None and holder.id != owner:
            raise ArgumentError("email", f"{email} already belongs to another contact")

    def _link_feed(self, contact_id: int, source: str) -> None:
        """Subscribe to a contact's own feed and mark it as theirs."""
        _store.add_feeds(self.db, [source], self.settings.clock())
        with write_transaction(self.db):
            self.db.execute("update feeds set contact_id = ? where url = ?", [contact_id, source])

    def edit_contact(
        self,
        name: str | Contact,
        /,
        *,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        feed: str | None = None,
        **changes: Any,
    ) -> Contact:
        """Change a contact; ``tags``/``emails`` replace, ``add_tags``/``remove_tags`` adjust."""
        contact = self.contact(name)
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ArgumentError("edit", f"cannot edit {', '.join(sorted(unknown))}")
        if "tags" in changes:
            changes["tags"] = clean_tags(changes["tags"])
        tags = merge_tags(changes.get("tags", contact.tags), clean_tags(add_tags), remove=clean_tags(remove_tags))
        if tags != list(contact.tags):
            changes["tags"] = tags
        if "cadence_days" in changes:
            check_cadence(changes["cadence_days"])
        if "name" in changes:
            changes["name"] = clean_name(changes["name"])
        if "emails" in changes:
            changes["emails"] = check_emails(changes["emails"])
            for email in changes["emails"]:
                self._check_email_free(email, owner=contact.id)
        if feed:
            changes["feed_url"] = _feed_source(feed)
            self._link_feed(contact.id, changes["feed_url"])
        if changes:
            contact_rows.update_contact(self.db, contact.id, changes, self.settings.clock())
        return contact_rows.get_contact(self.db, contact.id)

    def follow_website(self, name: str | Contact, find_feed: Callable[[str], str | None]) -> str | None:
        """Subscribe to the feed the contact's web site names, as their own feed; returns
        it, or None when the site has none (the contact is unchanged)."""
        contact = self.contact(name)
        if not contact.website:
            raise ArgumentError("website", f"{contact.name} has no web site (add one with --website)")
        feed = find_feed(contact.website)
        if feed is not None and feed != contact.feed_url:
            source = _feed_source(feed)
            self._link_feed(contact.id, source)
            contact_rows.update_contact(self.db, contact.id, {"feed_url": source}, self.settings.clock())
        return feed

    def remove_contact(self, name: str | Contact) -> Contact:
        """Forget a contact and their ledger (their feed stays subscribed)."""
        contact = self.contact(name)
        contact_rows.delete_contact(self.db, contact.id)
        return contact

    def import_contacts(self, path: str | Path, format: str | None = None) -> ContactImportReport:  # noqa: A002
        """Import LinkedIn / vCard / Google / plain CSV; re-importing changes nothing.

        The whole file is read first; a malformed file raises InputError and imports
        nothing. Rows that cannot be used are reported with line and reason.
        """
        from .contacts_io import read_contacts

        parsed = read_contacts(path, format)
        outcome = contact_rows.merge_records(
            self.db, parsed.records, self.settings.default_cadence, self.settings.clock())
        return ContactImportReport(
            path=str(path),
            format=parsed.format,
            added=tuple(outcome.added),
            updated=tuple(outcome.updated),
            unchanged=tuple(outcome.unchanged),
            skipped=tuple(sorted([*parsed.skipped, *outcome.skipped], key=lambda s: s.line or 0)),
            possible_duplicates=possible_duplicates(self.db, outcome.possible_duplicates),
        )

    def export_contacts(self, format: str = "vcard") -> str:
        """Every contact as vCard 4.0 or giga CSV text that ``import_contacts`` reads back."""
        from .contacts_io import write_contacts

        return write_contacts(self.contacts(), format)

    # -- cadence ---------------------------------------------------------------
    def last_touches(self, contacts: Sequence[Contact]) -> dict[int, Interaction]:
        """Each contact's latest touch (contacts never touched are absent)."""
        return ledger_rows.last_touches(self.db, {c.id: c for c in contacts})

    def due(self, *, limit: int | None = None) -> list[DueContact]:
        """Who is due for a touch today, most overdue first."""
        contacts = self.contacts()
        return due_contacts(contacts, self.last_touches(contacts), self.settings.today(), self.settings.tz, limit)

    def relationships(self) -> list[Relationship]:
        """Every contact's days since the last touch against their cadence, most
        overdue first (the notebook's relationship-health picture)."""
        contacts = self.contacts()
        touches = self.last_touches(contacts)
        today, tz = self.settings.today(), self.settings.tz
        out = []
        for contact in contacts:
            touch = touches.get(contact.id)
            since = (today - local_date(touch.at, tz)).days if touch else None
            out.append(Relationship(contact, touch, since, contact.cadence_days, due_on(contact, touch, tz)))
        out.sort(key=lambda r: (-r.health, r.contact.name))
        return out

    def interactions(self, since: datetime | None = None) -> list[Interaction]:
        """The whole ledger (every contact), newest first; ``since`` bounds it."""
        return ledger_rows.all_interactions(self.db, {c.id: c for c in self.contacts()}, since)

    def snooze(self, name: str | Contact, until: date | None) -> Contact:
        """Keep a contact off the due list until ``until`` (None: wake them now)."""
        contact = self.contact(name)
        contact_rows.update_contact(self.db, contact.id, {"snoozed_until": until}, self.settings.clock())
        return contact_rows.get_contact(self.db, contact.id)

    # -- ledger ----------------------------------------------------------------
    def log(
        self,
        name: str | Contact,
        kind: str,
        text: str | None = None,
        *,
        url: str | None = None,
        on: date | datetime | None = None,
    ) -> LogResult:
        """Record a touch: gave, asked, shared (a URL), met, called or note.

        Asking when nothing was given within the contact's cadence returns a warning;
        it is never refused.
        """
        if kind not in InteractionKind.__members__.values():
            choices = ", ".join(InteractionKind)
            raise ArgumentError("kind", f"unknown interaction {kind!r} (one of {choices})")
        if kind == InteractionKind.SHARED:
            if not url:
                raise ArgumentError("shared", "a shared item needs its URL")
            url = check_shared_url(url)
        return self.log_contact(self.contact(name), InteractionKind(kind), text, url=url, on=on)

    def log_contact(self, contact: Contact, kind: InteractionKind, text: str | None, *,
                    url: str | None = None, on: date | datetime | None = None) -> LogResult:
        """``log`` for a resolved contact. A shared URL is recorded as the stored article
        it names (``shared.resolve_shared``), with a warning when it names none; sharing
        an article giga drafted for them also marks that draft sent, in the same
        transaction as the give."""
        now = self.settings.clock()
        at = self._moment(on, now)
        warning = article = None
        if kind == InteractionKind.ASKED:
            last_give = ledger_rows.last_of_kinds(self.db, contact.id, ledger_rows.GIVES)
            warning = ask_warning(contact, last_give, now)
        if kind == InteractionKind.SHARED and url:
            url, article = resolve_shared(self.db, url)
            if article is None:
                warning = f"no stored article has the URL {url}: logged as shared all the same"
        with write_transaction(self.db):
            interaction_id = ledger_rows.add_interaction(
                self.db, contact.id, kind, (text or "").strip() or None, url, at, now
            )
            if article is not None:
                draft_rows.mark_sent(self.db, contact.id, article.id, at)
        interaction = Interaction(interaction_id, contact, kind, text, url, at)
        return LogResult(interaction, warning)

    def _moment(self, on: date | datetime | None, now: datetime) -> datetime:
        """A logged date means noon local time that day (so no time zone moves it a day)."""
        if on is None:
            return now
        tz = self.settings.tz
        if isinstance(on, datetime):
            return on if on.tzinfo else on.replace(tzinfo=tz)
        if on > self.settings.today():
            raise ArgumentError("date", f"{on.isoformat()} is in the future")
        return datetime.combine(on, time(12, 0), tzinfo=tz)

    def ledger(self, name: str | Contact) -> Ledger:
        contact = self.contact(name)
        events = ledger_rows.history(self.db, contact)
        gives = [e for e in events if e.kind in GIVE_KINDS]
        asks = [e for e in events if e.kind == InteractionKind.ASKED]
        return Ledger(
            contact=contact,
            gives=len(gives),
            asks=len(asks),
            last_give=gives[0].at if gives else None,
            last_ask=asks[0].at if asks else None,
            last_touch=events[0] if events else None,
        )

    def history(self, name: str | Contact) -> list[Interaction]:
        return ledger_rows.history(self.db, self.contact(name))

    # -- the contact's own feed ------------------------------------------------
    def contact_posts(self, name: str | Contact, *, since: datetime | None = None) -> list[Article]:
        """Posts from the contact's own feed, newest first: things to respond to."""
        contact = self.contact(name)
        return _store.list_articles(self.db, contact_id=contact.id, since=since)

    def suggest_tags(self, name: str | Contact, k: int = 10) -> list[str]:
        """Interest tags suggested by what is known of the contact: their role, their own
        feed's writing (its distinctive terms), the topics of the notes."""
        contact = self.contact(name)
        proposed = self._proposer()(contact, k)
        if not proposed:
            raise InputError(contact.name, "has no role, notes or feed posts to suggest interests from "
                                           "(add --position, --notes or --feed)")
        return proposed

    def tag_proposals(self, k: int = 5) -> Iterator[tuple[Contact, list[str]]]:
        """Every contact without interest tags and the tags proposed for them (maybe
        none), one at a time: the articles are read once for all of them."""
        propose = self._proposer()
        for contact in self.contacts():
            if not contact.tags:
                yield contact, propose(contact, k)

    def _proposer(self) -> Callable[[Contact, int], list[str]]:
        from .interests import Background, propose

        articles = _store.list_articles(self.db, limit=5000)
        titles = [a.title for a in articles]
        background = Background([_article_text(a) for a in articles], titles)

        def proposer(contact: Contact, k: int) -> list[str]:
            own = _store.list_articles(self.db, contact_id=contact.id)
            own_ids = {a.id for a in own}
            others = Background([_article_text(a) for a in articles if a.id not in own_ids], titles) if own \
                else background
            return propose(contact, [_article_text(a) for a in own], others, k)

        return proposer


def _article_text(article: Article) -> str:
    return f"{article.title}. {article.content or article.summary or ''}"


def _feed_source(feed: str | None) -> str | None:
    from .._feeds.sources import normalize_source

    return normalize_source(feed) if feed else None

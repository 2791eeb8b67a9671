"""The facade: the one public entry. The CLI and the notebook only call this.

``giga.open(path)`` returns a :class:`Giga` bound to one SQLite file. ``Giga`` holds no
logic of its own: each method checks nothing and calls one service built here with its
collaborators, so what a method does is found by following one call:

* ``Settings`` (``giga._settings``): preferences, the clock and what "today" is;
* ``Feeds`` (``giga._feeds.service``): subscriptions, OPML, refreshing, articles;
* ``People`` (``giga._people.service``): contacts, who is due, the give/ask ledger;
* ``Recommender`` (``giga._recommend.service``): suggestions, drafts, feedback.

Every method opens no other resource and keeps no state beyond the connection, so several
processes can work on the same file at once.

Every public method and property is wrapped by ``_store.guard.guarded``: a
``sqlite3.Error`` or ``OSError`` from underneath leaves as one ``StorageError`` naming
the cause (a damaged or read-only file, a full disk, a lock held too long).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _store
from ._feeds.service import Feeds, ProgressCallback
from ._people.duplicates import Duplicates
from ._people.journal import Journal
from ._people.service import People
from ._recommend.service import DEFAULT_MAX_AGE_DAYS, Recommender
from ._settings import Clock, Settings, utc_now
from ._store.guard import guarded
from ._web.service import Sharer
from .history import HistoryEntry
from .identity import DuplicatePair, MergeReport
from .paths import default_db_path
from .sharing import ShareResult
from .types import (
    Article,
    Contact,
    ContactImportReport,
    DueContact,
    Feed,
    Interaction,
    Interested,
    Ledger,
    LogResult,
    OpmlImportReport,
    Relationship,
    Suggestion,
    Suggestions,
    UpdateSummary,
)

if TYPE_CHECKING:  # httpx loads only when something is fetched
    from ._feeds.fetch import FetchConfig

__all__ = ["Giga", "open", "DEFAULT_MAX_AGE_DAYS"]


@guarded
class Giga:
    """giga over one database file."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        clock: Clock = utc_now,
        fetch_config: FetchConfig | None = None,
        parse_workers: int | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.db = _store.open_database(self.path)
        _store.migrate(self.db)
        self._settings = Settings(self.db, clock, tz)
        self._feeds = Feeds(self.db, self._settings, fetch_config, parse_workers)
        self._people = People(self.db, self._settings)
        self._recommender = Recommender(self.db, self._settings, self._people)
        self._journal = Journal(self.db, self._people)
        self._duplicates = Duplicates(self.db, self._settings, self._people)
        self._sharer = Sharer(self.db, self._settings, self._recommender, fetch_config)

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Giga:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- time and settings -----------------------------------------------------
    @property
    def clock(self) -> Callable[[], datetime]:
        return self._settings.clock

    @property
    def tz(self) -> tzinfo:
        """The user's time zone: as given, else the ``timezone`` setting, else the machine's."""
        return self._settings.tz

    def now(self) -> datetime:
        """The clock's reading in the user's time zone."""
        return self._settings.now_local()

    def today(self) -> date:
        """The user's calendar day: what due dates and logged days are counted in."""
        return self._settings.today()

    def settings(self) -> dict[str, object]:
        """The stored preferences (what is not set is absent)."""
        return self._settings.stored()

    def set_setting(self, key: str, value: object) -> None:
        """Set default-cadence (days), timezone (IANA name), signature (text), templates
        (folder), retention (days) or sender (``Name <address>``, the From: of exported
        drafts) after checking it; None clears a setting."""
        self._settings.set(key, value)

    @property
    def default_cadence(self) -> int:
        return self._settings.default_cadence

    def set_default_cadence(self, days: int) -> None:
        self._settings.set_default_cadence(days)

    @property
    def retention_days(self) -> int:
        """Articles older than this that nothing refers to are pruned after a fetch (0: never)."""
        return self._settings.retention_days

    @property
    def templates_dir(self) -> Path:
        """The folder of the user's own draft templates."""
        return self._settings.templates_dir

    # -- feeds -----------------------------------------------------------------
    def add_feeds(self, sources: Iterable[str]) -> list[str]:
        """Subscribe to URLs or local files; returns those newly added (all or none)."""
        return self._feeds.add_feeds(sources)

    def add_feed(self, source: str) -> str:
        """Subscribe to one feed; returns its stored form (already subscribed is fine)."""
        return self._feeds.add_feed(source)

    def feeds(self) -> list[Feed]:
        return self._feeds.feeds()

    def feed(self, source: str) -> Feed:
        return self._feeds.feed(source)

    def remove_feed(self, source: str) -> int:
        """Unsubscribe; returns how many articles only that feed carried (now removed)."""
        return self._feeds.remove_feed(source)

    def import_opml(self, path: str | Path) -> OpmlImportReport:
        """Subscribe to every feed in an OPML file, in its folders; what was skipped is in ``warnings``."""
        return self._feeds.import_opml(path)

    def export_opml(self) -> str:
        return self._feeds.export_opml()

    def fetch(self, *, force: bool = False, progress: ProgressCallback | None = None,
              timeout: float | None = None) -> UpdateSummary:
        """Refresh every feed; failures come back in the summary, never as exceptions.
        ``timeout`` (seconds) bounds the time spent on any one feed."""
        return self._feeds.fetch(force=force, progress=progress, timeout=timeout)

    def articles(self, *, search: str | None = None, feed: str | None = None, since: datetime | None = None,
                 since_days: int | None = None, limit: int | None = None) -> list[Article]:
        """Stored articles, newest first; with ``search`` (plain words, all of them must
        appear), best match first. ``feed`` as subscribed; ``since`` a moment or
        ``since_days`` days back."""
        return self._feeds.articles(search=search, feed=feed, since=since, since_days=since_days, limit=limit)

    def article(self, ref: str) -> Article:
        """An article by its id or its URL (tracking parameters ignored)."""
        return self._recommender.article(ref)

    # -- people ----------------------------------------------------------------
    def contacts(self) -> list[Contact]:
        return self._people.contacts()

    def contact(self, name: str | Contact) -> Contact:
        """Find a contact by name (any case, accents or title), e-mail, LinkedIn URL, ``#id``
        or a unique first name; a ``Contact`` by its id."""
        return self._people.contact(name)

    def add_contact(self, name: str, *, tags: Iterable[str] | str = (), emails: Iterable[str] = (),
                    every: int | None = None, feed: str | None = None, first_name: str | None = None,
                    company: str | None = None, position: str | None = None, linkedin_url: str | None = None,
                    website: str | None = None, notes: str | None = None) -> Contact:
        """Add someone to stay in touch with; ``feed`` is their own blog or newsletter."""
        return self._people.add_contact(
            name, tags=tags, emails=emails, every=every, feed=feed, first_name=first_name, company=company,
            position=position, linkedin_url=linkedin_url, website=website, notes=notes)

    def edit_contact(self, name: str | Contact, /, *, add_tags: Iterable[str] = (), remove_tags: Iterable[str] = (),
                     feed: str | None = None, **changes: Any) -> Contact:
        """Change a contact; ``tags``/``emails`` replace, ``add_tags``/``remove_tags`` adjust."""
        return self._people.edit_contact(name, add_tags=add_tags, remove_tags=remove_tags, feed=feed, **changes)

    def follow_website(self, name: str | Contact) -> str | None:
        """Subscribe to the feed the contact's web site names, as their own; returns it,
        or None when the site names none. ``FetchError`` when the site cannot be fetched."""
        return self._people.follow_website(name, self._feeds.site_feed)

    def remove_contact(self, name: str | Contact) -> Contact:
        """Forget a contact and their ledger (their feed stays subscribed)."""
        return self._people.remove_contact(name)

    def import_contacts(self, path: str | Path, format: str | None = None) -> ContactImportReport:  # noqa: A002
        """Import LinkedIn / vCard / Google / plain CSV: all of the file, or nothing."""
        return self._people.import_contacts(path, format)

    def snooze(self, name: str | Contact, until: date | None) -> Contact:
        """Keep a contact off the due list until ``until`` (None: wake them now)."""
        return self._people.snooze(name, until)

    def due(self, *, limit: int | None = None) -> list[DueContact]:
        """Who is due for a touch today, most overdue first."""
        return self._people.due(limit=limit)

    def relationships(self) -> list[Relationship]:
        """Every contact's days since the last touch against their cadence, most overdue first."""
        return self._people.relationships()

    def interactions(self, since: datetime | None = None) -> list[Interaction]:
        """The whole ledger (every contact), newest first; ``since`` bounds it."""
        return self._people.interactions(since)

    def log(self, name: str | Contact, kind: str, text: str | None = None, *, url: str | None = None,
            on: date | datetime | None = None) -> LogResult:
        """Record a touch: gave, asked, shared (a URL), met, called or note."""
        return self._people.log(name, kind, text, url=url, on=on)

    def ledger(self, name: str | Contact) -> Ledger:
        return self._people.ledger(name)

    def history(self, name: str | Contact | None = None, *, limit: int | None = None) -> list[HistoryEntry]:
        """Touches and feedback (everyone's, or ``name``'s), newest first, with their ids."""
        return self._journal.history(name, limit=limit)

    def contact_posts(self, name: str | Contact, *, since: datetime | None = None) -> list[Article]:
        """Posts from the contact's own feed, newest first: things to respond to."""
        return self._people.contact_posts(name, since=since)

    def suggest_tags(self, name: str | Contact, k: int = 10) -> list[str]:
        """Interest tags suggested by what is known of the contact: role, own posts, notes."""
        return self._people.suggest_tags(name, k)

    def tag_proposals(self, k: int = 5) -> Iterator[tuple[Contact, list[str]]]:
        """Every contact without interest tags, one at a time, with the tags proposed for them."""
        return self._people.tag_proposals(k)

    # -- suggestions and drafts ------------------------------------------------
    def suggest(self, contact: str | None = None, *, everyone: bool = False, top: int = 3,
                max_age_days: int | None = DEFAULT_MAX_AGE_DAYS) -> Suggestions:
        """What to pass along this week: for one contact, everyone, or (default) those due."""
        return self._recommender.suggest(contact, everyone=everyone, top=top, max_age_days=max_age_days)

    def drafts(self, contact: str | None = None, *, everyone: bool = False, top: int = 1,
               max_age_days: int | None = DEFAULT_MAX_AGE_DAYS, record: bool = True) -> Suggestions:
        """This week's drafts (``suggest`` with a draft each), remembered for next time
        (``record=False``: not yet; ``export_drafts`` or ``record_drafts`` does it)."""
        return self._recommender.drafts(contact, everyone=everyone, top=top, max_age_days=max_age_days,
                                        record=record)

    def record_drafts(self, drafts: Sequence[Suggestion]) -> None:
        """Remember drafts as handed out (the next one to that person opens differently)."""
        self._recommender.record_drafts(drafts)

    def export_drafts(self, drafts: Sequence[Suggestion], fmt: str, out_dir: str | Path,
                      day: datetime | None = None, *, force: bool = False, record: bool = True) -> list[Path]:
        """Write drafts where people write mail (txt, md, eml, json), then remember them;
        returns the files. Files already there are kept (new ones numbered) unless ``force``."""
        return self._recommender.export_drafts(drafts, fmt, out_dir, day, force=force, record=record)

    def render_drafts(self, drafts: Sequence[Suggestion], fmt: str, day: datetime | None = None) -> str:
        """The drafts as one txt, md or json text."""
        return self._recommender.render_drafts(drafts, fmt, day)

    def who_would_like(self, article: str, *, top: int = 5,
                       max_age_days: int | None = DEFAULT_MAX_AGE_DAYS) -> list[Interested]:
        """The per-article direction: which contacts an article suits best."""
        return self._recommender.who_would_like(article, top=top, max_age_days=max_age_days)

    def share(self, url_or_path: str, *, top: int = 3,
              max_age_days: int | None = DEFAULT_MAX_AGE_DAYS) -> ShareResult:
        """Who would like a page you came across (an http(s) URL or a saved .html file):
        its article is stored under "found on the web", then the ``top`` contacts it suits,
        the ones due first, each with a draft. ``PageError`` when there is no article."""
        return self._sharer.share(url_or_path, top=top, max_age_days=max_age_days)

    def edit_draft(self, suggestion: Suggestion, body: str) -> Suggestion:
        """Keep the user's rewrite of a draft; returns the suggestion with it."""
        return self._recommender.edit_draft(suggestion, body)

    def accept(self, suggestion: Suggestion, note: str | None = None) -> LogResult:
        """The user sent this draft: a give in the ledger, never suggested to them again."""
        return self._recommender.accept(suggestion, note)

    def skip(self, suggestion: Suggestion) -> None:
        """Not now: never suggest this article to this person again."""
        self._recommender.skip(suggestion)

    def not_for_them(self, suggestion: Suggestion) -> None:
        """Wrong for this person: excluded, and similar articles are demoted for them."""
        self._recommender.not_for_them(suggestion)

    def feedback(self, name: str | Contact, article: str, verdict: str) -> None:
        """Teach the recommender: "liked", "not_for_them" or "skipped" for a suggestion."""
        self._recommender.feedback(name, article, verdict)

    # -- history and contacts out ------------------------------------------------
    def undo(self) -> HistoryEntry | None:
        """Take back the touch or feedback recorded last; None when there is none."""
        return self._journal.undo()

    def delete_history(self, entry_id: str) -> HistoryEntry:
        """Delete one touch (``t12``) or feedback entry (``f3``) of ``history``."""
        return self._journal.delete(entry_id)

    def export_contacts(self, format: str = "vcard") -> str:
        """Every contact as a vCard (4.0) or giga CSV text that ``import_contacts`` reads back."""
        return self._people.export_contacts(format)
    # -- one person, one contact -----------------------------------------------
    def duplicates(self) -> list[DuplicatePair]:
        """Pairs of contacts that are probably one person, with the reason, strongest first."""
        return self._duplicates.duplicates()

    def merge_contacts(self, keep: str | Contact, other: str | Contact) -> MergeReport:
        """Move every e-mail, touch, draft, verdict, tag and feed of ``other`` onto ``keep``,
        fill ``keep``'s empty fields, and delete ``other``: one transaction, all or nothing."""
        return self._duplicates.merge(keep, other)


def open(  # noqa: A001 - mirrors sqlite3/io
    path: str | Path | None = None,
    *,
    clock: Clock = utc_now,
    fetch_config: FetchConfig | None = None,
    parse_workers: int | None = None,
    tz: tzinfo | None = None,
) -> Giga:
    """Open (creating if needed) the giga database at ``path`` (default: the user data dir)."""
    return Giga(path, clock=clock, fetch_config=fetch_config, parse_workers=parse_workers, tz=tz)

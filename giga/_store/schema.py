"""The schema, defined in one place as ordered migrations.

Each migration runs once, inside a write transaction, and is recorded in
``_giga_migrations``. New migrations are appended; released ones are never edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

from .._people.names import first_name_of, name_key, visible
from ..errors import StorageError
from .connection import write_transaction

Migration = Callable[[sqlite_utils.Database], None]


def _m001_feeds_and_articles(db: sqlite_utils.Database) -> None:
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "site_url": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "added_at": str,
            "last_fetched_at": str,
            "last_ok_at": str,
            "error_count": int,
            "last_error": str,
            "retry_not_before": str,
            "contact_id": int,  # a contact's own feed (contacts arrive in a later migration)
        },
        pk="id",
        not_null={"url", "added_at", "error_count"},
        defaults={"error_count": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    db["articles"].create(
        {
            "id": str,  # storage key: a global id (URL, urn:, tag:) or "<feed url>#<guid>"
            "guid": str,  # the id the feed gave (or giga's fallback)
            "feed_id": int,  # the first feed it came from
            "url": str,  # canonical URL
            "title": str,
            "author": str,
            "published": str,  # ISO 8601 UTC
            "updated": str,
            "summary": str,
            "content": str,
            "categories": str,  # JSON array of terms
            "fetched_at": str,
        },
        pk="id",
        not_null={"feed_id", "title", "fetched_at"},
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db["articles"].create_index(["url"])
    db["articles"].create_index(["feed_id"])
    db["articles"].create_index(["published"])
    db["article_feeds"].create(
        {"article_id": str, "feed_id": int},
        pk=("article_id", "feed_id"),
        foreign_keys=[("article_id", "articles", "id"), ("feed_id", "feeds", "id")],
    )
    db["article_feeds"].create_index(["feed_id"])


def _m002_contacts_and_interactions(db: sqlite_utils.Database) -> None:
    db["contacts"].create(
        {
            "id": int,
            "name": str,
            "name_key": str,  # casefolded, accents and punctuation removed: for matching
            "first_name": str,
            "tags": str,  # JSON array of lower-case interests ("machine learning")
            "cadence_days": int,
            "company": str,
            "position": str,
            "linkedin_url": str,
            "website": str,
            "feed_url": str,
            "notes": str,
            "snoozed_until": str,  # a local calendar date, YYYY-MM-DD
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "name_key", "cadence_days", "created_at", "updated_at"},
    )
    db["contacts"].create_index(["name_key"])
    db["contacts"].create_index(["linkedin_url"])
    db["contact_emails"].create(
        {"email": str, "contact_id": int, "position": int},
        pk="email",
        foreign_keys=[("contact_id", "contacts", "id")],
    )
    db["contact_emails"].create_index(["contact_id"])
    db["interactions"].create(
        {
            "id": int,
            "contact_id": int,
            "kind": str,  # gave, asked, shared, met, called, note
            "text": str,
            "url": str,
            "at": str,  # ISO 8601 UTC
            "logged_at": str,
        },
        pk="id",
        not_null={"contact_id", "kind", "at", "logged_at"},
        foreign_keys=[("contact_id", "contacts", "id")],
    )
    db["interactions"].create_index(["contact_id", "at"])
    db["settings"].create({"key": str, "value": str}, pk="key")  # value: JSON


def _m003_feedback(db: sqlite_utils.Database) -> None:
    db["feedback"].create(
        {
            "contact_id": int,
            "article_id": str,
            "verdict": str,  # liked, not_for_them, skipped
            "at": str,
        },
        pk=("contact_id", "article_id"),
        foreign_keys=[("contact_id", "contacts", "id")],
    )


def _m004_drafts(db: sqlite_utils.Database) -> None:
    """Drafts handed to the user: which phrasing each person got last, and which were sent."""
    db["drafts"].create(
        {
            "contact_id": int,
            "article_id": str,
            "kind": str,  # share, respond
            "variant": str,  # the template (phrasing) used
            "subject": str,
            "body": str,
            "created_at": str,
            "sent_at": str,
        },
        pk=("contact_id", "article_id"),
        foreign_keys=[("contact_id", "contacts", "id")],
        not_null={"kind", "variant", "created_at"},
    )
    db["drafts"].create_index(["contact_id", "created_at"])


def _m005_article_counts(db: sqlite_utils.Database) -> None:
    """Each article's term counts, kept so a run only counts what it has not seen: the
    hashed columns and their counts as little-endian int32 and float32 arrays, and the
    counting rules they were made with. A changed or deleted article loses its counts."""
    db.execute("""create table article_counts (
        article_id text primary key references articles(id) on delete cascade,
        counting text not null,
        columns blob not null,
        counts blob not null)""")
    db.execute("""create trigger article_counts_stale after update of title, summary, content on articles
        begin delete from article_counts where article_id = old.id; end""")
    # short texts (interest tags, titles) counted the same way, by their text
    db.execute("""create table text_counts (
        text text not null,
        counting text not null,
        columns blob not null,
        counts blob not null,
        primary key (text, counting))""")


def _m006_history_order(db: sqlite_utils.Database) -> None:
    """The order touches and feedback were recorded in, one sequence over both tables
    (``recorded``), so ``giga undo`` takes back the last thing recorded whatever date it was
    logged for; and an id for each feedback entry, so ``giga history`` can name it.
    Existing entries are numbered by when they were recorded (a touch first on a tie);
    ``history_counters`` keeps each sequence's last number, so none is ever reused."""
    db.execute("alter table interactions add column recorded integer")
    db.execute("alter table feedback add column id integer")
    db.execute("alter table feedback add column recorded integer")
    db.execute("update feedback set id = rowid")
    db.execute("""create temp table _history_order (kind text, key integer, n integer, primary key (kind, key))""")
    db.execute("""insert into _history_order select kind, key, row_number() over (order by stamp, kind desc, key)
                  from (select 't' as kind, id as key, logged_at as stamp from interactions
                        union all select 'f', id, at from feedback)""")
    for table, kind in (("interactions", "t"), ("feedback", "f")):
        db.execute(f"update {table} set recorded = "
                   f"(select o.n from _history_order o where o.kind = '{kind}' and o.key = {table}.id)")
    db.execute("drop table _history_order")
    # the last number handed out per sequence, so an id undone is never handed out again
    db.execute("create table history_counters (name text primary key, value integer not null)")
    db.execute("""insert into history_counters select 't', coalesce(max(id), 0) from interactions
                  union all select 'f', coalesce(max(id), 0) from feedback
                  union all select 'recorded', (select count(*) from interactions) + (select count(*) from feedback)""")
    db.execute("create unique index feedback_id on feedback (id)")
    db.execute("create index interactions_recorded on interactions (recorded)")
    db.execute("create index feedback_recorded on feedback (recorded)")
def _m007_names_without_titles(db: sqlite_utils.Database) -> None:
    """Names lose invisible characters (zero-width, bidirectional controls); matching keys
    leave titles and suffixes out ("Dr. Walter Hughes, PhD" is "walter hughes"); and the
    greeting name derived from the display name is kept, so listing contacts parses none."""
    db["contacts"].add_column("greeting_name", str)  # nameparser's first name, when none was given
    for contact_id, name, first in db.execute("select id, name, first_name from contacts").fetchall():
        clean = " ".join(visible(name).split()) or name
        first = " ".join(visible(first).split()) or None if first else None
        db.execute("update contacts set name = ?, first_name = ?, name_key = ?, greeting_name = ? where id = ?",
                   [clean, first, name_key(clean), first_name_of(clean), contact_id])


def _m008_article_aliases(db: sqlite_utils.Database) -> None:
    """Other URLs an article is known by: the tracking redirect a feed relays it through
    (feedburner's ``~r/`` links) when the feed also gives the publisher's own, so a URL
    pasted from a feed reader still finds the article. Gone with the article."""
    db.execute("""create table article_aliases (
        url text primary key,
        article_id text not null references articles(id) on delete cascade) without rowid""")
    db.execute("create index article_aliases_article on article_aliases (article_id)")


def _m009_article_language_kind_and_dates(db: sqlite_utils.Database) -> None:
    """What kind of entry an article is ("job", "event", "shop"; "" for an article to
    read) and the language it is written in ("" when unknown), both decided when it is
    stored; NULL marks an article stored before, whose are decided when it is next
    suggested. A publication date that cannot be one (before 1995, or more than a day
    after the article was stored: an event's day, a broken feed's 2099) is taken out: such
    an article is dated by when it was first stored, as an undated one is."""
    db["articles"].add_column("language", str)
    db["articles"].add_column("kind", str)
    db.execute("""update articles set published = null where published < '1995-01-01'
                  or julianday(published) > julianday(fetched_at) + 1""")


def _m010_article_search(db: sqlite_utils.Database) -> None:
    """Full-text search over articles (``giga articles --search``): an external-content
    FTS5 table in the shape sqlite-utils' ``enable_fts`` makes (``articles_fts``, triggers
    ``articles_ai/_ad/_au``), so Datasette and sqlite-utils search it too. Porter stemming
    and diacritics folded, so "compilers" finds "compiler" and "cafe" finds "café".
    Written as plain statements rather than ``enable_fts``: that runs ``executescript``,
    which would commit this migration half-way. A re-fetch rewrites every entry of a feed,
    so the update trigger only re-indexes a row whose text changed."""
    db.execute("""create virtual table articles_fts using fts5(title, summary, content, author,
        content="articles", tokenize='porter unicode61 remove_diacritics 2')""")
    columns = "title, summary, content, author"
    old = "old.title, old.summary, old.content, old.author"
    new = "new.title, new.summary, new.content, new.author"
    db.execute(f"""create trigger articles_ai after insert on articles begin
        insert into articles_fts (rowid, {columns}) values (new.rowid, {new}); end""")
    db.execute(f"""create trigger articles_ad after delete on articles begin
        insert into articles_fts (articles_fts, rowid, {columns}) values ('delete', old.rowid, {old}); end""")
    db.execute(f"""create trigger articles_au after update on articles
        when old.title is not new.title or old.summary is not new.summary
          or old.content is not new.content or old.author is not new.author or old.rowid != new.rowid
        begin
        insert into articles_fts (articles_fts, rowid, {columns}) values ('delete', old.rowid, {old});
        insert into articles_fts (rowid, {columns}) values (new.rowid, {new}); end""")
    db.execute("insert into articles_fts (articles_fts) values ('rebuild')")  # the articles already stored


def _m011_feed_folders(db: sqlite_utils.Database) -> None:
    """The OPML folder a feed was listed in (a JSON list, outermost folder first), so an
    export writes the folders back. Empty for feeds added by hand."""
    db.execute("alter table feeds add column folder text")


def _m012_kinds_told_by_title(db: sqlite_utils.Database) -> None:
    """Articles stored as something to read whose title says they are a digest of links
    or someone's speaking schedule (``_feeds.kinds.title_kind``, decided at fetch since)
    get that kind, once, instead of every suggestion run asking every title again."""
    from .._feeds.kinds import title_kind  # pure: text in, kind out

    rows = db.execute("select id, title from articles where kind = ''").fetchall()
    found = [(kind, article) for article, title in rows if (kind := title_kind(title or ""))]
    db.conn.executemany("update articles set kind = ? where id = ?", found)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("feeds and articles", _m001_feeds_and_articles),
    ("contacts, interactions and settings", _m002_contacts_and_interactions),
    ("feedback on suggestions", _m003_feedback),
    ("drafts", _m004_drafts),
    ("article term counts", _m005_article_counts),
    ("history order and feedback ids", _m006_history_order),
    ("contact names without titles or invisible characters", _m007_names_without_titles),
    ("article URL aliases", _m008_article_aliases),
    ("article language and kind; unusable publication dates", _m009_article_language_kind_and_dates),
    ("article full-text search", _m010_article_search),
    ("feed folders from OPML", _m011_feed_folders),
    ("digests and speaking schedules told by their titles", _m012_kinds_told_by_title),
]


def schema_version(db: sqlite_utils.Database) -> int:
    if "_giga_migrations" not in db.table_names():
        return 0
    row = db.execute("select max(version) from _giga_migrations").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema up to date; returns the resulting version.

    An up-to-date file is only read: a command that reads does not wait for another
    process's write lock just to learn that there is nothing to migrate."""
    if schema_version(db) == len(MIGRATIONS):
        return len(MIGRATIONS)
    with write_transaction(db):
        if "_giga_migrations" not in db.table_names():
            db["_giga_migrations"].create(
                {"version": int, "name": str, "applied_at": str}, pk="version"
            )
        current = schema_version(db)
        if current > len(MIGRATIONS):
            raise StorageError(
                f"database schema version {current} is newer than this giga understands "
                f"({len(MIGRATIONS)}); upgrade giga"
            )
        for version, (name, apply) in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            apply(db)
            db["_giga_migrations"].insert(
                {
                    "version": version,
                    "name": name,
                    "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                }
            )
    return len(MIGRATIONS)

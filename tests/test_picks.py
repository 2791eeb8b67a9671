"""How picks are chosen, on real entries (tests/data/picks, see its NOTICE.md) and a real
database: dates that cannot be publication dates, what is no reading (job posts, event
listings, product pages, another language), one feed's share of someone's picks, the
floor a match must clear, and what "not for them" teaches."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from test_cli import giga as run_giga

import giga
from giga._feeds.kinds import kind_of
from giga._feeds.language import language_of
from giga._feeds.parse import parse_feed
from giga._recommend.match import Doc, Matcher, Profile
from giga._store import MIGRATIONS, migrate, open_database

DATA = Path(__file__).resolve().parent / "data" / "picks"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def rss(path: Path, items: list[tuple[str, str, str | None]], title: str = "Blog") -> Path:
    """An RSS file of (title, text, pubDate or None) items, each linked by its title."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>https://{path.stem}.example/{slug(t)}</link>"
        f"<guid>https://{path.stem}.example/{slug(t)}</guid><description>{escape(text)}</description>"
        + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>"
        for t, text, date in items)
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
                    f"<link>https://{path.stem}.example/</link>{body}</channel></rss>", encoding="utf-8")
    return path


def slug(title: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in title.lower().split())


def rfc822(when: datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S GMT")


def world(tmp_path: Path, *feeds: Path, now: datetime = NOW) -> Path:
    db = tmp_path / "giga.db"
    with giga.open(db, clock=lambda: now, parse_workers=1) as g:
        g.set_setting("retention", 0)
        g.add_feeds([str(f) for f in feeds])
        g.fetch()
    return db


WEB_PERF = ("Web performance budgets that hold", ("Set a web performance budget for every page: image weight, "
            "JavaScript size and time to first byte, and fail the build when a page breaks it. Web performance "
            "work pays off in conversion."))


# -- dates ----------------------------------------------------------------------------------
def test_a_date_that_cannot_be_a_publication_date_is_taken_out(tmp_path: Path) -> None:
    feed = rss(tmp_path / "dates.xml", [
        ("Concert next spring", "Tickets on sale now.", rfc822(NOW + timedelta(days=120))),
        ("Epoch placeholder", "A broken feed dates this 1970.", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ("Clock skew", "Ahead of our clock by an hour.", rfc822(NOW + timedelta(hours=1))),
        ("Plain post", "Written last week.", rfc822(NOW - timedelta(days=7))),
    ])
    with giga.open(world(tmp_path, feed), clock=lambda: NOW) as g:
        published = {a.title: a.published for a in g.articles()}
        window = {a.title for a in g.articles(since=NOW - timedelta(days=2))}
    assert published["Concert next spring"] is None and published["Epoch placeholder"] is None
    assert published["Clock skew"] == NOW + timedelta(hours=1) and published["Plain post"] == NOW - timedelta(days=7)
    assert window == {"Concert next spring", "Epoch placeholder", "Clock skew"}  # dated by when first stored


def test_the_migration_takes_unusable_dates_out_of_stored_articles(tmp_path: Path) -> None:
    db = open_database(tmp_path / "old.db")
    with db.conn:
        db["_giga_migrations"].create({"version": int, "name": str, "applied_at": str}, pk="version")
        for version, (name, apply) in enumerate(MIGRATIONS[:7], start=1):
            apply(db)
            db["_giga_migrations"].insert({"version": version, "name": name, "applied_at": "2026-01-01"})
    db["feeds"].insert({"id": 1, "url": "https://a.example/feed", "added_at": "2026-01-01T00:00:00+00:00"})
    stored = "2026-11-01T00:00:00+00:00"
    for key, published in [("future", "2027-05-01T00:00:00+00:00"), ("epoch", "1970-01-01T00:00:00+00:00"),
                           ("skew", "2026-11-01T12:00:00+00:00"), ("fine", "2026-10-30T00:00:00+00:00")]:
        db["articles"].insert({"id": key, "feed_id": 1, "title": key, "published": published, "fetched_at": stored})
    assert migrate(db) == len(MIGRATIONS)
    dates = dict(db.execute("select id, published from articles").fetchall())
    assert dates == {"future": None, "epoch": None, "skew": "2026-11-01T12:00:00+00:00",
                     "fine": "2026-10-30T00:00:00+00:00"}
    assert {"language", "kind"} <= set(db["articles"].columns_dict)


def test_an_undated_entry_is_never_fresher_than_a_half_life() -> None:
    docs = [Doc("dated", "Heat pumps", "Heat pumps today.", published=NOW - timedelta(hours=2), seen=NOW),
            Doc("undated", "Heat pumps", "Heat pumps, some day.", seen=NOW),
            Doc("older", "Heat pumps", "Heat pumps a while ago.", seen=NOW - timedelta(days=42))]
    m = Matcher(half_life_days=21, freshness_weight=0.3).fit(docs, NOW)
    dated, undated, older = m.freshness_.tolist()
    assert dated > 0.99 and undated == pytest.approx(0.85) and older == pytest.approx(0.7 + 0.3 * 0.25)


def test_respond_only_to_a_post_that_is_new_within_the_window(tmp_path: Path) -> None:
    old = [(f"Notes from {year}", f"What I learned building things in {year}.", None) for year in (2009, 2010)]
    blog = rss(tmp_path / "ada.xml", old)
    dated = rss(tmp_path / "bo.xml", [("A 2009 post", "Old news.", "Tue, 10 Nov 2009 09:00:00 GMT")])
    db = world(tmp_path, rss(tmp_path / "news.xml", [(*WEB_PERF, rfc822(NOW))]))
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Ada Quill", tags=["web performance"])
        g.edit_contact("Ada Quill", feed=str(blog))
        g.add_contact("Bo Reed", tags=["web performance"])
        g.edit_contact("Bo Reed", feed=str(dated))
        g.fetch()
        first = [s for s in g.suggest(everyone=True, max_age_days=0) if s.kind == "respond"]
    assert first == []  # undated posts on their feed's first fetch, and a post of 2009, are no news
    later = NOW + timedelta(days=3)
    rss(tmp_path / "ada.xml", [("Shipping the new site", "We launched the new site this week.", None), *old])
    with giga.open(db, clock=lambda: later, parse_workers=1) as g:
        g.fetch()
        respond = [s for s in g.suggest(everyone=True) if s.kind == "respond"]
    assert [(s.contact.name, s.article.title) for s in respond] == [("Ada Quill", "Shipping the new site")]


# -- what is no reading -------------------------------------------------------------------
def entries(name: str) -> dict[str, tuple[str, str]]:
    feed = parse_feed((DATA / name).read_bytes(), (DATA / name).as_uri())
    return {e.title: (e.title, e.content or e.summary) for e in feed.entries}


def test_job_posts_event_listings_and_product_pages_are_told_from_reading() -> None:
    jobs, shop, library = entries("jobs.xml"), entries("shop.atom"), entries("library.xml")
    assert {kind_of(*e) for e in jobs.values()} == {"job"}
    assert {kind_of(*e) for e in shop.values()} == {"shop"}
    assert kind_of(*library["Flute and Tuba Duo in Concert at Downtown Library"]) == "event"
    assert kind_of(*library["Romance Novelist to Chat With Readers At Belle Isle Library"]) == "event"
    # seen grading a week's drafts: a blogger's talks, years gone, for a photographer
    assert kind_of("Upcoming Speaking Engagements: Macworld, PMA, SXSW", "Jan 7th: I'll be on stage at Macworld.") \
        == "event"
    reading = [*entries("lowendbox.xml").values(), WEB_PERF, library["Harrah Library Undergoing Maintenance and Carpeting"]]
    assert {kind_of(*e) for e in reading} == {""}  # prices, a time of day or a library alone make no listing


def test_none_of_them_is_suggested_and_a_feed_made_of_listings_is_left_out(tmp_path: Path) -> None:
    reading = rss(tmp_path / "design.xml", [("Grid systems for web designers", ("A web designer's guide to grids: "
                  "columns, gutters and baselines, and why a web designer should design the grid first."), rfc822(NOW))])
    db = world(tmp_path, DATA / "jobs.xml", DATA / "shop.atom", DATA / "library.xml", reading)
    with giga.open(db, clock=lambda: NOW) as g:
        g.add_contact("Eva Kranz", tags=["web designer", "magazine", "concert", "video games"])
        picks = g.suggest("Eva Kranz", top=5, max_age_days=0)
    assert [s.article.title for s in picks] == ["Grid systems for web designers"]
    # "Game On for Teens at Libraries This Summer" names video games but is the library's too


def test_a_digest_of_links_is_no_reading(tmp_path: Path) -> None:
    """Seen grading a week's drafts: "Katie's Week In Review" went to a renewable-energy
    contact because one of its twenty links named the interest."""
    titles = ["Katie's Week In Review: August 21, 2016", "links for 2008-09-21", "Today’s Links 9/22/2011",
              "Morning Roundup: Porkins is Our Favorite", "Links of Interest"]
    assert {kind_of(t, "A few links for the week.") for t in titles} == {"digest"}
    stays = ["This Week in Edge Rails", "Link: Drones Are Delivering Contraband to Prisons", "Reading List for the Holidays"]
    assert {kind_of(t, "One story, told well.") for t in stays} == {""}
    digest = rss(tmp_path / "katie.xml", [(titles[0], ("A short week, so a short link list: a podcast I liked, "
                 "renewable energy storage in Texas, a new keyboard, a recipe and two apps."), rfc822(NOW))])
    db = world(tmp_path, digest)
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Nora Ali", tags=["renewable energy"])
        assert [s.article.title for s in g.suggest("Nora Ali", top=3, max_age_days=0) if s.kind == "share"] == []


def test_digests_and_speaking_schedules_stored_before_get_their_kind_once(tmp_path: Path) -> None:
    """Told by the title at fetch since; stored before as something to read, they are
    told once by the migration (a run no longer asks every title again)."""
    db = open_database(tmp_path / "old.db")
    names = [name for name, _ in MIGRATIONS]
    with db.conn:
        db["_giga_migrations"].create({"version": int, "name": str, "applied_at": str}, pk="version")
        for version, (name, apply) in enumerate(MIGRATIONS[:names.index("feed folders from OPML") + 1], start=1):
            apply(db)
            db["_giga_migrations"].insert({"version": version, "name": name, "applied_at": "2026-01-01"})
    db["feeds"].insert({"id": 1, "url": "https://a.example/feed", "added_at": "2026-01-01T00:00:00+00:00"})
    for key, title, kind in [("week", "Katie's Week In Review: August 21, 2016", ""),
                             ("talks", "Upcoming Speaking Engagements: Macworld, PMA, SXSW", ""),
                             ("post", "Heat pumps in cold climates", ""), ("job", "We're hiring", "job"),
                             ("later", "links for 2008-09-21", None)]:
        db["articles"].insert({"id": key, "feed_id": 1, "title": title, "kind": kind,
                               "fetched_at": "2026-11-01T00:00:00+00:00"})
    assert migrate(db) == len(MIGRATIONS)
    kinds = dict(db.execute("select id, kind from articles").fetchall())
    assert kinds == {"week": "digest", "talks": "event", "post": "", "job": "job", "later": None}


def test_a_pick_whose_note_could_not_show_why_is_left_out(tmp_path: Path) -> None:
    """Seen grading a week's drafts: a portfolio entry "Leon Kennedy Net (Germany)", filed
    under web design, went to a CSS person with a note that only named it."""
    feed = rss(tmp_path / "portfolio.xml", [
        ("Leon Kennedy Net (Germany)", "Web design, CSS, XHTML, jQuery. Client: Leon Kennedy Net.", rfc822(NOW)),
        ("Grid layouts in plain CSS", ("Modern CSS grid lets a web designer lay out a whole page without a "
         "framework, and the result loads faster on phones."), rfc822(NOW))])
    db = world(tmp_path, feed)
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Tom Berg", tags=["CSS", "web design"])
        picks = [s.article.title for s in g.suggest("Tom Berg", top=3, max_age_days=0) if s.kind == "share"]
    assert picks == ["Grid layouts in plain CSS"]


def test_another_language_goes_only_to_someone_who_reads_it(tmp_path: Path) -> None:
    german = entries("heise.atom")
    assert {language_of(*e) for e in german.values()} == {"de"}
    assert language_of(*WEB_PERF) == "en"
    english = rss(tmp_path / "java.xml", [("WildFly 10 is out", ("Red Hat released WildFly 10, the Java EE 7 application "
                  "server, with Java 8 as its minimum; Java developers get faster startup."), rfc822(NOW))])
    own = rss(tmp_path / "lena.xml", [(f"Notizen {n}", ("Ich schreibe über Java, Server und die Arbeit im Team, jede "
              "Woche ein paar Gedanken aus der Praxis."), rfc822(NOW - timedelta(days=n))) for n in range(1, 4)])
    db = world(tmp_path, DATA / "heise.atom", english, now=NOW)
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Ann Reed", tags=["WildFly"])
        g.add_contact("Lena Vogt", tags=["WildFly"])
        g.edit_contact("Lena Vogt", feed=str(own))
        g.fetch()
        ann = {s.article.title for s in g.suggest("Ann Reed", top=5, max_age_days=0) if s.kind == "share"}
        lena = {s.article.title for s in g.suggest("Lena Vogt", top=5, max_age_days=0) if s.kind == "share"}
    assert ann == {"WildFly 10 is out"}
    assert lena == {"WildFly 10 is out", "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"}  # she writes German


def test_at_most_two_of_five_picks_from_one_feed() -> None:
    docs = [Doc(f"a{n}", f"Heat pumps field report {n}", "Heat pumps in cold winters: the numbers. " * 4, feed="a")
            for n in range(5)]
    docs += [Doc(f"b{n}", f"Heat pumps for flats {n}", "Heat pumps in small flats and heat pumps noise. " * 3, feed="b")
             for n in range(3)]
    docs += [Doc(f"f{n}", f"Filler {n}", "Bread, football, council budgets and museum wings.", feed="c")
             for n in range(12)]
    for backend in ("scipy", "numba"):
        m = Matcher(backend=backend, diversity=1.01, near_duplicate=1.01).fit(docs, None)
        picks = [x.doc for x in m.recommend([Profile("ana", ("heat pumps",))], k=5).matches["ana"]]
        assert sum(p.startswith("a") for p in picks) == 2 and sum(p.startswith("b") for p in picks) == 2, backend
    assert len(Matcher(max_feed_share=None, diversity=1.01, near_duplicate=1.01).fit(docs, None).recommend([Profile("ana", ("heat pumps",))], k=5)
               .matches["ana"]) == 5


# -- the floor ----------------------------------------------------------------------------
def test_one_shared_word_of_an_interest_is_no_match_and_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    db = world(tmp_path, DATA / "library.xml")
    with giga.open(db, clock=lambda: NOW) as g:
        g.add_contact("Priya Raman", tags=["Ruby on Rails", "web performance"])
        g.add_contact("Tom Berg", tags=["climate tech"])
        g.add_contact("Ana Lima", tags=["machine learning"])
        result = g.suggest(everyone=True, top=5, max_age_days=0)
    assert list(result) == []  # not "Neighborhood Arts Performance Schedule", "Teen Tech Month", "Learning"
    assert {c.name for c in result.quiet} == {"Priya Raman", "Tom Berg", "Ana Lima"}
    out = run_giga(db, "suggest", "--all")
    assert out.stdout.strip() == ""
    lines = [line for line in out.stderr.splitlines() if "nothing strong" in line]
    assert lines == ["note: nothing strong for Ana Lima, Priya Raman and Tom Berg this week; widen with --max-age 30"]


def test_an_interest_of_several_words_matches_as_a_phrase(tmp_path: Path) -> None:
    library = entries("library.xml")
    docs = [Doc(t, t, text) for t, text in library.values()]
    docs.append(Doc("perf", *WEB_PERF))
    m = Matcher().fit(docs, None)
    picks = m.recommend([Profile("sam", ("web performance",)), Profile("tom", ("climate tech",)),
                         Profile("ana", ("machine learning",))], k=3).matches
    assert [x.doc for x in picks["sam"]] == ["perf"] and picks["tom"] == [] and picks["ana"] == []
    loose = Matcher(phrase_floor=False).fit(docs, None).recommend([Profile("sam", ("web performance",))], k=3)
    assert any("Performance Schedule" in x.doc for x in loose.matches["sam"])  # what the floor keeps out


# -- "not for them" -----------------------------------------------------------------------
def test_not_for_them_demotes_the_same_feeds_look_alikes(tmp_path: Path) -> None:
    now = datetime(2018, 7, 1, 12, tzinfo=UTC)
    guide = rss(tmp_path / "guide.xml", [("Choosing a VPS for a small web app", ("A VPS gives you root access; pick a "
                "VPS with SSD storage, enough memory for your database, and a data centre near your users. Managed "
                "VPS plans cost more but patch the system for you."), rfc822(now))])
    db = world(tmp_path, DATA / "lowendbox.xml", guide, now=now)
    with giga.open(db, clock=lambda: now) as g:
        g.add_contact("Dan Cole", tags=["vps"])
    before = json.loads(run_giga(db, "suggest", "--contact", "Dan Cole", "--max-age", "0", "--json").stdout)
    deals = [item for item in before if "lowendbox" in item["article"]["feed"]]
    assert len(deals) == 2  # two of the five near-identical deals, and the guide
    run_giga(db, "feedback", "Dan Cole", deals[0]["article"]["id"], "--not-for-them")
    after = json.loads(run_giga(db, "suggest", "--contact", "Dan Cole", "--max-age", "0", "--json").stdout)
    assert [item["article"]["title"] for item in after] == ["Choosing a VPS for a small web app"]
    with sqlite3.connect(db) as conn:  # the other deals are still there, for whoever wants them
        assert conn.execute("select count(*) from articles where url like '%lowendbox%'").fetchone()[0] == 5

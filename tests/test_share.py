"""``giga share``: a page the user came across, stored as an article of the "found on the
web" source, and the contacts it suits with the relationship weighed in. Real saved pages
(tests/data/web, from the article-extraction benchmark), a real HTTP server on 127.0.0.1,
a real database file, the CLI run as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from httpserver import Response, unused_port

import giga
from giga import PageError

WEB = Path(__file__).resolve().parent / "data" / "web"
TRUTH = json.loads((WEB / "ground-truth.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
SPACE = WEB / "space-review.html"
EUROPA = WEB / "sciencealert-europa.html"
AUDI = WEB / "slashgear-audi.html"
FOOTBALL = WEB / "detroitnews-football.html"


def _open(path: Path) -> giga.Giga:
    return giga.open(path, clock=lambda: NOW, parse_workers=1)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _stored_state(path: Path) -> tuple[list[str], list[str]]:
    with _open(path) as g:
        return [f.url for f in g.feeds()], [a.id for a in g.articles()]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIGA_DB": str(db), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "giga", *args], capture_output=True, text=True, env=env, check=False,
                          timeout=120)


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """Contacts whose interests fit the saved pages: two alike for space (Ana written to
    yesterday, Ben 41 days ago), one for electric cars, one for college football."""
    path = tmp_path / "giga.db"
    with _open(path) as g:
        g.add_contact("Ana Lindqvist", tags="space, rockets, nasa", every=30)
        g.add_contact("Ben Okafor", tags="space, rockets, nasa", every=30)
        g.add_contact("Cara Duval", tags="electric cars, audi", every=30)
        g.add_contact("Dev Raman", tags="college football", every=30)
        g.log("Ana Lindqvist", "met", "coffee", on=(NOW - timedelta(days=1)).date())
        g.log("Ben Okafor", "met", "conference", on=(NOW - timedelta(days=41)).date())
        g.log("Cara Duval", "met", "dinner", on=(NOW - timedelta(days=3)).date())
        g.log("Dev Raman", "met", "game", on=(NOW - timedelta(days=3)).date())
    return path


def test_a_saved_page_is_stored_as_an_article_found_on_the_web(people: Path) -> None:
    with _open(people) as g:
        result = g.share(str(EUROPA))
        article = result.page.article
        assert article.feed == "giga:web"
        assert article.url == TRUTH[EUROPA.name]["url"]
        assert article.title.startswith("NASA Just Confirmed There Are Water Plumes")
        assert (result.page.site, result.page.language) == ("ScienceAlert", "en")
        assert article.author and "Tangermann" in article.author
        assert article.published == datetime(2019, 11, 18, tzinfo=timezone.utc)
        # what is stored is the article body: its words are the ground truth's, nearly all
        truth, stored = _words(TRUTH[EUROPA.name]["articleBody"]), _words(article.content)
        overlap = sum((truth & stored).values())
        assert overlap / sum(truth.values()) > 0.9 and overlap / sum(stored.values()) > 0.9
        assert g.article(article.url).id == article.id  # history and exports find it by URL
        assert [a.id for a in g.articles(feed="giga:web")] == [article.id]
        assert [a.id for a in g.articles(search="Europa plumes")] == [article.id]
        again = g.share(str(EUROPA))
        assert again.page.article.id == article.id and not again.page.new
        assert len(g.articles(feed="giga:web")) == 1


def test_sharing_a_page_again_keeps_its_term_counts(people: Path, monkeypatch) -> None:
    """The same text again is not rewritten, so its kept term counts stay: a second
    share of a page counts nothing."""
    from giga._recommend.vectorize import ArticleVectorizer

    counted: list[str] = []
    real = ArticleVectorizer.count

    def spy(self, titles, bodies):  # type: ignore[no-untyped-def]
        counted.extend(titles)
        return real(self, titles, bodies)

    monkeypatch.setattr(ArticleVectorizer, "count", spy)
    with _open(people) as g:
        title = g.share(str(EUROPA)).page.article.title
        assert counted == [title]  # the first share counts the page
        g.share(str(EUROPA))
        assert counted == [title]


def test_a_saved_page_without_its_address_is_stored_by_its_text(people: Path) -> None:
    with _open(people) as g:
        first = g.share(str(SPACE)).page.article
        assert first.url is None and first.id.startswith("giga:web:")
        assert g.share(str(SPACE)).page.article.id == first.id


def test_the_page_goes_to_those_it_suits_the_neglected_first(people: Path) -> None:
    with _open(people) as g:
        result = g.share(str(EUROPA), top=3)
        names = [p.contact.name for p in result.people]
        # Ana and Ben have the same interests: Ben, untouched for 41 days, comes first
        assert names[:2] == ["Ben Okafor", "Ana Lindqvist"], names
        ben, ana = result.people[0], result.people[1]
        assert ben.fit == pytest.approx(ana.fit) and ben.suggestion.score > ana.suggestion.score
        assert ben.relationship() == "last touch 41 days ago, due"
        assert ana.relationship() == "last touch yesterday"
        assert "Ben" in ben.suggestion.draft.split("\n", 1)[0]  # drafted like a feed suggestion
        assert result.page.article.url in ben.suggestion.draft
        assert "<" not in ben.suggestion.draft  # no markup in a note
        assert g.share(str(FOOTBALL)).people[0].contact.name == "Dev Raman"
        assert g.share(str(AUDI)).people[0].contact.name == "Cara Duval"


def test_a_page_already_passed_along_is_not_suggested_to_them_again(people: Path) -> None:
    with _open(people) as g:
        url = g.share(str(EUROPA)).page.article.url
        g.log("Ben Okafor", "shared", "Europa plumes", url=url)
        assert "Ben Okafor" not in [p.contact.name for p in g.share(str(EUROPA)).people]


def test_the_web_source_is_never_fetched_nor_exported(people: Path) -> None:
    with _open(people) as g:
        g.share(str(EUROPA))
        summary = g.fetch()
        assert summary.feeds == 0 and summary.failed == 0 and not summary.errors
        row = g.feed("giga:web")
        assert row.error_count == 0 and row.title.startswith("Found on the web")
        assert "giga:web" not in g.export_opml()


def test_a_url_is_fetched_and_a_feed_it_names_is_offered(people: Path, feed_server) -> None:
    feed_server.route("/audi", Response(body=AUDI.read_bytes(), headers={"Content-Type": "text/html"}))
    result = cli(people, "share", feed_server.url("/audi"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"article", "people"}
    assert set(out["article"]) >= {"id", "title", "url", "site", "published", "language"}
    assert out["article"]["url"] == feed_server.url("/audi")
    assert out["article"]["feed"] == "https://www.slashgear.com/feed/"
    first = out["people"][0]
    assert set(first) >= {"contact", "score", "why", "draft", "subject", "last_touch"}
    assert first["contact"] == "Cara Duval" and first["last_touch"] == (NOW - timedelta(days=3)).date().isoformat()
    shown = cli(people, "share", feed_server.url("/audi"), "--top", "1")
    assert shown.returncode == 0, shown.stderr
    assert "this page has a feed: giga feeds add https://www.slashgear.com/feed/" in shown.stdout
    assert re.search(r"Cara Duval: last touch \d+ days ago", shown.stdout), shown.stdout  # the real clock runs
    assert "Ben Okafor" not in shown.stdout  # --top 1


def _bad(people: Path, source: str, expected: str) -> None:
    before = _stored_state(people)
    result = cli(people, "share", source)
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr, result.stderr
    assert expected in result.stderr, result.stderr
    assert _stored_state(people) == before  # nothing stored


def test_an_unreachable_host_is_one_line_and_stores_nothing(people: Path) -> None:
    _bad(people, f"http://127.0.0.1:{unused_port()}/article", "could not be fetched")


def test_a_body_that_is_not_html_is_one_line(people: Path, feed_server) -> None:
    feed_server.route("/data", Response(body=b'{"a": 1}', headers={"Content-Type": "application/json"}))
    _bad(people, feed_server.url("/data"), "is not a web page (application/json)")


def test_a_pdf_is_one_line(people: Path, feed_server) -> None:
    feed_server.route("/paper.pdf", Response(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                                             headers={"Content-Type": "application/octet-stream"}))
    _bad(people, feed_server.url("/paper.pdf"), "is a PDF")


def test_a_page_with_no_article_is_one_line(people: Path, tmp_path: Path) -> None:
    menu = tmp_path / "menu.html"
    menu.write_text("<!doctype html><html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
                    "<a href='/news'>News</a><a href='/about'>About us</a></nav><p>Welcome!</p></body></html>")
    _bad(people, str(menu), "has no article")


def test_a_feed_is_offered_as_a_subscription_not_shared(people: Path, feed_server) -> None:
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
           b"<link>https://example.org/a</link></item></channel></rss>")
    feed_server.route("/feed", Response(body=rss, headers={"Content-Type": "text/xml"}))
    _bad(people, feed_server.url("/feed"), f"subscribe with giga feeds add {feed_server.url('/feed')}")
    with _open(people) as g, pytest.raises(PageError) as caught:
        g.share(feed_server.url("/feed"))
    assert caught.value.feed == feed_server.url("/feed")


def test_a_missing_file_is_one_line(people: Path, tmp_path: Path) -> None:
    _bad(people, str(tmp_path / "nowhere.html"), "no such file")


def test_an_old_page_shared_today_outlives_the_next_fetch(people: Path) -> None:
    """Retention counts a shared page from the day it was shared: a 2019 article shared
    today is still there for ``review`` after the next fetch prunes old feed articles."""
    with _open(people) as g:
        article = g.share(str(EUROPA)).page.article
        assert g.retention_days and article.published < NOW - timedelta(days=g.retention_days)
        assert g.fetch().pruned == 0
        assert g.article(article.id).id == article.id


def test_asked_outright_the_closest_is_named_as_a_looser_match(tmp_path: Path) -> None:
    """No interest clears the pick rules ('spectrograph' is said once, a one-word interest
    needs three), yet the user asked: the closest contact is named, and says so."""
    with _open(tmp_path / "g.db") as g:
        g.add_contact("Eve Marsh", tags="spectrograph")
        g.add_contact("Finn Brook", tags="sourdough baking")
        people = g.share(str(EUROPA)).people
        assert [p.contact.name for p in people] == ["Eve Marsh"]
        assert people[0].suggestion.why[0].startswith("a looser match")


def test_a_looser_match_needs_an_interest_whole_not_one_word_of_it(tmp_path: Path) -> None:
    """Seen sharing a news page: a plague report went to a social-media marketer as "a
    looser match" for the word "media"; the college football page here says "death
    threats on social media". Nobody is better than that."""
    with _open(tmp_path / "g.db") as g:
        g.add_contact("Ines Duarte", tags="social media marketing, podcasts")
        assert g.share(str(FOOTBALL)).people == ()


def test_sharing_a_new_page_loads_no_scikit_learn(people: Path) -> None:
    """One new page is counted without scikit-learn (its import costs about a second)."""
    code = (f"import sys, giga\nwith giga.open({str(people)!r}) as g:\n"
            f"    print(len(g.share({str(FOOTBALL)!r}).people), 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    named, loaded = out.stdout.split()
    assert int(named) >= 1 and loaded == "False", out.stdout + out.stderr


def test_a_folder_or_nothing_is_one_line(people: Path, tmp_path: Path) -> None:
    _bad(people, str(tmp_path), "is a folder, not a page")
    _bad(people, " ", "give a page's URL or a saved .html file")


def test_the_site_name_a_page_appends_to_its_headline_is_left_out(people: Path, tmp_path: Path) -> None:
    """Seen sharing real pages: "Star Wars Jedi: Fallen Order review - shoots for the moon,
    lands among the stars - VG247" was quoted whole in the note (27 of the benchmark's 181
    pages end their title with their site's name)."""
    headline = "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa"
    html = EUROPA.read_text(encoding="utf-8")
    assert html.count(headline) >= 2
    page = tmp_path / "suffixed.html"
    page.write_text(html.replace(headline, f"{headline} | ScienceAlert"), encoding="utf-8")
    with _open(people) as g:
        result = g.share(str(page))
    assert (result.page.article.title, result.page.site) == (headline, "ScienceAlert")

"""Cold start: contacts with no interest tags (a LinkedIn import) are matched on their
role, company and notes, told apart in one line when nothing is known, given tags one at
a time on a terminal, and followed from their web site to their feed."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pexpect
import pytest
from giga_process import giga_env
from httpserver import FeedServer, Response, unused_port
from test_cli import giga as run_giga

import giga
from giga._people.interests import readable, role_tags
from giga._people.roles import company_interest, role_parts
from giga._recommend.cold_start import COLD_START
from giga._recommend.match import Doc, Matcher, Profile

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"

STORIES = {
    "rails": [
        ("Upgrading a large Rails monolith to Rails 8", ("We moved our Ruby on Rails monolith to Rails 8: "
          "ActiveRecord changes, Hotwire and Turbo in the views, and the Ruby gems that broke.")),
        ("Background jobs in Rails with Solid Queue", ("Solid Queue replaces Redis for Rails background jobs; "
          "how we run it next to ActiveRecord and what Ruby developers should watch.")),
        ("Ruby 3.4 performance for Rails apps", ("YJIT in Ruby 3.4 makes a typical Rails app faster; "
          "benchmarks of ActiveRecord queries, view rendering and Ruby gems.")),
    ],
    "bread": [
        ("A sourdough starter from scratch", ("Flour, water and patience: feeding a sourdough starter, "
          "reading its bubbles and baking the first loaf of bread in a home oven.")),
        ("Why bread needs steam in the oven", ("Steam keeps the crust soft long enough for the loaf to rise; "
          "a tray of water or a Dutch oven does it for home bakers.")),
        ("Rye bread and its sour dough", ("Rye flour has little gluten, so rye bread leans on sourdough acidity "
          "and a long rest; a recipe for a dense Nordic loaf.")),
    ],
    "football": [
        ("Late winner settles the derby", ("A header in stoppage time won the derby; the manager praised "
          "the defence and the striker who scored his tenth goal of the season.")),
        ("Transfer window: the midfielder moves north", ("The club paid a record fee for the midfielder, "
          "whose passing the coach wants at the heart of the team next season.")),
        ("Goalkeeper injury before the cup final", ("The first-choice goalkeeper tore a ligament in training "
          "and misses the cup final and the derby; the reserve keeper starts.")),
    ],
}


def write_feed(path: Path, topics: list[str]) -> Path:
    items = []
    for topic in topics:
        for n, (title, body) in enumerate(STORIES[topic]):
            items.append(f"<item><title>{escape(title)}</title><link>https://news.example/{topic}/{n}</link>"
                         f"<guid>https://news.example/{topic}/{n}</guid><description>{escape(body)}</description>"
                         f"<pubDate>Tue, {10 + n} Nov 2026 09:00:00 GMT</pubDate></item>")
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
                    f'<link>https://news.example/</link>{"".join(items)}</channel></rss>', encoding="utf-8")
    return path


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A database with one feed (Rails, bread and football stories) and no contacts."""
    db = tmp_path / "giga.db"
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_feeds([str(write_feed(tmp_path / "news.xml", ["rails", "bread", "football"]))])
        g.fetch()
    return db


# -- reading a job title -----------------------------------------------------------------
@pytest.mark.parametrize(("position", "parts"), [
    ("Senior Rails Developer at Shopify", [("Rails", "Developer")]),
    ("Head of Mergers & Acquisitions", [("Mergers & Acquisitions", "")]),
    ("VP, Engineering", [("Engineering", "")]),
    ("Marketing Director", [("Marketing", "")]),
    ("Photographer", [("", "Photographer")]),
    ("Ruby on Rails Consultant", [("Ruby on Rails", "")]),
    ("Founder & CEO", []),
    ("Senior Backend Developer (PHP/Laravel)", [("Backend", "Developer"), ("", "PHP"), ("", "Laravel")]),
    ("", []),
])
def test_a_title_keeps_its_subject_and_drops_rank(position: str, parts: list[tuple[str, str]]) -> None:
    assert role_parts(position) == parts


def test_company_names_lose_their_legal_form_and_placeholders_say_nothing() -> None:
    assert company_interest("Shopify Inc.") == "Shopify"
    assert company_interest("Acme GmbH") == "Acme"
    assert company_interest(None, "Rails Developer @ Basecamp") == "Basecamp"
    assert company_interest("Self-employed") == company_interest("Freelance") == ""
    assert company_interest("The A.V. Club") == "AV Club" and company_interest("U.S. Senate") == "US Senate"


def test_role_tags_spell_out_abbreviations_and_keep_the_case_people_use() -> None:
    assert role_tags("Senior UX Designer") == ["UX", "user experience"]
    assert readable("Retail Banking", {"retail": "retail", "banking": "banking"}) == "retail banking"
    assert readable("javascript aws", {"javascript": "JavaScript", "aws": "AWS"}) == "JavaScript AWS"
    assert readable("iPhone", {"iphone": "iphone"}) == "iPhone"


# -- suggestions ---------------------------------------------------------------------------
def test_a_contact_without_tags_is_matched_on_their_role(world: Path) -> None:
    with giga.open(world, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Ada Lovelace", position="Senior Rails Developer", company="Shopify")
        result = g.suggest("Ada Lovelace", top=3, max_age_days=0)
    assert [s.article.url.split("/")[3] for s in result] == ["rails"] * 2  # a third from the one feed is held back
    assert all(any(w.startswith("from their role: Senior Rails Developer") for w in s.why) for s in result)
    assert any("rails" in w.lower() for w in result[0].why)
    assert "Rails" in result[0].draft  # the draft names the interest ("given your interest in Rails")
    assert not result.warnings


def test_a_draft_names_the_role_as_articles_write_it(world: Path) -> None:
    with giga.open(world, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Bea Baker", position="Sourdough Baker", company="Crumb & Co")
        result = g.suggest("Bea Baker", top=1, max_age_days=0)
    assert result[0].article.url.split("/")[3] == "bread"
    assert "sourdough" in result[0].draft and "Sourdough" not in result[0].draft


def test_notes_count_and_say_so_in_the_why(world: Path) -> None:
    with giga.open(world, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Bea Baker", notes="Bakes sourdough bread at weekends; met at a market")
        result = g.suggest("Bea Baker", top=3, max_age_days=0)
    assert [s.article.url.split("/")[3] for s in result] == ["bread", "bread"]
    assert all(any(w.startswith("from your notes: Bakes sourdough") for w in s.why) for s in result)


def test_a_guess_that_nothing_mentions_gives_no_suggestion(tmp_path: Path) -> None:
    db = tmp_path / "giga.db"
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        g.add_feeds([str(write_feed(tmp_path / "news.xml", ["bread", "football"]))])
        g.fetch()
        g.add_contact("Ada Lovelace", position="Senior Rails Developer", company="Shopify")
        g.add_contact("Tagged", tags="goalkeeper")
        assert len(g.suggest("Ada Lovelace", top=3, max_age_days=0)) == 0
        assert len(g.suggest("Tagged", top=1, max_age_days=0)) == 1


def test_nobody_has_tags_nobody_has_a_feed(world: Path, tmp_path: Path) -> None:
    """A LinkedIn import, then giga suggest: never a traceback, one line for everyone
    giga knows nothing about, and suggestions for those with a role."""
    csv = tmp_path / "Connections.csv"
    csv.write_text(LINKEDIN_HEADER
                   + "Ada,Lovelace,,,Shopify,Senior Rails Developer,01 Jan 2024\n"
                   + "Bo,Nobody,,,,,01 Jan 2024\nCy,Noone,,,,,02 Jan 2024\nDee,Nil,,,,,03 Jan 2024\n",
                   encoding="utf-8")
    run_giga(world, "contacts", "import", str(csv))
    for args in (("suggest", "--all", "--max-age", "0"), ("suggest", "--all", "--max-age", "0", "--json")):
        result = run_giga(world, *args)
        notes = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(notes) == 1 and notes[0].startswith("note: 3 contacts have no interests, role, notes or feed")
        assert "Traceback" not in result.stderr
    picks = json.loads(run_giga(world, "suggest", "--all", "--max-age", "0", "--json").stdout)
    assert picks and {p["contact"] for p in picks} == {"Ada Lovelace"}
    empty = tmp_path / "empty.db"
    run_giga(empty, "contacts", "import", str(csv))
    assert run_giga(empty, "suggest", "--all").returncode == 0  # no feeds at all either


# -- proposing tags ----------------------------------------------------------------------------
def test_suggest_tags_works_from_role_and_notes_without_a_feed(world: Path) -> None:
    with giga.open(world, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Ada Lovelace", position="Senior Rails Developer at Shopify",
                      notes="Connected on 01 Jan 2024\nBakes sourdough at weekends, follows the derby")
        tags = g.suggest_tags("Ada Lovelace")
        assert tags[0] == "Rails" and "sourdough" in tags and "derby" in tags
        assert "connected" not in " ".join(tags).lower()
        g.add_contact("Bo Nobody")
        with pytest.raises(giga.InputError, match="no role, notes or feed posts"):
            g.suggest_tags("Bo Nobody")
    failed = run_giga(world, "contacts", "suggest-tags", "Bo Nobody", check=False)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1


def test_contacts_tag_for_scripts(world: Path) -> None:
    refused = run_giga(world, "contacts", "tag", check=False)  # stdin is not a terminal here
    assert refused.returncode == 1
    assert refused.stderr.strip().count("\n") == 0 and "--accept-suggested" in refused.stderr
    run_giga(world, "contacts", "add", "Ada Lovelace", "--position", "Senior Rails Developer")
    run_giga(world, "contacts", "add", "Bo Nobody")
    run_giga(world, "contacts", "add", "Cy Tagged", "--tags", "football")
    done = run_giga(world, "contacts", "tag", "--accept-suggested")
    assert done.stdout.startswith("tagged 1 contact;") and "1 had nothing" in done.stdout
    tags = {c["name"]: c["tags"] for c in json.loads(run_giga(world, "contacts", "list", "--json").stdout)}
    assert [t.lower() for t in tags["Ada Lovelace"]] == ["rails"]
    assert tags["Bo Nobody"] == [] and tags["Cy Tagged"] == ["football"]


def test_contacts_tag_on_a_terminal(world: Path) -> None:
    for name, position in (("Ada Lovelace", "Senior Rails Developer"), ("Bea Baker", "Head Baker"),
                           ("Cy Skipped", "Football Scout"), ("Dee Later", "Data Engineer")):
        run_giga(world, "contacts", "add", name, "--position", position)
    child = pexpect.spawn(sys.executable, ["-m", "giga", "contacts", "tag"], env=giga_env(world),
                          encoding="utf-8", timeout=60, dimensions=(40, 200))
    try:
        child.expect("Ada Lovelace")
        child.expect("Senior Rails Developer")
        child.expect("proposed: Rails")
        child.expect("\\[a\\]ccept, \\[e\\]dit, \\[s\\]kip, \\[q\\]uit")
        child.sendline("a")
        child.expect("Bea Baker")
        child.expect("\\[q\\]uit")
        child.sendline("e")
        child.expect("interests \\(comma-separated\\)")
        child.sendline("sourdough, bread")
        child.expect("Cy Skipped")
        child.expect("\\[q\\]uit")
        child.sendline("s")
        child.expect("Dee Later")
        child.expect("\\[q\\]uit")
        child.sendline("q")
        child.expect("tagged 2 contacts; 1 skipped")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    tags = {c["name"]: c["tags"] for c in json.loads(run_giga(world, "contacts", "list", "--json").stdout)}
    assert [t.lower() for t in tags["Ada Lovelace"]] == ["rails"]
    assert tags["Bea Baker"] == ["sourdough", "bread"]
    assert tags["Cy Skipped"] == [] and tags["Dee Later"] == []


# -- a web site, followed to its feed ----------------------------------------------------------
def page(head: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>Jane</title>{head}</head><body>hi</body></html>".encode()


def test_a_contacts_web_site_is_followed_to_their_feed(feed_server: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "giga.db"
    feed = write_feed(tmp_path / "jane.xml", ["rails"]).read_bytes()
    feed_server.route("/feed.xml", Response(200, feed, {"Content-Type": "application/rss+xml"}))
    site = feed_server.route("/", Response(200, page('<link rel="alternate" type="application/rss+xml" '
                                                     'href="/feed.xml">'), {"Content-Type": "text/html"}))
    added = run_giga(db, "contacts", "add", "Jane Doe", "--website", site)
    assert f"following Jane's feed: {feed_server.url('/feed.xml')}" in added.stdout
    bare = feed_server.route("/bare/", Response(200, page(""), {"Content-Type": "text/html"}))
    plain = run_giga(db, "contacts", "add", "John Roe", "--website", bare)
    assert plain.stderr.count("\n") == 1 and "names no feed" in plain.stderr
    down = f"http://127.0.0.1:{unused_port()}/"
    unreachable = run_giga(db, "contacts", "edit", "John Roe", "--website", down)
    assert unreachable.stderr.count("\n") == 1 and "could not read" in unreachable.stderr
    people = {c["name"]: c for c in json.loads(run_giga(db, "contacts", "list", "--json").stdout)}
    assert people["Jane Doe"]["feed_url"] == feed_server.url("/feed.xml")
    assert people["John Roe"]["feed_url"] is None and people["John Roe"]["website"] == down
    run_giga(db, "fetch")
    with giga.open(db) as g:
        assert len(g.contact_posts("Jane Doe")) == 3
        assert g.feed(feed_server.url("/feed.xml")).url == feed_server.url("/feed.xml")



def test_contacts_tag_tells_namesakes_apart(world: Path) -> None:
    """Two "John Smith"s from LinkedIn: tagging each must not stop at "matches 2 contacts"."""
    people = world.parent / "Connections.csv"
    people.write_text(
        "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,Senior Rails Developer,14 Feb 2023\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-2,,Intel,Football Scout,14 Feb 2023\n",
        encoding="utf-8",
    )
    run_giga(world, "contacts", "import", str(people))
    done = run_giga(world, "contacts", "tag", "--accept-suggested")
    assert done.stdout.startswith("tagged 2 contacts"), done.stdout + done.stderr
    tags = sorted(tuple(t.lower() for t in c["tags"])
                  for c in json.loads(run_giga(world, "contacts", "list", "--json").stdout))
    assert tags == [("football",), ("rails",)]


# -- wrong picks the guesses must never make ---------------------------------------------

def _window(*stories: tuple[str, str, str]) -> Matcher:
    """The stories among two hundred unrelated ones (a word five stories share is rare)."""
    filler = [Doc(f"f{n}", f"Town notes {n}", f"Parish meeting minutes number q{n}x and the weather.", (), NOW)
              for n in range(200)]
    return Matcher().fit([*filler, *(Doc(i, t, b, (), NOW) for i, t, b in stories)], NOW)


def _picks(m: Matcher, position: str, company: str) -> list[str]:
    cold = COLD_START
    profile = Profile("c", (), inferred=cold.interests(position, company, None), min_score=cold.min_score)
    return [x.doc for x in m.recommend([profile], k=10).matches["c"]]


RED_HAT = [
    ("rh1", "Red Hat ships RHEL 10", "Red Hat Enterprise Linux 10 brings a new kernel, SELinux policies and Podman."),
    ("rh2", "Red Hat and the RHEL kernel", "Red Hat engineers explain the RHEL kernel backports and SELinux defaults."),
    ("rh3", "Running Podman on RHEL", "Red Hat Podman replaces Docker on RHEL; SELinux labels and the kernel cgroups."),
    ("rh4", "Red Hat Summit keynote", "Red Hat talked about RHEL, OpenShift, Podman and SELinux at its summit."),
]


def test_a_company_of_two_words_never_finds_what_has_one_of_them() -> None:
    """"Red Hat" finds Linux news and never the red-lentil recipe that says "red" and
    "hat" apart."""
    lentils = ("food", "Red lentil soup", "A warming red lentil soup with cumin, a red onion and a bay leaf; "
               "wear a hat to the market.")
    kernel = ("k", "Podman 5 on RHEL clones", "Podman 5 runs rootless containers on RHEL clones with SELinux on.")
    picks = _picks(_window(*RED_HAT, lentils, kernel), "Linux Systems Administrator", "Red Hat")
    assert "food" not in picks
    assert {"rh1", "rh2", "rh3", "rh4"} <= set(picks)


def test_a_studio_never_finds_running_shoes() -> None:
    """"Abbey Road Studios" (a music producer) gets no article about road running."""
    studio = [
        ("s0", "A film score at Abbey Road Studios", "The orchestra recorded the score in Studio One with a vintage desk."),
        ("s1", "Abbey Road Studios opens its archive", "Tapes, microphones and mixing consoles from decades of albums."),
        ("s2", "Mastering vinyl at Abbey Road Studios", "Engineers cut lacquers for a reissue of a classic album."),
        ("s3", "Abbey Road Studios turns ninety", "Producers remember sessions, singers and the famous crossing."),
    ]
    shoes = [
        ("r0", "Road running shoes tested", "Ten shoes for the marathon: cushioning and grip on a wet road."),
        ("r1", "The best road shoes for a first marathon", "Light road trainers, tested over long runs in our studio."),
        ("r2", "Abbey parkrun on a road course", "A flat road course past the abbey, and the shoes runners wore."),
    ]
    picks = _picks(_window(*studio, *shoes), "Music Producer", "Abbey Road Studios")
    assert picks and not any(p.startswith("r") for p in picks)
    assert {"s0", "s1", "s2", "s3"} <= set(picks)


def test_a_region_never_finds_what_only_says_middle() -> None:
    """"Middle East Analyst" gets the region's news, not a middle-distance race."""
    east = [
        ("e0", "Middle East talks resume in Cairo", "Diplomats from the Middle East met on the ceasefire."),
        ("e1", "Oil prices and the Middle East", "Tankers, sanctions and shipping lanes of the Gulf."),
        ("e2", "Elections across the Middle East", "Voters in three countries of the region go to the polls."),
        ("e3", "Water shortages in the Middle East", "Dams, drought and the rivers shared by neighbours."),
    ]
    middle = ("m", "Middle-distance running", "The middle distances reward patient pacing; diplomats jog too.")
    picks = _picks(_window(*east, middle), "Middle East Analyst", "International Crisis Group")
    assert "m" not in picks and {"e0", "e1", "e2", "e3"} <= set(picks)

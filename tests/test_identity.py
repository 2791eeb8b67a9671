"""Contacts you can trust: namesakes stay two people, one person is never split by a
title, names without letters and invisible characters never reach the wrong contact."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import giga as run_giga

import giga
from giga import ContactNotFoundError
from giga._people.identity import linkedin_key
from giga._people.names import first_name_of, name_key, visible
from giga._store import MIGRATIONS

DATA = Path(__file__).resolve().parent / "data" / "contacts"
NAMESAKES_LINKEDIN = DATA / "linkedin" / "connections_namesakes.csv"
NAMESAKES_PLAIN = DATA / "plain" / "namesakes.csv"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


@pytest.fixture
def g(tmp_path):
    with giga.open(tmp_path / "g.db", clock=lambda: NOW) as instance:
        yield instance


def snapshot(g: giga.Giga) -> list[tuple]:
    return [(c.id, c.name, c.emails, c.tags, c.linkedin_url, c.company, c.notes) for c in g.contacts()]


# -- namesakes ---------------------------------------------------------------------------
def test_linkedin_namesakes_with_different_profiles_are_two_people(g):
    report = g.import_contacts(NAMESAKES_LINKEDIN)
    assert report.added.count("John Smith") == 2
    johns = [c for c in g.contacts() if c.name == "John Smith"]
    assert {c.company for c in johns} == {"Acme Rockets", "Blue Harbor Logistics"}
    [pair] = report.possible_duplicates
    assert {pair.keep.name, pair.other.name} == {"John Smith"} and pair.keep.id != pair.other.id
    assert pair.reason == "same name, different LinkedIn profiles"
    assert report.as_dict()["possible_duplicates"][0]["reason"] == pair.reason
    before = snapshot(g)
    again = g.import_contacts(NAMESAKES_LINKEDIN)
    assert again.added == () and again.updated == () and again.possible_duplicates == ()
    assert len(again.unchanged) == len(report.added) + len(report.updated) + len(report.unchanged)
    assert snapshot(g) == before


def test_namesakes_with_different_emails_are_two_people(g):
    report = g.import_contacts(NAMESAKES_PLAIN)
    marias = [c for c in g.contacts() if c.name == "Maria Garcia"]
    assert sorted(c.emails for c in marias) == [("maria.garcia@example.com",), ("mgarcia@example.org",)]
    assert [(p.keep.emails, p.other.emails, p.reason) for p in report.possible_duplicates] == [
        (("maria.garcia@example.com",), ("mgarcia@example.org",), "same name, different e-mail addresses")]
    before = snapshot(g)
    again = g.import_contacts(NAMESAKES_PLAIN)
    assert again.added == () and again.updated == () and snapshot(g) == before


def test_a_name_without_identifiers_that_fits_several_namesakes_is_not_guessed(g, tmp_path):
    g.import_contacts(NAMESAKES_LINKEDIN)
    bare = tmp_path / "bare.csv"
    bare.write_text("name,tags\nJohn Smith,rockets\nJane Smith,genomics\n", encoding="utf-8")
    report = g.import_contacts(bare)
    assert [(s.line, s.reason.split(";")[0]) for s in report.skipped] == [
        (2, "John Smith could be any of 2 contacts with that name")]
    assert report.updated == ("Jane Smith, PhD",)  # one namesake, no conflict: the same person
    assert all("rockets" not in c.tags for c in g.contacts())
    before = snapshot(g)
    assert len(g.import_contacts(bare).skipped) == 1 and snapshot(g) == before


def test_a_shared_inbox_does_not_make_two_profiles_one_person(g, tmp_path):
    g.add_contact("Ola Berg", emails=["team@studio.example"], linkedin_url="https://www.linkedin.com/in/ola-berg")
    rows = tmp_path / "people.csv"
    rows.write_text("name,email,linkedin\nPer Berg,team@studio.example,https://www.linkedin.com/in/per-berg\n",
                    encoding="utf-8")
    report = g.import_contacts(rows)
    assert report.added == ("Per Berg",)
    [pair] = report.possible_duplicates
    assert (pair.keep.name, pair.other.name) == ("Ola Berg", "Per Berg")
    assert pair.reason == "same e-mail address, different LinkedIn profiles"
    assert g.contact("team@studio.example").name == "Ola Berg"  # the address stays with its owner
    assert g.import_contacts(rows).unchanged == ("Per Berg",)


def test_a_profile_url_matches_however_it_is_written(g):
    g.add_contact("J. Smith", linkedin_url="http://de.LinkedIn.com/in/John-Smith-A1B2C3/?trk=abc")
    report = g.import_contacts(NAMESAKES_LINKEDIN)
    assert "J. Smith" in report.updated  # not a third John Smith
    assert report.added.count("John Smith") == 1
    assert linkedin_key("https://www.linkedin.com/in/john-smith-a1b2c3") == \
        linkedin_key("linkedin.com/in/JOHN-SMITH-A1B2C3/") == "linkedin.com/in/john-smith-a1b2c3"
    assert g.contact("https://linkedin.com/in/john-smith-a1b2c3").name == "J. Smith"


def test_the_cli_import_reports_possible_duplicates(tmp_path):
    db = tmp_path / "g.db"
    out = run_giga(db, "contacts", "import", str(NAMESAKES_LINKEDIN)).stdout
    assert "4 added" in out
    assert ("possible duplicate of John Smith <https://www.linkedin.com/in/john-smith-a1b2c3>: "
            "John Smith <https://www.linkedin.com/in/johnsmith-88> (same name, different LinkedIn profiles)") in out
    again = json.loads(run_giga(db, "contacts", "import", str(NAMESAKES_LINKEDIN), "--json").stdout)
    assert again["added"] == [] and again["possible_duplicates"] == [] and len(again["unchanged"]) == 4
    fresh = json.loads(run_giga(tmp_path / "h.db", "contacts", "import", str(NAMESAKES_LINKEDIN), "--json").stdout)
    [pair] = fresh["possible_duplicates"]
    assert set(pair) == {"keep", "other", "reason"}
    assert pair["other"]["linkedin_url"] == "https://www.linkedin.com/in/johnsmith-88" and pair["other"]["id"]


# -- names with nothing to match by, and invisible characters ------------------------------
def test_names_without_letters_match_only_exactly(g, tmp_path):
    g.import_contacts(NAMESAKES_PLAIN)
    assert {c.name: c.tags for c in g.contacts() if not name_key(c.name)} == {"🎉": ("parties",), "🎂": ("baking",)}
    party = tmp_path / "party.csv"
    party.write_text("name,tags\n🎉,dancing\n", encoding="utf-8")
    assert g.import_contacts(party).updated == ("🎉",)
    assert g.contact("🎂").tags == ("baking",)
    with pytest.raises(ContactNotFoundError, match="no contact named exactly '!!!'"):
        g.contact("!!!")


def test_logging_to_a_symbol_name_is_refused_in_one_line(tmp_path):
    db = tmp_path / "g.db"
    run_giga(db, "contacts", "add", "🎉")
    refused = run_giga(db, "log", "!!!", "--note", "x", check=False)
    assert refused.returncode != 0
    assert refused.stderr.strip().count("\n") == 0 and "'!!!'" in refused.stderr
    shown = json.loads(run_giga(db, "contacts", "show", "🎉", "--json").stdout)
    assert shown["history"] == []  # nothing written to the only contact there is
    run_giga(db, "log", "🎉", "--note", "party")
    assert [e["text"] for e in json.loads(run_giga(db, "contacts", "show", "🎉", "--json").stdout)["history"]] == ["party"]


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad"])
def test_invisible_characters_are_no_part_of_a_name(g, mark):
    g.add_contact("Ana Lima")
    joined = g.add_contact(f"Ana{mark}Lima")
    assert joined.name == "AnaLima" and len(g.contacts()) == 2  # not merged into "Ana Lima"
    assert g.contact(f"Ana{mark} Lima").name == "Ana Lima"
    renamed = g.edit_contact("AnaLima", name=f"{mark}Bo Chen{mark}")
    assert renamed.name == "Bo Chen"


def test_an_imported_zero_width_name_is_stored_visible(g):
    g.import_contacts(NAMESAKES_PLAIN)
    names = sorted(c.name for c in g.contacts())
    assert "AnaLima" in names and "Ana Lima" in names and not any("\u200b" in n for n in names)


# -- titles and suffixes -------------------------------------------------------------------
@pytest.mark.parametrize(("name", "key", "first"), [
    ("Dr. Jane Smith", "jane smith", "Jane"),
    ("Prof. Dr. Hans Müller", "hans muller", "Hans"),
    ("Walter Hughes, PhD", "walter hughes", "Walter"),
    ("Henry Ford III", "henry ford", "Henry"),
    ("Sam Lee Jr.", "sam lee", "Sam"),
    ("Mr. Bo Chen", "bo chen", "Bo"),
    ("Dr. Smith", "dr smith", "Dr. Smith"),  # no first name: the title stays with the surname
    ("Rock Hudson", "rock hudson", "Rock Hudson"),  # "Rock" is a title to nameparser: nothing dropped
    ("José  Pérez", "jose perez", "José"),
    ("🎉", "", "🎉"),
])
def test_titles_and_suffixes_are_neither_first_names_nor_part_of_the_key(name, key, first):
    assert (name_key(name), first_name_of(name)) == (key, first)


@pytest.mark.parametrize(("a", "b"), [
    ("Mr. John Richter, James Doe Sr.", "John Richter James Doe"),  # two real vCards of one person
    ("Jane Smith, M.D.", "Jane Smith"),
    ("Walter Hughes, Ph.D., MBA", "Dr. Walter Hughes"),
])
def test_one_person_written_two_ways_has_one_key(a, b):
    assert name_key(a) == name_key(b)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["\u200b", "\u202e", "\u2066", "\ufeff", "\u00ad"]), st.integers(0, 40))
def test_any_text_has_a_key_and_a_greeting_and_invisible_characters_change_neither(text, mark, at):
    marked = text[:at] + mark + text[at:]
    assert name_key(marked) == name_key(text)
    assert first_name_of(marked) == first_name_of(text)
    if visible(text).strip():
        assert first_name_of(text).strip()


def test_a_doctor_is_greeted_by_first_name(demo_copy):
    db = demo_copy
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        jane = g.add_contact("Dr. Jane Smith", tags="heat pumps, climate tech")
        assert jane.first_name == "Jane"
        drafts = list(g.drafts("Dr. Jane Smith", max_age_days=0))
    assert drafts and all("Jane" in d.draft and "Dr.," not in d.draft for d in drafts)


def test_a_title_does_not_split_one_person_in_two(g):
    g.add_contact("Walter Hughes", company="St. Brigid Hospital")
    report = g.import_contacts(NAMESAKES_LINKEDIN)  # has "Dr. Walter Hughes", with a profile
    assert "Walter Hughes" in report.updated and "Dr. Walter Hughes" not in report.added
    walter = g.contact("Dr. Walter Hughes")
    assert (walter.name, walter.first_name) == ("Walter Hughes", "Walter")
    assert walter.linkedin_url == "https://www.linkedin.com/in/walter-hughes-md"
    assert g.contact("Jane Smith").name == "Jane Smith, PhD"


def test_the_other_way_round_the_stored_doctor_is_found(g, tmp_path):
    g.add_contact("Dr. Walter Hughes", emails=["walter@stbrigid.example"])
    rows = tmp_path / "people.csv"
    rows.write_text("name,email,company\nWalter Hughes,,St. Brigid Hospital\n", encoding="utf-8")
    assert g.import_contacts(rows).updated == ("Dr. Walter Hughes",)
    assert [c.company for c in g.contacts()] == ["St. Brigid Hospital"]


# -- the migration ---------------------------------------------------------------------------
def test_the_migration_recomputes_keys_and_cleans_names(tmp_path):
    path = tmp_path / "old.db"
    db = giga._store.open_database(path)
    db["_giga_migrations"].create({"version": int, "name": str, "applied_at": str}, pk="version")
    for version, (name, apply) in enumerate(MIGRATIONS[:5], start=1):
        apply(db)
        db["_giga_migrations"].insert({"version": version, "name": name, "applied_at": "2026-01-01"})
    stamp = "2026-01-01T00:00:00+00:00"
    for name, key in [("Dr. Walter Hughes", "dr walter hughes"), ("Walter Hughes", "walter hughes"),
                      ("Ana\u200bLima", "ana lima")]:
        db["contacts"].insert({"name": name, "name_key": key, "cadence_days": 30, "created_at": stamp,
                               "updated_at": stamp})
    db.conn.commit()
    db.close()
    with giga.open(path, clock=lambda: NOW) as g:
        assert sorted(c.name for c in g.contacts()) == ["AnaLima", "Dr. Walter Hughes", "Walter Hughes"]
        assert g.contact("Dr. Walter Hughes").first_name == "Walter"
        assert [(p.keep.name, p.other.name, p.reason) for p in g.duplicates()] == [
            ("Dr. Walter Hughes", "Walter Hughes", "same name once titles are ignored")]
    keys = dict(sqlite3.connect(path).execute("select name, name_key from contacts").fetchall())
    assert keys == {"Dr. Walter Hughes": "walter hughes", "Walter Hughes": "walter hughes", "AnaLima": "analima"}

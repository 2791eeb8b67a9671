"""Duplicates and merging: what giga lists as probably one person, and a merge that
moves everything of OTHER onto KEEP in one transaction, losing nothing."""

from __future__ import annotations

import json
import shlex
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from test_cli import giga as run_giga

import giga
from giga import ArgumentError, DuplicatePair, MergeReport
from giga._store import merge as merge_rows

DATA = Path(__file__).resolve().parent / "data" / "contacts"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


@pytest.fixture
def g(tmp_path):
    with giga.open(tmp_path / "g.db", clock=lambda: NOW) as instance:
        yield instance


def rows_of(db: Path, contact_id: int) -> dict[str, int]:
    """How many rows of each table point at one contact."""
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"select count(*) from {table} where contact_id = ?", [contact_id]).fetchone()[0]
                for table in ("contact_emails", "interactions", "drafts", "feedback", "feeds")}


def totals(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"select count(*) from {table}").fetchone()[0]
                for table in ("contact_emails", "interactions", "drafts", "feedback")}


# -- duplicates ------------------------------------------------------------------------------
def test_duplicates_lists_each_likely_pair_once_with_its_reason(g):
    g.add_contact("Dr. Walter Hughes")
    g.add_contact("Walter Hughes")
    g.add_contact("John Smith", company="Acme Rockets")
    g.add_contact("Jon Smith", company="acme rockets")
    g.add_contact("Mark Chen", company="Acme Rockets")
    g.add_contact("Mary Chen", company="Acme Rockets")  # alike, but not that alike
    g.add_contact("Ana Lima", linkedin_url="https://www.linkedin.com/in/ana-lima")
    g.add_contact("Ana B. Lima", linkedin_url="http://linkedin.com/in/Ana-Lima/")
    g.add_contact("Pat Doe", company="Northwind")
    g.add_contact("Pat Roe", company="Southwind")  # alike, at different companies
    g.import_contacts(DATA / "plain" / "namesakes.csv")  # two Maria Garcias, kept apart by e-mail
    found = [(p.keep.name, p.other.name, p.reason) for p in g.duplicates()]
    assert found == [
        ("Ana Lima", "Ana B. Lima", "same LinkedIn profile"),
        ("Dr. Walter Hughes", "Walter Hughes", "same name once titles are ignored"),
        ("Maria Garcia", "Maria Garcia", "same name, different e-mail addresses"),
        ("John Smith", "Jon Smith", "similar names at the same company (Acme Rockets)"),
    ]
    assert all(isinstance(p, DuplicatePair) and p.keep.id < p.other.id for p in g.duplicates())


def test_no_duplicates_in_the_demo_contacts(demo_copy):
    db = demo_copy
    assert run_giga(db, "contacts", "duplicates").stdout.strip() == "No likely duplicates."
    assert json.loads(run_giga(db, "contacts", "duplicates", "--json").stdout) == []


def test_duplicates_json_and_the_merge_command_it_prints(tmp_path):
    db = tmp_path / "g.db"
    run_giga(db, "contacts", "import", str(DATA / "linkedin" / "connections_namesakes.csv"))
    [pair] = json.loads(run_giga(db, "contacts", "duplicates", "--json").stdout)
    assert set(pair) == {"keep", "other", "reason"}
    assert pair["reason"] == "same name, different LinkedIn profiles"
    assert {pair["keep"]["name"], pair["other"]["name"]} == {"John Smith"}
    assert pair["keep"]["id"] < pair["other"]["id"] and "linkedin_url" in pair["keep"]
    listing = run_giga(db, "contacts", "duplicates").stdout.splitlines()
    assert listing[0].startswith("1 likely duplicate pair")
    command = listing[2].strip()  # namesakes are named by their profiles, so it runs as printed
    assert command == ("giga contacts merge https://www.linkedin.com/in/john-smith-a1b2c3 "
                       "https://www.linkedin.com/in/johnsmith-88")
    out = run_giga(db, *shlex.split(command)[1:]).stdout
    assert out.startswith("merged John Smith into John Smith: 0 e-mails, 0 touches")
    [john] = [c for c in json.loads(run_giga(db, "contacts", "list", "--json").stdout) if c["name"] == "John Smith"]
    assert john["company"] == "Acme Rockets"  # KEEP's own value stays
    assert "Connected on 12 Mar 2024" in john["notes"] and "Connected on 02 Feb 2023" in john["notes"]
    assert json.loads(run_giga(db, "contacts", "duplicates", "--json").stdout) == []


# -- merge -----------------------------------------------------------------------------------
@pytest.fixture
def demo(demo_copy) -> Path:
    return demo_copy


def test_merge_from_the_command_line_moves_everything_and_loses_nothing(demo):
    with giga.open(demo, clock=lambda: NOW, parse_workers=1) as g:
        keep = g.add_contact("Dr. Walter Hughes", tags="heat pumps", emails=["walter@stbrigid.example"],
                             notes="Met at the cardiology meetup.")
        own_feed = g.feeds()[0].url
        other = g.add_contact("Walter Hughes", tags="climate tech, heat pumps, python", feed=own_feed,
                              emails=["w.hughes@example.org", "walt@example.net"], company="St. Brigid Hospital",
                              linkedin_url="https://www.linkedin.com/in/walter-hughes-md", notes="Cycles to work.")
        g.log("walter@stbrigid.example", "met", "at the meetup")
        for kind, text in [("gave", "an intro"), ("called", "about the clinic"), ("note", "likes maps")]:
            g.log("w.hughes@example.org", kind, text)
        drafts = list(g.drafts("w.hughes@example.org", top=2, max_age_days=0))
        g.feedback("w.hughes@example.org", drafts[0].article.id, "liked")
    before_keep, before_other, before_all = rows_of(demo, keep.id), rows_of(demo, other.id), totals(demo)
    assert before_other == {"contact_emails": 2, "interactions": 3, "drafts": len(drafts), "feedback": 1, "feeds": 1}

    out = run_giga(demo, "contacts", "merge", "Dr. Walter Hughes", "Walter Hughes").stdout
    assert out.strip() == (f"merged Walter Hughes into Dr. Walter Hughes: 2 e-mails, 3 touches, {len(drafts)} drafts, "
                           "1 feedback, 1 feed, tags: climate tech, python; filled: company, linkedin_url, feed_url, notes")
    assert totals(demo) == before_all  # nothing lost
    assert rows_of(demo, other.id) == dict.fromkeys(before_other, 0)  # nothing left dangling
    assert rows_of(demo, keep.id) == {k: before_keep[k] + before_other[k] for k in before_keep}
    shown = json.loads(run_giga(demo, "contacts", "show", "Dr. Walter Hughes", "--json").stdout)
    assert shown["emails"] == ["walter@stbrigid.example", "w.hughes@example.org", "walt@example.net"]
    assert shown["tags"] == ["heat pumps", "climate tech", "python"]
    assert shown["company"] == "St. Brigid Hospital"
    assert shown["notes"] == "Met at the cardiology meetup.\n\nCycles to work."
    assert len(shown["history"]) == 4
    assert [c["name"] for c in json.loads(run_giga(demo, "contacts", "list", "--json").stdout)].count(
        "Walter Hughes") == 0
    with giga.open(demo, clock=lambda: NOW, parse_workers=1) as g:
        assert g.contact("walt@example.net").name == "Dr. Walter Hughes"
        assert g.contact_posts("Dr. Walter Hughes")  # their own feed is theirs still


def test_on_the_same_article_keeps_verdict_and_draft_win(demo):
    with giga.open(demo, clock=lambda: NOW, parse_workers=1) as g:
        g.add_contact("Ana Lima", tags="heat pumps, climate tech", emails=["ana@example.org"])
        g.add_contact("Ana Maria Lima", tags="heat pumps, climate tech", emails=["anamaria@example.org"])
        [kept] = g.drafts("ana@example.org", max_age_days=0)
        [theirs] = g.drafts("anamaria@example.org", max_age_days=0)
        assert kept.article.id == theirs.article.id  # the same best article for both
        g.accept(theirs)  # OTHER was sent it: the sent mark must survive the merge
        g.feedback("ana@example.org", kept.article.id, "liked")
        g.feedback("anamaria@example.org", kept.article.id, "not_for_them")
        report = g.merge_contacts("Ana Lima", "Ana Maria Lima")
        assert isinstance(report, MergeReport)
        assert (report.drafts, report.feedback, report.kept_own, report.touches) == (0, 0, 2, 1)
        assert "2 of theirs on articles Ana Lima already had (kept Ana Lima's)" in report.summary()
        assert report.as_dict()["kept_own"] == 2 and report.as_dict()["other"]["name"] == "Ana Maria Lima"
        assert kept.article.id not in {s.article.id for s in g.suggest("Ana Lima", max_age_days=0)}
    with sqlite3.connect(demo) as conn:
        verdicts = conn.execute("select contact_id, verdict from feedback where article_id = ?",
                                [kept.article.id]).fetchall()
        sent = conn.execute("select sent_at from drafts where article_id = ? and contact_id = ?",
                            [kept.article.id, report.keep.id]).fetchone()
    assert verdicts == [(report.keep.id, "liked")]
    assert sent[0] is not None


def test_merging_a_contact_into_itself_is_refused(demo):
    with giga.open(demo, clock=lambda: NOW) as g:
        ada = g.contacts()[0]
        with pytest.raises(ArgumentError, match="same contact"):
            g.merge_contacts(ada.name, ada.emails[0])
    before = totals(demo)
    refused = run_giga(demo, "contacts", "merge", ada.name, ada.name, check=False)
    assert refused.returncode != 0 and refused.stderr.strip().count("\n") == 0
    assert "same contact" in refused.stderr and totals(demo) == before
    unknown = run_giga(demo, "contacts", "merge", ada.name, "Nobody Atall", check=False)
    assert unknown.returncode != 0 and "no contact named 'Nobody Atall'" in unknown.stderr


def test_merge_takes_contacts_from_duplicates_and_is_all_or_nothing(g, monkeypatch):
    g.add_contact("Dr. Walter Hughes")
    g.add_contact("Walter Hughes", emails=["w@example.org"], tags="maps")
    g.log("w@example.org", "gave", "a map")
    [pair] = g.duplicates()

    def broken(*args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(merge_rows, "_move_rest", broken)
    with pytest.raises(RuntimeError):
        g.merge_contacts(pair.keep, pair.other)
    assert g.contact("w@example.org").name == "Walter Hughes"  # rolled back: nothing moved
    assert len(g.history("w@example.org")) == 1 and len(g.contacts()) == 2
    monkeypatch.undo()
    report = g.merge_contacts(pair.keep, pair.other)
    assert (report.emails, report.touches, report.tags) == (("w@example.org",), 1, ("maps",))
    with pytest.raises(giga.ContactNotFoundError, match="no longer stored"):
        g.merge_contacts(pair.keep, pair.other)


def test_every_table_that_points_at_contacts_is_handled_by_merge(g):
    """A new table with a ``contact_id`` column must be added to ``_store/merge.py``
    on purpose (it would be moved as it is otherwise)."""
    assert set(merge_rows.contact_tables(g.db)) == set(merge_rows.HANDLED), \
        "a table refers to contacts: decide in giga/_store/merge.py how a merge moves its rows, then list it in HANDLED"
    referencing = {t for t in g.db.table_names()
                   if any(fk.other_table == "contacts" for fk in g.db[t].foreign_keys)}
    assert referencing <= set(merge_rows.HANDLED)

"""Suggestions through the facade and the CLI, on the bundled demo data."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

import giga
from test_cli import giga as run_giga

DEMO = Path(__file__).resolve().parents[1] / "giga" / "demo_data"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


@pytest.fixture
def g(demo_copy):
    with giga.open(demo_copy, clock=lambda: NOW, parse_workers=1) as instance:
        yield instance


def test_suggestions_match_interests_and_explain_them(g):
    result = g.suggest("Chioma Windmere", top=3, max_age_days=0)
    titles = [s.article.title.lower() for s in result if s.kind == "share"]
    assert len(titles) == 3
    feeds = [s.article.feed for s in result if s.kind == "share"]
    assert max(feeds.count(f) for f in feeds) == 2  # two of three from the climate feed, at most
    assert any("heat pump" in t for t in titles) and any("battery" in t or "storage" in t for t in titles)
    first = list(result)[0]
    assert any("heat pumps" in line for line in first.why)
    assert "Chioma" in first.draft and first.article.title in first.draft and first.article.url in first.draft


def test_shared_articles_are_never_suggested_again(g):
    first = [s for s in g.suggest("Chioma Windmere", top=3, max_age_days=0) if s.kind == "share"][0]
    g.log("Chioma Windmere", "shared", url=first.article.url + "?utm_source=newsletter")
    again = [s.article.id for s in g.suggest("Chioma Windmere", top=5, max_age_days=0)]
    assert first.article.id not in again


def test_feedback_not_for_them_removes_the_article(g):
    first = [s for s in g.suggest("Bruno Kettleby", top=3, max_age_days=0)][0]
    g.feedback("Bruno Kettleby", first.article.id, "not_for_them")
    assert first.article.id not in [s.article.id for s in g.suggest("Bruno Kettleby", top=5, max_age_days=0)]
    with pytest.raises(giga.ArgumentError):
        g.feedback("Bruno Kettleby", first.article.id, "meh")


def test_default_is_the_due_contacts_and_unknown_tags_are_warned(g):
    result = g.suggest(top=1, max_age_days=0)
    contacts = {s.contact.name for s in result}
    assert contacts <= {d.contact.name for d in g.due()}
    assert any("Jonah Featherstone" in w and "sailing" in w for w in result.warnings)


def test_max_age_window(g):
    assert len(g.suggest("Chioma Windmere", max_age_days=0)) > 0
    fresh = g.suggest("Chioma Windmere", top=5, max_age_days=3)
    assert all(s.article.published and (NOW - s.article.published).days <= 3 for s in fresh)


def test_respond_to_a_contacts_own_post(g):
    g.edit_contact("Ada Quillfeather", feed=str(DEMO / "feeds" / "python.xml"))
    items = g.suggest("Ada Quillfeather", max_age_days=0)
    respond = [s for s in items if s.kind == "respond"]
    assert len(respond) == 1
    post = respond[0]
    assert post.article.title in post.draft and post.variant in ("enjoyed", "next", "share-it")
    assert post.article.url not in post.draft  # respond to their post; do not send them their own link
    assert all(s.article.feed != respond[0].article.feed for s in items if s.kind == "share")


def test_who_would_like_an_article(g):
    article = next(a for a in g.articles() if "sourdough" in a.title.lower())
    people = g.who_would_like(article.url, max_age_days=0)
    assert people and people[0].contact.name == "Bruno Kettleby"


def test_cli_suggest_json_contract(demo_db, tmp_path):
    db = tmp_path / "cli.db"
    db.write_bytes(demo_db.read_bytes())
    out = run_giga(db, "suggest", "--all", "--top", "2", "--max-age", "0", "--json")
    items = json.loads(out.stdout)
    assert items and isinstance(items, list)
    for item in items:
        assert set(item) >= {"contact", "article", "score", "why", "draft"}
        assert set(item["article"]) >= {"id", "title", "url", "feed", "published"}
        assert isinstance(item["score"], float) and isinstance(item["why"], list) and item["why"]
        assert isinstance(item["draft"], str) and "<" not in item["draft"].replace("<script>", "")
    per_contact = {}
    for item in items:
        per_contact[item["contact"]] = per_contact.get(item["contact"], 0) + 1
    assert max(per_contact.values()) <= 2
    one = json.loads(run_giga(db, "suggest", "--contact", "Bruno", "--max-age", "0", "--json").stdout)
    assert {i["contact"] for i in one} == {"Bruno Kettleby"}
    who = json.loads(run_giga(db, "suggest", "--article", items[0]["article"]["url"], "--max-age", "0", "--json").stdout)
    assert who and set(who[0]) >= {"contact", "score", "why"}
    run_giga(db, "feedback", "Bruno Kettleby", one[0]["article"]["id"], "--not-for-them")
    again = json.loads(run_giga(db, "suggest", "--contact", "Bruno", "--max-age", "0", "--json").stdout)
    assert one[0]["article"]["id"] not in [i["article"]["id"] for i in again]

"""History and undo: touches and feedback listed with ids, the last one recorded taken
back (not the one with the latest date), one entry deleted by id, old databases numbered."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from test_cli import giga as run_giga

import giga
from giga._store import schema

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def demo(demo_copy) -> Path:
    return demo_copy


def test_undo_takes_back_the_last_recorded_whatever_its_date(tmp_path):
    clock = Clock(NOW)  # frozen: every entry below is recorded in the same second
    with giga.open(tmp_path / "g.db", clock=clock, tz=UTC) as g:
        g.add_contact("Ana Lima", every=7)
        g.add_contact("Bo Chen", every=30)
        g.log("Ana", "gave", "an intro to Bo", on=date(2026, 11, 18))
        g.log("Bo", "met", "coffee", on=date(2026, 11, 19))
        g.log("Ana", "shared", url="https://example.org/old", on=date(2026, 10, 1))  # recorded last, dated first
        entries = g.history()
        assert [(e.id, e.contact.name, e.kind) for e in entries] == [
            ("t2", "Bo Chen", "met"), ("t1", "Ana Lima", "gave"), ("t3", "Ana Lima", "shared")]  # by date
        assert [e.id for e in g.history("Ana")] == ["t1", "t3"]
        assert [(e.kind, e.text) for e in g.history("Ana")] == [(i.kind, i.text) for i in g._people.history("Ana")]
        undone = g.undo()
        assert (undone.id, undone.kind, undone.url) == ("t3", "shared", "https://example.org/old")
        assert g.undo().id == "t2"
        assert [e.id for e in g.history()] == ["t1"]
        assert g.ledger("Ana").gives == 1
        clock.now += timedelta(days=30)
        assert [d.contact.name for d in g.due()] == ["Ana Lima", "Bo Chen"]  # Bo's coffee is gone: never touched
        assert g.due()[0].last_touch.text == "an intro to Bo"
        assert g.undo().id == "t1" and g.undo() is None and g.history() == []


def test_feedback_is_history_too_and_undoing_it_lets_the_article_back(demo):
    with giga.open(demo, clock=lambda: NOW, parse_workers=1) as g:
        first, second = [s for s in g.suggest("Chioma Windmere", top=3, max_age_days=0) if s.kind == "share"][:2]
        g.not_for_them(first)
        g.log("Chioma", "gave", "a warm intro")
        g.skip(second)
        entries = {e.id: e for e in g.history("Chioma")}
        assert set(entries) == {"f1", "t1", "f2"}
        assert (entries["f1"].kind, entries["f1"].text, entries["f1"].article_id) == (
            "not_for_them", first.article.title, first.article.id)
        assert entries["f1"].as_dict()["type"] == "feedback" and entries["t1"].as_dict()["type"] == "touch"
        assert g.undo().id == "f2"
        assert g.delete_history("F1").article_id == first.article.id
        again = {s.article.id for s in g.suggest("Chioma Windmere", top=5, max_age_days=0)}
        assert {first.article.id, second.article.id} <= again  # feedback gone: suggested again
        g.skip(second)
        assert g.history("Chioma")[0].id == "f3"  # a new entry, a new id
        with pytest.raises(giga.NotFoundError, match="no history entry t99"):
            g.delete_history("t99")
        with pytest.raises(giga.ArgumentError, match="expected t<number>"):
            g.delete_history("12")


def test_undoing_a_sent_draft_takes_back_its_sent_mark(demo):
    with giga.open(demo, clock=lambda: NOW, parse_workers=1) as g:
        draft = next(s for s in g.drafts("Chioma Windmere", max_age_days=0) if s.kind == "share")
        g.accept(draft)
        sent = "select sent_at from drafts where contact_id = ? and article_id = ?"
        assert g.db.execute(sent, [draft.contact.id, draft.article.id]).fetchone()[0] is not None
        assert g.undo().kind == "shared"
        assert g.db.execute(sent, [draft.contact.id, draft.article.id]).fetchone()[0] is None
        assert draft.article.id in {s.article.id for s in g.suggest("Chioma Windmere", top=5, max_age_days=0)}


def test_history_and_undo_commands(tmp_path):
    db = tmp_path / "g.db"
    with giga.open(db, tz=UTC) as g:
        g.add_contact("Ana Lima", every=7)
        g.add_contact("Eve\x1b[31m Red", every=7)
    run_giga(db, "log", "Ana Lima", "--gave", "an intro", "--on", "2020-01-02")
    with giga.open(db) as g:
        g.log("Ana Lima", "shared", url="https://example.org/a", on=date(2020, 1, 3))
        g.log("Eve", "note", "said hi\x07", on=date(2020, 1, 1))
    table = run_giga(db, "history").stdout
    assert table.splitlines()[0].split() == ["id", "date", "contact", "what", "details"]
    assert [line.split()[0] for line in table.splitlines()[2:]] == ["t2", "t1", "t3"]
    assert "\x1b" not in table and "\x07" not in table
    listed = json.loads(run_giga(db, "history", "Ana", "--json").stdout)
    assert [e["id"] for e in listed] == ["t2", "t1"]
    assert set(listed[0]) >= {"id", "type", "contact", "kind", "text", "url", "at", "recorded_at"}
    assert run_giga(db, "history", "--limit", "1").stdout.count("\n") == 3
    undid = run_giga(db, "undo").stdout
    assert undid.startswith("undid: 2020-01-01 note about Eve") and "\x1b" not in undid and "\x07" not in undid
    assert run_giga(db, "undo").stdout == "undid: 2020-01-03 shared with Ana Lima: https://example.org/a\n"
    due = json.loads(run_giga(db, "due", "--json").stdout)
    assert next(d for d in due if d["contact"] == "Ana Lima")["last_touch"]["text"] == "an intro"
    assert run_giga(db, "history", "--delete", "t1").stdout == "deleted t1: 2020-01-02 gave to Ana Lima: an intro\n"
    for bad, message in (("t1", "no history entry t1"), ("bogus", "expected t<number>")):
        result = run_giga(db, "history", "--delete", bad, check=False)
        assert result.returncode == 1 and message in result.stderr and result.stderr.count("\n") == 1
    assert run_giga(db, "undo").stdout == "Nothing to undo.\n"
    assert run_giga(db, "history").stdout == "Nothing recorded yet.\n"


def test_an_older_database_gets_its_entries_numbered_in_the_order_they_were_recorded(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    for _, migrate in schema.MIGRATIONS[:5]:
        migrate(db)
    db["_giga_migrations"].insert_all([{"version": v, "name": n, "applied_at": "2026-01-01T00:00:00+00:00"}
                                       for v, (n, _) in enumerate(schema.MIGRATIONS[:5], start=1)], pk="version")
    stamp = "2026-11-0{}T10:00:00+00:00".format
    db["contacts"].insert({"id": 1, "name": "Ana Lima", "name_key": "ana lima", "cadence_days": 30,
                           "created_at": stamp(1), "updated_at": stamp(1)})
    db["interactions"].insert_all([
        {"id": 1, "contact_id": 1, "kind": "gave", "at": stamp(1), "logged_at": stamp(3)},
        {"id": 2, "contact_id": 1, "kind": "asked", "at": stamp(4), "logged_at": stamp(1)},
    ])
    db["feedback"].insert({"contact_id": 1, "article_id": "a1", "verdict": "skipped", "at": stamp(2)})
    db.close()
    with giga.open(path) as g:
        assert [e.id for e in g.history()] == ["t2", "f1", "t1"]  # by date
        assert [g.undo().id for _ in range(3)] == ["t1", "f1", "t2"]  # by when they were recorded
        g.log("Ana", "met", "lunch")
        assert [e.id for e in g.history()] == ["t3"]

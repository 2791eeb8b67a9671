"""Values edited by hand in the database (the README invites Datasette) are read
leniently and reported in one line naming the row and field: one bad value never stops
every command, and the command that would fix it works (issue 18).

A real SQLite file edited with sqlite3, then the ``giga`` command in a child process.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from giga_process import giga_env

import giga


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "giga", "--db", str(db), *args], capture_output=True,
                            text=True, env=giga_env(db), timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "giga.db"
    with giga.open(path) as g:
        g.add_contact("Ada Lovelace", tags="climate", emails=["ada@example.org"])
        g.add_contact("Grace Hopper", tags="python")
        g.log("Grace Hopper", "gave", "a book")
    return path


def edit(db: Path, sql: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    conn.close()


def test_tags_typed_as_text_are_read_as_a_list_and_contacts_edit_fixes_them(db: Path) -> None:
    edit(db, "update contacts set tags = 'climate, python' where name = 'Ada Lovelace'")
    for command in (("contacts", "list"), ("due",), ("contacts", "show", "Ada Lovelace")):
        result = run(db, *command)
        assert result.returncode == 0, (command, result.stderr)
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1 and "'Ada Lovelace'" in warnings[0] and "tags" in warnings[0], result.stderr
    listed = run(db, "contacts", "list", "--json")
    assert {c["name"]: c["tags"] for c in json.loads(listed.stdout)}["Ada Lovelace"] == ["climate", "python"]
    assert run(db, "contacts", "edit", "Ada Lovelace", "--add-tag", "maths").returncode == 0
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select tags from contacts where name = 'Ada Lovelace'").fetchone()[0]
    assert json.loads(stored) == ["climate", "python", "maths"]
    assert run(db, "contacts", "list").stderr == ""


def test_a_free_text_date_and_cadence_are_reported_and_ignored(db: Path) -> None:
    edit(db, "update contacts set snoozed_until = 'next tuesday', cadence_days = 'weekly', "
             "created_at = 'last spring' where name = 'Grace Hopper'")
    edit(db, "update interactions set at = 'yesterday'")
    for command in (("due",), ("contacts", "list", "--json"), ("history",), ("contacts", "show", "Grace Hopper")):
        result = run(db, *command)
        assert result.returncode == 0, (command, result.stderr)
    due = run(db, "due")
    for field in ("snoozed_until", "cadence_days"):
        assert any(field in line and "'Grace Hopper'" in line for line in due.stderr.splitlines()), due.stderr
    assert "Grace Hopper" in run(db, "history").stdout  # still listed, so it can be undone
    assert run(db, "contacts", "edit", "Grace Hopper", "--every", "14").returncode == 0


def test_a_signature_that_is_not_json_and_an_unknown_time_zone_are_read_leniently(db: Path) -> None:
    edit(db, "insert or replace into settings (key, value) values ('signature', 'Cheers, Ada')")
    edit(db, "insert or replace into settings (key, value) values ('timezone', '\"Mars/Olympus\"')")
    shown = run(db, "settings")
    assert shown.returncode == 0 and "signature = Cheers, Ada" in shown.stdout
    assert "setting signature" in shown.stderr and "timezone = Mars/Olympus" in shown.stdout
    due = run(db, "due")
    assert due.returncode == 0 and "unknown time zone 'Mars/Olympus'" in due.stderr
    assert run(db, "settings", "timezone", "Europe/Berlin").returncode == 0
    assert "Mars" not in run(db, "due").stderr


def test_a_merge_of_a_contact_with_text_tags_unions_them(db: Path) -> None:
    edit(db, "update contacts set tags = 'climate, python' where name = 'Ada Lovelace'")
    merged = run(db, "contacts", "merge", "Grace Hopper", "Ada Lovelace")
    assert merged.returncode == 0, merged.stderr
    listed = json.loads(run(db, "contacts", "list", "--json").stdout)
    assert [(c["name"], c["tags"]) for c in listed] == [("Grace Hopper", ["python", "climate"])]


def test_article_categories_typed_as_text_do_not_stop_the_article_list(db: Path) -> None:
    with giga.open(db, parse_workers=1) as g:
        g.add_feed(str(giga.demo_data() / "feeds" / "climate.xml"))
        g.fetch()
    edit(db, "update articles set categories = 'heat pumps, grid' where rowid = (select min(rowid) from articles)")
    listed = run(db, "articles", "--json", "--limit", "500")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) > 1
    assert "categories" in listed.stderr and "not JSON" in listed.stderr
    with giga.open(db) as g:
        assert ("heat pumps, grid",) in [a.categories for a in g.articles(limit=500)]

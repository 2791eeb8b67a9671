"""The people commands as a user runs them: contacts, due, log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import giga

DEMO = Path(__file__).resolve().parents[1] / "giga" / "demo_data"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "giga.db"


def test_contacts_add_list_show_edit_remove(db: Path) -> None:
    giga(db, "contacts", "add", "Ana Lima", "--tags", "Machine learning, climate tech",
         "--email", "ana@example.com", "--every", "14")
    listed = json.loads(giga(db, "contacts", "list", "--json").stdout)
    assert listed[0]["name"] == "Ana Lima" and listed[0]["tags"] == ["Machine learning", "climate tech"]
    assert listed[0]["every"] == 14 and listed[0]["emails"] == ["ana@example.com"]
    giga(db, "contacts", "edit", "ana", "--add-tag", "python", "--every", "21")
    shown = json.loads(giga(db, "contacts", "show", "Ana Lima", "--json").stdout)
    assert shown["tags"][-1] == "python" and shown["every"] == 21 and shown["gives"] == 0
    giga(db, "contacts", "remove", "Ana Lima")
    assert json.loads(giga(db, "contacts", "list", "--json").stdout) == []


def test_unknown_contact_is_a_one_line_error_with_close_matches(db: Path) -> None:
    giga(db, "contacts", "add", "Ana Lima")
    result = giga(db, "log", "Anna Lima", "--gave", "a tip", check=False)
    assert result.returncode == 1
    assert "no contact named 'Anna Lima'" in result.stderr and "Ana Lima" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_log_due_and_the_ask_warning(db: Path) -> None:
    giga(db, "contacts", "add", "Ana Lima", "--every", "7")
    giga(db, "contacts", "add", "Bo Chen", "--every", "30")
    due = json.loads(giga(db, "due", "--json").stdout)
    assert {d["contact"] for d in due} == {"Ana Lima", "Bo Chen"}  # never touched: due
    assert set(due[0]) >= {"contact", "due_on", "days_over", "overdue", "last_touch", "every"}
    asked = giga(db, "log", "Ana Lima", "--asked", "an intro")
    assert "Deposits before withdrawals" in asked.stderr
    giga(db, "log", "Bo Chen", "--shared", "https://example.org/a", "--on", "2020-01-01")
    due = json.loads(giga(db, "due", "--json").stdout)
    assert [d["contact"] for d in due] == ["Bo Chen"]  # Ana was just touched; Bo's touch is old
    assert due[0]["last_touch"]["kind"] == "shared" and due[0]["days_over"] > 1000
    assert len(json.loads(giga(db, "due", "--json", "--limit", "1").stdout)) == 1
    both = giga(db, "log", "Bo Chen", "--gave", "x", "--asked", "y", check=False)
    assert both.returncode == 2 and "exactly one" in both.stderr
    giga(db, "contacts", "snooze", "Bo Chen", "--days", "10")
    assert json.loads(giga(db, "due", "--json").stdout) == []


def test_settings_default_cadence_and_timezone(db: Path) -> None:
    giga(db, "settings", "default-cadence", "14")
    giga(db, "contacts", "add", "New Person")
    assert json.loads(giga(db, "contacts", "list", "--json").stdout)[0]["every"] == 14
    shown = giga(db, "settings", "timezone", "Pacific/Auckland")
    assert "timezone = Pacific/Auckland" in shown.stdout
    bad = giga(db, "settings", "timezone", "Mars/Olympus", check=False)
    assert bad.returncode == 1 and "unknown time zone" in bad.stderr
    assert giga(db, "settings", "default-cadence", "soon", check=False).returncode == 1
    assert "default-cadence = 14" in giga(db, "settings").stdout


def test_edit_checks_a_contacts_fields_as_add_does(db: Path) -> None:
    giga(db, "contacts", "add", "Ana Lima", "--email", "ana@example.com")
    giga(db, "contacts", "add", "Bo Chen", "--email", "bo@example.com")
    for bad, reason in (("not-an-email", "not an e-mail address"), ("bo@example.com", "already belongs")):
        result = giga(db, "contacts", "edit", "Ana Lima", "--email", bad, check=False)
        assert result.returncode == 1 and reason in result.stderr
        assert result.stderr.strip().count("\n") == 0
    shown = json.loads(giga(db, "contacts", "show", "Ana Lima", "--json").stdout)
    assert shown["emails"] == ["ana@example.com"]
    giga(db, "contacts", "edit", "Ana Lima", "--email", "Ana.Lima@Example.org")
    assert json.loads(giga(db, "contacts", "show", "Ana", "--json").stdout)["emails"] == ["ana.lima@example.org"]


def test_lists_show_untrusted_text_on_one_line_without_control_characters(db: Path) -> None:
    giga(db, "contacts", "add", "Eve\x1b]0;owned\x07 \u202eLiar", "--tags", "bold [red]markup[/red], x")
    giga(db, "contacts", "add", "Zoë 山田", "--tags", "wide")
    out = giga(db, "contacts", "list").stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "[red]markup[/red]" in out  # shown as typed, not as markup
    lines = out.splitlines()
    assert len(lines) == 4  # header, rule, two contacts: nothing wrapped
    from rich.cells import cell_len
    assert len({cell_len(line[: line.index("  ")]) for line in lines[2:]}) <= 2  # columns line up


def test_contacts_edit_renames(db: Path) -> None:
    """``contacts edit --name`` crashed with a traceback: the new name collided with the
    NAME argument of ``Giga.edit_contact``. The title and the zero-width space go too."""
    giga(db, "contacts", "add", "Ana Lima", "--email", "ana@example.com")
    giga(db, "contacts", "edit", "Ana Lima", "--name", "Dr. Ana\u200b Lima-Souza")
    [ana] = json.loads(giga(db, "contacts", "list", "--json").stdout)
    assert (ana["name"], ana["first_name"], ana["emails"]) == ("Dr. Ana Lima-Souza", "Ana", ["ana@example.com"])

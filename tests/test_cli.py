"""The command line, invoked as a user would: a real process, a real database file,
a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import Response, conditional

DEMO_FEEDS = Path(__file__).resolve().parents[1] / "giga" / "demo_data" / "feeds"
OPML_DATA = Path(__file__).resolve().parent / "data" / "opml"


def giga(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIGA_DB": str(db), "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "giga", *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"giga {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "giga.db"


def test_feeds_add_list_remove(db: Path, tmp_path: Path) -> None:
    local = tmp_path / "saved.xml"
    local.write_bytes((DEMO_FEEDS / "python.xml").read_bytes())
    giga(db, "feeds", "add", "https://example.org/feed.xml", str(local))
    listed = json.loads(giga(db, "feeds", "list", "--json").stdout)
    assert [f["url"] for f in listed] == ["https://example.org/feed.xml", str(local.resolve())]
    assert set(listed[0]) >= {"url", "title", "last_ok_at", "error_count", "last_error"}
    again = giga(db, "feeds", "add", "https://example.org/feed.xml")
    assert "1 already subscribed" in again.stdout
    giga(db, "feeds", "remove", "https://example.org/feed.xml")
    assert len(json.loads(giga(db, "feeds", "list", "--json").stdout)) == 1


def test_bad_sources_give_one_line_errors_and_add_nothing(db: Path) -> None:
    giga(db, "feeds", "list")  # created first: a new database is announced on stderr
    result = giga(db, "feeds", "add", "https://ok.example/feed", "ftp://nope.example/x", check=False)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "ftp" in result.stderr and "unsupported" in result.stderr
    assert json.loads(giga(db, "feeds", "list", "--json").stdout) == []
    missing = giga(db, "feeds", "add", "/no/such/feed.xml", check=False)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    unknown = giga(db, "feeds", "remove", "https://unknown.example/feed", check=False)
    assert unknown.returncode == 1 and "no such feed" in unknown.stderr


def test_fetch_json_contract_and_errors_as_values(db: Path, feed_server) -> None:
    body = (DEMO_FEEDS / "python.xml").read_bytes()
    good = feed_server.route("/good.xml", conditional(body))
    gone = feed_server.route("/gone.xml", Response(status=404, body=b"nope"))
    giga(db, "feeds", "add", good, gone)

    first = json.loads(giga(db, "fetch", "--json").stdout)
    assert set(first) >= {"feeds", "updated", "not_modified", "failed", "new_articles", "errors"}
    assert (first["feeds"], first["updated"], first["failed"]) == (2, 1, 1)
    assert first["new_articles"] >= 8
    assert first["errors"] == [{"feed": gone, "error": first["errors"][0]["error"]}]
    assert "404" in first["errors"][0]["error"]

    second = json.loads(giga(db, "fetch", "--json").stdout)
    assert second["not_modified"] == 1 and second["new_articles"] == 0
    assert second["failed"] == 0  # the 404 feed is backing off, not asked again
    assert feed_server.requests_to("/gone.xml").__len__() == 1
    assert feed_server.requests_to("/good.xml")[-1].headers.get("if-none-match") == '"v1"'

    with sqlite3.connect(db) as con:
        stored = con.execute("select count(*) from articles").fetchone()[0]
        error = con.execute("select last_error from feeds where url = ?", [gone]).fetchone()[0]
    assert stored == first["new_articles"]
    assert "404" in error


def test_opml_import_export_round_trip(db: Path, tmp_path: Path) -> None:
    source = next(p for p in sorted(OPML_DATA.glob("*")) if "netnewswire" in p.name.lower())
    imported = giga(db, "feeds", "import", str(source))
    assert "added" in imported.stdout
    urls = [f["url"] for f in json.loads(giga(db, "feeds", "list", "--json").stdout)]
    assert urls
    out = tmp_path / "export.opml"
    giga(db, "feeds", "export", str(out))
    other = tmp_path / "other.db"
    giga(other, "feeds", "import", str(out))
    assert [f["url"] for f in json.loads(giga(other, "feeds", "list", "--json").stdout)] == urls


def test_malformed_opml_is_read_around_the_damage_with_one_warning_line(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.opml"
    broken.write_text(
        '<?xml version="1.0"?>\n<opml version="2.0"><body>\n'
        '<outline text="a" xmlUrl="https://a.example/feed"/>\n'
        '<outline text="b" xmlUrl="https://b.example/feed">\n'
        "</body></opml>\n",
        encoding="utf-8",
    )
    giga(db, "feeds", "list")  # created first: a new database is announced on stderr
    result = giga(db, "feeds", "import", str(broken))
    assert result.stderr.startswith(f"warning: {broken}:5: malformed XML") and result.stderr.count("\n") == 1
    assert "2 added" in result.stdout
    assert len(json.loads(giga(db, "feeds", "list", "--json").stdout)) == 2


def test_a_file_with_no_opml_in_it_names_file_and_line_and_imports_nothing(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "page.opml"
    broken.write_text("<html><body><p>Subscriptions <b>moved</p>\n", encoding="utf-8")
    giga(db, "feeds", "list")  # created first: a new database is announced on stderr
    result = giga(db, "feeds", "import", str(broken), check=False)
    assert result.returncode == 1
    assert f"{broken}:" in result.stderr and result.stderr.strip().count("\n") == 0
    assert json.loads(giga(db, "feeds", "list", "--json").stdout) == []


def _all_commands(group=None, prefix=()) -> list[list[str]]:
    """Every command and group of the real CLI, so a new command is covered by itself."""
    from giga.cli import cli

    group = group or cli
    found = [list(prefix)]
    for name, command in sorted(getattr(group, "commands", {}).items()):
        found += _all_commands(command, (*prefix, name)) if hasattr(command, "commands") else [[*prefix, name]]
    return found


ALL_COMMANDS = _all_commands()
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "giga")
def test_every_command_has_help_and_is_in_the_readme(db: Path, command: list[str]) -> None:
    result = giga(db, *command, "--help")
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 3
    if command:
        assert f"giga {' '.join(command)}" in README.read_text(encoding="utf-8")


def test_demo_runs_offline(tmp_path: Path) -> None:
    result = giga(tmp_path / "unused.db", "demo")
    assert "articles stored" in result.stdout and "Who is due" in result.stdout
    assert "why:" in result.stdout and "Best," in result.stdout  # suggestions with reasons, and drafts
    assert not (tmp_path / "unused.db").exists()  # the demo never touches the user's database

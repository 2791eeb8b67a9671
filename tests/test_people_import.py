"""Importing contacts through the facade: idempotent, all or nothing, bad rows reported."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

import giga
from giga import InputError
from test_cli import giga as run_giga

DATA = Path(__file__).resolve().parent / "data" / "contacts"
ALL_FILES = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in {".csv", ".vcf"})


@pytest.fixture
def g(tmp_path):
    with giga.open(tmp_path / "g.db", clock=lambda: datetime(2026, 11, 20, tzinfo=timezone.utc)) as instance:
        yield instance


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_reimporting_any_file_changes_nothing(g, path):
    first = g.import_contacts(path)
    before = [(c.name, c.emails, c.tags, c.linkedin_url, c.company) for c in g.contacts()]
    assert len(before) == len(first.added)  # the database started empty
    second = g.import_contacts(path)
    after = [(c.name, c.emails, c.tags, c.linkedin_url, c.company) for c in g.contacts()]
    assert after == before
    assert second.added == () and second.updated == ()
    assert len(second.unchanged) == len(first.added) + len(first.updated) + len(first.unchanged)


def test_linkedin_2024_values_and_skipped_rows(g):
    report = g.import_contacts(DATA / "linkedin" / "connections_2024.csv")
    assert report.format == "linkedin"
    bruno = g.contact("Bruno Kettleby")
    assert bruno.emails == ("bruno@kettleby.example.com",)
    assert bruno.linkedin_url == "https://www.linkedin.com/in/bruno-kettleby-example"
    assert bruno.company == "Kettleby & Crumb, Bakers"
    assert bruno.cadence_days == g.default_cadence
    # the nameless "private member" row is reported with its physical line, not imported
    assert any(row.line == 7 for row in report.skipped), report.skipped


def test_matching_by_email_then_profile_then_name_merges_across_formats(g, tmp_path):
    g.add_contact("Ada Quillfeather", tags="python")
    plain = tmp_path / "people.csv"
    plain.write_text(
        "name,email,tags,every\n"
        'Ada Quillfeather,ada@example.org,"open source, Python",14\n'
        "ada q,ada@example.org,machine learning,\n",
        encoding="utf-8",
    )
    report = g.import_contacts(plain, "csv")
    assert report.added == ()
    ada = g.contact("Ada Quillfeather")
    assert ada.emails == ("ada@example.org",)
    assert ada.tags == ("python", "open source", "machine learning")
    assert ada.cadence_days == 30  # an import never overrides the cadence the user set
    linkedin = g.import_contacts(DATA / "linkedin" / "connections_2024.csv")
    assert "Ada Quillfeather" in linkedin.updated  # matched by name, gained a LinkedIn URL
    assert len([c for c in g.contacts() if c.name == "Ada Quillfeather"]) == 1


def test_a_malformed_file_imports_nothing(g, tmp_path):
    g.add_contact("Keep Me")
    broken = tmp_path / "broken.vcf"
    good = (DATA / "vcard" / "ez-vcard").glob("*.vcf")
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(good)[:2])
    broken.write_text(text + "BEGIN:VCARD\nVERSION:3.0\nFN:Never Ends\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        g.import_contacts(broken)
    assert str(broken) in str(raised.value) and raised.value.line is not None
    assert [c.name for c in g.contacts()] == ["Keep Me"]


def test_cli_import_reports_counts_and_skipped_lines(tmp_path):
    db = tmp_path / "cli.db"
    source = tmp_path / "connections.csv"
    shutil.copy(DATA / "linkedin" / "connections_2024.csv", source)
    first = run_giga(db, "contacts", "import", str(source))
    assert "(linkedin)" in first.stdout and "added" in first.stdout
    assert f"{source}:line 7" in first.stderr
    second = run_giga(db, "contacts", "import", str(source))
    assert " 0 added, 0 updated" in second.stdout
    names = [c["name"] for c in json.loads(run_giga(db, "contacts", "list", "--json").stdout)]
    assert len(names) == len(set(names)) > 0
    bad = tmp_path / "nonsense.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = run_giga(db, "contacts", "import", str(bad), check=False)
    assert result.returncode == 1 and str(bad) in result.stderr
    assert result.stderr.strip().count("\n") == 0

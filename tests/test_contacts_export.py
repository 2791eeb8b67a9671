"""giga contacts export: vCard 4.0 and giga CSV that giga contacts import reads back as
the same contacts, written atomically, never over a file without --force."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import giga as run_giga

import giga
from giga._people.contacts_io import read_contacts, write_contacts

NOTE = "Met at PyCon, Berlin; talked about \"typing\".\n\nSecond paragraph \\ with a backslash: C:\\Users\n" + "山田" * 60


def _people(g: giga.Giga) -> None:
    g.add_contact("José Núñez", emails=["josé@exämple.com", "jose@example.org"], every=14,
                  tags=["AWS", "R&D; ops", "x, y", 'say "hi"', "iOS"], company="ACME; Inc, Ltd",
                  position="Head of R&D, Europe", linkedin_url="https://www.linkedin.com/in/jose-nunez",
                  website="https://jose.example.org/blog", feed="https://jose.example.org/feed.xml", notes=NOTE)
    g.add_contact("王芳", emails=["用户@例子.广告"], tags="数据, 机器学习")
    g.add_contact("Zoë O'Brien-Smith", first_name="Zo", notes="one line")
    g.add_contact("Doe, Jane", every=365)


def _comparable(g: giga.Giga) -> list[dict]:
    return sorted(({k: v for k, v in c.as_dict().items() if k != "created_at"} for c in g.contacts()),
                  key=lambda d: d["name"])


@pytest.mark.parametrize("fmt", ["vcard", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_contacts(tmp_path, fmt):
    with giga.open(tmp_path / "a.db") as g:
        _people(g)
        before = _comparable(g)
        text = g.export_contacts(fmt)
    path = tmp_path / f"contacts.{'vcf' if fmt == 'vcard' else 'csv'}"
    path.write_text(text, encoding="utf-8", newline="")
    with giga.open(tmp_path / "b.db") as g:
        report = g.import_contacts(path)
        assert (report.format, len(report.added), report.skipped) == (fmt, 4, ())
        assert _comparable(g) == before
        assert len(g.import_contacts(path).unchanged) == 4  # and importing it again changes nothing


def test_the_vcard_is_rfc_6350(tmp_path):
    with giga.open(tmp_path / "a.db") as g:
        _people(g)
        text = g.export_contacts("vcard")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:4.0" and text.endswith("END:VCARD\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)  # folded, never inside a character
    assert "CATEGORIES:AWS,R&D\\; ops,x\\, y,say \"hi\",iOS" in text  # commas inside an interest escaped
    assert "X-GIGA-CADENCE:14" in text and "X-GIGA-FEED:https://jose.example.org/feed.xml" in text
    [card] = [r for r in read_contacts_text(tmp_path, text) if r.name == "José Núñez"]
    assert card.tags == ("AWS", "R&D; ops", "x, y", 'say "hi"', "iOS")


def read_contacts_text(tmp_path: Path, text: str):
    path = tmp_path / "x.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    return read_contacts(path).records


def test_a_written_card_with_a_bad_cadence_is_skipped_with_its_line(tmp_path):
    path = tmp_path / "x.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nX-GIGA-CADENCE:0\nEND:VCARD\n", encoding="utf-8")
    [skipped] = read_contacts(path).skipped
    assert skipped.line == 1 and "X-GIGA-CADENCE" in skipped.reason and "1 to 3650" in skipped.reason


def test_the_csv_tags_cell_quotes_interests_with_separators():
    contact = giga.Contact(1, "Ana", "Ana", tags=("R&D, Europe", "AWS", "a;b", 'say "hi"'))
    row = write_contacts([contact], "csv").splitlines()[1]
    assert '"""R&D, Europe"", AWS, ""a;b"", ""say """"hi"""""""' in row


def test_contacts_export_command(tmp_path):
    db = tmp_path / "g.db"
    run_giga(db, "contacts", "add", "Ana Lima", "--tags", "AWS, Django", "--email", "ana@example.com")
    shown = run_giga(db, "contacts", "export").stdout
    assert shown.startswith("BEGIN:VCARD") and "FN:Ana Lima" in shown
    assert run_giga(db, "contacts", "export", "--format", "csv").stdout.startswith("name,first_name,emails,")
    target = tmp_path / "out" / "people.csv"
    target.parent.mkdir()
    written = run_giga(db, "contacts", "export", str(target))
    assert "wrote 1 contact(s)" in written.stderr and target.read_text(encoding="utf-8").startswith("name,")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    run_giga(db, "contacts", "add", "Bo Chen")
    refused = run_giga(db, "contacts", "export", str(target), check=False)
    assert refused.returncode == 1 and "exists; use --force" in refused.stderr and refused.stderr.count("\n") == 1
    assert "Bo Chen" not in target.read_text(encoding="utf-8")  # untouched
    run_giga(db, "contacts", "export", str(target), "--force")
    assert "Bo Chen" in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["people.csv"]  # no temporary file left behind
    nowhere = run_giga(db, "contacts", "export", str(tmp_path / "missing" / "x.vcf"), check=False)
    assert nowhere.returncode == 1 and "cannot write" in nowhere.stderr and nowhere.stderr.count("\n") == 1
    fresh = tmp_path / "fresh.db"
    run_giga(fresh, "contacts", "import", str(target))
    assert [c["tags"] for c in json.loads(run_giga(fresh, "contacts", "list", "--json").stdout)] == [
        ["AWS", "Django"], []]


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current

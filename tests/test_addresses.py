"""E-mail addresses: one rule (email-validator) on add, edit and import, and every draft
export writes internationalised addresses correctly or leaves them out with a warning."""

from __future__ import annotations

import email
import json
import sqlite3
from email import policy
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_cli import giga as run_giga

import giga
from giga._people.fields import email_forms, normalize_email

PEOPLE = {  # name -> (address as typed, as stored, as an ASCII mail client needs it or None)
    "José Núñez": ("José@Exämple.com", "josé@exämple.com", None),
    "Li Wei": ("li@例子.广告", "li@例子.广告", "li@xn--fsqu00a.xn--4rr70v"),
    "王芳": ("用户@例子.广告", "用户@例子.广告", None),
    "Ana Lima": ("Ana@Example.com", "ana@example.com", "ana@example.com"),
}


def _utf8(parsed: str) -> str:
    """A header value as the stdlib parser hands it back: from bytes, RFC 6532 (UTF-8)
    headers come back surrogate-escaped, so they are turned back into the UTF-8 they were."""
    return parsed.encode("ascii", "surrogateescape").decode("utf-8")


def test_one_rule_normalizes_and_refuses_with_the_reason():
    assert email_forms("José@Exämple.com") == ("josé@exämple.com", None)
    assert email_forms(" li@例子.广告 ") == ("li@例子.广告", "li@xn--fsqu00a.xn--4rr70v")
    assert normalize_email("user@XN--EXMPLE-CUA.com") == "user@exämple.com"  # punycode or not: one address
    for bad in ("not-an-email", "a..b@example.org", "a@localhost", '"quoted"@example.org', "a@b@example.org",
                "a@example.invalid", "a b@example.org"):
        with pytest.raises(giga.ArgumentError, match="not an e-mail address") as caught:
            normalize_email(bad)
        assert "\n" not in str(caught.value)


def test_add_edit_and_import_check_addresses_the_same_way(tmp_path):
    db = tmp_path / "g.db"
    with giga.open(db) as g:
        jose = g.add_contact("José Núñez", emails=["José@Exämple.com"])
        assert jose.emails == ("josé@exämple.com",)
        for same in ("JOSÉ@EXÄMPLE.COM", "josé@xn--exmple-cua.com"):  # case and IDNA spellings: the same one
            with pytest.raises(giga.ArgumentError, match="already belongs"):
                g.add_contact("Someone", emails=[same])
        with pytest.raises(giga.ArgumentError, match="not an e-mail address"):
            g.edit_contact("José", emails=["a..b@example.org"])
        assert g.contact("José").emails == ("josé@exämple.com",)  # nothing changed
        assert g.edit_contact("José", emails=["用户@例子.广告"]).emails == ("用户@例子.广告",)
    table = tmp_path / "people.csv"
    table.write_text("name,email\nLi Wei,<LI@例子.广告>; a..b@example.org\nBo Chen,bo@example.invalid\n",
                     encoding="utf-8")
    with giga.open(db) as g:
        report = g.import_contacts(table)
        assert report.added == ("Li Wei", "Bo Chen")
        assert g.contact("Li Wei").emails == ("li@例子.广告",)  # the broken one left out, as add refuses it
        assert g.contact("Bo Chen").emails == ()
    refused = run_giga(db, "contacts", "add", "Eve", "--email", "eve@@example.org", check=False)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "not an e-mail address" in refused.stderr


@pytest.fixture
def db(demo_copy) -> Path:
    """The demo world plus four people with (mostly) internationalised addresses, all
    interested in what the demo feeds write about."""
    with giga.open(demo_copy) as g:
        for name, (typed, _, _) in PEOPLE.items():
            g.add_contact(name, tags="python", emails=[typed])
    return demo_copy


def _export(db: Path, fmt: str, *extra: str) -> str:
    args = ["drafts", "export", "--all", "--max-age", "0", "--top", "1", "--format", fmt, *extra]
    return run_giga(db, *args).stdout


def test_internationalised_addresses_through_every_export_format(db, tmp_path):
    out = tmp_path / "eml"
    paths = [Path(p) for p in _export(db, "eml", "--out", str(out)).split()]
    written = {}
    for path in paths:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        written[_utf8(message["To"].addresses[0].display_name)] = (message, path.read_bytes())
    for name, (_, stored, ascii_form) in PEOPLE.items():
        message, raw = written[name]
        assert _utf8(message["To"].addresses[0].addr_spec) == (ascii_form or stored)
        if ascii_form:  # an ASCII local part: the whole message stays 7-bit, any client can send it
            assert raw.isascii()
        else:  # RFC 6532: the header carries the address as UTF-8
            assert f"<{stored}>".encode() in raw
        assert message["Subject"] and name.split()[0] in message.get_content()
    assert any(p.name.endswith("jose-nunez.eml") for p in paths)

    drafts = {item["contact"]: item for item in json.loads(_export(db, "json"))}
    for name, (_, stored, _) in PEOPLE.items():
        assert stored in drafts[name]["to"] and drafts[name]["to"].startswith(name)  # as is
        link = drafts[name]["mailto"]
        assert link.isascii() and unquote(link.removeprefix("mailto:").split("?")[0]) == stored  # RFC 6068
    for fmt in ("txt", "md"):
        text = _export(db, fmt)
        for name, (_, stored, _) in PEOPLE.items():
            assert stored in text and drafts[name]["mailto"] in text


def test_an_address_that_cannot_be_written_is_skipped_with_a_warning(db):
    with giga.open(db) as g:
        contact_id = g.contact("Ana Lima").id
    with sqlite3.connect(db) as conn:  # what an older giga could have stored
        conn.execute("update contact_emails set email = 'ana..lima@example.com' where contact_id = ?", [contact_id])
        conn.execute("insert into contact_emails (email, contact_id, position) values ('ana@example.com', ?, 1)",
                     [contact_id])
    with giga.open(db) as g:
        jose = g.contact("José").id
    with sqlite3.connect(db) as conn:
        conn.execute("update contact_emails set email = 'josé@exämple' where contact_id = ?", [jose])
    for fmt in ("txt", "md", "json", "eml"):
        result = run_giga(db, "drafts", "export", "--all", "--max-age", "0", "--format", fmt,
                          *(["--out", str(db.parent / "eml")] if fmt == "eml" else []))
        assert "Traceback" not in result.stderr
        warnings = [line for line in result.stderr.splitlines() if "cannot be written" in line]
        assert len(warnings) == 2
        assert any("Ana Lima" in w and "using ana@example.com" in w for w in warnings)
        assert any("José Núñez" in w and "no To:" in w for w in warnings)
        if fmt == "json":
            drafts = {item["contact"]: item for item in json.loads(result.stdout)}
            assert drafts["José Núñez"]["to"] is None and drafts["Ana Lima"]["to"] == "Ana Lima <ana@example.com>"
    for path in (db.parent / "eml").glob("*jose-nunez.eml"):
        assert email.message_from_bytes(path.read_bytes(), policy=policy.default)["To"] is None

"""giga contacts show: every field, the give/ask ledger and the last touches, with
untrusted text (imported fields) shown on clean lines."""

from __future__ import annotations

import json
from datetime import date

from test_cli import giga as run_giga

import giga


def test_show_has_every_field_the_ledger_and_the_last_touches(tmp_path):
    db = tmp_path / "g.db"
    with giga.open(db) as g:  # set up through the API; the command under test runs as a user would
        g.add_contact("Ana Lima", tags="AWS, Django", emails=["ana@example.com", "ana@exämple.com"], every=14,
                      company="ACME\x1b[2J Corp", position="CTO", linkedin_url="https://www.linkedin.com/in/ana",
                      website="https://ana.example.org", feed="https://ana.example.org/feed.xml",
                      notes="Met at PyCon.\nLikes \u202edrawkcab\x07 tea.")
        g.edit_contact("Ana", first_name="Aninha")
        g.snooze("Ana", date(2099, 1, 1))
        for day in range(1, 7):
            g.log("Ana", "gave", f"tip {day}", on=date(2026, 1, day))
        g.log("Ana", "asked", "an intro", on=date(2026, 1, 9))
    out = run_giga(db, "contacts", "show", "Ana").stdout
    for expected in ("Ana Lima", "first name  Aninha", "e-mail      ana@example.com, ana@exämple.com",
                     "company     ACME Corp", "position    CTO", "LinkedIn    https://www.linkedin.com/in/ana",
                     "website     https://ana.example.org", "feed        https://ana.example.org/feed.xml",
                     "interests   AWS, Django", "every       14 days", "snoozed     until 2099-01-01",
                     "notes       Met at PyCon.", "            Likes drawkcab tea.",
                     "ledger: gave 6, asked 1 (balance +5); last give 2026-01-06, last ask 2026-01-09",
                     "  t7    2026-01-09 asked: an intro", "  t3    2026-01-03 gave: tip 3",
                     "  ... 2 more: giga history 'Ana Lima'"):
        assert expected in out, (expected, out)
    assert "tip 2" not in out and "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    shown = json.loads(run_giga(db, "contacts", "show", "Ana", "--json").stdout)
    assert shown["company"] == "ACME\x1b[2J Corp" and shown["notes"].startswith("Met at PyCon.\n")  # JSON: as stored
    assert (shown["gives"], shown["asks"], shown["balance"], shown["snoozed_until"]) == (6, 1, 5, "2099-01-01")
    assert [e["id"] for e in shown["history"]] == ["t7", "t6", "t5", "t4", "t3", "t2", "t1"]
    assert set(shown) >= {"first_name", "emails", "position", "linkedin_url", "website", "feed_url", "tags", "every"}

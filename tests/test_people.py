"""Contacts, cadence and the give/ask ledger through the facade (real SQLite file)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import giga
from giga import ArgumentError, ContactNotFoundError, InputError

DEMO_FEEDS = Path(__file__).resolve().parents[1] / "giga" / "demo_data" / "feeds"
BERLIN = ZoneInfo("Europe/Berlin")
SYDNEY = ZoneInfo("Australia/Sydney")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make(tmp_path: Path, start: datetime, tz=BERLIN, name: str = "g.db"):
    clock = Clock(start)
    return giga.open(tmp_path / name, clock=clock, tz=tz, parse_workers=1), clock


def test_add_list_edit_remove_and_lookup(tmp_path):
    g, _ = make(tmp_path, datetime(2026, 11, 2, 9, tzinfo=timezone.utc))
    ana = g.add_contact("Ana  Lima", tags="Machine Learning, climate tech, machine learning",
                        emails=["Ana@Example.com"], every=14)
    assert ana.tags == ("Machine Learning", "climate tech")  # as first typed, once
    assert ana.emails == ("ana@example.com",) and ana.first_name == "Ana" and ana.cadence_days == 14
    g.add_contact("José Pérez")
    assert g.contact("jose perez").name == "José Pérez"  # accents and case do not matter
    assert g.contact("ana@example.com").name == "Ana Lima"
    assert g.contact("Ana").name == "Ana Lima"  # a unique first name is enough
    with pytest.raises(ContactNotFoundError, match="did you mean: Ana Lima"):
        g.contact("Anna Lima")
    g.add_contact("Ana Souza")
    with pytest.raises(ContactNotFoundError, match="matches 2 contacts"):
        g.contact("Ana")
    with pytest.raises(ArgumentError, match="already belongs"):
        g.add_contact("Someone", emails=["ana@example.com"])
    with pytest.raises(ArgumentError, match="whole number of days"):
        g.add_contact("Zero", every=0)
    edited = g.edit_contact("Ana Lima", add_tags=["Python"], remove_tags=["climate tech"], cadence_days=7)
    assert edited.tags == ("Machine Learning", "Python") and edited.cadence_days == 7
    g.remove_contact("José Pérez")
    assert [c.name for c in g.contacts()] == ["Ana Lima", "Ana Souza"]


def test_due_dates_are_local_calendar_days_across_dst(tmp_path):
    # Europe/Berlin leaves summer time on 2026-10-25.
    g, clock = make(tmp_path, datetime(2026, 10, 20, 21, 30, tzinfo=timezone.utc))  # 23:30 in Berlin
    g.add_contact("Weekly", every=7)
    g.log("Weekly", "met", "coffee")
    clock.now = datetime(2026, 10, 26, 23, 0, tzinfo=timezone.utc)  # Oct 27, 00:00 Berlin (CET)
    assert [d.contact.name for d in g.due()] == ["Weekly"]  # 20 Oct + 7 days = 27 Oct, local
    clock.now = datetime(2026, 10, 26, 22, 59, tzinfo=timezone.utc)  # still Oct 26 in Berlin
    assert g.due() == []


def test_the_users_time_zone_decides_what_today_is(tmp_path):
    """A touch at 14:00 UTC on Nov 1 is Nov 2 in Sydney but Nov 1 in Berlin, so with a
    one-day cadence at 12:00 UTC on Nov 2 only the Berlin user sees the contact due."""
    touched = datetime(2026, 11, 1, 14, 0, tzinfo=timezone.utc)
    check = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)  # Nov 2 23:00 Sydney, 13:00 Berlin
    seen = {}
    for label, tz in (("sydney", SYDNEY), ("berlin", BERLIN)):
        g, clock = make(tmp_path, touched, tz, name=f"{label}.db")
        g.add_contact("Daily", every=1)
        g.log("Daily", "called")
        clock.now = check
        seen[label] = [d.contact.name for d in g.due()]
        g.close()
    assert seen == {"sydney": [], "berlin": ["Daily"]}


def test_due_order_limit_snooze_and_never_touched(tmp_path):
    g, clock = make(tmp_path, datetime(2026, 9, 1, 10, tzinfo=timezone.utc))
    for name, every in (("Monthly", 30), ("Weekly", 7), ("Quarterly", 90)):
        g.add_contact(name, every=every)
    g.log("Monthly", "gave", "an intro")
    g.log("Weekly", "gave", "a book tip")
    g.log("Quarterly", "met", "conference")
    clock.now = datetime(2026, 10, 15, 10, tzinfo=timezone.utc)  # 44 days later
    due = g.due()
    # Weekly is 37 days over a 7-day cadence (5.3), Monthly 14 over 30 (0.47); Quarterly not due.
    assert [d.contact.name for d in due] == ["Weekly", "Monthly"]
    assert due[0].days_over == 37 and due[0].last_touch.text == "a book tip"
    assert [d.contact.name for d in g.due(limit=1)] == ["Weekly"]
    g.snooze("Weekly", date(2026, 10, 20))
    assert [d.contact.name for d in g.due()] == ["Monthly"]
    clock.now = datetime(2026, 10, 20, 10, tzinfo=timezone.utc)
    assert "Weekly" in [d.contact.name for d in g.due()]  # the snooze ends on its date
    g.add_contact("Newcomer")
    assert "Newcomer" in [d.contact.name for d in g.due()]  # never touched: due


def test_ledger_and_the_deposits_before_withdrawals_warning(tmp_path):
    g, clock = make(tmp_path, datetime(2026, 11, 1, 10, tzinfo=timezone.utc))
    g.add_contact("Ana Lima", every=30)
    first_ask = g.log("Ana", "asked", "an intro to her CTO")
    assert first_ask.warning and "Deposits before withdrawals" in first_ask.warning
    assert "Ana" in first_ask.warning
    g.log("Ana", "shared", url="https://example.org/post")
    clock.now += timedelta(days=3)
    assert g.log("Ana", "asked", "feedback on my deck").warning is None
    clock.now += timedelta(days=40)
    assert g.log("Ana", "asked", "a reference").warning is not None  # the give is too old now
    ledger = g.ledger("Ana Lima")
    assert (ledger.gives, ledger.asks) == (1, 3)
    assert ledger.last_ask == clock.now and ledger.last_touch.text == "a reference"
    with pytest.raises(ArgumentError, match="needs its URL"):
        g.log("Ana", "shared")
    with pytest.raises(ArgumentError, match="unknown interaction"):
        g.log("Ana", "poked")
    with pytest.raises(ArgumentError, match="future"):
        g.log("Ana", "met", on=date(2027, 1, 1))
    backdated = g.log("Ana", "met", "lunch", on=date(2026, 11, 5))
    assert backdated.interaction.at.astimezone(BERLIN).date() == date(2026, 11, 5)


def test_contact_feed_is_subscribed_marked_and_suggests_tags(tmp_path):
    g, _ = make(tmp_path, datetime(2026, 11, 20, 10, tzinfo=timezone.utc))
    g.add_feeds([str(p) for p in sorted(DEMO_FEEDS.glob("*.xml")) if p.name != "climate.xml"])
    chioma = g.add_contact("Chioma Windmere", tags="heat pumps", feed=str(DEMO_FEEDS / "climate.xml"))
    assert chioma.feed_url == str((DEMO_FEEDS / "climate.xml").resolve())
    g.fetch()
    posts = g.contact_posts("Chioma")
    assert len(posts) >= 8 and all(p.feed == chioma.feed_url for p in posts)
    suggested = g.suggest_tags("Chioma", k=8)
    assert suggested and "heat pumps" not in suggested  # already a tag
    words = " ".join(suggested)
    assert any(w in words for w in ("solar", "grid", "battery", "storage", "wind", "energy", "carbon"))
    g.add_contact("No Feed")
    with pytest.raises(InputError, match="no role, notes or feed posts"):
        g.suggest_tags("No Feed")


def test_relationships_and_the_whole_ledger(tmp_path):
    g, clock = make(tmp_path, datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    g.add_contact("Ana Lima", every=10)
    g.add_contact("Bo Chen", every=30)
    g.add_contact("Cy Vale")
    g.log("Ana Lima", "gave", "an intro", on=date(2026, 11, 1))
    g.log("Bo Chen", "asked", "a review", on=date(2026, 11, 15))
    g.log("Ana Lima", "shared", url="https://example.org/a", on=date(2026, 11, 18))
    ledger = g.interactions()
    assert [(i.contact.name, i.kind) for i in ledger] == [("Ana Lima", "shared"), ("Bo Chen", "asked"),
                                                     ("Ana Lima", "gave")]
    recent = g.interactions(since=datetime(2026, 11, 10, tzinfo=timezone.utc))
    assert [i.kind for i in recent] == ["shared", "asked"]
    health = {r.contact.name: r for r in g.relationships()}
    assert health["Ana Lima"].days_since == 2 and health["Bo Chen"].days_since == 5
    assert health["Cy Vale"].days_since is None and health["Cy Vale"].health == float("inf")
    assert [r.contact.name for r in g.relationships()][0] == "Cy Vale"  # never touched first
    g.close()

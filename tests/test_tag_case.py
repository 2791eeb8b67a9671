"""Interests keep the case they were typed in ("AWS", "iOS"), everywhere they are shown;
comparing them (de-duplication, removal, imports, matching) ignores case."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from test_cli import giga as run_giga

import giga

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_tags_are_stored_and_listed_as_typed_and_compared_without_case(tmp_path):
    db = tmp_path / "g.db"
    run_giga(db, "contacts", "add", "Ana Lima", "--tags", "AWS, Kubernetes, Django, aws, iOS")
    [listed] = json.loads(run_giga(db, "contacts", "list", "--json").stdout)
    assert listed["tags"] == ["AWS", "Kubernetes", "Django", "iOS"]  # "aws" after "AWS": the same interest
    assert "AWS, Kubernetes, Django, iOS" in run_giga(db, "contacts", "list").stdout
    run_giga(db, "contacts", "edit", "Ana", "--add-tag", "KUBERNETES", "--add-tag", "Go", "--remove-tag", "django")
    with giga.open(db) as g:
        assert g.contact("Ana").tags == ("AWS", "Kubernetes", "iOS", "Go")
    table = tmp_path / "people.csv"
    table.write_text('name,tags\nAna Lima,"aws; ios; Terraform"\n', encoding="utf-8")
    with giga.open(db) as g:
        report = g.import_contacts(table)
        assert report.updated == ("Ana Lima",)
        assert g.contact("Ana").tags == ("AWS", "Kubernetes", "iOS", "Go", "Terraform")
        assert g.import_contacts(table).unchanged == ("Ana Lima",)  # nothing new the second time


@pytest.fixture
def g(demo_copy):
    with giga.open(demo_copy, clock=lambda: NOW, parse_workers=1) as instance:
        yield instance


def test_matching_ignores_case_and_drafts_say_the_interest_as_typed(g):
    g.add_contact("Lower Case", tags="python, heat pumps")
    g.add_contact("Upper Case", tags="PYTHON, Heat Pumps")

    def picks(name: str) -> list[tuple[str, float, tuple[str, ...]]]:
        return [(s.article.id, round(s.score, 6), s.why) for s in g.suggest(name, top=5, max_age_days=0)]

    lower, upper = picks("Lower Case"), picks("Upper Case")
    assert lower and [(a, s) for a, s, _ in lower] == [(a, s) for a, s, _ in upper]  # the same articles, scores
    whys = [" ".join(why) for _, _, why in upper]
    assert any("'PYTHON'" in why for why in whys) and any("'Heat Pumps'" in why for why in whys)
    drafts = [d for d in g.drafts("Upper Case", top=3, max_age_days=0) if d.kind == "share"]
    assert any("(PYTHON)" in d.draft or "about PYTHON" in d.draft or "into PYTHON" in d.draft or
               "Heat Pumps" in d.draft for d in drafts)  # the draft names the interest as typed

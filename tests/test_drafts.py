"""Drafts: templates, phrasing, hostile feed text, exports and closing the loop."""

from __future__ import annotations

import csv
import email
import json
import re
from datetime import datetime, timezone
from email import policy
from pathlib import Path

import pytest

import giga
from giga._recommend.drafts import Composer, DraftInput, choose_variant, takeaway, to_eml
from giga._recommend.drafts.compose import MAX_WORDS
from giga._feeds.parse import parse_feed
from giga.errors import ParseError
from test_cli import giga as run_giga

DEMO = Path(__file__).resolve().parents[1] / "giga" / "demo_data"
REAL_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real-feeds"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-z]+;|&#\d+;")

HOSTILE_TITLE = 'Heat pumps\r\nBcc: victim@example.net\n<script>alert("x")</script> &amp; <b>bold</b>\x07\u202e'
HOSTILE_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>
<item><title><![CDATA[{HOSTILE_TITLE}]]></title>
<link>https://hostile.example/heat-pumps</link><guid>hostile-1</guid>
<pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate>
<description><![CDATA[<p onclick="steal()">Heat pumps <img src=x onerror=alert(1)> now heat whole streets in winter, the new field data from three towns shows.</p>]]></description>
</item></channel></rss>"""


@pytest.fixture
def db(demo_copy) -> Path:
    return demo_copy


@pytest.fixture
def g(db):
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as instance:
        yield instance


def assert_clean(text: str) -> None:
    assert not MARKUP.search(text), text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", text), text


# -- the draft itself ------------------------------------------------------------
def test_demo_drafts_name_the_person_the_article_and_the_interest(g):
    result = list(g.drafts(everyone=True, max_age_days=0))
    assert len(result) >= 10
    for item in result:
        assert item.draft.startswith(f"Hi {item.contact.first_name},") or \
            item.draft.startswith(f"Hello {item.contact.first_name},")
        assert item.article.title in item.draft
        if item.kind == "share":
            assert item.article.url in item.draft
        assert len(item.draft.split()) <= MAX_WORDS
        assert item.subject and "\n" not in item.subject
        assert_clean(item.draft)
    chioma = next(s for s in result if s.contact.name == "Chioma Windmere")
    assert any(tag in chioma.draft for tag in chioma.contact.tags)  # the matched interest, in words


def test_phrasing_varies_across_contacts_and_is_deterministic(g):
    first = list(g.suggest(everyone=True, top=1, max_age_days=0))
    second = list(g.suggest(everyone=True, top=1, max_age_days=0))
    assert [s.draft for s in first] == [s.draft for s in second]
    variants = [s.variant for s in first if s.kind == "share"]
    assert len(set(variants)) >= 4  # ten drafts must not read like a mail merge
    openings = {s.draft.split("\n")[2][:25] for s in first if s.kind == "share"}
    assert len(openings) >= 4


def test_never_the_same_opening_to_the_same_person_twice_in_a_row(g):
    previous = None
    for _ in range(4):
        draft = [s for s in g.drafts("Chioma Windmere", max_age_days=0) if s.kind == "share"][0]
        if previous is not None:
            assert draft.variant != previous
        previous = draft.variant
        g.accept(draft)


def test_a_contacts_own_post_gets_a_reply_not_a_link(g):
    g.edit_contact("Ada Quillfeather", feed=str(DEMO / "feeds" / "python.xml"))
    respond = [s for s in g.drafts("Ada Quillfeather", max_age_days=0) if s.kind == "respond"]
    assert len(respond) == 1
    assert respond[0].article.title in respond[0].draft
    assert respond[0].article.url not in respond[0].draft


def test_signature_from_settings_ends_the_draft(db):
    run_giga(db, "settings", "signature", "Warmly,\\nSam Rivera")
    out = json.loads(run_giga(db, "suggest", "--contact", "Chioma Windmere", "--max-age", "0", "--json").stdout)
    assert out and all(item["draft"].rstrip().endswith("Warmly,\nSam Rivera") for item in out)
    assert all(item["subject"] for item in out)


@pytest.mark.skipif(not (REAL_FEEDS / "manifest.csv").is_file(), reason="../shared/corpus/real-feeds is absent")
def test_drafts_for_real_corpus_articles_stay_short_and_plain():
    composer = Composer(None)
    with open(REAL_FEEDS / "manifest.csv", newline="", encoding="utf-8") as handle:
        paths = [row["path"] for row in csv.DictReader(handle)][::7]
    checked = 0
    for path in paths:
        try:
            feed = parse_feed((REAL_FEEDS / path).read_bytes(), f"https://corpus.example/{path}")
        except ParseError:
            continue
        for n, entry in enumerate(feed.entries[:3]):
            for kind in ("share", "respond"):
                draft = composer.compose(DraftInput(kind, "ana", "Ana", f"{path}#{n}", entry.title, entry.url,
                                                    entry.content or entry.summary or "", "open source"))
                assert draft.body.startswith(("Hi Ana,", "Hello Ana,"))
                assert len(draft.body.split()) <= MAX_WORDS, draft.body
                assert_clean(draft.body)
                assert "\n" not in draft.subject and len(draft.subject) <= 150
                if kind == "share" and entry.url:
                    assert entry.url in draft.body
                checked += 1
    assert checked > 200


# -- untrusted feed text ---------------------------------------------------------
@pytest.fixture
def hostile(tmp_path) -> giga.Giga:
    feed = tmp_path / "hostile.xml"
    feed.write_text(HOSTILE_FEED, encoding="utf-8")
    instance = giga.open(tmp_path / "h.db", clock=lambda: NOW, parse_workers=1)
    instance.add_feed(str(feed))
    instance.fetch()
    instance.add_contact("Mallory Nobody", tags=["heat pumps"], emails=["mallory@example.org"])
    yield instance
    instance.close()


def test_hostile_titles_never_reach_a_draft_or_a_header(hostile, tmp_path):
    [item] = list(hostile.drafts(everyone=True, max_age_days=0))
    assert_clean(item.draft)
    assert "<script" not in item.draft and "onerror" not in item.draft and "\n" not in item.subject
    assert "\r" not in item.draft
    message = email.message_from_bytes(to_eml(item, NOW), policy=policy.default)
    assert set(message.keys()) == {"To", "Subject", "Date", "Message-ID", "X-Unsent", "X-Giga-Article", "Content-Type",
                                   "Content-Transfer-Encoding", "MIME-Version"}
    assert message["Bcc"] is None and message["To"] == "Mallory Nobody <mallory@example.org>"
    assert str(message["Subject"]) == item.subject and "\n" not in item.subject
    assert message.get_content().replace("\r\n", "\n") == item.draft  # CRLF on the wire, as RFC 5322 asks
    for fmt in ("md", "txt", "json"):
        out = run_giga(tmp_path / "h.db", "drafts", "export", "--all", "--max-age", "0", "--format", fmt).stdout
        assert "<script" not in out and "onerror" not in out and "\x07" not in out


def test_eml_export_parses_and_opens_as_an_unsent_draft(db, tmp_path):
    out = tmp_path / "out"
    listed = run_giga(db, "drafts", "export", "--all", "--max-age", "0", "--format", "eml", "--out", str(out))
    paths = [Path(line) for line in listed.stdout.split()]
    assert len(paths) >= 10 and all(p.parent == out and p.suffix == ".eml" for p in paths)
    for path in paths:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message["X-Unsent"] == "1" and message["Subject"]
        assert message.get_content_type() == "text/plain"
        body = message.get_content()
        first_name = body.split(",")[0].split()[-1]
        assert first_name and first_name in str(message["To"])  # To: the contact's own address
        assert len(body.split()) <= MAX_WORDS


def test_digest_formats_and_mailto_links(db, tmp_path):
    data = json.loads(run_giga(db, "drafts", "export", "--all", "--max-age", "0", "--format", "json").stdout)
    assert data and {"contact", "article", "score", "why", "draft", "subject", "to", "mailto"} <= set(data[0])
    assert data[0]["mailto"].startswith("mailto:") and "\n" not in data[0]["mailto"] and " " not in data[0]["mailto"]
    written = run_giga(db, "drafts", "export", "--all", "--max-age", "0", "--format", "md", "--out", str(tmp_path))
    [path] = [Path(line) for line in written.stdout.split()]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Drafts for the week of") and text.count("](<mailto:") == len(data)
    txt = run_giga(db, "drafts", "export", "--all", "--max-age", "0").stdout
    assert "Subject:" in txt and "mailto:" in txt


def test_export_to_an_unwritable_place_is_a_one_line_error(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_giga(db, "drafts", "export", "--all", "--format", "eml", "--out", str(blocker / "sub"), check=False)
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert result.returncode != 0 and len(errors) == 1 and "cannot create the folder" in errors[0]


# -- closing the loop ------------------------------------------------------------
def test_marking_sent_is_a_give_resets_cadence_and_ends_suggestions(db):
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        assert "Chioma Windmere" in {d.contact.name for d in g.due()}
        draft = [s for s in g.drafts("Chioma Windmere", max_age_days=0) if s.kind == "share"][0]
    run_giga(db, "log", "Chioma Windmere", "--shared", draft.article.url)
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        assert "Chioma Windmere" not in {d.contact.name for d in g.due()}
        assert g.ledger("Chioma Windmere").gives == 1
        later = g.suggest("Chioma Windmere", top=5, max_age_days=0)
        assert draft.article.id not in {s.article.id for s in later}
        sent = g.db.execute("select sent_at from drafts where article_id = ?", [draft.article.id]).fetchone()
        assert sent is not None and sent[0] is not None


def test_skip_and_not_for_them_are_feedback(g):
    items = [s for s in g.suggest("Chioma Windmere", top=3, max_age_days=0) if s.kind == "share"]
    g.skip(items[0])
    g.not_for_them(items[1])
    verdicts = dict(g.db.execute("select article_id, verdict from feedback").fetchall())
    assert verdicts == {items[0].article.id: "skipped", items[1].article.id: "not_for_them"}
    later = {s.article.id for s in g.suggest("Chioma Windmere", top=5, max_age_days=0)}
    assert not later & {items[0].article.id, items[1].article.id}


# -- templates -------------------------------------------------------------------
def test_user_templates_override_and_add_phrasings(db, tmp_path):
    folder = tmp_path / "templates"
    (folder / "share").mkdir(parents=True)
    (folder / "share" / "curious.txt.j2").write_text("{% set subject = 'Mine: ' ~ title %}Yo {{ first_name }}! {{ title }} {{ url }}\n")
    (folder / "share" / "extra.txt.j2").write_text("Hey {{ first_name }}, {{ title }} ({{ interest }}) {{ url }}\n")
    composer = Composer(folder)
    assert "extra" in composer.variants("share") and "offer" in composer.variants("share")
    item = DraftInput("share", "k", "Ana", "a1", "Heat pumps <b>now</b>", "https://x.example/a", "", "heat pumps")
    only_curious = [v for v in composer.variants("share") if v != "curious"]
    draft = composer.compose(item, avoid=only_curious)
    assert draft.variant == "curious" and draft.body == "Yo Ana! Heat pumps now https://x.example/a\n"
    assert draft.subject == "Mine: Heat pumps now"
    run_giga(db, "settings", "templates", str(folder))
    out = json.loads(run_giga(db, "suggest", "--all", "--max-age", "0", "--json").stdout)
    assert any(o["draft"].startswith(("Yo ", "Hey ")) for o in out)


def test_a_broken_user_template_is_a_one_line_error(tmp_path):
    folder = tmp_path / "t"
    (folder / "share").mkdir(parents=True)
    for name in Composer(None).variants("share"):
        (folder / "share" / f"{name}.txt.j2").write_text("Hi {{ first_name }, oops {% if %}\n")
    composer = Composer(folder)
    with pytest.raises(giga.InputError) as caught:
        composer.compose(DraftInput("share", "k", "Ana", "a1", "T", "https://x.example", ""))
    assert "template error" in str(caught.value) and "\n" not in str(caught.value)


def test_choose_variant_is_stable_and_avoids():
    names = ["a", "b", "c"]
    assert choose_variant(names, "k", "x") == choose_variant(list(reversed(names)), "k", "x")
    for article in map(str, range(30)):
        assert choose_variant(names, "k", article, avoid=["a", "b"]) == "c"
    assert choose_variant(["a"], "k", "x", avoid=["a"]) == "a"  # the only one left is used
    assert choose_variant(names, "k", "x", usage={"a": 2, "b": 1, "c": 1}) in {"b", "c"}


def test_takeaway_is_the_first_meaningful_sentence():
    text = ("<p>By Jane Doe</p><p>Photo: a pump.</p><p>Heat pumps now heat whole streets in the north of "
            "Sweden. Installers say demand doubled.</p>")
    assert takeaway(text, "Heat pumps") == "Heat pumps now heat whole streets in the north of Sweden."
    long = "The committee " + "reviewed the plan again and " * 12 + "approved it."
    assert takeaway(long) == ""  # too long to quote whole: never cut with an ellipsis
    assert takeaway("Too short.") == ""
    assert takeaway("Same as the title here okay fine", "Same as the title here okay fine") == ""

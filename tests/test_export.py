"""Exports a mail program takes as they are: each format opened the way its user opens it
(.eml with Python's ``email``, Markdown with a CommonMark renderer, mailto: links with
``urllib.parse``), named and written without losing a file, recorded only once written."""

from __future__ import annotations

import email
import html
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from email import policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from giga_process import giga_env
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_cli import giga as run_giga

import giga
from giga._recommend.drafts.export import _md_line
from giga._recommend.drafts.files import STALE_SECONDS, file_stem, unique_names

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
SENDER = "Sam Lee <sam@example.org>"

# A feed whose URLs hold what Markdown escaping used to break (underscores, parentheses,
# an ampersand) and whose title is full of Markdown punctuation.
TRICKY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Heat notes</title><link>https://heat.example/</link>
<item><title>*Heat* pumps_ [in] #1 cold &amp; dark winters | a `field` test</title>
<link>https://heat.example/2026/11/heat_pumps_in_cold_climates?ref=feed_rss&amp;x=1</link>
<guid>heat-1</guid><pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate>
<description>Heat pumps now heat whole streets in winter, the new field data from three towns shows.</description>
</item>
<item><title>District heating, explained</title>
<link>https://en.wikipedia.example/wiki/District_heating_(Europe)</link>
<guid>heat-2</guid><pubDate>Wed, 18 Nov 2026 09:00:00 GMT</pubDate>
<description>District heating moves heat from one big source to many homes through insulated pipes.</description>
</item></channel></rss>"""


@pytest.fixture
def db(demo_copy) -> Path:
    return demo_copy


@pytest.fixture
def tricky(tmp_path) -> Path:
    """A database with one contact, Tomás Ferreira, and the tricky feed."""
    # each item in a feed of its own: a person gets at most two of five picks from one feed
    head, first, second = TRICKY_FEED.split("<item>")
    feeds = [tmp_path / "heat.xml", tmp_path / "district.xml"]
    feeds[0].write_text(head + "<item>" + first + "</channel></rss>", encoding="utf-8")
    feeds[1].write_text(head.replace("Heat notes", "District notes") + "<item>" + second, encoding="utf-8")
    path = tmp_path / "t.db"
    with giga.open(path, clock=lambda: NOW, parse_workers=1) as g:
        g.add_feeds([str(f) for f in feeds])
        g.fetch()
        g.add_contact("Tomás Ferreira", tags=["heat pumps", "district heating"], emails=["tomas@example.org"])
    return path


def export(db: Path, fmt: str, out: Path | None = None, *args: str, check: bool = True):
    where = ["--out", str(out)] if out is not None else []
    return run_giga(db, "drafts", "export", "--all", "--max-age", "0", "--format", fmt, *where, *args, check=check)


def drafts_recorded(db: Path) -> int:
    with giga.open(db) as g:
        return g.db.execute("select count(*) from drafts").fetchone()[0]


# -- the sender ------------------------------------------------------------------
def test_sender_setting_is_a_name_and_an_address_by_the_contacts_rule(tmp_path):
    with giga.open(tmp_path / "g.db") as g:
        g.set_setting("sender", "  Sam  Lee <Sam@Example.org> ")
        assert g.settings()["sender"] == SENDER  # the address as contacts store it
        g.set_setting("sender", '"Lee, Sam" <sam@exämple.org>')
        assert g.settings()["sender"] == '"Lee, Sam" <sam@exämple.org>'
        for bad, words in [("sam@example.org", "name as well"), ("Sam Lee <not an address>", "one name"),
                           ("Sam <a@b.org>, Bo <c@d.org>", "one name"), ("Sam <a@example.invalid>", "not an e-mail"),
                           ("Sam\n<sam@example.org>", "one line")]:
            with pytest.raises(giga.ArgumentError, match=words):
                g.set_setting("sender", bad)
        assert g.settings()["sender"] == '"Lee, Sam" <sam@exämple.org>'  # nothing changed
        g.set_setting("sender", None)
        assert "sender" not in g.settings()


def test_cli_sender_refuses_in_one_line_and_shows_what_is_set(tmp_path):
    db = tmp_path / "g.db"
    run_giga(db, "settings")  # created first: a new database is announced on stderr
    bad = run_giga(db, "settings", "sender", "sam@example.org", check=False)
    assert bad.returncode != 0 and bad.stderr.strip().count("\n") == 0 and "Sam Lee <sam@example.org>" in bad.stderr
    assert "(none" in run_giga(db, "settings", "sender").stdout
    assert run_giga(db, "settings", "sender", SENDER).stdout.strip() == f"sender = {SENDER}"


# -- .eml ------------------------------------------------------------------------
def test_eml_drafts_open_with_from_to_subject_date_message_id(db, tmp_path):
    run_giga(db, "settings", "sender", "Zoë Lee <zoe@exämple.org>")  # IDNA domain in the header
    listed = export(db, "eml", tmp_path / "out")
    assert "no sender set" not in listed.stderr
    paths = [Path(line) for line in listed.stdout.split()]
    assert len(paths) >= 10
    ids = set()
    for path in paths:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        [sender] = message["From"].addresses
        assert (sender.display_name, sender.addr_spec) == ("Zoë Lee", "zoe@xn--exmple-cua.org")
        assert message["To"].addresses[0].addr_spec and message["Subject"] and message["X-Unsent"] == "1"
        assert parsedate_to_datetime(message["Date"]).tzinfo is not None
        assert re.fullmatch(r"<[^<>@\s]+@xn--exmple-cua\.org>", message["Message-ID"])
        ids.add(message["Message-ID"])
    assert len(ids) == len(paths)  # one Message-ID per draft


def test_without_a_sender_the_eml_has_no_from_and_the_command_says_so(db, tmp_path):
    listed = export(db, "eml", tmp_path / "out")
    notes = [line for line in listed.stderr.splitlines() if "sender" in line]
    assert notes == ["note: no sender set, so the drafts have no From: (giga settings sender 'Name <you@example.org>')"]
    message = email.message_from_bytes(Path(listed.stdout.split()[0]).read_bytes(), policy=policy.default)
    assert message["From"] is None and re.fullmatch(r"<\S+@localhost>", message["Message-ID"])


# -- Markdown --------------------------------------------------------------------
def links(markdown: str) -> list[str]:
    """Every href in ``markdown`` as a CommonMark renderer (markdown-it-py) makes it."""
    found = []

    def walk(tokens):
        for token in tokens:
            if token.type == "link_open":
                found.append(token.attrs["href"])
            walk(token.children or [])

    walk(MarkdownIt("commonmark").parse(markdown))
    return found


def test_markdown_links_render_to_the_very_urls_and_mailto_parses_back(tricky):
    with giga.open(tricky, clock=lambda: NOW, parse_workers=1) as g:
        items = list(g.drafts(everyone=True, top=2, max_age_days=0))
        text = g.render_drafts(items, "md", NOW)
    urls = {item.article.url for item in items}
    assert any("_" in url for url in urls) and len(items) == 2
    hrefs = links(text)
    mailtos = [h for h in hrefs if h.startswith("mailto:")]
    # each article: its [title](url) line and the autolink in the quoted draft, both exact
    assert sorted(h for h in hrefs if not h.startswith("mailto:")) == sorted([*urls, *urls])
    assert "\\_" not in "".join(re.findall(r"<https?://[^>]*>", text))  # never an escape inside a URL
    assert len(mailtos) == len(items)
    for item, link in zip(items, mailtos):
        parts = urlsplit(link)
        query = parse_qs(parts.query)
        assert unquote(parts.path) == "tomas@example.org"
        assert query["subject"] == [item.subject] and query["body"] == [item.draft]
    rendered = MarkdownIt("commonmark").render(text)
    title = "*Heat* pumps_ [in] #1 cold &amp; dark winters | a `field` test"  # the text, not markup
    assert html.escape(html.unescape(title), quote=False) in rendered


@pytest.mark.parametrize("line, expected", [
    ("See https://a.example/x_y_z.", ["https://a.example/x_y_z"]),
    ("(https://en.wikipedia.example/wiki/Heat_pump_(disambiguation))", ["https://en.wikipedia.example/wiki/Heat_pump_(disambiguation)"]),
    ("two: http://a.example/?q=a&b=c_d, and https://b.example/_x_!", ["http://a.example/?q=a&b=c_d", "https://b.example/_x"]),
])
def test_bare_urls_in_a_line_become_exact_autolinks(line, expected):
    assert links(_md_line(line)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 .-+=#*_`[]()<>|&;~!\\:/\"'")), max_size=40))
def test_escaped_text_renders_as_the_same_text(text):
    line = " ".join(text.split())
    if not line:
        return
    rendered = MarkdownIt("commonmark").render(f"> {_md_line(line)}\n")
    inner = re.fullmatch(r"<blockquote>\n<p>(.*)</p>\n</blockquote>\n", rendered, re.DOTALL)
    assert inner, rendered
    assert "<" not in inner[1].replace("<br />", "")  # no markup: no emphasis, code, link
    assert html.unescape(inner[1]) == line


# -- file names and never overwriting ---------------------------------------------
def test_file_names_are_transliterated_and_unique():
    assert file_stem("Tomás Ferreira") == "tomas-ferreira"
    assert file_stem("Łukasz Żółć") == "lukasz-zolc" and file_stem("Ærø Straße") == "aero-strasse"
    assert file_stem("🎉") == "contact"
    assert unique_names([("ana", ".eml"), ("ana", ".eml"), ("bo", ".eml")], {"Ana.eml"}) == \
        ["ana-2.eml", "ana-3.eml", "bo.eml"]


def test_a_second_export_numbers_its_files_and_force_replaces(tricky, tmp_path):
    out = tmp_path / "drafts"
    first = [Path(p) for p in export(tricky, "eml", out, "--top", "2").stdout.split()]
    assert [p.name for p in first] == ["tomas-ferreira.eml", "tomas-ferreira-2.eml"]
    first[0].write_text("my edited draft", encoding="utf-8")
    second = [Path(p).name for p in export(tricky, "eml", out, "--top", "2").stdout.split()]
    assert second == ["tomas-ferreira-3.eml", "tomas-ferreira-4.eml"]
    assert first[0].read_text(encoding="utf-8") == "my edited draft"  # never overwritten
    forced = [Path(p).name for p in export(tricky, "eml", out, "--top", "1", "--force").stdout.split()]
    assert forced == ["tomas-ferreira.eml"] and "X-Unsent: 1" in first[0].read_text(encoding="utf-8")
    digests = [Path(export(tricky, "md", out).stdout.strip()).name for _ in range(2)]
    assert re.fullmatch(r"giga-drafts-\d{4}-\d\d-\d\d\.md", digests[0])
    assert digests[1] == digests[0].replace(".md", "-2.md")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


# -- killed mid-export -------------------------------------------------------------
# Runs the giga CLI with os.fsync wrapped: the export flushes each file it writes, and
# the wrapper SIGKILLs the process right after the Nth one, a real kill at a known point.
KILL_AFTER_FSYNCS = """
import os, signal, sys
limit, calls, real = int(sys.argv[1]), [0], os.fsync
def fsync(fd):
    real(fd)
    calls[0] += 1
    if calls[0] >= limit:
        os.kill(os.getpid(), signal.SIGKILL)
os.fsync = fsync
from giga.cli import main
main(sys.argv[2:])
"""


def killed_export(db: Path, out: Path, after: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FSYNCS, str(after), "drafts", "export", "--all", "--max-age", "0",
         "--format", "eml", "--out", str(out)],
        env=giga_env(db), capture_output=True, text=True, timeout=120, check=False)


def test_a_kill_mid_export_records_nothing_and_leaves_no_partial_set(db, tmp_path):
    assert drafts_recorded(db) == 0
    fresh, existing = tmp_path / "fresh", tmp_path / "existing"
    existing.mkdir()
    (existing / "chioma-windmere.eml").write_text("my edited draft", encoding="utf-8")
    for out in (fresh, existing):
        run = killed_export(db, out, after=3)
        assert run.returncode == -signal.SIGKILL, run.stderr
    assert not fresh.exists()  # a new folder appears whole or not at all
    assert [p.name for p in existing.iterdir()] == ["chioma-windmere.eml"]
    assert (existing / "chioma-windmere.eml").read_text(encoding="utf-8") == "my edited draft"
    assert drafts_recorded(db) == 0  # nothing handed out
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert len(leftovers) == 2 and all(len(list(p.iterdir())) == 3 for p in leftovers)  # three written, hidden

    old = time.time() - STALE_SECONDS - 60  # a killed export's folder, an hour on
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    done = [Path(p) for p in export(db, "eml", existing).stdout.split()]
    assert len(done) >= 10 and all(p.exists() for p in done)
    assert (existing / "chioma-windmere.eml").read_text(encoding="utf-8") == "my edited draft"
    assert existing / "chioma-windmere-2.eml" in done
    assert drafts_recorded(db) == len(done)
    # the stale folder beside "existing" is swept; the one beside "fresh" waits for an export there
    assert [p.name[:7] for p in tmp_path.iterdir() if p.name.startswith(".")] == [".fresh."]


def test_drafts_are_recorded_only_by_a_finished_export(db, tmp_path):
    with giga.open(db, clock=lambda: NOW, parse_workers=1) as g:
        items = list(g.drafts(everyone=True, max_age_days=0, record=False))
        assert g.db.execute("select count(*) from drafts").fetchone()[0] == 0
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(giga.InputError):
            g.export_drafts(items, "eml", blocker / "sub", NOW)
        assert g.db.execute("select count(*) from drafts").fetchone()[0] == 0
        g.export_drafts(items, "eml", tmp_path / "ok", NOW)
        assert g.db.execute("select count(*) from drafts").fetchone()[0] == len(items)

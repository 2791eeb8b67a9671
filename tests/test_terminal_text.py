"""Nothing hostile reaches the screen: feed titles, server reason phrases, feed links and
stored error texts come out of every command without terminal sequences, control,
bidi or zero-width characters (``giga.text``, the one cleaner), and titles are stored
clean. The CLI runs as a user runs it: a real process, a real database, a real server."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import FeedServer, Response

import giga as giga_api
from giga.text import json_escaped, printable, redact

# What must never reach a terminal: C0 controls but tab and line feed, DEL, C1, the line
# and paragraph separators, zero-width and bidi formatting characters, a BOM.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "\x1b]0;pwned\x07Evil JSON feed",
    "items": [{
        "id": "1", "url": "https://news.example/a",
        "title": "Climate \x1b[31mpython\u202e data\u200b tools\u2066",
        "content_text": "Climate models in python. " * 20,
        "date_published": "2026-11-19T10:00:00Z",
    }],
}
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>RSS &#x1b;[2J clear</title>
<link>https://rss.example/</link>
<item><title>Python &#x1b;[2J climate data</title><link>https://rss.example/b</link>
<description>Climate data in python, climate python.</description>
<pubDate>Thu, 19 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"""
# A page whose feed link carries an OSC sequence: the failure line quotes the link.
PAGE = (b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/gone&#x1b;]0;pwned&#x07;.xml"></head><body>hi</body></html>')


def run(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIGA_DB": str(db), "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "giga", *args], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"giga {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def unsafe_in(result: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(result.stdout + result.stderr)})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str]:
    """A database that fetched the hostile feeds (kept in the module: each command only
    reads it), and the URL of the feed whose server sent an escape in its reason phrase."""
    db = tmp_path_factory.mktemp("hostile") / "giga.db"
    with FeedServer() as server:
        server.route("/feed.json", Response(body=json.dumps(JSON_FEED).encode(),
                                            headers={"Content-Type": "application/feed+json"}))
        server.route("/rss.xml", Response(body=RSS, headers={"Content-Type": "application/rss+xml"}))
        server.route("/page", Response(body=PAGE, headers={"Content-Type": "text/html"}))
        server.route("/down", Response(status=599, reason="\x1b]0;pwned\x07\x1b[2J down"))
        urls = [server.url(p) for p in ("/feed.json", "/rss.xml", "/page", "/down")]
        run(db, "feeds", "add", *urls)
        run(db, "contacts", "add", "Ana Lima", "--tags", "climate, python")
        fetched = run(db, "fetch")
    return db, fetched.stdout + fetched.stderr


def test_fetch_failure_lines_carry_no_escape(hostile):
    """Before: the reason phrase and the page's feed link reached stderr raw (a window
    title change and a screen clear)."""
    _, output = hostile
    assert "2 failed" in output
    assert not UNSAFE.findall(output)
    assert "HTTP 599 down" in output  # the reason is still said, cleaned
    assert "pwned" not in output  # the whole OSC sequence went, not only its ESC


@pytest.mark.parametrize("argv", [
    ["feeds", "list"], ["feeds", "list", "--json"], ["articles"], ["articles", "--json"],
    ["suggest", "--all", "--max-age", "0"], ["suggest", "--all", "--max-age", "0", "--json"],
    ["drafts", "export", "--all", "--max-age", "0"], ["drafts", "export", "--all", "--max-age", "0", "--format", "md"],
    ["contacts", "show", "Ana Lima"], ["history"],
])
def test_no_command_prints_control_or_bidi_characters(hostile, argv):
    """Before: ``feeds list --json`` printed the stored bidi and zero-width characters raw
    (``json.dumps(ensure_ascii=False)`` escapes only C0 controls)."""
    db, _ = hostile
    result = run(db, *argv)
    assert result.stdout.strip()
    assert unsafe_in(result) == []


def test_json_output_still_reads_back(hostile):
    db, _ = hostile
    feeds = json.loads(run(db, "feeds", "list", "--json").stdout)
    assert [f["title"] for f in feeds[:2]] == ["Evil JSON feed", "RSS clear"]
    assert any("HTTP 599 down" == f["last_error"] for f in feeds)


def test_titles_are_stored_clean(hostile):
    """Before: the titles went into the database as the feed sent them (ESC, BEL, bidi)."""
    db, _ = hostile
    with giga_api.open(db) as g:
        feed_titles = [f.title for f in g.feeds()]
        article_titles = sorted(a.title for a in g.articles())
    assert feed_titles[:2] == ["Evil JSON feed", "RSS clear"]
    assert article_titles == ["Climate python data tools", "Python climate data"]


def test_a_hand_edited_title_is_cleaned_at_display(hostile, tmp_path):
    """Titles stored before this cleaning (or edited by hand) are cleaned when shown."""
    db, _ = hostile
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("update articles set title = ? where title like 'Python%'",
                     ["Python \x1b]0;pwned\x07\u202eclimate\x9b2J data"])
    for argv in (["articles"], ["suggest", "--all", "--max-age", "0"], ["drafts", "export", "--all", "--max-age", "0"]):
        result = run(copy, *argv)
        assert unsafe_in(result) == [], argv


def test_an_error_line_quoting_untrusted_text_is_cleaned(tmp_path):
    """Before: ``Error: no such feed: <ESC>[2J...`` cleared the screen."""
    result = run(tmp_path / "g.db", "feeds", "remove", "x\x1b[2J\x1b]0;pwned\x07y", check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: no such feed: xy")  # after "created a new ..."
    assert unsafe_in(result) == []


def test_a_usage_error_quoting_a_file_name_is_cleaned(tmp_path):
    """click writes a file name's controls as ``\\x1b`` text; any other message giga
    passes through click is cleaned before it is shown."""
    result = run(tmp_path / "g.db", "feeds", "import", str(tmp_path / "x\x1b]0;pwned\x07.opml"), check=False)
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert unsafe_in(result) == []


def test_printable_removes_whole_sequences_and_invisible_characters():
    assert printable("\x1b]0;pwned\x07Title") == "Title"
    assert printable("a\x1b[2Jb\x1b[31mc\x9b1;2Hd") == "abcd"
    assert printable("Pay\u200bPal \u202eevil\u2066") == "PayPal evil"
    assert printable("one\ntwo\tthree\r\n") == "one two three  "
    assert printable("one\r\ntwo\tx\x07", lines=True) == "one\ntwo\tx "
    assert printable("naïve 中文 🙂") == "naïve 中文 🙂"
    assert printable(None) == ""


def test_redact_hides_url_credentials_only():
    assert redact("failed: https://ana:s3cret@feeds.example/x") == "failed: https://***@feeds.example/x"
    assert redact("http://token@h.example/") == "http://***@h.example/"
    assert redact("mailto:ana@example.org https://medium.com/@ana/post") == \
        "mailto:ana@example.org https://medium.com/@ana/post"


def test_json_escaped_is_the_same_json():
    text = json.dumps({"t": "a\x9b\u202eb\U000e0041\x7f"}, ensure_ascii=False)
    escaped = json_escaped(text)
    assert json.loads(escaped) == json.loads(text)
    assert not UNSAFE.findall(escaped) and "\U000e0041" not in escaped

"""Where fetching can be pointed, and what of a feed URL is printed.

Only 127.0.0.1 is reachable here, so the test server plays "the internet": the
``internet`` fixture makes ``guard.is_public`` count 127.0.0.1 as a public address
(everything else as the real rule says), and a second server on 127.0.0.2 (loopback,
so local) plays a machine in the user's own network. Real sockets, a real database,
and the CLI run as a user runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import FeedServer, Response, redirect

import giga
from giga._feeds.fetch import DEFAULT_FETCH_CONFIG, FetchRequest, fetch_all, guard

RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Inside</title><link>https://in.example/</link>'
       b"<item><title>Secret</title><link>https://in.example/s</link></item></channel></rss>")
CONFIG = DEFAULT_FETCH_CONFIG.with_deadline(3)  # a followed hop to 169.254.169.254 would wait this long


@pytest.fixture
def internet(monkeypatch):
    """127.0.0.1 counts as a public address (the test server is "on the internet")."""
    real = guard.is_public
    monkeypatch.setattr(guard, "is_public", lambda address: address == "127.0.0.1" or real(address))


@pytest.fixture
def inside():
    """A server in the user's own network (127.0.0.2) with a feed, that must not be reached."""
    with FeedServer("127.0.0.2") as server:
        server.route("/feed.xml", Response(body=RSS, headers={"Content-Type": "application/rss+xml"}))
        yield server


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/feed.xml",
                                    "http://[::1]:9/feed", "http://0.0.0.0:9/", "http://[::ffff:127.0.0.1]:9/"])
def test_a_redirect_from_a_public_host_into_the_local_network_is_refused(feed_server, internet, target):
    """Before: a 302 to the cloud metadata address was followed."""
    feed_server.route("/feed", redirect(target, 302))
    result = fetch_all([FetchRequest(feed_server.url("/feed"))], CONFIG)[0]
    assert result.error is not None and result.error.startswith("refused to follow 127.0.0.1 (an internet address)")
    assert result.status == 302 and len(feed_server.requests) == 1


def test_a_host_name_is_judged_by_every_address_it_resolves_to(feed_server, internet, monkeypatch):
    """A name with one public and one private address counts as private."""
    monkeypatch.setattr(guard, "resolve", lambda host: {"metadata.test": ["93.184.216.34", "169.254.169.254"]}
                        .get(host, []))
    feed_server.route("/feed", redirect("http://metadata.test/latest/", 301))
    result = fetch_all([FetchRequest(feed_server.url("/feed"))], CONFIG)[0]
    assert result.error == ("refused to follow 127.0.0.1 (an internet address) to metadata.test "
                            "(a local or private address: 169.254.169.254)")


def test_a_feed_that_starts_in_the_local_network_may_stay_there(feed_server, inside):
    feed_server.route("/feed", redirect(inside.url("/feed.xml"), 302))
    result = fetch_all([FetchRequest(feed_server.url("/feed"))], CONFIG)[0]
    assert result.error is None and result.body == RSS


def test_a_public_redirect_between_public_hosts_is_followed(feed_server, internet):
    feed_server.route("/old", redirect(feed_server.url("/new"), 301))
    feed_server.route("/new", Response(body=RSS))
    result = fetch_all([FetchRequest(feed_server.url("/old"))], CONFIG)[0]
    assert result.error is None and result.permanent_redirect


def test_a_301_never_moves_a_subscription_inward(feed_server, internet, inside, tmp_path):
    """Before: the 301 was followed and the subscription moved to 127.0.0.2 for good."""
    old = feed_server.route("/old", redirect(inside.url("/feed.xml"), 301))
    with giga.open(tmp_path / "g.db") as g:
        g.add_feed(old)
        summary = g.fetch()
        feeds = g.feeds()
    assert [f.url for f in feeds] == [old]
    assert summary.failed == 1 and "refused to follow" in summary.errors[0].error
    assert inside.requests == []


def test_autodiscovery_never_follows_a_public_page_inward(feed_server, internet, inside, tmp_path):
    """Before: the page's feed link to 127.0.0.2 was fetched and the subscription moved there."""
    page = (f'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{inside.url("/feed.xml")}"></head><body>blog</body></html>').encode()
    url = feed_server.route("/blog", Response(body=page, headers={"Content-Type": "text/html"}))
    with giga.open(tmp_path / "g.db") as g:
        g.add_feed(url)
        summary = g.fetch()
        assert [f.url for f in g.feeds()] == [url]
        g.add_contact("Ana Lima", tags=["climate"], website=url)
        with pytest.raises(giga.FetchError, match="refused to follow"):
            g.follow_website("Ana Lima")
    assert summary.failed == 1 and "refused to follow" in summary.errors[0].error
    assert inside.requests == []


def test_autodiscovery_within_the_local_network_still_works(feed_server, inside, tmp_path):
    page = (f'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{inside.url("/feed.xml")}"></head><body>blog</body></html>').encode()
    url = feed_server.route("/blog", Response(body=page, headers={"Content-Type": "text/html"}))
    with giga.open(tmp_path / "g.db") as g:
        g.add_feed(url)
        assert g.fetch().failed == 0
        assert [f.url for f in g.feeds()] == [inside.url("/feed.xml")]


def test_is_public():
    public = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
    local = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
             "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "224.0.0.1", "240.0.0.1", "not an address"]
    assert [guard.is_public(a) for a in public] == [True, True]
    assert [a for a in local if guard.is_public(a)] == []


# -- the CLI: credentials, file URLs, FIFOs --------------------------------------------

def run(db: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI on an existing database (a new one is announced on stderr, one line more)."""
    giga.open(db).close()
    env = {**os.environ, "GIGA_DB": str(db), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "giga", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def test_credentials_in_a_feed_url_are_never_printed(feed_server, tmp_path):
    """Before: ``user:password@`` was printed by feeds add, fetch failure lines and
    ``feeds list`` (table and --json)."""
    db = tmp_path / "g.db"
    url = feed_server.url("/private.xml").replace("http://", "http://ana:s3cret@")
    outputs = [run(db, "feeds", "add", url), run(db, "fetch"), run(db, "fetch", "--json", "--force"),
               run(db, "feeds", "list"), run(db, "feeds", "list", "--json")]
    printed = "".join(r.stdout + r.stderr for r in outputs)
    assert "s3cret" not in printed and "ana:" not in printed
    assert "http://***@127.0.0.1" in outputs[1].stderr  # the failure line still names the feed
    assert json.loads(outputs[4].stdout)[0]["url"].startswith("http://***@127.0.0.1:")
    with giga.open(db) as g:  # what is stored, and fetched, keeps them
        assert g.feeds()[0].url == url
    assert feed_server.requests[0].headers["authorization"].startswith("Basic ")
    removed = run(db, "feeds", "remove", json.loads(outputs[4].stdout)[0]["url"])  # as listed
    assert removed.returncode == 0 and "s3cret" not in removed.stdout + removed.stderr


def test_a_file_url_on_another_host_is_refused(tmp_path):
    """Before: ``file://otherhost/etc/passwd`` was subscribed as /etc/passwd."""
    db = tmp_path / "g.db"
    result = run(db, "feeds", "add", "file://otherhost/etc/passwd")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "another host (otherhost)" in result.stderr
    assert json.loads(run(db, "feeds", "list", "--json").stdout) == []
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS)
    assert run(db, "feeds", "add", f"file://localhost{feed}").returncode == 0


@pytest.mark.parametrize("argv", [["feeds", "import"], ["contacts", "import"], ["feeds", "add"]])
def test_a_fifo_is_refused_at_once(tmp_path, argv):
    """Before: ``feeds import`` and ``contacts import`` of a named pipe waited forever."""
    fifo = tmp_path / "list.opml"
    os.mkfifo(fifo)
    result = run(tmp_path / "g.db", *argv, str(fifo), timeout=30)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr

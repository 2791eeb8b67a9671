"""Reliability, end to end: hostile servers, SIGKILL at random moments, concurrent runs.

Everything is real: a threaded HTTP server on 127.0.0.1 (tests/httpserver.py), a SQLite
file in tmp_path, and the ``giga`` command in a child process, as a user would run it.
The fault set lives in tests/faults.py and the kill harness in tests/crash.py, shared
with benchmarks/reliability.py, which runs more rounds and prints the figures.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import faults
from crash import CommandKills, KillHarness, add_merge_pair, concurrent_round
from giga_process import run_giga
from httpserver import FeedServer

FAULT_RUN_DEADLINE = 60.0  # generous: the run takes ~5 s; a hang would take forever
MEMORY_BOUND_MB = 400.0  # the 200 MB download and the 1 GiB gzip bomb must not get near it


def _articles_by_feed(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute(
            "select f.url, count(af.article_id) from feeds f left join article_feeds af "
            "on af.feed_id = f.id group by f.id"))


def test_a_run_over_every_fault_survives_and_the_next_run_backs_off(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-c0ffee")
    expected = faults.install(feed_server, secret)
    db = tmp_path / "giga.db"
    assert run_giga(db, "feeds", "add", *expected).returncode == 0

    first = run_giga(db, "fetch", "--json", "--timeout", "3", timeout=FAULT_RUN_DEADLINE)
    print(f"\nfault run: {first.seconds:.1f} s, peak RSS {first.peak_rss_mb:.0f} MB")
    assert first.returncode == 0, first.stderr
    assert first.seconds < FAULT_RUN_DEADLINE
    assert first.peak_rss_mb < MEMORY_BOUND_MB
    summary = json.loads(first.stdout)
    errors = {e["feed"]: e["error"] for e in summary["errors"]}
    assert len(errors) == len(summary["errors"]), "one error per bad feed"
    for error in errors.values():
        assert "\n" not in error and "Traceback" not in error and "unexpected" not in error

    blog = feed_server.url("/blog/")
    stored = _articles_by_feed(db)
    for url, fault in expected.items():
        if fault.expect == "error":
            assert faults.matches(fault, errors.get(url, "")), (url, errors.get(url))
        elif fault.expect == "ok":
            assert url not in errors, (url, errors[url])
            where = feed_server.url("/feeds/blog.xml") if url == blog else url
            assert stored[where] >= fault.articles, (url, stored)
        else:
            assert url in errors or stored[url] >= 1, "refused with an error, or read harmlessly"
    assert blog not in stored, "the HTML page's subscription moved to the feed it links to"
    bad = sum(f.expect == "error" for f in expected.values())
    assert summary["failed"] == bad == len(errors)

    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
        longest = conn.execute("select max(length(title) + length(summary)) from articles").fetchone()[0]
    assert "TOPSECRET" not in dump, "an external entity read a local file"
    assert longest < 10_000, "an entity bomb was expanded into the database"

    requests_before = {u: len(feed_server.requests_to(u.split(str(feed_server.port), 1)[1]))
                       for u in errors}
    second = run_giga(db, "fetch", "--json", "--timeout", "3", timeout=FAULT_RUN_DEADLINE)
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["skipped"] == bad and again["failed"] == 0
    for url, before in requests_before.items():
        path = url.split(str(feed_server.port), 1)[1]
        assert len(feed_server.requests_to(path)) == before, f"{path} asked again while backing off"
    assert _articles_by_feed(db) == stored, "a feed with new guids every fetch grew duplicates"
    with sqlite3.connect(db) as conn:
        waiting = conn.execute("select retry_not_before from feeds where url = ?",
                               [feed_server.url("/429")]).fetchone()[0]
    assert waiting is not None and waiting > time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 3000))


def test_sigkill_at_random_moments_never_corrupts_or_half_writes(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    harness = KillHarness(feed_server, tmp_path / "giga.db", feeds=24)
    harness.setup()
    for _ in range(20):
        when = harness.kill_round()
        assert harness.problems() == [], f"after a kill at {when:.2f} s"
    assert harness.finish() == []
    print(f"\nkills: {harness.stages}; writes from {harness.first_write_seconds:.2f} s "
          f"to {harness.full_run_seconds:.2f} s")
    assert harness.kills == 20
    assert harness.stages["mid-run"] > 0, "no kill landed while feeds were being written"


def test_concurrent_fetches_and_suggest_share_the_database(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Four processes create one new database at once (migrations must not race), then
    two fetches and a suggest run at the same time: all finish, nothing is locked out,
    every article is stored exactly once."""
    assert concurrent_round(feed_server, tmp_path / "giga.db", "c") == []


def test_sigkill_of_drafts_export_and_contacts_merge_leaves_nothing_half_done(
    demo_db: Path, tmp_path: Path
) -> None:
    """``drafts export`` killed while it writes: the folder holds every file whole or
    does not exist, and drafts are recorded only once their files are there;
    ``contacts merge`` killed: both contacts as they were, or one with everything."""
    template = tmp_path / "template.db"
    source, target = sqlite3.connect(demo_db), sqlite3.connect(template)
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    add_merge_pair(template)
    kills = CommandKills(template, tmp_path)
    export_tail, expected = kills.export_tail()
    merge_tail = kills.merge_tail()
    assert expected > 0
    for _ in range(4):
        assert kills.export_round(export_tail, expected) == []
        assert kills.merge_round(merge_tail) == []
    print(f"\nexport/merge kills: {kills.kills}, {kills.stages}; "
          f"tails {export_tail:.2f} s, {merge_tail:.2f} s")
    assert kills.kills == 8

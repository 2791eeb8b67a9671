"""SIGKILL rounds against ``giga fetch``, shared by tests and benchmarks/reliability.py.

A :class:`KillHarness` serves ``feeds`` feeds on a :class:`~httpserver.FeedServer`; each
feed is cumulative (generation g serves entries 0 .. (g+1)*per_round-1) and some answer
slowly, so a run spans a second or two. Each round bumps the generation, starts
``giga fetch`` and kills it with SIGKILL at a random moment (see :meth:`kill_round`). After every kill
:meth:`problems` checks the database file: ``PRAGMA integrity_check`` is ok, no URL is
stored twice, and every feed holds exactly the entries of one whole generation or none
(a feed is never half-written). :meth:`finish` then runs ``giga fetch`` to completion
and checks that every feed holds the latest generation exactly: nothing lost, nothing
duplicated.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from faults import rss
from giga_process import run_giga, start_giga
from httpserver import FeedServer, Request, Response


class KillHarness:
    def __init__(self, server: FeedServer, db: Path, feeds: int = 30, per_round: int = 3,
                 seed: int = 7) -> None:
        self.server = server
        self.db = db
        self.per_round = per_round
        self.generation = 0
        self.random = random.Random(seed)
        self.urls = [server.route(f"/kill/{n}.xml", self._handler(n)) for n in range(feeds)]
        self.full_run_seconds = self.first_write_seconds = 0.0
        self.kills = 0
        # How far each killed run had got: no feed stored yet, some, or all of them.
        self.stages = {"before any write": 0, "mid-run": 0, "after all writes": 0}

    def _handler(self, n: int):  # type: ignore[no-untyped-def]
        def handle(request: Request) -> Response:
            count = (self.generation + 1) * self.per_round
            body = rss([(f"urn:kill:{n}:{i}", f"http://kill{n}.example/{i}", f"feed {n} story {i}")
                        for i in range(count)], f"kill feed {n}")
            return Response(200, body, {"Content-Type": "application/rss+xml"},
                            delay=0.02 * (n % 4))
        return handle

    def setup(self) -> None:
        """Subscribe and do one complete run, timing when its writes start and end: kills
        define the kill window."""
        added = run_giga(self.db, "feeds", "add", *self.urls)
        assert added.returncode == 0, added.stderr
        started = time.monotonic()
        proc = start_giga(self.db, "fetch", "--json",
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first_write = None
        while proc.poll() is None:
            if first_write is None and _article_count(self.db) > 0:
                first_write = time.monotonic() - started
            time.sleep(0.02)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        self.full_run_seconds = time.monotonic() - started
        self.first_write_seconds = first_write or 0.0

    def kill_round(self) -> float:
        """New content, then ``giga fetch`` killed with SIGKILL; returns when (seconds).

        One kill in four lands anywhere before the first write (start-up, opening the
        database, fetching); the others wait for the run's first commit and then strike
        at a random moment of its write phase, where a half-written feed could happen.
        """
        self.generation += 1
        before = _article_count(self.db)
        started = time.monotonic()
        proc = start_giga(self.db, "fetch", "--json",
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.random.random() < 0.25:
            time.sleep(self.random.uniform(0, self.first_write_seconds))
        else:
            while proc.poll() is None and _article_count(self.db) == before:
                time.sleep(0.005)
            span = max(0.05, self.full_run_seconds - self.first_write_seconds)
            time.sleep(self.random.uniform(0.5 * span, 1.05 * span))  # start-up is the first half
        when = time.monotonic() - started
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.kills += 1
        _wait_gone(workers, timeout=5.0)
        self._tally()
        return when

    def _tally(self) -> None:
        latest = (self.generation + 1) * self.per_round
        with sqlite3.connect(self.db) as conn:
            done = conn.execute(
                "select count(*) from (select af.feed_id from article_feeds af "
                "group by af.feed_id having count(*) = ?)", [latest]).fetchone()[0]
        stage = ("before any write" if done == 0 else
                 "after all writes" if done == len(self.urls) else "mid-run")
        self.stages[stage] += 1

    def problems(self) -> list[str]:
        """What is wrong with the database now (empty when all is well)."""
        found: list[str] = []
        with sqlite3.connect(self.db) as conn:
            check = conn.execute("pragma integrity_check").fetchall()
            if check != [("ok",)]:
                found.append(f"integrity_check: {check}")
            dupes = conn.execute(
                "select url, count(*) from articles group by url having count(*) > 1"
            ).fetchall()
            if dupes:
                found.append(f"{len(dupes)} URLs stored twice, e.g. {dupes[0]}")
            for n, url in enumerate(self.urls):
                stored = {row[0] for row in conn.execute(
                    "select a.url from articles a join article_feeds af on af.article_id = a.id "
                    "join feeds f on f.id = af.feed_id where f.url = ?", [url])}
                whole = len(stored) % self.per_round == 0 and stored == {
                    f"http://kill{n}.example/{i}" for i in range(len(stored))
                }
                if not whole:
                    found.append(f"feed {n} half-written: {len(stored)} articles")
        return found

    def finish(self) -> list[str]:
        """One uninterrupted run; then every feed must hold the latest generation exactly."""
        done = run_giga(self.db, "fetch", "--json", "--force")
        found = [] if done.returncode == 0 else [f"final run failed: {done.stderr[-500:]}"]
        found += self.problems()
        expected = (self.generation + 1) * self.per_round
        with sqlite3.connect(self.db) as conn:
            for url in self.urls:
                count = conn.execute(
                    "select count(*) from article_feeds af join feeds f on f.id = af.feed_id "
                    "where f.url = ?", [url]).fetchone()[0]
                if count != expected:
                    found.append(f"{url}: {count} articles after the final run, expected {expected}")
        return found


def concurrent_round(server: FeedServer, db: Path, tag: str, feeds: int = 16, items: int = 40) -> list[str]:
    """Two ``giga fetch`` and a ``giga suggest --all --json`` at once on one database,
    after four ``giga feeds add`` created it at once; returns what went wrong."""
    urls = []
    for n in range(feeds):
        body = rss([(f"urn:{tag}:{n}:{i}", f"http://{tag}{n}.example/{i}", f"python data story {n} {i}")
                    for i in range(items)])
        urls.append(server.route(f"/{tag}/{n}.xml", Response(
            200, body, {"Content-Type": "application/rss+xml"}, delay=0.05)))
    found: list[str] = []
    adders = [start_giga(db, "feeds", "add", *urls[k::4], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for k in range(4)]
    for proc in adders:
        _, err = proc.communicate(timeout=120)
        if proc.returncode:
            found.append(f"feeds add failed: {err.decode()[-300:]}")
    added = run_giga(db, "contacts", "add", "Ada", "--tags", "python, data")
    if added.returncode:
        found.append(f"contacts add failed: {added.stderr[-300:]}")
    procs = [start_giga(db, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for args in (("fetch", "--json"), ("fetch", "--json", "--force"),
                          ("suggest", "--all", "--json"))]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs):
        if proc.returncode or b"locked" in err:
            found.append(f"{proc.args[3:]} failed ({proc.returncode}): {err.decode()[-300:]}")
    if found:
        return found
    fetched = [json.loads(out) for out, _ in outputs[:2]]
    if any(f["failed"] for f in fetched):
        found.append(f"feeds failed: {[f['errors'] for f in fetched]}")
    if sum(f["new_articles"] for f in fetched) != feeds * items:
        found.append(f"new articles {[f['new_articles'] for f in fetched]}, expected {feeds * items} in all")
    if not isinstance(json.loads(outputs[2][0]), list):
        found.append("suggest --json did not print a list")
    with sqlite3.connect(db) as conn:
        if conn.execute("pragma integrity_check").fetchone() != ("ok",):
            found.append("integrity_check failed")
        counts = conn.execute("select count(*), count(distinct url) from articles").fetchone()
        if counts != (feeds * items, feeds * items):
            found.append(f"articles (rows, distinct urls) = {counts}")
    return found


def _article_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or busy: no articles visible


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (Linux /proc), to check they go when it is killed."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


def _wait_gone(pids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            raise AssertionError(f"orphaned giga workers still running: {[p for p in pids if _alive(p)]}")
        time.sleep(0.05)


MERGE_PAIR = ("Kim Lee", "Kimberly Lee")  # contacts merge KEEP OTHER, as add_merge_pair stores them


def add_merge_pair(db: Path) -> None:
    """Two contacts to merge, the second with e-mails and forty touches to move."""
    import giga

    with giga.open(db) as g:
        g.add_contact(MERGE_PAIR[0], emails=["kim@example.org"], tags="python")
        g.add_contact(MERGE_PAIR[1], emails=["kimberly@example.org", "kl@example.org"], tags="climate")
        for n in range(40):
            g.log(MERGE_PAIR[1], "gave", f"note {n}")


def demo_template(db: Path) -> Path:
    """The demo feeds and contacts ingested, plus ``add_merge_pair``: what
    :class:`CommandKills` copies for each round."""
    import giga

    demo = giga.demo_data()
    with giga.open(db, parse_workers=1) as g:
        g.import_opml(demo / "opml" / "demo.opml")
        g.fetch()
        g.import_contacts(demo / "contacts.csv")
    add_merge_pair(db)
    return db


class CommandKills:
    """SIGKILL of one giga command at random moments, each on a fresh copy of
    ``template``: ``drafts export`` (files appear whole or not at all, and drafts are
    recorded as handed out only once their files are there) and ``contacts merge`` (one
    transaction: both contacts as they were, or one contact with everything).

    A kill waits for the command to reach its work (``export`` starts writing files: its
    hidden temporary folder appears; ``merge`` has the database open), then strikes at a
    random moment of the time an uncut run needed from there to its end (``tail``),
    early moments likelier, as the work comes before the exit."""

    def __init__(self, template: Path, work: Path, seed: int = 11) -> None:
        self.template = template
        self.work = work
        self.random = random.Random(seed)
        self.kills = 0
        self.rounds = 0
        self.stages: dict[str, int] = {}  # "export: all done": 3, ...

    def _tally(self, stage: str) -> None:
        self.stages[stage] = self.stages.get(stage, 0) + 1

    def _copy(self) -> Path:
        self.rounds += 1
        db = self.work / f"round{self.rounds}.db"
        source, target = sqlite3.connect(self.template), sqlite3.connect(db)
        with source, target:
            source.backup(target)
        source.close()
        target.close()
        return db

    def _export_args(self) -> tuple[list[str], Path]:
        out = self.work / f"export{self.rounds}"
        return ["drafts", "export", "--all", "--max-age", "0", "--format", "eml", "--out", str(out)], out

    def _ready(self, proc: subprocess.Popen[bytes], db: Path, out: Path | None) -> bool:
        if out is not None:
            return any(self.work.glob(f".{out.name}.giga-*"))
        return _opened(proc.pid, db)

    def _run(self, db: Path, args: list[str], out: Path | None, tail: float | None) -> float:
        """Run ``args``; kill it ``tail``-randomly after it is ready (None: let it end and
        return the seconds it took from ready to its end)."""
        proc = start_giga(db, *args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not self._ready(proc, db, out):
            time.sleep(0.002)
        ready = time.monotonic()
        if tail is None:
            assert proc.wait() == 0, args
            return time.monotonic() - ready
        time.sleep(tail * self.random.random() ** 2)  # the work comes early in the tail, exit last
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.kills += 1
        return 0.0

    def export_tail(self) -> tuple[float, int]:
        """An uncut export: seconds from its first file to its end, and files written."""
        db = self._copy()
        args, out = self._export_args()
        tail = self._run(db, args, out, None)
        return tail, len(list(out.glob("*.eml")))

    def merge_tail(self) -> float:
        """An uncut merge of ``MERGE_PAIR``: seconds from opening the database to its end."""
        return self._run(self._copy(), ["contacts", "merge", *MERGE_PAIR], None, None)

    def export_round(self, tail: float, expected: int) -> list[str]:
        db = self._copy()
        args, out = self._export_args()
        self._run(db, args, out, tail)
        found = _integrity(db)
        written = sorted(out.glob("*.eml")) if out.exists() else []
        if out.exists() and len(written) != expected:
            found.append(f"export folder holds {len(written)} of {expected} files")
        for path in written:
            text = path.read_bytes()
            if b"\n\n" not in text.replace(b"\r\n", b"\n"):
                found.append(f"{path.name} is partial ({len(text)} bytes)")
        with sqlite3.connect(db) as conn:
            recorded = conn.execute("select count(*) from drafts").fetchone()[0]
        if recorded and len(written) != expected:
            found.append(f"{recorded} drafts recorded as handed out, {len(written)} files written")
        self._tally("export: all done" if written else "export: nothing done")
        return found

    def merge_round(self, tail: float) -> list[str]:
        keep, other = MERGE_PAIR
        db = self._copy()
        with sqlite3.connect(db) as conn:
            before = _people_state(conn, keep, other)
        self._run(db, ["contacts", "merge", keep, other], None, tail)
        found = _integrity(db)
        with sqlite3.connect(db) as conn:
            after = _people_state(conn, keep, other)
        merged = {"keep": tuple(a + b for a, b in zip(before["keep"], before["other"])),  # type: ignore[call-overload]
                  "other": (0, 0), "contacts": before["contacts"] - 1}  # type: ignore[operator]
        if after == before:
            self._tally("merge: nothing done")
        elif after == merged:
            self._tally("merge: all done")
        else:
            found.append(f"merge half-done: before {before}, after {after}")
        return found


def _opened(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux /proc)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def _people_state(conn: sqlite3.Connection, keep: str, other: str) -> dict[str, object]:
    """(e-mails, touches) of each of two contacts named by name, and how many contacts."""
    def held(name: str) -> tuple[int, int]:
        row = conn.execute("select id from contacts where name = ?", [name]).fetchone()
        if row is None:
            return (0, 0)
        return (conn.execute("select count(*) from contact_emails where contact_id = ?", row).fetchone()[0],
                conn.execute("select count(*) from interactions where contact_id = ?", row).fetchone()[0])
    return {"keep": held(keep), "other": held(other),
            "contacts": conn.execute("select count(*) from contacts").fetchone()[0]}


def _integrity(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        check = conn.execute("pragma integrity_check").fetchall()
    return [] if check == [("ok",)] else [f"integrity_check: {check}"]

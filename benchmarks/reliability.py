"""Reliability figures: faults survived, kills survived, inputs fuzzed, peak memory.

    PYTHONPATH=. python benchmarks/reliability.py [--kills 100] [--fuzz 3000] [--rounds 3]

Everything runs on this machine: a threaded HTTP server on 127.0.0.1, SQLite files in a
temporary folder and ``giga`` as a child process, as a user would run it. The fault set
and the kill harness are the ones tests/test_reliability.py uses (tests/faults.py,
tests/crash.py); this script runs more of them and prints the numbers that
docs/RELIABILITY.md reports.

1. Fault set: one ``giga fetch --json --timeout 3`` over every hostile server plus
   healthy feeds; a fault is survived when the run exits 0, the feed got the expected
   one-line error (or was read harmlessly) and no secret leaked; then a second run must
   skip every failed feed (Retry-After, back-off).
2. Kills: ``--kills`` rounds of ``giga fetch`` killed with SIGKILL at a random moment;
   a kill is survived when the database passes integrity_check, no feed is half-written,
   no URL is stored twice and no parse worker outlives its parent; a final run must then
   complete with nothing lost or duplicated.
   Then ``--command-kills`` rounds each of ``drafts export`` (killed while it writes its
   files) and ``contacts merge``: survived when integrity_check is ok and nothing is
   half-done (the export folder whole or absent, drafts recorded only with their files;
   the merge all or nothing).
3. Concurrency: ``--rounds`` times, four ``feeds add`` creating one new database at
   once, then two ``fetch`` and a ``suggest --all --json`` together.
4. Fuzzing: ``--fuzz`` damaged copies of real feeds, OPML and contact files (seeded, so
   reproducible), each through its reader; anything but a GigaError is a failure.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import faults  # noqa: E402
from crash import CommandKills, KillHarness, concurrent_round, demo_template  # noqa: E402
from giga_process import run_giga  # noqa: E402
from httpserver import FeedServer  # noqa: E402

from giga._feeds.opml import parse_opml  # noqa: E402
from giga._feeds.parse import parse_feed  # noqa: E402
from giga._people.contacts_io import read_contacts  # noqa: E402
from giga.errors import GigaError  # noqa: E402


def fault_set(work: Path) -> dict[str, object]:
    secret = work / "secret.txt"
    secret.write_text("TOPSECRET-benchmark")
    db = work / "faults.db"
    with FeedServer() as server:
        expected = faults.install(server, secret)
        run_giga(db, "feeds", "add", *expected)
        first = run_giga(db, "fetch", "--json", "--timeout", "3")
        summary = json.loads(first.stdout) if first.returncode == 0 else {"errors": []}
        errors = {e["feed"]: e["error"] for e in summary["errors"]}
        with sqlite3.connect(db) as conn:
            leaked = "TOPSECRET" in "\n".join(conn.iterdump())
            stored = dict(conn.execute(
                "select f.url, count(af.article_id) from feeds f left join article_feeds af "
                "on af.feed_id = f.id group by f.id"))
        survived, failures = 0, []
        for url, fault in expected.items():
            error = errors.get(url)
            if fault.expect == "error":
                ok = error is not None and faults.matches(fault, error)
            elif fault.expect == "ok":
                where = server.url("/feeds/blog.xml") if url.endswith("/blog/") else url
                ok = error is None and stored.get(where, 0) >= fault.articles
            else:
                ok = error is not None or stored.get(url, 0) >= 1
            ok = ok and first.returncode == 0 and not leaked
            survived += ok
            if not ok:
                failures.append(f"{fault.path}: {error}")
        second = run_giga(db, "fetch", "--json", "--timeout", "3")
        again = json.loads(second.stdout) if second.returncode == 0 else {}
    bad = sum(f.expect == "error" for f in expected.values())
    return {
        "faults": len(expected) - faults.HEALTHY,
        "feeds": len(expected),
        "survived": survived,
        "failures": failures,
        "seconds": first.seconds,
        "peak_rss_mb": first.peak_rss_mb,
        "second_run_skipped": again.get("skipped"),
        "expected_skipped": bad,
        "secret_leaked": leaked,
    }


def kills(work: Path, rounds: int) -> dict[str, object]:
    with FeedServer() as server:
        harness = KillHarness(server, work / "kills.db", feeds=24, seed=2026)
        harness.setup()
        survived, problems = 0, []
        for _ in range(rounds):
            when = harness.kill_round()
            found = harness.problems()
            survived += not found
            problems += [f"kill at {when:.2f} s: {p}" for p in found]
        final = harness.finish()
    return {"kills": rounds, "survived": survived, "stages": harness.stages,
            "problems": problems, "final_run_problems": final}


def command_kills(work: Path, rounds: int) -> dict[str, object]:
    """``drafts export`` and ``contacts merge`` killed ``rounds`` times each."""
    folder = work / "command-kills"
    folder.mkdir()
    harness = CommandKills(demo_template(work / "command-template.db"), folder, seed=2026)
    export_tail, expected = harness.export_tail()
    merge_tail = harness.merge_tail()
    survived, problems = 0, []
    for _ in range(rounds):
        for found in (harness.export_round(export_tail, expected), harness.merge_round(merge_tail)):
            survived += not found
            problems += found
    return {"kills": harness.kills, "survived": survived, "stages": harness.stages, "problems": problems}


def concurrency(work: Path, rounds: int) -> dict[str, object]:
    problems: list[str] = []
    clean = 0
    with FeedServer() as server:
        for n in range(rounds):
            found = concurrent_round(server, work / f"concurrent-{n}.db", f"r{n}")
            clean += not found
            problems += found
    return {"rounds": rounds, "clean": clean, "problems": problems}


def damage(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        at, span = rng.randrange(len(out)), rng.randint(1, 64)
        kind = rng.choice(("flip", "delete", "duplicate", "insert"))
        if kind == "flip":
            out[at] = rng.randrange(256)
        elif kind == "delete":
            del out[at : at + span]
        elif kind == "duplicate":
            out[at:at] = out[at : at + span]
        else:
            out[at:at] = rng.choice([b"\x00", b"\xff\xfe", b"<![CDATA[", b"&lol;", b"<!DOCTYPE x [",
                                     b"\xc3", b"</item>", b"<entry>", b'"', b",", b"=\r\n"])
    return bytes(out)


def fuzz(work: Path, count: int) -> dict[str, object]:
    logging.disable(logging.WARNING)  # readers log what they skip; thousands of lines here
    rng = random.Random(2026)
    feeds = sorted((ROOT / "giga" / "demo_data" / "feeds").glob("*"))
    opml = sorted((ROOT / "tests" / "data" / "opml").glob("*.*ml"))
    contacts = sorted(p for p in (ROOT / "tests" / "data" / "contacts").rglob("*")
                      if p.suffix in (".csv", ".vcf"))
    target = work / "fuzz"

    def read_contact_bytes(data: bytes) -> object:
        path = target.with_suffix(rng.choice((".csv", ".vcf")))
        path.write_bytes(data)
        return read_contacts(path)

    readers: list[tuple[str, list[Path], Callable[[bytes], object]]] = [
        ("feeds", feeds, lambda d: parse_feed(d, "https://fuzz.example/feed")),
        ("opml", opml, lambda d: parse_opml(d, "fuzz.opml")),
        ("contacts", contacts, read_contact_bytes),
    ]
    crashes: list[str] = []
    per_reader = {name: 0 for name, _, _ in readers}
    for i in range(count):
        name, files, read = readers[i % len(readers)]
        data = damage(rng.choice(files).read_bytes(), rng) if rng.random() < 0.9 else rng.randbytes(rng.randint(0, 400))
        per_reader[name] += 1
        try:
            read(data)
        except GigaError:
            pass
        except Exception as exc:  # noqa: BLE001 - exactly what is being counted
            crashes.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
    return {"inputs": count, "per_reader": per_reader, "crashes": crashes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--command-kills", type=int, default=25,
                        help="rounds of drafts export and of contacts merge killed (each)")
    parser.add_argument("--fuzz", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3, help="concurrency rounds")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="giga-reliability-") as tmp:
        work = Path(tmp)
        f = fault_set(work)
        print(f"faults survived: {f['survived']}/{f['feeds']} feeds ({f['faults']} hostile) in one run of "
              f"{f['seconds']:.1f} s; second run skipped {f['second_run_skipped']}/{f['expected_skipped']} "
              f"failed feeds; secret leaked: {f['secret_leaked']}", flush=True)
        for failure in f["failures"]:  # type: ignore[attr-defined]
            print(f"  fault not survived: {failure}")
        k = kills(work, args.kills)
        print(f"kills survived: {k['survived']}/{k['kills']} (when: {k['stages']}); "
              f"final run problems: {len(k['final_run_problems'])}", flush=True)  # type: ignore[arg-type]
        for problem in [*k["problems"], *k["final_run_problems"]][:10]:  # type: ignore[misc]
            print(f"  {problem}")
        e = command_kills(work, args.command_kills)
        print(f"export/merge kills survived: {e['survived']}/{e['kills']} (when: {e['stages']})", flush=True)
        for problem in e["problems"][:10]:  # type: ignore[index]
            print(f"  {problem}")
        c = concurrency(work, args.rounds)
        print(f"concurrency: {c['clean']}/{args.rounds} rounds clean "
              "(2 x fetch + suggest --all, 4 x feeds add on a new database)", flush=True)
        for problem in c["problems"]:  # type: ignore[attr-defined]
            print(f"  {problem}")
        z = fuzz(work, args.fuzz)
        print(f"inputs fuzzed: {z['inputs']} {z['per_reader']}; non-giga exceptions: {len(z['crashes'])}")  # type: ignore[arg-type]
        for crash in z["crashes"][:10]:  # type: ignore[index]
            print(f"  {crash}")
        print(f"peak memory (giga fetch over the fault set, RSS incl. workers): {f['peak_rss_mb']:.0f} MB")
    print(f"total {time.monotonic() - started:.0f} s")
    clean = (f["survived"] == f["feeds"] and k["survived"] == k["kills"] and not k["final_run_problems"]
             and e["survived"] == e["kills"]
             and not c["problems"] and not z["crashes"])
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""What the user waits for: giga's commands timed through the CLI, prompt to prompt.

    python benchmarks/user_waits.py [--preset personal|scale] [--repeat 3]
                                    [--compare CHECKOUT] [--only NAMES] [--keep DIR]

A benchmark run on demand, not a test. It builds a setup as a user would get one - feed
files ingested by ``giga fetch``, contacts imported by ``giga contacts import`` - then
runs each command as a separate process, the way a shell runs it, and prints the median
wall time and the peak memory (RSS high-water mark of the process, from ``wait4``).

Presets:
- ``personal`` (default): 400 feeds, 19,500 articles dated within the last 10 days,
  1,000 contacts with 2-4 interests each, everyone due (none was ever touched);
- ``scale``: 2,000 feeds, 100,000 articles, 10,000 contacts; only ``suggest --all --json
  --top 5`` is timed.

Articles are built from the labeled news texts in ``../shared/corpus/labeled-text`` (the
same way as ``benchmarks/scale.py``: one real story's headline and lead, filled with
sentences of its category; research-only licences: read here, never copied). Interests
are the corpus's own frequent words and bigrams.

``--compare CHECKOUT`` also times another checkout of giga (run with ``PYTHONPATH`` set to
it) on a copy of the same database, in the same run, and prints the ratio: this is how
the before/after figures in a closing note are made. Without the corpus the script says
so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import DEFAULT_CORPUS, interest_terms, load_stories, make_docs  # noqa: E402

PRESETS = {
    "personal": {"feeds": 400, "articles": 19_500, "contacts": 1_000, "days": 10,
                 "commands": ["help", "due", "contacts-list", "suggest", "suggest-all-json", "drafts-eml"]},
    "scale": {"feeds": 2_000, "articles": 100_000, "contacts": 10_000, "days": 10,
              "commands": ["suggest-all-json-top5"]},
}
COMMANDS = {
    "help": ["--help"],
    "due": ["due"],
    "contacts-list": ["contacts", "list"],
    "suggest": ["suggest"],
    "suggest-all-json": ["suggest", "--all", "--json"],
    "suggest-all-json-top5": ["suggest", "--all", "--json", "--top", "5"],
    "drafts-eml": ["drafts", "export", "--format", "eml", "--out", "{out}"],
}
FIRST = ["Ana", "Bo", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kemal", "Lena",
         "Mateo", "Nia", "Oren", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wen", "Yara"]
LAST = ["Lima", "Chen", "Okafor", "Berg", "Novak", "Haddad", "Ilic", "Sato", "Kovac", "Park", "Demir",
        "Vogel", "Ruiz", "Mensah", "Levi", "Rao", "Byrne", "Costa", "Lund", "Aziz", "Bose", "Marin"]


# -- building the setup ----------------------------------------------------------
def write_feeds(folder: Path, n_feeds: int, n_articles: int, days: int,
                rng: random.Random) -> tuple[list[Path], list]:
    """RSS files whose items are dated within the last ``days`` days."""
    stories = load_stories(DEFAULT_CORPUS)
    docs = make_docs(stories, n_articles, rng)
    now = datetime.now(timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(n_feeds):
        items = []
        for doc in docs[f::n_feeds]:
            when = now - timedelta(days=rng.uniform(0, days))
            items.append(
                f"<item><title>{escape(doc.title)}</title>"
                f"<link>https://bench.example/{f}/{doc.id}</link><guid>https://bench.example/{f}/{doc.id}</guid>"
                f"<pubDate>{format_datetime(when)}</pubDate><category>{escape(doc.categories[0])}</category>"
                f"<description>{escape(doc.body)}</description></item>")
        path = folder / f"feed-{f:04d}.xml"
        path.write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                        f"<title>Bench feed {f}</title><link>https://bench.example/{f}/</link>"
                        f"{''.join(items)}</channel></rss>", encoding="utf-8")
        paths.append(path)
    return paths, docs


def write_contacts(path: Path, n: int, docs: list, rng: random.Random) -> None:
    """A plain contacts CSV: distinct names, an address each, 2-4 interests."""
    unigrams, bigrams = interest_terms(docs, rng)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "email", "tags", "every"])
        for i in range(n):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
            tags = {rng.choice(bigrams) if rng.random() < 0.3 else rng.choice(unigrams)
                    for _ in range(rng.randint(2, 4))}
            out.writerow([name, f"person{i}@example.org", ", ".join(sorted(tags)), 30])


def write_inputs(workdir: Path, preset: dict) -> tuple[list[Path], Path]:
    """The feed files and the contacts file, written once for every checkout timed."""
    rng = random.Random(7)
    started = time.perf_counter()
    feeds, docs = write_feeds(workdir / "feeds", preset["feeds"], preset["articles"], preset["days"], rng)
    contacts = workdir / "contacts.csv"
    write_contacts(contacts, preset["contacts"], docs, rng)
    print(f"wrote {len(feeds)} feed files and {preset['contacts']} contacts in {time.perf_counter() - started:.1f} s")
    return feeds, contacts


def ingest(name: str, db: Path, feeds: list[Path], contacts: Path, giga: list[str], env: dict[str, str]) -> None:
    """What a user does first: subscribe, fetch, import their contacts."""
    for start in range(0, len(feeds), 500):
        run(giga, ["feeds", "add", *map(str, feeds[start:start + 500])], db, env)
    seconds, peak, _ = run(giga, ["fetch"], db, env)
    print(f"  {name:>8}  giga fetch: {seconds:.1f} s, peak {peak:.0f} MB")
    seconds, peak, _ = run(giga, ["contacts", "import", str(contacts)], db, env)
    print(f"  {name:>8}  giga contacts import: {seconds:.1f} s, peak {peak:.0f} MB")


# -- measuring ---------------------------------------------------------------------
# Runs argv[3:], then writes "seconds maxrss_kib" to argv[1]. A child forked from this
# benchmark would inherit its RSS (the corpus and scikit-learn) as its high-water mark, so
# giga is started by this small process, which also times it from its own start to its end.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1] + ".out", "wb"))
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{time.perf_counter() - started} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(giga: list[str], args: list[str], db: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """One command as a shell runs it: seconds, peak RSS (MB) and its stdout."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report"
        # from a neutral folder: "python -m" puts the current folder first on the path
        done = subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *giga, "--db", str(db), *args],
                              env=env, stderr=subprocess.PIPE, cwd=scratch)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
        seconds, kib = report.read_text().split()
        return float(seconds), float(kib) / 1024, (Path(scratch) / "report.out").read_text()


def time_commands(name: str, giga: list[str], env: dict[str, str], db: Path, commands: list[str],
                  repeat: int, workdir: Path) -> dict[str, tuple[float, float]]:
    results = {}
    for command in commands:
        seconds, peaks = [], []
        for r in range(repeat):
            out = workdir / f"drafts-{name}-{command}-{r}"
            args = [a.format(out=out) for a in COMMANDS[command]]
            s, peak, _ = run(giga, args, db, env)
            seconds.append(s)
            peaks.append(peak)
        results[command] = (statistics.median(seconds), max(peaks))
        print(f"  {name:>8}  giga {' '.join(COMMANDS[command]).replace(' {out}', ' DIR'):<40}"
              f" median {results[command][0]:7.2f} s   peak {results[command][1]:6.0f} MB"
              f"   ({', '.join(f'{x:.2f}' for x in seconds)})", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="personal")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another giga checkout to time on the same data")
    parser.add_argument("--only", help="comma-separated commands: " + ", ".join(COMMANDS))
    parser.add_argument("--keep", type=Path, help="build in (or reuse) this folder instead of a temporary one")
    args = parser.parse_args(argv)
    if not (DEFAULT_CORPUS / "bbc").is_dir():
        print(f"corpus not found at {DEFAULT_CORPUS}: nothing measured")
        return 0
    preset = PRESETS[args.preset]
    commands = args.only.split(",") if args.only else preset["commands"]
    here = Path(__file__).resolve().parents[1]
    variants = {"this": (here, [sys.executable, "-m", "giga"])}
    if args.compare:
        variants["compare"] = (args.compare.resolve(), [sys.executable, "-m", "giga"])
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="giga-waits-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        base_env = {**os.environ, "TZ": "UTC"}
        feeds = sorted((workdir / "feeds").glob("feed-*.xml"))
        contacts = workdir / "contacts.csv"
        if not feeds or not contacts.exists():
            feeds, contacts = write_inputs(workdir, preset)
        print(f"\n{args.preset}: {preset['feeds']} feeds, {preset['articles']} articles, "
              f"{preset['contacts']} contacts; medians of {args.repeat} runs through the CLI")
        results = {}
        for name, (checkout, giga) in variants.items():
            env = {**base_env, "PYTHONPATH": str(checkout)}
            db = workdir / f"{name}.db"
            if not db.exists():
                ingest(name, db, feeds, contacts, giga, env)
            copy = workdir / f"run-{name}.db"
            shutil.copyfile(db, copy)
            results[name] = time_commands(name, giga, env, copy, commands, args.repeat, workdir)
        if "compare" in results:
            print("\n  ratio compare/this (higher: this is faster)")
            for command in commands:
                this, other = results["this"][command][0], results["compare"][command][0]
                print(f"  {command:<24} {other / this:6.1f}x")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

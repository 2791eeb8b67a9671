"""Ingest benchmark: giga against lemon24/reader on the real-feeds corpus, one run.

    python benchmarks/ingest.py [--corpus DIR] [--repeat 3] [--skip-reader]

Serves every file of ``../shared/corpus/real-feeds`` from 127.0.0.1 (a separate
process), then for each tool, alternating: a fresh interpreter, a fresh database,
subscribe to every URL, time one full refresh (fresh processes, so neither tool pays
for the other's heap). Both rates use the same numerator (the corpus's entry count as
feedparser reports it, from manifest.csv), so their ratio is the ratio of wall times.
Medians over ``--repeat`` runs; reader needs ``pip install -e .[bench]``.

Two giga figures: ``giga`` times ``Giga.fetch()`` inside its interpreter, like reader's
``update_feeds()``; ``giga-cli`` times ``giga fetch`` as a user runs it, from the shell
prompt back to the prompt (interpreter start and imports included). Both keep every
entry (``retention`` 0), as reader does: the corpus is years old, and the default
one-year rule would skip most of it.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_server import CorpusServer  # noqa: E402

import giga  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real-feeds"


def corpus_entries(root: Path) -> int:
    with open(root / "manifest.csv", newline="", encoding="utf-8") as handle:
        return sum(int(row["n_entries"]) for row in csv.DictReader(handle))


def run_giga(urls: list[str], workdir: Path, run: int) -> tuple[float, float, dict]:
    with giga.open(workdir / f"giga-{run}.db") as g:
        g.set_setting("retention", "0")
        g.add_feeds(urls)
        start = time.perf_counter()
        cold = g.fetch()
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        g.fetch()  # every feed answers 304 now
        warm_s = time.perf_counter() - start
        stored = g.db["articles"].count
    return cold_s, warm_s, {"updated": cold.updated, "failed": cold.failed, "stored": stored}


def run_reader(urls: list[str], workdir: Path, run: int) -> tuple[float, dict]:
    from reader import make_reader  # optional: pip install -e .[bench]

    reader = make_reader(str(workdir / f"reader-{run}.sqlite"))
    for url in urls:
        reader.add_feed(url)
    start = time.perf_counter()
    reader.update_feeds()
    elapsed = time.perf_counter() - start
    stored = reader.get_entry_counts().total
    reader.close()
    return elapsed, {"stored": stored}


def run_giga_cli(urls: list[str], workdir: Path, run: int) -> tuple[float, dict]:
    """``giga fetch`` through the command line, wall time of the whole process."""
    db = workdir / f"giga-cli-{run}.db"
    with giga.open(db) as g:
        g.set_setting("retention", "0")
        g.add_feeds(urls)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "giga", "--db", str(db), "fetch", "--json"],
                          check=True, capture_output=True, text=True, cwd=workdir)
    elapsed = time.perf_counter() - start
    summary = json.loads(done.stdout)
    return elapsed, {"updated": summary["updated"], "failed": summary["failed"]}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_run(tool: str, urls_file: Path, workdir: Path, run: int) -> dict:
    """Time one tool in a fresh interpreter; returns its JSON report."""
    output = subprocess.run(
        [sys.executable, __file__, "--one", tool, "--urls", str(urls_file), "--workdir", str(workdir),
         "--run", str(run)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(tool: str, urls_file: Path, workdir: Path, run: int) -> int:
    import warnings

    warnings.simplefilter("ignore")  # reader warns about every odd entry of the corpus
    urls = urls_file.read_text(encoding="utf-8").split()
    if tool == "giga":
        cold, warm, info = run_giga(urls, workdir, run)
        report = {"cold": cold, "warm": warm, **info}
    elif tool == "giga-cli":
        elapsed, info = run_giga_cli(urls, workdir, run)
        report = {"cold": elapsed, **info}
    else:
        elapsed, info = run_reader(urls, workdir, run)
        report = {"cold": elapsed, **info}
    report["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(report))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-reader", action="store_true")
    parser.add_argument("--one", choices=["giga", "giga-cli", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--urls", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return child(args.one, args.urls, args.workdir, args.run)
    if not (args.corpus / "manifest.csv").exists():
        print(f"corpus not found at {args.corpus}; nothing to measure")
        return 0
    entries = corpus_entries(args.corpus)
    tools = ["giga", "giga-cli"] if args.skip_reader else ["giga", "giga-cli", "reader"]
    times: dict[str, list[float]] = {tool: [] for tool in tools}
    with CorpusServer(args.corpus) as server, tempfile.TemporaryDirectory() as tmp:
        urls_file = Path(tmp) / "urls.txt"
        urls_file.write_text("\n".join(server.urls), encoding="utf-8")
        print(f"corpus: {len(server.urls)} feeds, {entries} entries (feedparser count), served from 127.0.0.1")
        warm: list[float] = []
        for run in range(args.repeat):
            for tool in tools:
                report = one_run(tool, urls_file, Path(tmp), run)
                times[tool].append(report["cold"])
                if "warm" in report:
                    warm.append(report["warm"])
                print(f"  {tool:6} run {run + 1}: {json.dumps(report)}")
    g_med = statistics.median(times["giga"])
    print(f"giga:   median {g_med:.2f}s -> {entries / g_med:,.0f} entries/s "
          f"(warm refresh, every feed 304: median {statistics.median(warm):.2f}s)")
    if "reader" in times:
        r_med = statistics.median(times["reader"])
        print(f"reader: median {r_med:.2f}s -> {entries / r_med:,.0f} entries/s")
        print(f"ratio giga/reader (medians): {r_med / g_med:.1f}x")
        c_med = statistics.median(times["giga-cli"])
        print(f"giga fetch through the CLI: median {c_med:.2f}s -> ratio {r_med / c_med:.1f}x reader")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Ingest benchmark: giga against lemon24/reader on the real-feeds corpus, one run.

    python benchmarks/ingest.py [--corpus DIR] [--repeat 3] [--skip-reader]

Serves every file of ``../shared/corpus/real-feeds`` from 127.0.0.1 (a separate
process), then for each tool: a fresh database, subscribe to every URL, time one full
refresh. Both rates use the same numerator (the corpus's entry count as feedparser
reports it, from manifest.csv), so their ratio is the ratio of wall times. Medians over
``--repeat`` runs; reader needs ``pip install -e .[bench]``.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-reader", action="store_true")
    args = parser.parse_args()
    if not (args.corpus / "manifest.csv").exists():
        print(f"corpus not found at {args.corpus}; nothing to measure")
        return 0
    entries = corpus_entries(args.corpus)
    with CorpusServer(args.corpus) as server, tempfile.TemporaryDirectory() as tmp:
        urls = server.urls
        print(f"corpus: {len(urls)} feeds, {entries} entries (feedparser count), served from 127.0.0.1")
        giga_cold, giga_warm, reader_times = [], [], []
        for run in range(args.repeat):
            cold, warm, info = run_giga(urls, Path(tmp), run)
            giga_cold.append(cold)
            giga_warm.append(warm)
            print(f"  giga   run {run + 1}: cold {cold:.2f}s, warm (all 304) {warm:.2f}s, {info}")
            if not args.skip_reader:
                elapsed, rinfo = run_reader(urls, Path(tmp), run)
                reader_times.append(elapsed)
                print(f"  reader run {run + 1}: {elapsed:.2f}s, {rinfo}")
    g_med = statistics.median(giga_cold)
    print(f"giga:   median {g_med:.2f}s -> {entries / g_med:,.0f} entries/s "
          f"(warm refresh median {statistics.median(giga_warm):.2f}s)")
    if reader_times:
        r_med = statistics.median(reader_times)
        print(f"reader: median {r_med:.2f}s -> {entries / r_med:,.0f} entries/s")
        print(f"ratio giga/reader: {r_med / g_med:.1f}x")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

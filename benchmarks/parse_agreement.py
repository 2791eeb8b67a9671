"""Speed and agreement of giga's parse_feed against feedparser, on the real-feeds corpus.

    python benchmarks/parse_agreement.py [--corpus DIR] [--runs 3] [--examples 8]

Prints feedparser's entries/s (the reference, default options, one run), giga's
entries/s (median of ``--runs``), the ratio, and how often giga agrees with feedparser
per field (id, link, title, published) and overall. Agreement is measured on the
normalized level: feedparser's result goes through ``entry_from_feedparser`` - the same
normalization giga's fallback uses - and is compared with giga's ParsedEntry, entries
in document order per file; an entry feedparser has and giga lacks disagrees on every
field. Entries only giga finds (JSON Feed, gzip files) are counted but not compared.

Every file is parsed with the URL ``https://corpus.example/<path>`` as its base and no
Content-Type, on one core. Wall-clock and CPU times are both printed: on a shared
machine the CPU time is the steadier of the two. Exits with a message (status 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import gc
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))

from giga._feeds.parse import parse_feed  # noqa: E402
from giga._feeds.parse.fallback import entry_from_feedparser, feedparser_parse  # noqa: E402
from giga.errors import ParseError  # noqa: E402

FIELDS = ("id", "link", "title", "published")
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus" / "real-feeds"


def load(corpus: Path) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of every feed file, in manifest order when there is one."""
    if (corpus / "real-feeds").is_dir():
        corpus = corpus / "real-feeds"
    manifest = corpus / "manifest.csv"
    if manifest.is_file():
        with manifest.open(newline="", encoding="utf-8") as handle:
            paths = [row["path"] for row in csv.DictReader(handle)]
    else:
        skip = {"manifest.csv", "category_counts.csv", "SOURCES.md"}
        paths = sorted(
            str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file() and p.name not in skip
        )
    return [(path, (corpus / path).read_bytes()) for path in paths]


def url_for(path: str) -> str:
    return f"https://corpus.example/{path}"


def value(entry: object, field: str) -> object:
    return getattr(entry, "url" if field == "link" else field)


def run_giga(files: list[tuple[str, bytes]]) -> tuple[float, float, dict[str, object]]:
    """Parse every file once; (wall seconds, CPU seconds, results by path)."""
    results: dict[str, object] = {}
    start, cpu_start = time.perf_counter(), time.process_time()
    for path, body in files:
        try:
            results[path] = parse_feed(body, url_for(path))
        except ParseError as exc:
            results[path] = exc
    return time.perf_counter() - start, time.process_time() - cpu_start, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}; nothing to measure "
              "(pass --corpus DIR pointing at shared/corpus/real-feeds)")
        return 0
    files = load(args.corpus)
    print(f"{len(files)} files, {sum(len(b) for _, b in files) / 1e6:.1f} MB from {args.corpus}")

    start, cpu_start = time.perf_counter(), time.process_time()
    reference = {path: feedparser_parse(body, url_for(path), fast_options=False) for path, body in files}
    fp_time = time.perf_counter() - start
    fp_cpu = time.process_time() - cpu_start
    fp_entries = {path: [entry_from_feedparser(e) for e in r.entries] for path, r in reference.items()}
    n_ref = sum(len(v) for v in fp_entries.values())
    del reference
    # Keep the reference data out of the collector's way: without this, every GC pass
    # during giga's runs walks feedparser's leftovers and slows giga by a third.
    gc.collect()
    gc.freeze()

    times, cpu_times = [], []
    for _ in range(max(1, args.runs)):
        elapsed, cpu, results = run_giga(files)
        times.append(elapsed)
        cpu_times.append(cpu)
    giga_time = statistics.median(times)
    giga_cpu = statistics.median(cpu_times)
    n_giga = sum(len(r.entries) for r in results.values() if not isinstance(r, Exception))
    parsers = Counter(r.parser if not isinstance(r, Exception) else "ParseError" for r in results.values())

    agree = Counter()
    all_agree = 0
    examples: list[str] = []
    for path, ref in fp_entries.items():
        result = results[path]
        ours = [] if isinstance(result, Exception) else list(result.entries)
        for index, want in enumerate(ref):
            got = ours[index] if index < len(ours) else None
            ok_all = True
            for field in FIELDS:
                if got is not None and value(got, field) == value(want, field):
                    agree[field] += 1
                else:
                    ok_all = False
                    if len(examples) < args.examples:
                        mine = "<missing>" if got is None else repr(value(got, field))[:90]
                        examples.append(f"  {path} [{index}] {field}: feedparser "
                                        f"{repr(value(want, field))[:90]} / giga {mine}")
            all_agree += ok_all

    fp_rate = n_ref / fp_time
    giga_rate = n_giga / giga_time
    print(f"feedparser (reference): {fp_time:7.2f} s  {n_ref:6d} entries  {fp_rate:9.0f} entries/s")
    print(f"giga parse_feed:        {giga_time:7.2f} s  {n_giga:6d} entries  {giga_rate:9.0f} entries/s"
          f"  (median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"speed-up: {fp_time / giga_time:.1f}x on the same files "
          f"({n_ref / giga_time:.0f} feedparser-counted entries/s)")
    print(f"CPU time (steadier on a busy machine): feedparser {fp_cpu:.2f} s, giga {giga_cpu:.2f} s "
          f"= {n_giga / giga_cpu:.0f} entries/s, {fp_cpu / giga_cpu:.1f}x "
          f"(best run {min(cpu_times):.2f} s = {n_giga / min(cpu_times):.0f} entries/s)")
    print(f"parsers used per file: {dict(parsers)}")
    print(f"agreement with feedparser over {n_ref} entries:")
    for field in FIELDS:
        print(f"  {field:10s} {100 * agree[field] / max(n_ref, 1):6.2f}%")
    print(f"  {'overall':10s} {100 * all_agree / max(n_ref, 1):6.2f}%  (all four fields equal)")
    if examples:
        print("examples of disagreement:")
        print("\n".join(examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

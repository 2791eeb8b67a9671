"""How much of each page's article ``giga share`` stores: the article-extraction benchmark.

    python benchmarks/share_extraction.py [--corpus ../shared/corpus/web-articles] [--limit N]

The 181 real pages of scrapinghub/article-extraction-benchmark (``html/*.html.gz`` and
``ground-truth.json`` in the corpus folder; MIT licence) are served from 127.0.0.1, each
shared with ``Giga.share(url)`` into a fresh database (no contacts: only the page's way
in is measured), and the text giga stored (the article's ``content``) is scored against
the page's ``articleBody`` the way the benchmark's ``evaluate.py`` scores it:

* the text is cut into ``\\w+`` tokens and into shingles of 4 consecutive tokens;
* per page, true/false positives and false negatives are counted over shingle multisets
  and normalised by their sum (a long page weighs no more than a short one);
* precision and recall are the means over pages; F1 is computed from those means.

A page giga refuses (``PageError``) stores nothing and scores as an empty prediction. The
same figures over word multisets (single tokens) and for ``trafilatura.extract`` run on
the same bytes (what giga's extractor gives before giga stores it) are printed beside
the benchmark's published ones. A benchmark run on demand, not a test; without the
corpus it says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_server import CorpusServer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "web-articles"
PUBLISHED = {"trafilatura 2.0.0": 0.958, "newspaper4k": 0.949, "readability-lxml": 0.922,
             "html-text (all text)": 0.665}
GOAL = 0.95
_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """One page's (tp, fp, fn) over n-token shingles, normalised to sum to 1."""
    a, b = _shingles(true, n), _shingles(pred, n)
    tp, fp, fn = sum((a & b).values()), sum((b - a).values()), sum((a - b).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall): precision and recall averaged over pages, as evaluate.py does."""
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * p * r / (p + r), p, r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by hash)")
    args = parser.parse_args()
    truth_file = args.corpus / "ground-truth.json"
    if not truth_file.exists():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return
    import trafilatura

    import giga

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for key in keys:
            (pages / f"{key}.html").write_bytes(gzip.decompress((args.corpus / "html" / f"{key}.html.gz").read_bytes()))
        stored: dict[str, str] = {}
        refused: dict[str, str] = {}
        started = time.perf_counter()
        with CorpusServer(pages) as server, giga.open(Path(tmp) / "bench.db") as g:
            for url in server.urls:
                key = url.rsplit("/", 1)[1].removesuffix(".html")
                try:
                    stored[key] = g.share(url).page.article.content
                except giga.PageError as exc:
                    refused[key] = str(exc)
        elapsed = time.perf_counter() - started
        direct = {k: trafilatura.extract((pages / f"{k}.html").read_bytes(), include_comments=False) or ""
                  for k in keys}
    rows = [
        ("giga share (stored text)", [page_counts(truth[k]["articleBody"], stored.get(k, "")) for k in keys],
         [page_counts(truth[k]["articleBody"], stored.get(k, ""), 1) for k in keys]),
        ("trafilatura.extract, same bytes", [page_counts(truth[k]["articleBody"], direct[k]) for k in keys],
         [page_counts(truth[k]["articleBody"], direct[k], 1) for k in keys]),
    ]
    print(f"{len(keys)} pages served from 127.0.0.1, shared in {elapsed:.1f} s "
          f"({1000 * elapsed / len(keys):.0f} ms a page); {len(refused)} refused")
    for key, why in sorted(refused.items()):
        print(f"  refused {key[:12]}: {why.split(': ', 1)[-1]}")
    print(f"\n{'extractor':<34}{'F1':>7}{'prec.':>8}{'recall':>8}   words: F1  prec. recall")
    for name, shingled, words in rows:
        f1, p, r = scores(shingled)
        wf1, wp, wr = scores(words)
        print(f"{name:<34}{f1:>7.3f}{p:>8.3f}{r:>8.3f}   {wf1:>9.3f}{wp:>6.3f}{wr:>7.3f}")
    for name, f1 in PUBLISHED.items():
        print(f"{name + ' (published)':<34}{f1:>7.3f}")
    print(f"\ngoal: F1 >= {GOAL} for the stored text: {'met' if scores(rows[0][1])[0] >= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()

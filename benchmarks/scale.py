"""Scale benchmark: vectorize and match N articles x M contacts, top K each, one run.

    python benchmarks/scale.py [--articles 100000] [--contacts 10000] [--k 5] [--repeat 3]

Articles are built at run time from the labeled news texts in
``../shared/corpus/labeled-text`` (AG News test split and the BBC dataset: research-only
licences, read here, never copied into the repository). Each article keeps one real
story's headline and opening sentences, then is filled to 100-300 words with sentences
of other stories of the same category (one in five from any category); six in ten
headlines get a short subtitle from the body, so every article is distinct while the
vocabulary stays that of real news. Its category is the dataset label; publication
dates spread over 60 days (5% unknown).

Contacts get 2-5 interest tags drawn from the corpus's own frequent uni/bigrams (document
frequency rank 40-2500, stop words removed; one contact in six also names a category);
10% have liked articles, 5% their own posts, 5% articles already shared with them, 3% a
"not for them" article (all of them articles of the window), and 20% an exclude set of
already-suggested articles.

Printed, all from this one process:
- vectorizing: giga's ``ArticleVectorizer.fit_transform`` vs scikit-learn's
  ``TfidfVectorizer`` with the same parameters on the same weighted texts, each built
  while it is read (median of ``--repeat``, alternating) and their ratio (goal: within
  1.2x);
- ``Matcher.fit`` (reported, not a goal) and ``Matcher.recommend`` for every contact
  after fit: the first run, reported on its own, then the median of ``--match-repeat``
  more (goal: under 2 s at 100k x 10k). At this size the matcher uses its numba
  kernels, and a process's first run also loads them from numba's disk cache (about
  1 s) or, on a fresh install or after they change, compiles them (about 10 s);
- peak memory: the process's RSS high-water mark (getrusage), the high-water mark of the
  matching phase alone (Linux: VmHWM after resetting it through /proc/self/clear_refs),
  and tracemalloc's peak over one extra matching run (goal: under 1.5 GB).

Without the corpus the script says so and exits 0: synthetic text would not have the
vocabulary statistics the timings depend on.
"""

from __future__ import annotations

import argparse
import csv
import gc
import html
import random
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer  # noqa: E402

from giga._recommend.match import Doc, Matcher, Profile  # noqa: E402
from giga._recommend.vectorize import ArticleVectorizer  # noqa: E402
from giga._recommend.vectorize.vectorizer import TOKEN_PATTERN, weighted_text  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "labeled-text"
AG_CLASSES = {"1": "world", "2": "sports", "3": "business", "4": "sci/tech"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
NOW = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)


# -- corpus --------------------------------------------------------------------
def load_stories(root: Path) -> list[tuple[str, str, list[str]]]:
    """(category, headline, sentences) for every story of both datasets."""
    stories = []
    with open(root / "ag_news" / "test.csv", newline="", encoding="utf-8") as handle:
        for label, title, text in csv.reader(handle):
            text = html.unescape(text.replace(" #36;", "$").replace("#39;", "'")).replace("\\", " ")
            stories.append((AG_CLASSES[label], title.strip(), split_sentences(text)))
    for path in sorted((root / "bbc").glob("*/*.txt")):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        headline, _, body = raw.strip().partition("\n")
        stories.append((path.parent.name, headline.strip(), split_sentences(" ".join(body.split()))))
    return [s for s in stories if s[2]]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if len(s.split()) >= 4]


def make_docs(stories: list[tuple[str, str, list[str]]], n: int, rng: random.Random) -> list[Doc]:
    by_category: dict[str, list[str]] = defaultdict(list)
    everything: list[str] = []
    for category, _, sentences in stories:
        by_category[category].extend(sentences)
        everything.extend(sentences)
    docs = []
    for i in range(n):
        category, headline, sentences = stories[rng.randrange(len(stories))]
        target = rng.randint(100, 300)
        lead = sentences[: rng.randint(1, max(1, len(sentences) // 2))]
        body = list(lead)
        words = sum(len(s.split()) for s in body)
        pool = by_category[category]
        while words < target:
            sentence = rng.choice(pool) if rng.random() < 0.8 else rng.choice(everything)
            body.append(sentence)
            words += len(sentence.split())
        title = headline
        if rng.random() < 0.6:
            extra = rng.choice(body).split()
            start = rng.randrange(max(1, len(extra) - 5))
            title = f"{headline}: {' '.join(extra[start:start + rng.randint(3, 6)]).rstrip('.,;')}"
        published = None if rng.random() < 0.05 else NOW - timedelta(days=rng.uniform(0, 60))
        docs.append(Doc(f"a{i}", title, " ".join(body), (category,), published))
    return docs


def interest_terms(docs: list[Doc], rng: random.Random) -> tuple[list[str], list[str]]:
    """Frequent-but-not-stop-word unigrams and bigrams of the articles."""
    sample = [d.title + " " + d.body for d in rng.sample(docs, min(len(docs), 5000))]
    counts = CountVectorizer(stop_words="english", ngram_range=(1, 2), token_pattern=TOKEN_PATTERN,
                             binary=True, min_df=3).fit(sample)
    df = counts.transform(sample).sum(axis=0).A1
    names = counts.get_feature_names_out()
    order = df.argsort()[::-1]
    unigrams = [str(names[i]) for i in order if " " not in names[i]][40:2500]
    bigrams = [str(names[i]) for i in order if " " in names[i]][:1500]
    return unigrams, bigrams


def make_profiles(docs: list[Doc], n: int, rng: random.Random) -> list[Profile]:
    unigrams, bigrams = interest_terms(docs, rng)
    categories = sorted({c for d in docs for c in d.categories})

    def article() -> Doc:
        return rng.choice(docs)

    profiles = []
    for i in range(n):
        tags = [rng.choice(bigrams) if rng.random() < 0.3 else rng.choice(unigrams)
                for _ in range(rng.randint(2, 5))]
        if rng.random() < 1 / 6:
            tags[-1] = rng.choice(categories)
        roll = rng.random
        profiles.append(Profile(
            key=f"c{i}",
            tags=tuple(dict.fromkeys(tags)),
            own=tuple(article() for _ in range(rng.randint(1, 3))) if roll() < 0.05 else (),
            liked=tuple(article() for _ in range(rng.randint(1, 3))) if roll() < 0.10 else (),
            disliked=(article(),) if roll() < 0.03 else (),
            exclude=frozenset(rng.choice(docs).id for _ in range(rng.randint(5, 30))) if roll() < 0.2
            else frozenset(),
            shared=tuple(article() for _ in range(rng.randint(1, 3))) if roll() < 0.05 else (),
        ))
    return profiles


# -- measuring -----------------------------------------------------------------
def timed(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_hwm() -> bool:
    """Reset the kernel's RSS high-water mark (Linux >= 4.0); False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def hwm_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="vectorizing runs per side")
    parser.add_argument("--match-repeat", type=int, default=5, help="matching runs after the first")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the extra traced matching run")
    args = parser.parse_args()
    if not (args.corpus / "ag_news" / "test.csv").exists() or not (args.corpus / "bbc").is_dir():
        print(f"corpus not found at {args.corpus}; nothing to measure (skipped)")
        return 0

    rng = random.Random(args.seed)
    start = time.perf_counter()
    stories = load_stories(args.corpus)
    docs = make_docs(stories, args.articles, rng)
    profiles = make_profiles(docs, args.contacts, rng)
    del stories
    words = statistics.mean(len(d.body.split()) for d in docs[:2000])
    print(f"data: {len(docs):,} articles (~{words:.0f} body words), {len(profiles):,} contacts, "
          f"built in {time.perf_counter() - start:.1f}s from {args.corpus}")

    # vectorizing: giga vs scikit-learn, same parameters, same weighted texts
    titles, bodies = [d.title for d in docs], [d.body for d in docs]
    probe = ArticleVectorizer()
    params = {"stop_words": "english", "ngram_range": probe.ngram_range, "sublinear_tf": True,
              "min_df": probe.min_df, "max_df": probe.max_df, "token_pattern": TOKEN_PATTERN, "dtype": probe.dtype}
    def texts():  # built while scikit-learn reads them, as giga builds its own
        return (weighted_text(t, b[: probe.max_body_chars], probe.title_weight) for t, b in zip(titles, bodies))

    giga_times, sk_times = [], []
    for _ in range(args.repeat):
        elapsed, matrix = timed(lambda: ArticleVectorizer().fit_transform(titles, bodies))
        giga_times.append(elapsed)
        shape, nnz = matrix.shape, matrix.nnz
        del matrix
        elapsed, matrix = timed(lambda: TfidfVectorizer(**params).fit_transform(texts()))
        sk_times.append(elapsed)
        del matrix
    g_vec, s_vec = statistics.median(giga_times), statistics.median(sk_times)
    print(f"vectorize: giga {g_vec:.2f}s vs scikit-learn {s_vec:.2f}s -> ratio {g_vec / s_vec:.2f}x "
          f"(goal <= 1.2x) [{shape[0]:,} x {shape[1]:,}, {nnz:,} nonzeros; runs "
          f"{', '.join(f'{t:.2f}' for t in giga_times)} / {', '.join(f'{t:.2f}' for t in sk_times)}]")

    # matching
    matcher = Matcher()
    fit_s, _ = timed(lambda: matcher.fit(docs, now=NOW))
    print(f"fit: {fit_s:.2f}s (vectorize + freshness + categories)")
    rss_before = rss_peak_mb()
    hwm_reset = reset_hwm()
    first, results = timed(lambda: matcher.recommend(profiles, k=args.k))
    match_times = []
    for _ in range(max(1, args.match_repeat)):
        elapsed, results = timed(lambda: matcher.recommend(profiles, k=args.k))
        match_times.append(elapsed)
    match_hwm = hwm_mb() if hwm_reset else None
    got = sum(len(v) for v in results.matches.values())
    short = sum(1 for v in results.matches.values() if len(v) < args.k)
    empty = sum(1 for v in results.matches.values() if not v)
    m_med = statistics.median(match_times)
    print(f"match: median {m_med:.2f}s for {len(profiles):,} contacts x {len(docs):,} articles, top {args.k} "
          f"(goal < 2 s) [runs {', '.join(f'{t:.2f}' for t in match_times)}, after a first run of {first:.2f}s; "
          f"{got:,} matches, {short} contacts with fewer than {args.k}, {empty} with none]")
    traced = None
    if not args.no_tracemalloc:
        del results
        gc.collect()
        tracemalloc.start()
        matcher.recommend(profiles, k=args.k)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    # clearing VmHWM also resets getrusage's ru_maxrss on Linux: the process peak is the larger
    peak = max(rss_peak_mb(), rss_before)
    line = f"memory: process RSS high-water {peak:,.0f} MB (before matching, i.e. vectorizing: {rss_before:,.0f} MB)"
    if match_hwm is not None:
        line += f"; matching-phase RSS high-water {match_hwm:,.0f} MB"
    if traced is not None:
        line += f"; tracemalloc peak during matching {traced:,.0f} MB"
    print(line + " (goal < 1.5 GB)")
    ok = g_vec / s_vec <= 1.2 and m_med < 2.0 and peak < 1536
    print(f"goals {'met' if ok else 'NOT met'}: vectorize ratio {g_vec / s_vec:.2f} <= 1.2, "
          f"match {m_med:.2f}s < 2s, peak RSS {peak:,.0f} MB < 1536 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

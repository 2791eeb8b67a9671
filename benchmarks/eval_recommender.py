"""Recommendation quality: giga's Matcher against a literal TF-IDF query and BM25.

    python benchmarks/eval_recommender.py [--corpus DIR] [--only bbc,ag_news,real_feeds]
                                          [--sweep] [--per-contact]

A benchmark run on demand, not a unit test. Needs ``rank-bm25`` (``pip install -e .[bench]``)
and the labeled corpora beside the checkout (``../shared/corpus``); a dataset whose files
are absent is skipped with a message. The corpora are research-only: they are read from
there at run time and never copied into the repository or the package.

Measure: precision@10 - per contact, the fraction of its 10 top-ranked documents that
are relevant (a ranker that returns fewer than 10 counts the gaps as misses), averaged
over contacts; the per-contact minimum is printed beside the mean. Every ranker sees the
same pool and the same contacts (``eval_contacts.py``) in one run:

- giga: ``Matcher(category_weight=0, half_life_days=None)`` fitted on the pool (no
  categories, no dates), ``recommend(profiles, k=10)`` with the per-article cap and the
  diversity/near-duplicate filters off (cap 10**6, thresholds 1.01) so they do not
  distort P@10; a second line keeps giga's default diversity filter on.
- tfidf-query: scikit-learn ``TfidfVectorizer(stop_words="english")`` fitted on the
  pool's title + body; query = the contact's tags joined with spaces; cosine; top 10.
- bm25: ``rank_bm25.BM25Okapi`` over lower-cased word tokens (scikit-learn's default
  token pattern, its English stop words removed) of title + body; query = the tags' words.

Datasets:
- bbc: BBC News, 2,225 documents, 5 classes; relevant = the contact's class.
- ag_news: AG News test split, 7,600 documents, 4 classes; relevant = the contact's class.
- real_feeds: every entry of the 661 real feeds parsed with ``giga._feeds.parse.parse_feed``
  (title + content, else summary), exact duplicates (same title and text) merged with
  their categories united; categories hidden from every ranker; relevant = the entry's own
  categories meet the topic's label set; topics with fewer than 10 relevant entries are
  skipped (and listed).

Beside each mean: the margin over BM25 (points and relative), per-contact wins/ties/losses
against BM25 and a paired bootstrap 95% interval of the margin (contacts resampled). On
real_feeds a second P@10 ("judged") skips entries that carry no categories at all (58% of
the pool): such an entry cannot be relevant under the labels, whatever it is about, so the
plain P@10 partly measures whether a ranker prefers entries from feeds that tag.
Seconds are wall time per ranker: fit (or index) plus ranking every contact.

``--sweep`` also measures candidate Matcher settings on every dataset (``--variants`` picks
some by label): public constructor parameters only, never subclasses of the Matcher's
internals (the algorithm prototypes once measured that way were rejected; they are in
git history). ``--per-contact`` prints every contact's P@10 for each ranker. A plain run
takes about 30 s on one core.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

from eval_contacts import AG_NEWS, BBC, REAL_FEED_TOPICS, REAL_FEEDS, EvalContact  # noqa: E402
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer  # noqa: E402

from giga._recommend.match import Doc, Matcher, Profile  # noqa: E402

DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus"
K = 10
MIN_RELEVANT = 10
OFF = 1.01  # a cosine threshold nothing reaches: diversity / near-duplicate filters off
NO_CAP = 10**6


# -- data ----------------------------------------------------------------------------------
@dataclass
class Dataset:
    name: str
    docs: list[Doc]
    contacts: list[EvalContact]
    relevant: dict[str, set[int]]  # contact key -> indices of relevant docs
    notes: list[str] = field(default_factory=list)
    judged: set[int] | None = None  # docs with a relevance judgement (None: every doc)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # bbc/sport/199.txt


def load_bbc(root: Path) -> Dataset | None:
    base = root / "labeled-text" / "bbc"
    if not base.is_dir():
        return None
    docs: list[Doc] = []
    classes: list[str] = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            title, _, body = _read_text(path).strip().partition("\n")
            docs.append(Doc(f"{folder.name}/{path.name}", title.strip(), body.strip()))
            classes.append(folder.name)
    return _by_class("bbc", docs, classes, BBC)


_AG_ENTITY = re.compile(r" ?#(\d+);")


def _ag_clean(text: str) -> str:
    text = _AG_ENTITY.sub(lambda m: chr(int(m.group(1))), text)
    return html.unescape(text.replace("\\", " "))


def load_ag_news(root: Path) -> Dataset | None:
    base = root / "labeled-text" / "ag_news"
    if not (base / "test.csv").is_file():
        return None
    names = [line.strip() for line in (base / "classes.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    docs: list[Doc] = []
    classes: list[str] = []
    with open(base / "test.csv", newline="", encoding="utf-8") as handle:
        for i, (label, title, description) in enumerate(csv.reader(handle)):
            docs.append(Doc(f"ag-{i}", _ag_clean(title), _ag_clean(description)))
            classes.append(names[int(label) - 1])
    return _by_class("ag_news", docs, classes, AG_NEWS)


def _by_class(name: str, docs: list[Doc], classes: list[str], contacts: Sequence[EvalContact]) -> Dataset:
    relevant = {c.key: {i for i, label in enumerate(classes) if label == c.label} for c in contacts}
    return Dataset(name, docs, list(contacts), relevant)


def _category_terms(categories: Sequence[str]) -> set[str]:
    return {html.unescape(c).strip().lower() for c in categories if c and c.strip()}


def load_real_feeds(root: Path) -> Dataset | None:
    from giga._feeds.parse import parse_feed
    from giga.errors import ParseError

    base = root / "real-feeds"
    if not (base / "manifest.csv").is_file():
        return None
    with open(base / "manifest.csv", newline="", encoding="utf-8") as handle:
        paths = [row["path"] for row in csv.DictReader(handle)]
    merged: dict[tuple[str, str], tuple[Doc, set[str]]] = {}
    entries = failed = 0
    for path in paths:
        try:
            feed = parse_feed((base / path).read_bytes(), f"https://corpus.example/{path}")
        except ParseError:
            failed += 1
            continue
        for n, entry in enumerate(feed.entries):
            entries += 1
            body = entry.content or entry.summary or ""
            if not (entry.title.strip() or body.strip()):
                continue
            key = (" ".join(entry.title.split()).lower(), " ".join(body.split()).lower())
            terms = _category_terms(entry.categories)
            if key in merged:
                merged[key][1].update(terms)
            else:
                # categories stay hidden from every ranker: Doc.categories=()
                merged[key] = (Doc(f"{path}#{n}", entry.title, body), terms)
    docs = [doc for doc, _ in merged.values()]
    terms_per_doc = [terms for _, terms in merged.values()]
    contacts: list[EvalContact] = []
    relevant: dict[str, set[int]] = {}
    skipped: list[str] = []
    for contact in REAL_FEEDS:
        labels = REAL_FEED_TOPICS[contact.label][0]
        hits = {i for i, terms in enumerate(terms_per_doc) if terms & labels}
        if len(hits) < MIN_RELEVANT:
            skipped.append(f"{contact.label} ({len(hits)})")
            continue
        contacts.append(contact)
        relevant[contact.key] = hits
    notes = [
        f"{len(paths)} files ({failed} not feeds), {entries} entries, {len(docs)} after merging exact duplicates, "
        f"{sum(1 for t in terms_per_doc if t)} with categories",
    ]
    if skipped:
        notes.append(f"topics skipped (< {MIN_RELEVANT} relevant): {', '.join(skipped)}")
    judged = {i for i, terms in enumerate(terms_per_doc) if terms}
    return Dataset("real_feeds", docs, contacts, relevant, notes, judged)


LOADERS: dict[str, Callable[[Path], Dataset | None]] = {
    "bbc": load_bbc,
    "ag_news": load_ag_news,
    "real_feeds": load_real_feeds,
}


# -- rankers: (docs, contacts) -> {contact key: doc indices, best first, DEPTH deep} --------
Ranking = dict[str, list[int]]
DEPTH = 100  # deep enough that the judged-only P@10 on real_feeds finds 10 judged docs


def _text(doc: Doc) -> str:
    return f"{doc.title}\n{doc.body}"


def _top(scores: np.ndarray, depth: int = DEPTH) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    order = positive[np.argsort(-scores[positive], kind="stable")]
    return order[:depth].tolist()


def rank_giga(docs: Sequence[Doc], contacts: Sequence[EvalContact], matcher: Matcher) -> Ranking:
    matcher.fit(docs, None)
    index = {doc.id: i for i, doc in enumerate(docs)}
    profiles = [Profile(c.key, c.tags) for c in contacts]
    results = matcher.recommend(profiles, k=DEPTH).matches
    return {key: [index[m.doc] for m in matches] for key, matches in results.items()}


def giga_matcher(*, diversity_on: bool = False, **params) -> Matcher:
    settings = dict(category_weight=0, half_life_days=None, max_contacts_per_article=NO_CAP)
    if not diversity_on:
        settings.update(diversity=OFF, near_duplicate=OFF)
    settings.update(params)
    return Matcher(**settings)


def rank_tfidf_query(docs: Sequence[Doc], contacts: Sequence[EvalContact]) -> Ranking:
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform([_text(d) for d in docs])
    queries = vectorizer.transform([" ".join(c.tags) for c in contacts])
    scores = (queries @ matrix.T).toarray()  # rows are L2-normalized: this is the cosine
    return {c.key: _top(scores[i]) for i, c in enumerate(contacts)}


_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.lower()) if t not in ENGLISH_STOP_WORDS]


def rank_bm25(docs: Sequence[Doc], contacts: Sequence[EvalContact]) -> Ranking:
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([_tokens(_text(d)) for d in docs])
    return {c.key: _top(np.asarray(bm25.get_scores(_tokens(" ".join(c.tags))))) for c in contacts}


# -- candidate settings (measured with --sweep) --------------------------------------------
# Public constructor parameters only. Algorithm prototypes (pivoted length normalization,
# per-tag pseudo feedback, joined tags, bigram weights, vectorizer variants, feed
# smoothing, tag coverage) subclassed the Matcher's private methods; they were measured,
# rejected, and live in git history with their figures.
SWEEP: list[tuple[str, Callable[[], Matcher]]] = [
    ("defaults (pseudo 5 x 0.4, title 2)", lambda: giga_matcher()),
    ("pseudo_feedback=0", lambda: giga_matcher(pseudo_feedback=0)),
    ("pseudo_feedback=10", lambda: giga_matcher(pseudo_feedback=10)),
    ("pseudo_feedback=20", lambda: giga_matcher(pseudo_feedback=20)),
    ("pseudo_weight=0.8", lambda: giga_matcher(pseudo_weight=0.8)),
    ("pseudo_terms=20", lambda: giga_matcher(pseudo_terms=20)),
    ("pseudo_terms=30", lambda: giga_matcher(pseudo_terms=30)),
    ("pseudo_terms=60", lambda: giga_matcher(pseudo_terms=60)),
    ("pseudo_terms=100", lambda: giga_matcher(pseudo_terms=100)),
    ("title_weight=0", lambda: giga_matcher(title_weight=0)),
    ("title_weight=4", lambda: giga_matcher(title_weight=4)),
    ("expansion terms in >= 2 feedback docs", lambda: giga_matcher(pseudo_support=2)),
    ("expansion terms in >= 3 feedback docs", lambda: giga_matcher(pseudo_support=3)),
]


# -- measuring -----------------------------------------------------------------------------
@dataclass
class Result:
    ranker: str
    per_contact: dict[str, float]  # P@10
    judged_only: dict[str, float]  # P@10 of the ranking with unjudged docs removed
    seconds: float

    @property
    def mean(self) -> float:
        return statistics.fmean(self.per_contact.values())

    @property
    def minimum(self) -> float:
        return min(self.per_contact.values())

    @property
    def judged_mean(self) -> float:
        return statistics.fmean(self.judged_only.values())


def precision(ranking: Ranking, dataset: Dataset, judged_only: bool = False) -> dict[str, float]:
    """P@10 per contact. ``judged_only``: condensed lists (Sakai, SIGIR 2007) - documents
    without any relevance judgement are dropped from the ranking before the cut, so an
    entry whose feed has no categories is neither a hit nor a miss."""
    out = {}
    for c in dataset.contacts:
        ranked = ranking.get(c.key, [])
        if judged_only and dataset.judged is not None:
            ranked = [i for i in ranked if i in dataset.judged]
        out[c.key] = sum(1 for i in ranked[:K] if i in dataset.relevant[c.key]) / K
    return out


def measure(name: str, dataset: Dataset, run: Callable[[], Ranking]) -> Result:
    start = time.perf_counter()
    ranking = run()
    seconds = time.perf_counter() - start
    return Result(name, precision(ranking, dataset), precision(ranking, dataset, True), seconds)


def evaluate(dataset: Dataset) -> list[Result]:
    docs, contacts = dataset.docs, dataset.contacts
    return [
        measure("giga", dataset, lambda: rank_giga(docs, contacts, giga_matcher())),
        measure("giga (diversity on)", dataset, lambda: rank_giga(docs, contacts, giga_matcher(diversity_on=True))),
        measure("tfidf-query", dataset, lambda: rank_tfidf_query(docs, contacts)),
        measure("bm25", dataset, lambda: rank_bm25(docs, contacts)),
    ]


def paired(a: dict[str, float], b: dict[str, float], rounds: int = 2000) -> str:
    """Per-contact wins/ties/losses of a over b and a paired bootstrap 95% interval of
    the margin in points (contacts resampled; seeded, so runs agree)."""
    diff = np.array([a[key] - b[key] for key in a])
    rng = np.random.default_rng(0)
    means = diff[rng.integers(0, len(diff), size=(rounds, len(diff)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5]) * 100
    wins, losses = int((diff > 0).sum()), int((diff < 0).sum())
    return f"{wins}/{len(diff) - wins - losses}/{losses}  [{low:+.1f}, {high:+.1f}]"


def _margin(mean: float, base: float) -> str:
    relative = f"{100 * (mean / base - 1):+.0f}%" if base else "n/a"
    return f"{100 * (mean - base):+6.1f} pts {relative:>6}"


def print_table(dataset: Dataset, results: list[Result]) -> None:
    bm25 = next(r for r in results if r.ranker == "bm25")
    judged = dataset.judged is not None
    print(f"\n{dataset.name}: {len(dataset.docs)} docs, {len(dataset.contacts)} contacts")
    for note in dataset.notes:
        print(f"  {note}")
    extra = f" {'judged':>7} {'vs bm25':<16} {'w/t/l, 95% CI':<24}" if judged else ""
    print(f"  {'ranker':<20} {'P@10':>6} {'min':>5}  {'vs bm25':<16} {'w/t/l, 95% CI vs bm25':<24}{extra} {'seconds':>8}")
    for r in results:
        margin = _margin(r.mean, bm25.mean) if r is not bm25 else ""
        stats = paired(r.per_contact, bm25.per_contact) if r is not bm25 else ""
        if judged:
            jm = _margin(r.judged_mean, bm25.judged_mean) if r is not bm25 else ""
            js = paired(r.judged_only, bm25.judged_only) if r is not bm25 else ""
            extra = f" {r.judged_mean:7.3f} {jm:<16} {js:<24}"
        print(f"  {r.ranker:<20} {r.mean:6.3f} {r.minimum:5.2f}  {margin:<16} {stats:<24}{extra} {r.seconds:8.2f}")
    if judged:
        print("  judged = P@10 counting only entries that carry categories (unjudged entries skipped)")


def print_per_contact(dataset: Dataset, results: list[Result]) -> None:
    print(f"\n{dataset.name}: P@10 per contact (relevant docs in the pool)")
    header = "".join(f"{r.ranker[:11]:>12}" for r in results)
    print(f"  {'contact':<26}{'relevant':>9}{header}   tags")
    for c in dataset.contacts:
        cells = "".join(f"{r.per_contact[c.key]:12.1f}" for r in results)
        print(f"  {c.key:<26}{len(dataset.relevant[c.key]):>9}{cells}   {', '.join(c.tags)}")


def sweep(dataset: Dataset, bm25: Result, only: str | None = None) -> None:
    judged = dataset.judged is not None
    print(f"\n{dataset.name}: candidate Matcher changes (giga with filters off; bm25 = {bm25.mean:.3f})")
    extra = f" {'judged':>7} {'vs bm25':<16}" if judged else ""
    print(f"  {'variant':<40} {'P@10':>6} {'min':>5}  {'vs bm25':<16} {'w/t/l, 95% CI vs bm25':<24}{extra} {'seconds':>8}")
    for label, make in SWEEP:
        if only and not any(part.strip() in label for part in only.split(",")):
            continue
        r = measure(label, dataset, lambda: rank_giga(dataset.docs, dataset.contacts, make()))
        if judged:
            extra = f" {r.judged_mean:7.3f} {_margin(r.judged_mean, bm25.judged_mean):<16}"
        stats = paired(r.per_contact, bm25.per_contact)
        print(f"  {label:<40} {r.mean:6.3f} {r.minimum:5.2f}  {_margin(r.mean, bm25.mean):<16} {stats:<24}{extra} {r.seconds:8.2f}")


def datasets(parser: argparse.ArgumentParser, corpus: Path, only: str) -> Iterator[Dataset] | None:
    """The datasets ``--only`` names, each loaded in turn (a missing one is said and
    passed over); None, after saying so, when rank-bm25 (the baseline) is not installed.
    Shared by this script and eval_cold_start.py."""
    try:
        import rank_bm25  # noqa: F401
    except ImportError:
        print("rank-bm25 is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return None
    names = [n.strip() for n in only.split(",") if n.strip()]
    for name in names:
        if name not in LOADERS:
            parser.error(f"unknown dataset {name!r}")

    def each() -> Iterator[Dataset]:
        for name in names:
            start = time.perf_counter()
            dataset = LOADERS[name](corpus)
            if dataset is None:
                print(f"\n{name}: skipped - its files are not under {corpus}")
                continue
            dataset.notes.append(f"loaded in {time.perf_counter() - start:.1f} s")
            yield dataset

    return each()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared/corpus folder")
    parser.add_argument("--only", default=",".join(LOADERS), help="comma-separated: " + ", ".join(LOADERS))
    parser.add_argument("--sweep", action="store_true", help="also measure candidate Matcher changes (slow)")
    parser.add_argument("--variants", help="with --sweep: only variants whose label contains one of these (comma-separated)")
    parser.add_argument("--per-contact", action="store_true", help="print every contact's P@10")
    args = parser.parse_args(argv)
    loaded = datasets(parser, args.corpus, args.only)
    if loaded is None:
        return 2
    wall = time.perf_counter()
    for dataset in loaded:
        results = evaluate(dataset)
        print_table(dataset, results)
        if args.per_contact:
            print_per_contact(dataset, results)
        if args.sweep:
            sweep(dataset, next(r for r in results if r.ranker == "bm25"), args.variants)
    print(f"\ntotal {time.perf_counter() - wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

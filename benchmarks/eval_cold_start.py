"""Cold start: suggestions for contacts known only by a LinkedIn position and company.

    python benchmarks/eval_cold_start.py [--corpus DIR] [--only bbc,ag_news,real_feeds]
                                         [--scores] [--per-contact] [--sweep]

The contacts (``cold_start_contacts.py``) have no tags, no notes and no feed: what a user
has right after importing their LinkedIn connections. Same pools, relevance and P@10 as
``eval_recommender.py`` (its loaders; a contact is relevant to what its class or topic is
relevant to), in one run:

- bm25 position+company: ``rank_bm25.BM25Okapi`` queried with the position and company
  words (``eval_recommender.rank_bm25``'s tokens);
- bm25 position: the same, position words only;
- giga, raw position: ``Matcher`` (eval settings) with the position as the only tag;
- giga cold start: the profile giga builds for a contact without tags
  (``giga._recommend.cold_start``: the role's subject words, the company weaker), with
  its minimum score: a contact may get fewer than 10, and the gaps count as misses.
  "shown" is the precision of what it did suggest, "contacts" how many got anything.

Figures per half: "tune" (what the cold-start rules were tuned on, with all of AG News)
and "report" (held out). ``--scores`` prints, on the tune half, the precision of giga's
top-10 picks by score band without a minimum (what ``MIN_SCORE`` was chosen from).
``--sweep`` measures candidate weights on the tune half. About 30 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

import cold_start_contacts as titles
from eval_recommender import (
    DEFAULT_CORPUS,
    DEPTH,
    LOADERS,
    Dataset,
    K,
    _text,
    _tokens,
    _top,
    datasets,
    giga_matcher,
    paired,
)

from giga._recommend.cold_start import ColdStart
from giga._recommend.match import Doc, Profile

COLD = {"bbc": titles.BBC, "ag_news": titles.AG_NEWS, "real_feeds": titles.REAL_FEEDS}
Ranking = dict[str, list[int]]
Scored = dict[str, list[tuple[int, float]]]


def cold_dataset(dataset: Dataset) -> tuple[Dataset, list[titles.ColdContact]]:
    """The dataset with the cold contacts in place of the tagged ones: a cold contact's
    relevant documents are those of the tagged contact of its class or topic."""
    by_label = {c.label: dataset.relevant[c.key] for c in dataset.contacts}
    cold = [c for c in COLD[dataset.name] if c.label in by_label]
    relevant = {c.key: by_label[c.label] for c in cold}
    return Dataset(dataset.name, dataset.docs, cold, relevant, dataset.notes, dataset.judged), cold  # type: ignore[arg-type]


def rank_bm25_text(docs: Sequence[Doc], queries: dict[str, str]) -> Ranking:
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([_tokens(_text(d)) for d in docs])
    return {key: _top(np.asarray(bm25.get_scores(_tokens(text)))) for key, text in queries.items()}


def rank_giga_profiles(docs: Sequence[Doc], profiles: list[Profile]) -> Scored:
    matcher = giga_matcher()
    matcher.fit(docs, None)
    index = {doc.id: i for i, doc in enumerate(docs)}
    matches = matcher.recommend(profiles, k=DEPTH).matches
    return {key: [(index[m.doc], m.score) for m in found] for key, found in matches.items()}


def cold_profiles(contacts: Sequence[titles.ColdContact], cold: ColdStart) -> list[Profile]:
    return [Profile(c.key, (), inferred=cold.interests(c.position, c.company, None), min_score=cold.min_score)
            for c in contacts]


def p_at_10(ranking: Ranking, dataset: Dataset, keys: Sequence[str], judged_only: bool = False) -> float:
    values = []
    for key in keys:
        ranked = ranking.get(key, [])
        if judged_only and dataset.judged is not None:
            ranked = [i for i in ranked if i in dataset.judged]
        values.append(sum(1 for i in ranked[:K] if i in dataset.relevant[key]) / K)
    return statistics.fmean(values) if values else float("nan")


def shown(ranking: Ranking, dataset: Dataset, keys: Sequence[str]) -> tuple[float, int]:
    """Precision of what was suggested (top 10, however many) and how many got any."""
    picks = [(key, i) for key in keys for i in ranking.get(key, [])[:K]]
    hits = sum(1 for key, i in picks if i in dataset.relevant[key])
    return (hits / len(picks) if picks else float("nan")), sum(1 for key in keys if ranking.get(key))


def rankers(dataset: Dataset, cold: list[titles.ColdContact],
            settings: ColdStart) -> list[tuple[str, Callable[[], Ranking]]]:
    docs = dataset.docs

    def giga(profiles: list[Profile]) -> Callable[[], Ranking]:
        return lambda: {k: [i for i, _ in v] for k, v in rank_giga_profiles(docs, profiles).items()}

    return [
        ("bm25 position+company", lambda: rank_bm25_text(docs, {c.key: f"{c.position} {c.company}" for c in cold})),
        ("bm25 position", lambda: rank_bm25_text(docs, {c.key: c.position for c in cold})),
        ("giga, raw position", giga([Profile(c.key, (c.position,)) for c in cold])),
        ("giga cold start", giga(cold_profiles(cold, settings))),
    ]


def report(dataset: Dataset, cold: list[titles.ColdContact], settings: ColdStart,
           per_contact: bool = False, only: str | None = None) -> None:
    halves = {h: [c.key for c in cold if c.half == h] for h in ("tune", "report") if only in (None, h)}
    cold = [c for c in cold if c.half in halves]
    judged = dataset.judged is not None
    counts = ", ".join(f"{len(keys)} {half}" for half, keys in halves.items())
    print(f"\n{dataset.name}: {len(dataset.docs)} docs, {len(cold)} cold contacts ({counts})")
    head = "".join(f" {h + ' P@10':>12}" + (f" {'judged':>7}" if judged else "") for h in halves)
    print(f"  {'ranker':<24}{head} {'shown':>6} {'contacts':>8} {'seconds':>8}")
    results: dict[str, Ranking] = {}
    for name, run in rankers(dataset, cold, settings):
        start = time.perf_counter()
        ranking = results[name] = run()
        seconds = time.perf_counter() - start
        cells = ""
        for keys in halves.values():
            cells += f" {p_at_10(ranking, dataset, keys):12.3f}"
            if judged:
                cells += f" {p_at_10(ranking, dataset, keys, True):7.3f}"
        last = list(halves.values())[-1]
        precision, covered = shown(ranking, dataset, last)
        print(f"  {name:<24}{cells} {precision:6.3f} {covered:>4}/{len(last):<3} {seconds:8.2f}")
    ours, base = results["giga cold start"], results["bm25 position+company"]
    for half, keys in halves.items():
        a = {k: p_at_10(ours, dataset, [k]) for k in keys}
        b = {k: p_at_10(base, dataset, [k]) for k in keys}
        print(f"  {half}: giga cold start vs bm25 position+company, w/t/l and 95% CI: {paired(a, b)}")
    print(f"  shown and contacts: the {list(halves)[-1]} half")
    if per_contact:
        print("  per contact (judged where there is a judgement):", ", ".join(results))
        for c in cold:
            cells = "".join(f"{p_at_10(r, dataset, [c.key], judged):6.1f}" for r in results.values())
            interests = "; ".join(f"{i.text} ({i.weight:g})" for i in settings.interests(c.position, c.company, None))
            print(f"  {c.half:<6} {c.key:<24}{cells}   {c.position} | {c.company} -> {interests}")


def score_bands(dataset: Dataset, cold: list[titles.ColdContact], settings: ColdStart) -> None:
    """Precision of the top-10 picks by score, tune half, no minimum score."""
    tune = [c for c in cold if c.half == "tune"]
    open_settings = dataclasses.replace(settings, min_score=0.0)
    scored = rank_giga_profiles(dataset.docs, cold_profiles(tune, open_settings))
    picks = [(s, i in dataset.relevant[key]) for key, found in scored.items() for i, s in found[:K]]
    edges = [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3, 1.01]
    print(f"\n{dataset.name}: tune half, giga cold start top-10 picks by score (no minimum)")
    print(f"  {'score':<12} {'picks':>6} {'precision':>9}   {'at or above: picks':>19} {'precision':>9}")
    for low, high in zip(edges[:-1], edges[1:]):
        band = [hit for s, hit in picks if low <= s < high]
        above = [hit for s, hit in picks if s >= low]
        if band:
            print(f"  {low:.2f}-{high:.2f}   {len(band):6d} {np.mean(band):9.3f}   {len(above):19d} {np.mean(above):9.3f}")


SWEEP: list[tuple[str, ColdStart]] = [
    ("defaults", ColdStart()),
    ("no anchors", ColdStart(anchored=False)),
    ("min score 0.03", ColdStart(min_score=0.03)),
    ("min score 0.04", ColdStart(min_score=0.04)),
    ("min score 0.05", ColdStart(min_score=0.05)),
    ("min score 0.06", ColdStart(min_score=0.06)),
    ("occupation 0", ColdStart(occupation_weight=0)),
    ("occupation 0.15", ColdStart(occupation_weight=0.15)),
    ("occupation 0.3", ColdStart(occupation_weight=0.3)),
    ("occupation 0.6", ColdStart(occupation_weight=0.6)),
    ("occupation 1", ColdStart(occupation_weight=1)),
    ("role only", ColdStart(company_weight=0)),
    ("company 0.2", ColdStart(company_weight=0.2)),
    ("company 0.3", ColdStart(company_weight=0.3)),
    ("company 0.5", ColdStart(company_weight=0.5)),
    ("company 1.0", ColdStart(company_weight=1.0)),
]


def sweep(dataset: Dataset, cold: list[titles.ColdContact]) -> None:
    tune = [c for c in cold if c.half == "tune"]
    keys = [c.key for c in tune]
    judged = dataset.judged is not None
    print(f"\n{dataset.name}: candidate cold-start settings, tune half ({len(tune)} contacts)")
    for label, settings in SWEEP:
        ranking = {k: [i for i, _ in v] for k, v in rank_giga_profiles(dataset.docs, cold_profiles(tune, settings)).items()}
        extra = f" judged {p_at_10(ranking, dataset, keys, True):.3f}" if judged else ""
        precision, covered = shown(ranking, dataset, keys)
        print(f"  {label:<30} P@10 {p_at_10(ranking, dataset, keys):.3f}{extra}  shown {precision:.3f} "
              f"({sum(len(ranking.get(k, [])[:K]) for k in keys)} picks, {covered} contacts)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared/corpus folder")
    parser.add_argument("--only", default=",".join(LOADERS), help="comma-separated: " + ", ".join(LOADERS))
    parser.add_argument("--scores", action="store_true", help="precision by score band (tune half)")
    parser.add_argument("--per-contact", action="store_true", help="every contact's P@10 and interests")
    parser.add_argument("--sweep", action="store_true", help="candidate weights on the tune half")
    parser.add_argument("--half", choices=("tune", "report"), help="figures of one half only (default: both)")
    args = parser.parse_args(argv)
    loaded = datasets(parser, args.corpus, args.only)
    if loaded is None:
        return 2
    wall = time.perf_counter()
    settings = ColdStart()
    for dataset in loaded:
        dataset, cold = cold_dataset(dataset)
        report(dataset, cold, settings, args.per_contact, args.half)
        if args.scores:
            score_bands(dataset, cold, settings)
        if args.sweep:
            sweep(dataset, cold)
    print(f"\ntotal {time.perf_counter() - wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

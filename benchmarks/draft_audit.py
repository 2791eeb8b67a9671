"""Every draft giga can write over the real-feeds corpus, checked for what would make a
sender edit it or not send it.

    python benchmarks/draft_audit.py [--corpus DIR] [--db FILE] [--examples N] [--time]

The corpus's feed files are added to a fresh database as local files and fetched with
giga's own fetcher and parser (retention 0: every entry is kept). Then every article
gets every draft giga has a phrasing for: each share and each respond template, written
through the Composer for one of a few contacts with realistic first names and
interests. Each draft is checked for:

* abbreviation: the quoted takeaway ends inside an abbreviation ("5501 N.", "Jan.");
* split or glued: a word split ("I t's") or two glued ("workshopA", "year.Next");
* crumb: "(more…)", "Continue reading", "Read more", "The post X appeared first on Y";
* dateline or byline: "By Jane Doe", "LONDON (Reuters) -", "Nov. 3, 2024 -";
* no verb: the takeaway has no English verb or auxiliary (a label, a heading);
* cut: the takeaway is cut off ("…", "...", "[...]");
* first person as the sender's: the takeaway speaks as "I"/"we"/"you" but the draft
  does not quote it and say it is the author's;
* boilerplate: prices, vendor, SKU, "Type:", event times, phone numbers;
* question misfit: "Does that match what you are seeing?" after no finding to match.

The checks are written apart from giga's own rules (other patterns, other word lists),
so they test the drafts rather than repeat the code. Run it on two checkouts to compare
(``PYTHONPATH=<checkout> python benchmarks/draft_audit.py``): the database is built by
the checkout's own parser. ``--time`` also times the takeaway: once per article for
1,000 articles, and 3,000 drafts for them through a fresh Composer.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve()
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(HERE.parents[1]))

import giga  # noqa: E402
from giga._recommend.drafts import Composer, DraftInput, takeaway  # noqa: E402

DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus" / "real-feeds"
CONTACTS = [  # first name, interest (None: matched on what they write, "because")
    ("Ana", "heat pumps"), ("Bruno", "web performance"), ("Chloé", "game design"), ("Dev", "machine learning"),
    ("Emeka", "politics"), ("Fatima", "publishing"), ("Greta", "Ruby"), ("Hiro", None), ("Ines", "podcasts"),
    ("Jonas", "photography"), ("Kemi", "public health"), ("Leo", None),
]
BECAUSE = "given what you have been writing about"

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "ave", "rd", "blvd", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "vol", "fig", "inc", "ltd", "co", "corp", "jr", "sr", "gen",
    "gov", "sen", "rep", "rev", "lt", "col", "vs", "etc", "approx", "dept", "est", "e.g", "i.e", "u.s", "u.k",
    "a.m", "p.m",
}
LOWER_CASE_FORMS = {"etc", "e.g", "i.e", "a.m", "p.m", "vs", "approx"}  # abbreviations written in lower case
FIRST_PERSON = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "we", "we're", "we've", "we'll", "we'd",
                "us", "our", "ours", "you", "your", "you're", "yours", "let's"}
ATTRIBUTION = re.compile(r"\b(?:author|writer|writes|wrote|puts it|in (?:their|his|her) words|the piece|you wrote"
                         r"|your (?:post|line|words)|line stayed|stick with me|it says|one line)\b", re.IGNORECASE)
VERB_HINTS = {
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "should", "may", "might", "must", "get", "got", "make", "made", "take", "took", "said", "says", "go",
    "went", "come", "came", "see", "saw", "know", "knew", "think", "thought", "find", "found", "give", "gave",
    "use", "used", "want", "need", "show", "shows", "let", "keep", "put", "become", "became", "run", "ran",
    "start", "create", "announce", "like", "love", "try", "help", "work", "look", "read", "write", "wrote", "build",
    "introduce", "change", "caught", "won", "lost", "left", "met", "sat", "spent", "felt", "held", "led", "paid",
    "am", "speak", "talk", "hope", "happen", "hit", "taught", "allow", "live", "move", "bring", "stand", "plan",
    "bought",
}
CHECKS = {
    "abbreviation": "takeaway ends inside an abbreviation or an initial",
    "split or glued": "a word split (I t's) or two glued (workshopA)",
    "crumb": "crumb: (more...), Continue reading, Read more, appeared first on",
    "dateline or byline": "dateline or byline at the start",
    "no verb": "takeaway without a verb",
    "cut": "takeaway cut off with an ellipsis",
    "first person as sender's": "first/second person not quoted as the author's",
    "boilerplate": "price, vendor, SKU, Type:, event time, phone",
    "question misfit": "'Does that match...' after no finding",
}


def load(corpus: Path, db: Path) -> None:
    """The corpus's feeds fetched into ``db`` with giga's fetcher and parser."""
    paths = [str(corpus / row["path"]) for row in csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8"))]
    with giga.open(db) as g:
        g.set_setting("retention", 0)
        g.add_feeds(paths)
        summary = g.fetch()
    print(f"corpus: {len(paths)} files, {summary.updated} read, {summary.failed} failed, "
          f"{summary.new_articles} articles")


def problems(draft: str, quote: str, kind: str) -> list[str]:
    """The checks ``draft`` fails; ``quote`` is the takeaway it was given ('' for none)."""
    found = []
    shown = quote if quote and quote in draft else ""
    if shown:
        words = shown.split()
        last = re.sub(r"^[\"'“(]+", "", words[-1])
        stem = last[:-1].lower()
        if last.endswith(".") and ((stem in ABBREVIATIONS and (last[0].isupper() or stem in LOWER_CASE_FORMS))
                                   or re.fullmatch(r"[A-Z]\.", last)):
            found.append("abbreviation")  # "Lt.", "No.", "etc.", "N." (not "the answer was no.")
        if re.match(r"[\"“]?[B-HJ-Z]\s[a-z]", shown) or re.search(r"\bI\s[a-z]['’]", shown) or \
                re.search(r"[a-z]{2}[.!?][A-Z][a-z]|(?<![A-Za-z])[a-z]{3,}[A-Z]\b|(?<![A-Za-z])[a-z]{4,}[A-Z][a-z]{2,}",
                          shown):
            found.append("split or glued")
        if re.search(r"\(more|continue reading|read more|appeared first on|continue…|click here|\[…\]|\[\.\.\.\]",
                     shown, re.IGNORECASE):
            found.append("crumb")
        if re.match(r"(?:by\s+[A-Z]|posted by|written by)|[A-Z]{3,}[A-Z ,.]*(?:\([^)]*\))?\s*[-–—]\s"
                    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?\s*[-–—]", shown):
            found.append("dateline or byline")
        tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", shown)
        lower = [w.lower().replace("’", "'") for w in tokens]
        if not any(w in VERB_HINTS or w.endswith(("ed", "ing", "'s", "n't", "'d", "'re", "'ve", "'ll", "'m")) or (len(w) > 3 and w.endswith("s"))
                   for w in lower):
            found.append("no verb")
        if shown.endswith(("…", "...")) or "[...]" in shown or "[…]" in shown:
            found.append("cut")
        speaks = any(w.lower().replace("’", "'") in FIRST_PERSON and w not in ("US", "i") for w in tokens)
        if speaks and not _quoted_as_authors(draft, shown, kind):
            found.append("first person as sender's")
        if re.search(r"\b(?:price|vendor|sku|type)\s*:|[$€£]\s?\d+\.\d\d\b|\b\d{1,2}:\d\d\s*[ap]\.?m\.?\s*[-–—]"
                     r"|\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b", shown, re.IGNORECASE):
            found.append("boilerplate")
    if "Does that match what you are seeing?" in draft:
        tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", shown)
        speaks = any(w.lower().replace("’", "'") in FIRST_PERSON and w not in ("US", "i") for w in tokens)
        if not shown or speaks or shown.endswith(("?", "!")):
            found.append("question misfit")
    return found


def _quoted_as_authors(draft: str, quote: str, kind: str) -> bool:
    """The takeaway sits in quotes, on a line that says whose words they are (a respond
    draft quotes the contact's own post: quotes are enough)."""
    for line in draft.splitlines():
        if f"\"{quote}\"" in line or f"“{quote}”" in line:
            return kind == "respond" or bool(ATTRIBUTION.search(line))
    return False


def audit(db: Path, examples: int) -> None:
    with giga.open(db) as g:
        articles = [a for a in g.articles() if (a.content or a.summary)]
        composer = Composer(None)
        counts: Counter[str] = Counter()
        per_article: dict[str, set[str]] = defaultdict(set)
        shown: dict[str, list[str]] = defaultdict(list)
        drafts = without = articles_without = 0
        for n, article in enumerate(articles):
            text = article.content or article.summary
            quote = takeaway(text, article.title)
            articles_without += not quote
            for kind in ("share", "respond"):
                names = composer.variants(kind)
                for i, variant in enumerate(names):
                    name, interest = CONTACTS[(n + i) % len(CONTACTS)]
                    item = DraftInput(kind=kind, contact_key=f"c{n}-{i}", first_name=name, article_id=article.id,
                                      title=article.title, url=article.url, text=text, interest=interest,
                                      because="" if interest else BECAUSE, signature="Sam" if i % 2 else "")
                    draft = composer.compose(item, avoid=[v for v in names if v != variant])
                    drafts += 1
                    without += not (quote and quote in draft.body)
                    for check in problems(draft.body, quote, kind):
                        counts[check] += 1
                        per_article[check].add(article.id)
                        if len(shown[check]) < examples and quote not in shown[check]:
                            shown[check].append(quote or draft.body)
    print(f"{len(articles)} articles with text, {drafts} drafts "
          f"({len(composer.variants('share'))} share and {len(composer.variants('respond'))} respond phrasings each)\n")
    print(f"{'check':<28} {'drafts':>7} {'articles':>9}  what")
    for check, what in CHECKS.items():
        print(f"{check:<28} {counts[check]:>7} {len(per_article[check]):>9}  {what}")
    print(f"{'no takeaway':<28} {without:>7} {articles_without:>9}  drafts (articles) that quote no sentence")
    for check in CHECKS:
        if shown[check]:
            print(f"\n{check}:")
            for quote in shown[check]:
                print("   ", " ".join(quote.split())[:220])


def timing(db: Path) -> None:
    """The takeaway's cost: once per article for 1,000 articles, then 3,000 drafts for
    them through a fresh Composer. Best of 3 runs; CPU seconds first (the steadier
    figure on a shared machine), then wall-clock."""
    with giga.open(db) as g:
        articles = [a for a in g.articles() if (a.content or a.summary)][:1000]
    texts = [(a.content or a.summary, a.title) for a in articles]
    takeaway(*texts[0])  # the segmenter's first load is not the per-article cost

    def quotes() -> None:
        for text, title in texts:
            takeaway(text, title)

    def drafts() -> None:
        composer = Composer(None)
        for n, article in enumerate(articles):
            for k in range(3):
                name, interest = CONTACTS[(n + k) % len(CONTACTS)]
                composer.compose(DraftInput(kind="share", contact_key=f"{n}-{k}", first_name=name,
                                            article_id=article.id, title=article.title, url=article.url,
                                            text=texts[n][0], interest=interest))

    for label, run in ((f"takeaway for {len(texts)} articles", quotes),
                       (f"{3 * len(articles)} drafts for them through a fresh Composer", drafts)):
        cpu = wall = float("inf")
        for _ in range(3):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            run()
            cpu, wall = min(cpu, time.process_time() - start_cpu), min(wall, time.perf_counter() - start_wall)
        print(f"timing: {label}: {cpu:.3f} s CPU, {wall:.3f} s wall (best of 3)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the real-feeds folder")
    parser.add_argument("--db", type=Path, help="reuse (or keep) this database instead of a temporary one")
    parser.add_argument("--examples", type=int, default=3, help="takeaways shown per failed check")
    parser.add_argument("--time", action="store_true", help="also time the takeaway and the drafts")
    args = parser.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"the real-feeds corpus is not at {args.corpus}: nothing to audit")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "audit.db"
        if not db.exists():
            load(args.corpus, db)
        audit(db, args.examples)
        if args.time:
            timing(db)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ranking properties of the pure matcher, on small real-looking data."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from giga._recommend.match import Doc, Interest, Matcher, Profile

NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)


def doc(i: str, title: str, body: str, days: int = 1, cats: tuple[str, ...] = ()) -> Doc:
    return Doc(i, title, body, cats, NOW - timedelta(days=days))


FILLER = [
    doc("f1", "City council approves new bus lanes", "The council voted to add bus lanes downtown to cut commute times."),
    doc("f2", "Local bakery wins bread award", "A family bakery won the regional award for its rye bread and pastries."),
    doc("f3", "Football club signs young striker", "The club signed a striker from the youth academy on a three year deal."),
    doc("f4", "Museum opens modern art wing", "The museum's new wing shows modern art from local painters and sculptors."),
    doc("f5", "Rain expected all weekend", "Forecasters expect steady rain through Sunday with mild temperatures."),
    doc("f6", "School adds coding classes", "Pupils will learn programming basics in new weekly coding classes."),
]


def fitted(*docs: Doc, **settings) -> Matcher:
    return Matcher(**settings).fit([*FILLER, *docs], NOW)


def test_a_tag_in_the_title_outranks_a_passing_mention():
    title_hit = doc("t", "Heat pumps in cold climates", "Field data from three winters in northern towns show steady savings.")
    passing = doc("p", "Our week in review", "We covered budgets, a bridge, rail strikes and, briefly, heat pumps among many other topics.")
    m = fitted(title_hit, passing)
    result = m.recommend([Profile("ana", ("heat pumps",))], k=2).matches["ana"]
    assert [r.doc for r in result][:2] == ["t", "p"]
    assert result[0].score > result[1].score


def test_already_shared_never_returns_and_near_duplicates_collapse():
    story = doc("a", "Warmline raises 18 million for heat pump subscriptions",
                "Warmline raised a Series A to install heat pumps for a monthly fee in rented homes.")
    copy = doc("b", "Warmline raises $18M to rent out heat pumps",
               "Warmline raised a Series A to install heat pumps for a monthly fee in rented homes, investors said.")
    other = doc("c", "Heat pumps in cold climates", "Field data from three winters show heat pumps work in the cold.")
    m = fitted(story, copy, other)
    both = m.recommend([Profile("ana", ("heat pumps",))], k=3).matches["ana"]
    ids = [r.doc for r in both]
    assert not ({"a", "b"} <= set(ids))  # the same story twice is not a top-3
    shared = Profile("ana", ("heat pumps",), exclude=frozenset({"a"}), shared=(story,))
    after = [r.doc for r in m.recommend([shared], k=3).matches["ana"]]
    assert "a" not in after and "b" not in after  # nor its near-duplicate from another feed
    assert "c" in after


def test_blast_cap_limits_how_many_people_get_one_article():
    hit = doc("h", "Grid-scale battery storage explained", "Why four-hour battery storage became the default on the grid.")
    m = fitted(hit, max_contacts_per_article=2)
    profiles = [Profile(f"p{i}", ("battery storage",)) for i in range(5)]
    result = m.recommend(profiles, k=1).matches
    receivers = [key for key, matches in result.items() if any(x.doc == "h" for x in matches)]
    assert receivers == ["p0", "p1"]  # the first (most overdue) contacts get first pick


@pytest.mark.parametrize("backend", ["scipy", "numba"])
def test_a_contact_the_cap_leaves_empty_handed_gets_a_deeper_look(backend):
    """Twelve contacts with one interest, one article each, each article to one contact:
    the ninth contact's 8-deep pool is all taken by the first eight, and a second, deeper
    look finds it one of the other heat-pump articles instead of nothing."""
    places = ["Oslo", "Lyon", "Leeds", "Graz", "Turku", "Gdansk", "Porto", "Bergen", "Aarhus", "Utrecht",
              "Bilbao", "Tartu", "Malmo", "Kaunas"]
    articles = [doc(f"h{i}", f"Heat pumps in {place}", f"How {place} households run heat pumps through the winter.")
                for i, place in enumerate(places)]
    m = fitted(*articles, max_contacts_per_article=1, backend=backend)
    profiles = [Profile(f"p{i}", ("heat pumps",)) for i in range(12)]
    result = m.recommend(profiles, k=1).matches
    assert list(result) == [p.key for p in profiles]  # still in the order given
    picks = [matches[0].doc for matches in result.values() if matches]
    assert len(picks) == 12 and len(set(picks)) == 12  # everyone got one, nobody the same one
    assert set(picks) <= {a.id for a in articles}


def test_liked_feedback_pulls_the_profile():
    sourdough = doc("s", "A forgiving sourdough schedule", "Bake sourdough bread around a working day with a slow rise.")
    pastry = doc("q", "Laminated pastry at home", "Croissant dough needs cold butter and patience; a bakery guide.")
    m = fitted(sourdough, pastry)
    tags = ("bread", "bakery")
    base = m.recommend([Profile("bo", tags)], k=10).matches["bo"]
    note = Doc("elsewhere", "croissant butter pastry lamination")  # not in the window: vectorized
    liked = m.recommend([Profile("bo", tags, liked=(note,))], k=10).matches["bo"]
    score = lambda matches, i: next((x.score for x in matches if x.doc == i), 0.0)  # noqa: E731
    assert score(liked, "q") > score(base, "q")
    assert "q" not in [x.doc for x in base]  # one passing mention of 'bakery' is no match on the tags alone
    assert "q" in [x.doc for x in liked]  # what they liked is part of what they match


def test_why_names_the_matched_tag_and_unknown_tags_are_reported():
    hit = doc("h", "Trail running for beginners", "Start trail running slowly and walk the hills.", cats=("Running",))
    m = fitted(hit)
    profile = Profile("fi", ("trail running", "running", "sailing"))
    recommendation = m.recommend([profile], k=1)
    result = recommendation.matches["fi"]
    why = m.explain(profile, result[0].doc)
    assert any("'trail running'" in line and "'running'" in line and "title" in line for line in why)  # one sentence
    assert not any("files it under" in line for line in why)  # the title says it already
    assert recommendation.unknown_tags == {"fi": ["sailing"]}


def test_category_and_freshness_signals():
    old = doc("o", "Offshore wind supply chains", "Turbine parts are the bottleneck for offshore wind.", days=60)
    new = doc("n", "Offshore wind supply chains today", "Turbine parts are the bottleneck for offshore wind.", days=1)
    m = fitted(old, new, diversity=1.01)
    ranked = [r.doc for r in m.recommend([Profile("w", ("offshore wind",))], k=2).matches["w"]]
    assert ranked == ["n", "o"]  # fresher first when the text is as relevant
    tagged = doc("t", "Quarterly notes", "Assorted notes on turbines and ports.", cats=("offshore wind",))
    m2 = fitted(tagged)
    assert m2.recommend([Profile("w", ("offshore wind",))], k=1).matches["w"][0].doc == "t"


def test_who_would_like_is_the_other_direction():
    hit = doc("h", "Sourdough starters explained", "Keep a sourdough starter alive with regular feeding.")
    m = fitted(hit)
    people = [Profile("runner", ("marathon",)), Profile("baker", ("sourdough",)), Profile("x", ("jazz",))]
    assert [p.profile for p in m.who_would_like("h", people)] == ["baker"]


def test_not_for_them_demotes_articles_like_the_disliked_one():
    funding = doc("a", "Warmline raises 18 million for heat pump subscriptions",
                  "Warmline raised a Series A to install heat pumps for a monthly fee in rented homes.")
    funding_again = doc("b", "Coolhaus raises 9 million for heat pump leasing",
                        "Coolhaus raised a seed round to lease heat pumps for a monthly fee to landlords.")
    engineering = doc("c", "How heat pumps defrost in cold weather",
                      "Reversing the cycle melts frost on the outdoor coil; controls decide when it is worth the energy.")
    m = fitted(funding, funding_again, engineering, diversity=1.01)
    before = {r.doc: r.score for r in m.recommend([Profile("ana", ("heat pumps",))], k=3).matches["ana"]}
    disliked = Profile("ana", ("heat pumps",), exclude=frozenset({"a"}), disliked=(funding,))
    after = {r.doc: r.score for r in m.recommend([disliked], k=3).matches["ana"]}
    assert "a" not in after
    assert {"b", "c"} <= set(before)
    kept_b, kept_c = after.get("b", 0.0) / before["b"], after["c"] / before["c"]
    assert kept_b < 0.8 * kept_c  # the article like the disliked one lost clearly more
    assert list(after)[0] == "c"


def test_a_one_line_post_ranks_below_a_real_article_on_the_same_interest():
    link_post = doc("l", "Heat pumps", "Worth a read.")
    article = doc("r", "What a winter with a heat pump costs",
                  " ".join(["We logged every kilowatt hour of a heat pump through a cold winter in a brick house,"
                            " compared the bill with the old gas boiler, and list what we changed."] * 3))
    plain = fitted(link_post, article, short_entry_words=0)
    assert [r.doc for r in plain.recommend([Profile("ana", ("heat pumps",))], k=2).matches["ana"]][0] == "l"
    damped = fitted(link_post, article)
    assert [r.doc for r in damped.recommend([Profile("ana", ("heat pumps",))], k=2).matches["ana"]][0] == "r"


SENTENCES = [
    "Heat pumps kept homes warm through a cold winter in northern towns.",
    "The council voted to add bus lanes downtown to cut commute times.",
    "Battery storage on the grid grew faster than any other source this year.",
    "A family bakery won the regional award for its rye bread and pastries.",
    "The club signed a striker from the youth academy on a three year deal.",
    "Offshore wind farms wait on turbine parts from a handful of ports.",
    "Investors said the startup raised a Series A to rent out heat pumps.",
    "Sourdough starters need regular feeding and a warm kitchen.",
    "The museum's new wing shows modern art from local painters.",
    "Forecasters expect steady rain through Sunday with mild temperatures.",
    "Pupils will learn programming basics in new weekly coding classes.",
    "Trail running races sold out within hours of opening.",
    "Rail strikes disrupted freight and commuter lines across the region.",
    "The central bank held interest rates as inflation cooled.",
    "Solar panels on school roofs now cover most of their power use.",
    "A new marathon route passes the harbour and the old town.",
]


def _realish(n_docs: int, n_profiles: int, seed: int = 3) -> tuple[list[Doc], list[Profile]]:
    """Articles stitched from real-looking sentences (some near-copies of each other) and
    contacts with every kind of profile input (articles of the window and from outside
    it), from a fixed seed."""
    import random

    rng = random.Random(seed)
    cats = ("energy", "sport", "food", "city", "")
    docs = []
    for i in range(n_docs):
        body = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        title = rng.choice(SENTENCES).rstrip(".")
        docs.append(doc(f"d{i}", title, body, days=rng.randint(0, 40), cats=(rng.choice(cats),)))
    words = ["heat pumps", "bread", "wind", "running", "rates", "art", "coding", "rail", "sport", "energy"]
    profiles = []
    for i in range(n_profiles):
        def article() -> Doc:
            if rng.random() < 0.5:
                return rng.choice(docs)
            return Doc(f"outside{rng.random()}", rng.choice(docs).title, rng.choice(docs).body)

        profiles.append(Profile(
            f"p{i}", tuple(rng.sample(words, rng.randint(1, 3))),
            own=(article(),) if i % 5 == 0 else (),
            liked=(article(),) if i % 4 == 0 else (),
            disliked=(article(),) if i % 7 == 0 else (),
            exclude=frozenset(rng.choice(docs).id for _ in range(3)) if i % 3 == 0 else frozenset(),
            shared=(article(),) if i % 6 == 0 else (),
        ))
    return docs, profiles


def _same_picks(a: dict, b: dict) -> None:
    """The same articles for everyone, in the same order, with scores equal up to float32
    rounding (the compiled expansion sums in another order)."""
    import math

    assert a.keys() == b.keys()
    for key in a:
        assert [m.doc for m in a[key]] == [m.doc for m in b[key]], key
        assert all(math.isclose(x.score, y.score, rel_tol=1e-5, abs_tol=2e-6) for x, y in zip(a[key], b[key]))


@pytest.mark.parametrize("support", [1, 3])
def test_compiled_kernels_match_the_scipy_path(support):
    """The two backends' pools (before "not for them" is applied) and picks."""
    import numpy as np

    docs, profiles = _realish(120, 60)
    results = {}
    for backend in ("scipy", "numba"):
        m = Matcher(block_size=16, pseudo_support=support, backend=backend).fit(docs, NOW)
        built = m._profiles(profiles)
        sizes = [4 * 8 + len(p.exclude) for p in profiles]
        scorer = m._backend(len(profiles))
        assert scorer.name == backend
        pools = scorer.candidates(m._scoring(), built.matrix, m._category_rows(profiles), built.shared, sizes, 4)
        results[backend] = (m.recommend(profiles, k=4).matches, pools)
    (scipy_picks, scipy_pools), (compiled_picks, compiled_pools) = results["scipy"], results["numba"]
    _same_picks(scipy_picks, compiled_picks)
    for a, b in zip(scipy_pools, compiled_pools):
        assert a.docs.tolist() == b.docs.tolist()
        assert np.allclose(a.scores, b.scores, rtol=1e-5, atol=2e-6)
    assert sum(len(v) for v in scipy_picks.values()) > 100
    assert any(c.near is not None for c in scipy_pools)
    assert sum(c.scores.tobytes() != d.scores.tobytes() for c, d in zip(scipy_pools, compiled_pools)) > 0  # two ways


def test_expansion_keeps_only_terms_enough_feedback_articles_share():
    """pseudo_support=3: every term the expansion adds occurs in at least 3 of the
    profile's feedback articles; with the filter off some added term does not."""
    import numpy as np

    from giga._recommend.match.backends import ScipyBackend, expand
    from giga._recommend.match.rows import _sorted_rows

    docs, profiles = _realish(120, 30)

    def unsupported(support: int) -> int:
        m = Matcher(pseudo_support=support).fit(docs, NOW)
        vectors = _sorted_rows(m._profiles(profiles).matrix)
        expanded = expand(m._scoring(), vectors, ScipyBackend())
        picks = ScipyBackend().top(vectors, m.XT_, [m.pseudo_feedback] * len(profiles))
        count = 0
        for i, (best, _) in enumerate(picks):
            added = set(expanded[i].indices) - set(vectors[i].indices)
            present = np.zeros(m.X_.shape[1], dtype=int)
            for d in best:
                present[m.X_[int(d)].indices] += 1
            count += sum(1 for t in added if present[t] < min(3, len(best)))
        return count

    assert unsupported(3) == 0
    assert unsupported(1) > 0


def test_compiled_top_rows_agree_with_scipy_on_sparse_and_dense_rows():
    """Rows reaching a few articles (listed as reached) and rows reaching many (read back
    in one pass): the same columns, order and float32 bits as the scipy product."""
    import numpy as np
    import scipy.sparse as sp

    from giga._recommend.match.backends import NumbaBackend, ScipyBackend, _load_kernels
    from giga._recommend.match.rows import _sorted_rows

    rng = np.random.default_rng(4)
    matrix = sp.random(300, 20_000, density=0.01, format="csr", dtype=np.float32, random_state=rng)
    matrix.data = np.round(matrix.data, 2)  # coarse values: ties at the cut happen
    vectors = _sorted_rows(sp.random(40, 300, density=0.02, format="csr", dtype=np.float32, random_state=rng)
                           + sp.random(40, 300, density=0.3, format="csr", dtype=np.float32, random_state=rng)
                           .multiply(np.arange(40)[:, None] % 2)).astype(np.float32)
    work = [np.diff(matrix.indptr)[vectors.indices[a:b]].sum() for a, b in zip(vectors.indptr, vectors.indptr[1:])]
    assert min(work) < 20_000 // 32 < max(work)  # both ways of reading back are used
    counts = [int(c) for c in rng.integers(1, 60, size=40)]
    scipy_best = ScipyBackend().top(vectors, matrix, counts)
    compiled_best = NumbaBackend(_load_kernels()).top(vectors, matrix, counts)
    for (a_cols, a_vals), (b_cols, b_vals) in zip(scipy_best, compiled_best):
        assert a_cols.tolist() == b_cols.tolist() and a_vals.tobytes() == b_vals.tobytes()
    assert sum(len(c) for c, _ in scipy_best) > 500


def test_compiled_selection_decides_as_the_python_walk():
    """Every rule of selection at work - the per-article cap, exclusions, near-duplicates
    of what was shared (window articles, taken from the fitted rows), diversity - and the
    compiled walk keeps exactly what the Python walk keeps."""
    import random

    docs, _ = _realish(120, 1)
    rng = random.Random(5)
    words = ["heat pumps", "bread", "wind", "running", "rates", "art", "coding", "rail", "sport", "energy"]
    profiles = [Profile(f"p{i}", tuple(rng.sample(words, 2)),
                        shared=tuple(rng.choice(docs) for _ in range(i % 3)),
                        exclude=frozenset(d.id for d in rng.sample(docs, 10)) if i % 2 else frozenset())
                for i in range(80)]
    picks, taken = {}, {}
    for backend in ("scipy", "numba"):
        m = Matcher(block_size=16, max_contacts_per_article=2, diversity=0.3, near_duplicate=0.3, backend=backend)
        picks[backend] = m.fit(docs, NOW).recommend(profiles, k=4).matches
        taken[backend] = Counter(match.doc for matches in picks[backend].values() for match in matches)
    _same_picks(picks["numba"], picks["scipy"])
    assert max(taken["scipy"].values()) == 2 and sum(1 for n in taken["scipy"].values() if n == 2) > 10  # the cap
    assert all(not ({match.doc for match in picks["scipy"][p.key]} & p.exclude) for p in profiles)
    assert all(not ({match.doc for match in picks["scipy"][p.key]} & {d.id for d in p.shared}) for p in profiles)


def test_a_pickled_matcher_recommends_the_same_in_another_process(tmp_path):
    """A fitted matcher pickled and loaded in a process with another hash seed (dict and
    set order differ there) gives the same recommendations, scores included."""
    import os
    import pickle
    import subprocess
    import sys

    docs, profiles = _realish(120, 40)
    matcher = Matcher(block_size=16).fit(docs, NOW)
    expected = matcher.recommend(profiles, k=4)
    path = tmp_path / "matcher.pkl"
    path.write_bytes(pickle.dumps((matcher, profiles)))
    probe = (
        "import pickle, sys\n"
        "matcher, profiles = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "sys.stdout.buffer.write(pickle.dumps(matcher.recommend(profiles, k=4)))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", probe, str(path)], env=env, capture_output=True, check=True)
    assert pickle.loads(out.stdout) == expected
    assert sum(len(v) for v in expected.matches.values()) > 100
    assert any(p.liked and p.liked[0].id in matcher.index_ for p in profiles)  # window articles in the profiles


def test_auto_backend_uses_the_kernels_only_for_big_blocks_and_bad_names_fail_at_fit():
    from giga._recommend.match.backends import _COMPILED_ABOVE, choose

    assert choose("auto", _COMPILED_ABOVE // 10, 9).name == "scipy"
    assert choose("auto", _COMPILED_ABOVE // 10, 10).name == "numba"
    assert choose("scipy", _COMPILED_ABOVE, 10).name == "scipy"
    assert choose("numba", 10, 1).name == "numba"
    with pytest.raises(ValueError, match="backend"):
        fitted(backend="fast")


# -- interests nobody typed (cold start) ---------------------------------------------------
RAILS = [
    doc("r1", "Rails 8 upgrade notes", "Upgrading a Rails monolith: ActiveRecord, Hotwire and the gems that broke."),
    doc("r2", "Background jobs in Rails", "Solid Queue runs Rails background jobs without Redis; ActiveRecord tips."),
    doc("s1", "Shopify reports record holiday sales", "Merchants on Shopify sold more than ever; the shares rose."),
]


def guessed(*interests: Interest, min_score: float = 0.0) -> Profile:
    return Profile("g", (), inferred=interests, min_score=min_score)


@pytest.mark.parametrize("backend", ["scipy", "numba"])
def test_an_inferred_interest_weighs_what_its_weight_says(backend):
    m = fitted(*RAILS, backend=backend)
    role = Interest("Rails", 1.0, "from their role: Rails Developer", "Rails", anchors=("Rails",))
    company = Interest("Shopify", 0.3, "from where they work: Shopify", anchors=("Shopify",))
    picks = [x.doc for x in m.recommend([guessed(role, company)], k=3).matches["g"]]
    assert picks[:2] in (["r1", "r2"], ["r2", "r1"]) and picks[2:] == ["s1"]
    heavy = Interest("Shopify", 3.0, "from where they work: Shopify", anchors=("Shopify",))
    assert m.recommend([guessed(role, heavy)], k=1).matches["g"][0].doc == "s1"
    why = m.explain(guessed(role, company), "r1")
    assert why[0].startswith("from their role: Rails Developer") and "rails" in why[0]


@pytest.mark.parametrize("backend", ["scipy", "numba"])
def test_anchors_and_a_minimum_score_keep_weak_guesses_out(backend):
    """Pseudo feedback pulls articles that share no word with the guesses (here the
    bakery story, through "award"): an anchored profile never gets them; a minimum score
    leaves out what matches too weakly."""
    award = doc("a", "Rails project wins open source award", "The Rails core team accepted an award.")
    m = fitted(*RAILS, award, backend=backend)
    loose = Interest("Rails", 1.0, "role")
    assert "f2" in [x.doc for x in m.recommend([guessed(loose)], k=8).matches["g"]]
    anchored = Interest("Rails", 1.0, "role", anchors=("Rails",))
    picks = m.recommend([guessed(anchored)], k=8).matches["g"]
    assert {x.doc for x in picks} == {"r1", "r2", "a"}
    cut = sorted(x.score for x in picks)[1]
    kept = m.recommend([guessed(anchored, min_score=cut)], k=8).matches["g"]
    assert len(kept) == 2 and all(x.score >= cut for x in kept)
    assert [p.profile for p in m.who_would_like("f2", [guessed(loose), guessed(anchored)])] == ["g"]
    assert m.who_would_like("f2", [guessed(anchored)]) == []


def test_an_anchor_of_several_words_needs_them_all():
    """A "Middle East Analyst" gets no article that only says "middle"."""
    east = doc("e", "Middle East talks resume in Cairo", "Diplomats from the Middle East met again this week.")
    middle = doc("m", "Middle-distance running for beginners", "The middle distances reward patient pacing.")
    m = fitted(east, middle)
    region = Interest("Middle East", 1.0, "from their role: Middle East Analyst", "Middle East", ("Middle East",))
    assert [x.doc for x in m.recommend([guessed(region)], k=3).matches["g"]] == ["e"]

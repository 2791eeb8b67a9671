"""Reasons that are true and read like a person wrote them: an interest is "in the title"
only when all its words are, otherwise the words found are named; all the interests a
pick meets make one sentence, phrased one of a few ways per contact and article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from giga._recommend.match import Doc, Interest, Matcher, Profile

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FILLER = [Doc(f"f{n}", title, body, published=NOW - timedelta(days=1)) for n, (title, body) in enumerate([
    ("City council approves new bus lanes", "The council voted to add bus lanes downtown to cut commute times."),
    ("Local bakery wins bread award", "A family bakery won the regional award for its rye bread and pastries."),
    ("Football club signs young striker", "The club signed a striker from the youth academy on a three year deal."),
    ("Museum opens modern art wing", "The museum's new wing shows modern art from local painters and sculptors."),
])]


def why(profile: Profile, *docs: Doc) -> tuple[str, ...]:
    m = Matcher().fit([*FILLER, *docs], NOW)
    return m.explain(profile, docs[0].id)


def test_the_title_is_said_to_be_about_an_interest_only_when_it_has_all_its_words() -> None:
    whole = Doc("w", "Web performance budgets", "Budgets for page weight and web performance checks.", published=NOW)
    apart = Doc("a", "Performance tuning for Rails apps", "Profile the slow queries; the web tier was fine, "
                "and performance came from caching.", published=NOW)
    assert "its title is about" in " ".join(why(Profile("k", ("web performance",)), whole))
    reasons = " ".join(why(Profile("k", ("web performance",)), apart))
    assert "title" not in reasons and "web performance" in reasons  # all its words are in the article


def test_an_interest_met_in_part_names_only_the_words_found() -> None:
    post = Doc("p", "Arts performance schedule", "Dancers and a string quartet perform all summer.", published=NOW)
    own = (Doc("mine", "My stage notes", "Performance nights, dancers, rehearsals and the summer schedule."),)
    reasons = " ".join(why(Profile("k", ("web performance",), own=own), post))
    assert "it mentions performance" in reasons
    assert not any(claim in reasons for claim in ("is about", "talks about", "goes into", "covers"))


def test_several_interests_make_one_sentence() -> None:
    post = Doc("d", "Deploying Rails with Capistrano", "Capistrano deploys the Rails app; deployment takes a minute.",
               published=NOW, categories=("Climate Tech", "Startups"))
    reasons = why(Profile("k", ("rails", "capistrano", "climate tech", "startups")), post)
    about = [r for r in reasons if "'rails'" in r]
    assert len(about) == 1 and all(f"'{t}'" in about[0] for t in ("capistrano", "climate tech", "startups"))
    assert about[0].count("its feed files it under") == 1  # not one clause per tag


def test_reasons_are_phrased_a_few_ways_and_the_same_way_every_time() -> None:
    post = Doc("h", "Heat pumps in cold climates", "Heat pumps kept the houses warm all winter.", published=NOW)
    m = Matcher().fit([*FILLER, post], NOW)
    phrasings = {m.explain(Profile(f"contact-{n}", ("heat pumps",)), "h")[0] for n in range(12)}
    assert len(phrasings) >= 3
    assert all("'heat pumps'" in p or "it" in p for p in phrasings)
    assert m.explain(Profile("contact-1", ("heat pumps",)), "h") == m.explain(Profile("contact-1", ("heat pumps",)), "h")


def test_a_guessed_interest_says_whether_the_title_has_it() -> None:
    post = Doc("r", "Upgrading to Rails 8", "The upgrade went smoothly for the whole team.", published=NOW)
    role = Interest("Rails", 1.0, "from their role: Rails Developer", "Rails", ("Rails",))
    assert why(Profile("k", (), inferred=(role,)), post)[0] == "from their role: Rails Developer (its title says rails)"
    body = Doc("b", "Upgrade notes", "We moved the app to Rails 8 last week.", published=NOW)
    assert why(Profile("k", (), inferred=(role,)), body)[0] == "from their role: Rails Developer (it mentions rails)"

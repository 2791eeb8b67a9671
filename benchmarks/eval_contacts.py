"""Contacts for ``eval_recommender.py``: interest tags in the words a person would use.

Written once from the class or topic *name* - before any ranker was run on the data -
and then left alone: tuning tags to the labels after seeing per-document results would
measure the tuning, not the ranker. Each contact's tags are what a friend who follows the
topic might tell you ("football, premier league, tennis"), not the dataset's label alone.

Relevance:
- BBC News and AG News: a document is relevant to a contact when its class is the
  contact's class.
- real-feeds: a feed entry is relevant to a topic when one of its own categories
  (lower-cased, HTML-unescaped, stripped) is in the topic's label set. The label sets
  are fixed here up front: the topic term plus the few spellings publishers use for the
  same thing ("film"/"movies", "ios"/"iphone"). The matcher never sees categories.

Topic choice for real-feeds: the most common terms of ``category_counts.csv`` that name a
subject a person could be interested in and that at least ~5 feeds use. Left out:
"uncategorized", "general", "news", "blog", "featured", "misc", "life", "work", "tips",
"events", "community", "personal" (not subjects); "web", "internet", "video", "videos",
"youtube", "podcast" (a medium, not a topic); "rspec", "merb", "railsconf", "jruby",
"tahiti", "tc" (one community's or one blog's tags).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvalContact:
    key: str
    label: str  # the class (BBC, AG News) or topic (real-feeds) the contact stands for
    tags: tuple[str, ...]


# -- BBC News (business, entertainment, politics, sport, tech): two wordings per class --
BBC = (
    EvalContact("bbc-business-1", "business", ("stock markets", "economy", "company earnings")),
    EvalContact("bbc-business-2", "business", ("banking", "interest rates", "mergers and acquisitions")),
    EvalContact("bbc-entertainment-1", "entertainment", ("movies", "music charts", "celebrities")),
    EvalContact("bbc-entertainment-2", "entertainment", ("film awards", "tv shows", "pop music")),
    EvalContact("bbc-politics-1", "politics", ("elections", "parliament", "government policy")),
    EvalContact("bbc-politics-2", "politics", ("labour party", "tories", "prime minister")),
    EvalContact("bbc-sport-1", "sport", ("football", "premier league", "tennis")),
    EvalContact("bbc-sport-2", "sport", ("rugby", "cricket", "athletics")),
    EvalContact("bbc-tech-1", "tech", ("gadgets", "mobile phones", "software")),
    EvalContact("bbc-tech-2", "tech", ("internet", "video games", "computer security")),
)

# -- AG News test split (1 World, 2 Sports, 3 Business, 4 Sci/Tech) ---------------------
AG_NEWS = (
    EvalContact("ag-world-1", "World", ("international news", "middle east", "diplomacy")),
    EvalContact("ag-world-2", "World", ("iraq war", "united nations", "foreign elections")),
    EvalContact("ag-sports-1", "Sports", ("baseball", "football", "olympics")),
    EvalContact("ag-sports-2", "Sports", ("nba basketball", "golf", "soccer")),
    EvalContact("ag-business-1", "Business", ("stock market", "oil prices", "earnings")),
    EvalContact("ag-business-2", "Business", ("economy", "mergers", "wall street")),
    EvalContact("ag-scitech-1", "Sci/Tech", ("software", "internet", "space exploration")),
    EvalContact("ag-scitech-2", "Sci/Tech", ("microsoft", "computers", "science research")),
)

# -- real-feeds: one contact per topic ----------------------------------------------------
# topic -> (label set: category terms that count as this topic, the contact's tags)
REAL_FEED_TOPICS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "ruby": (frozenset({"ruby"}), ("ruby", "ruby gems", "metaprogramming")),
    "rails": (frozenset({"rails", "ruby on rails", "rubyonrails"}), ("ruby on rails", "web development")),
    "javascript": (frozenset({"javascript", "js"}), ("javascript", "node.js", "front-end development")),
    "music": (frozenset({"music"}), ("music", "new albums", "concerts")),
    "twitter": (frozenset({"twitter"}), ("twitter", "tweets")),
    "facebook": (frozenset({"facebook"}), ("facebook", "social networks")),
    "design": (frozenset({"design", "web design"}), ("design", "typography", "user interfaces")),
    "business": (frozenset({"business"}), ("business", "management", "economy")),
    "programming": (
        frozenset({"programming", "software development"}),
        ("programming", "software engineering", "coding"),
    ),
    "technology": (frozenset({"technology", "tech"}), ("technology", "gadgets", "tech industry")),
    "iphone": (frozenset({"iphone", "ios"}), ("iphone", "ios apps")),
    "apple": (frozenset({"apple", "mac"}), ("apple", "macbook", "os x")),
    "politics": (frozenset({"politics"}), ("politics", "elections", "government")),
    "games": (frozenset({"gaming", "games", "game", "video games"}), ("video games", "xbox", "playstation")),
    "testing": (frozenset({"testing", "tdd"}), ("software testing", "unit tests", "tdd")),
    "google": (frozenset({"google"}), ("google", "search engines")),
    "books": (frozenset({"books", "book"}), ("books", "novels", "reading")),
    "science": (frozenset({"science"}), ("science", "research", "physics")),
    "git": (frozenset({"git", "github"}), ("git", "version control", "github")),
    "social media": (
        frozenset({"social media", "social networking", "social networks"}),
        ("social media", "online communities"),
    ),
    "humor": (frozenset({"humor", "humour", "funny", "comedy"}), ("humor", "jokes", "comedy")),
    "android": (frozenset({"android"}), ("android", "smartphones")),
    "marketing": (frozenset({"marketing"}), ("marketing", "advertising", "branding")),
    "linux": (frozenset({"linux", "ubuntu"}), ("linux", "open source", "ubuntu")),
    "security": (frozenset({"security"}), ("computer security", "hacking", "privacy")),
    "movies": (frozenset({"movies", "movie", "film", "films"}), ("movies", "cinema", "hollywood")),
    "php": (frozenset({"php"}), ("php", "wordpress development")),
    "television": (frozenset({"television", "tv"}), ("tv shows", "television series")),
    "startups": (
        frozenset({"startups", "startup", "entrepreneurship"}),
        ("startups", "venture capital", "founders"),
    ),
    "photography": (frozenset({"photography", "photos"}), ("photography", "cameras")),
    "travel": (frozenset({"travel"}), ("travel", "vacations", "trips abroad")),
    "food": (frozenset({"food", "recipes", "cooking"}), ("food", "cooking", "recipes")),
    "education": (frozenset({"education"}), ("education", "schools", "teaching")),
    "java": (frozenset({"java"}), ("java", "jvm")),
}

REAL_FEEDS = tuple(
    EvalContact(f"feeds-{topic.replace(' ', '-')}", topic, tags)
    for topic, (_labels, tags) in REAL_FEED_TOPICS.items()
)

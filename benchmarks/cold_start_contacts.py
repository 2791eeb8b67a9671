"""Contacts for ``eval_cold_start.py``: nothing but a LinkedIn position and company.

What a user has right after importing their LinkedIn Connections.csv: no interest tags,
no notes, no feed; the export's Position and Company columns only. The titles are
written as people write them on LinkedIn (seniority, abbreviations, "&", company
suffixes and all), one field per contact, to stand for a class (BBC News, AG News) or a
topic (real-feeds, the same topics and label sets as ``eval_contacts.py``). They were
written once, before any ranker was run on them, and are not edited to suit a ranker.

Each class or topic has its titles split in two halves, fixed here up front: "tune"
(what the cold-start rules and thresholds may be tuned on, together with the whole of
AG News) and "report" (held out: the figures quoted in the README). A title's half is
the order it is listed in: first "tune", then "report", alternating.
"""

from __future__ import annotations

from dataclasses import dataclass

from eval_contacts import REAL_FEED_TOPICS


@dataclass(frozen=True)
class ColdContact:
    key: str
    label: str  # the class (BBC, AG News) or topic (real-feeds) the contact stands for
    position: str
    company: str
    half: str  # "tune" or "report"


def _contacts(prefix: str, titles: dict[str, list[tuple[str, str]]]) -> tuple[ColdContact, ...]:
    out = []
    for label, pairs in titles.items():
        slug = label.lower().replace("/", "").replace(" ", "-")
        for n, (position, company) in enumerate(pairs):
            out.append(ColdContact(f"{prefix}-{slug}-{n + 1}", label, position, company,
                                   "tune" if n % 2 == 0 else "report"))
    return tuple(out)


BBC_TITLES: dict[str, list[tuple[str, str]]] = {
    "business": [
        ("Senior Equity Analyst", "Barclays Capital"),
        ("Chief Economist", "Confederation of British Industry"),
        ("Head of Mergers & Acquisitions", "Rothschild & Co"),
        ("Retail Banking Director", "HSBC UK"),
    ],
    "entertainment": [
        ("Film Critic", "The Guardian"),
        ("Music Producer", "Abbey Road Studios"),
        ("Casting Director", "ITV Studios"),
        ("Showbiz Correspondent", "Daily Mirror"),
    ],
    "politics": [
        ("Parliamentary Researcher", "House of Commons"),
        ("Political Correspondent", "The Times"),
        ("Campaign Manager", "The Labour Party"),
        ("Senior Policy Adviser", "Cabinet Office"),
    ],
    "sport": [
        ("Football Scout", "Manchester United FC"),
        ("Sports Physiotherapist", "England Rugby"),
        ("Head Tennis Coach", "Lawn Tennis Association"),
        ("Sports Journalist", "Sky Sports"),
    ],
    "tech": [
        ("Senior Software Engineer", "Microsoft"),
        ("Mobile Games Developer", "Electronic Arts"),
        ("Information Security Consultant", "BT Group plc"),
        ("Broadband Product Manager", "Virgin Media"),
    ],
}

AG_NEWS_TITLES: dict[str, list[tuple[str, str]]] = {
    "World": [
        ("Foreign Correspondent", "Reuters"),
        ("Humanitarian Affairs Officer", "United Nations"),
        ("Middle East Analyst", "International Crisis Group"),
        ("Diplomat", "Foreign, Commonwealth & Development Office"),
    ],
    "Sports": [
        ("Baseball Operations Analyst", "New York Yankees"),
        ("Assistant Golf Professional", "Pebble Beach Resorts"),
        ("NFL Reporter", "ESPN"),
        ("Athletic Director", "University of Michigan"),
    ],
    "Business": [
        ("Equity Research Associate", "Morgan Stanley"),
        ("Oil & Gas Analyst", "ExxonMobil"),
        ("Investment Banking Vice President", "Goldman Sachs"),
        ("Retail Strategy Consultant", "McKinsey & Company"),
    ],
    "Sci/Tech": [
        ("Software Developer", "Oracle Corporation"),
        ("Research Scientist", "NASA Jet Propulsion Laboratory"),
        ("Network Security Engineer", "Cisco Systems, Inc."),
        ("Product Manager, Search", "Google"),
    ],
}

REAL_FEED_TITLES: dict[str, list[tuple[str, str]]] = {
    "ruby": [("Senior Ruby Developer", "Shopify"), ("Ruby Engineer", "GitHub")],
    "rails": [("Senior Rails Developer", "Shopify"), ("Ruby on Rails Consultant", "Freelance")],
    "javascript": [("Front-End Developer", "Netflix"), ("Senior JavaScript Engineer", "Mozilla")],
    "music": [("A&R Manager", "Universal Music Group"), ("Music Journalist", "Pitchfork")],
    "twitter": [("Developer Advocate", "Twitter"), ("Community Manager", "Twitter, Inc.")],
    "facebook": [("Software Engineer", "Facebook"), ("Facebook Ads Specialist", "Self-employed")],
    "design": [("Senior UX Designer", "Airbnb"), ("Web Designer", "Self-employed")],
    "business": [("Business Development Manager", "Deloitte"), ("Management Consultant", "Bain & Company")],
    "programming": [("Software Engineer", "ThoughtWorks"), ("Senior Programmer", "id Software")],
    "technology": [("Technology Reporter", "TechCrunch"), ("Technology Analyst", "Gartner")],
    "iphone": [("iPhone App Developer", "Freelance"), ("Senior iOS Engineer", "Uber")],
    "apple": [("Product Marketing Manager, Mac", "Apple"), ("Apple Certified Mac Technician", "MacFixit Ltd")],
    "politics": [("Legislative Aide", "U.S. Senate"), ("Political Reporter", "Politico")],
    "games": [("Game Designer", "Ubisoft"), ("Senior Gameplay Programmer", "Blizzard Entertainment")],
    "testing": [("QA Automation Engineer", "Atlassian"), ("Software Test Engineer", "Microsoft")],
    "google": [("Search Quality Analyst", "Google"), ("SEO Consultant", "Moz")],
    "books": [("Literary Agent", "Curtis Brown"), ("Senior Editor", "Penguin Random House")],
    "science": [("Research Physicist", "CERN"), ("Science Writer", "New Scientist")],
    "git": [("Developer Tools Engineer", "GitHub"), ("Build & Release Engineer", "GitLab Inc.")],
    "social media": [("Social Media Manager", "BuzzFeed"), ("Online Community Manager", "Reddit")],
    "humor": [("Stand-up Comedian", "Self-employed"), ("Comedy Writer", "The Onion")],
    "android": [("Android Developer", "Spotify"), ("Senior Android Engineer", "Samsung Electronics")],
    "marketing": [("Marketing Director", "Unilever"), ("Brand Manager", "Procter & Gamble")],
    "linux": [("Linux Systems Administrator", "Red Hat"), ("Kernel Engineer", "Canonical Ltd.")],
    "security": [("Information Security Analyst", "Symantec"), ("Penetration Tester", "NCC Group")],
    "movies": [("Film Producer", "Warner Bros."), ("Cinematographer", "Freelance")],
    "php": [("PHP Developer", "Automattic"), ("Senior Backend Developer (PHP/Laravel)", "Zend Technologies")],
    "television": [("Television Producer", "BBC"), ("TV Critic", "The A.V. Club")],
    "startups": [("Founder & CEO", "Stealth Startup"), ("Venture Capital Associate", "Sequoia Capital")],
    "photography": [("Photographer", "Self-employed"), ("Photo Editor", "National Geographic")],
    "travel": [("Travel Writer", "Lonely Planet"), ("Travel Consultant", "Expedia Group")],
    "food": [("Executive Chef", "The Ritz London"), ("Food Writer", "Bon Appétit")],
    "education": [("High School Teacher", "Chicago Public Schools"), ("Instructional Designer", "Coursera")],
    "java": [("Senior Java Developer", "Oracle"), ("Java Architect", "Red Hat")],
}

assert set(REAL_FEED_TITLES) == set(REAL_FEED_TOPICS), "one entry per real-feeds topic"

BBC = _contacts("bbc", BBC_TITLES)
AG_NEWS = _contacts("ag", AG_NEWS_TITLES)
REAL_FEEDS = _contacts("feeds", REAL_FEED_TITLES)

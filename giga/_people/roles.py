"""What a job title says about what someone cares about. Pure: text in, text out.

A LinkedIn import brings a Position ("Senior Rails Developer") and a Company
("Shopify, Inc.") for every contact and nothing else. The field of the title ("Rails")
is what the person works on every day, so it is a fair first guess at what they would
like to read; the rest of a title is rank and function ("Senior", "Head of", "VP",
"Manager"), which says nothing about a subject and, matched against news, finds
football managers and company results. ``role_interest`` keeps the field, ``company_interest``
the company's own name (without "Inc" or "GmbH"): a weaker hint, since a company's name
alone pulls in news *about* the company.

The word lists below are the whole of the rules: rank and function words, legal forms
of companies, placeholders people put where a company belongs, and a few abbreviations
whose words say more than their letters ("CTO" is a technology officer).
"""

from __future__ import annotations

import re

# Rank, seniority and generic function: words of a title that name no subject.
ROLE_WORDS = frozenset("""
    senior sr snr junior jr jnr lead leading principal staff chief head vp svp evp avp vice
    president director directeur manager mgr associate assistant asst deputy executive exec
    intern internship trainee apprentice graduate entry level mid i ii iii iv v acting
    interim global regional group team member officer specialist consultant advisor adviser
    partner owner founder cofounder co-founder ceo coo md managing general representative
    rep coordinator coordinatrice administrator supervisor professional expert practitioner
    contractor freelance freelancer self-employed independent employee worker ambassador
    advocate evangelist leader board emeritus fellow
""".split())

# Words that join the parts of a title.
JOINING_WORDS = frozenset("at of for and & the in on with to a an de du der die und et y".split())

# Legal forms and filler of company names, and what people write instead of a company.
COMPANY_WORDS = frozenset("""
    inc incorporated llc llp lp ltd limited plc gmbh ag kg sa sas sarl srl spa bv nv oy ab
    as aps pty pte kk co corp corporation company companies group holding holdings the
    self-employed freelance freelancer independent stealth confidential various none n/a na
""".split())

# Abbreviations common in titles, and the words they stand for (both are kept).
ABBREVIATIONS = {
    "cto": "technology", "cfo": "finance", "cmo": "marketing", "cio": "information technology",
    "ciso": "information security", "qa": "quality assurance", "seo": "search engine optimization",
    "ux": "user experience", "ui": "user interface", "pr": "public relations", "hr": "human resources",
    "ml": "machine learning", "ai": "artificial intelligence", "sre": "site reliability", "vc": "venture capital",
}

# Where a title names its company ("Rails Developer at Shopify", "Engineer @ Stripe").
_AT = re.compile(r"\s+(?:at|@)\s+|\s*@\s*", re.IGNORECASE)
# Where a title lists several things ("Rails Developer | Speaker, Search; PHP/Laravel").
_PARTS = re.compile(r"\s*(?:[|,;·•/()\[\]]|\s[-–—]\s)\s*")
_INITIALS = re.compile(r"(?:\w\.)+\w?\.?")  # "U.S.", "A.V": written as one word, "US", "AV"
_DOTS = re.compile(r"\.")
_WORD = re.compile(r"[^\W_](?:[\w.+#&'-]*[\w+#])?|&")


def split_title(position: str | None) -> tuple[str, str | None]:
    """``position`` as (the title, the company it names after "at"/"@", if any)."""
    text = " ".join((position or "").split())
    parts = _AT.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return text, None


def role_parts(position: str | None) -> list[tuple[str, str]]:
    """Each part of a title as (its field, its occupation), in the title's own case.

    English titles put the occupation last and what it is about before it: "Ruby
    Developer" is ("Ruby", "Developer"), "Stand-up Comedian" ("Stand-up", "Comedian").
    What follows a rank is all field: "Marketing Director", "Head of Mergers &
    Acquisitions" and "VP, Engineering" have no occupation word. One word alone is an
    occupation: ("", "Photographer"). "Senior Rails Developer at Shopify" -> [("Rails",
    "Developer")]; "Product Manager, Search" -> [("Product", ""), ("", "Search")]."""
    title, _ = split_title(position)
    out = []
    after_rank = False  # what follows is a field: "VP, Engineering", "Head of Design"
    for part in _PARTS.split(title):
        original = _WORD.findall(part)
        words: list[str] = []
        ranked = False
        for word in original:
            key = word.lower().strip(".")
            if key in ROLE_WORDS:
                ranked = ranked or not words
                continue
            if key in JOINING_WORDS and not words:
                after_rank = after_rank or ranked  # "Head of ..."
                continue
            words.append(word)
        while words and words[-1].lower() in JOINING_WORDS:  # "Head of" has no subject
            words.pop()
        if not words:
            after_rank = after_rank or ranked  # "VP, ..."
            continue
        last = original[-1]
        if after_rank or last != words[-1] or last.lower().strip(".") in ABBREVIATIONS:
            out.append((" ".join(words), ""))
        else:
            out.append((" ".join(words[:-1]), words[-1]))
        after_rank = False
    return list(dict.fromkeys(out))


def spelled_out(text: str) -> list[str]:
    """The words of the abbreviations in ``text``: "UX Designer" -> ["user experience"]."""
    keys = (w.lower().strip(".") for w in _WORD.findall(text))
    return list(dict.fromkeys(ABBREVIATIONS[k] for k in keys if k in ABBREVIATIONS))


def expanded(text: str) -> str:
    """``text`` followed by the words of its abbreviations: "UX" -> "UX user experience"."""
    return " ".join([text, *spelled_out(text)])


def company_interest(company: str | None, position: str | None = None) -> str:
    """The company's own name (from ``company``, else from "... at X" in the title),
    without its legal form; "" for a placeholder such as "Self-employed"."""
    name = (company or "").strip() or (split_title(position)[1] or "")
    words = [w for w in _WORD.findall(name) if w.lower().strip(".") not in COMPANY_WORDS]
    return " ".join(_DOTS.sub("", w) if _INITIALS.fullmatch(w) else w for w in words)

"""What kind of entry an article is: a job posting, an event listing, a shop's product
page, or (the rest) something to read. The first three are useful in their place but no
"thought of you" note: nobody wants a stranger's job ad, a library's concert schedule or
a product page as a personal recommendation.

Cheap, documented signals on the title and the first few hundred characters: a title
that says so ("We're hiring"), or signals together, so an article that only mentions a price, a time or a job
is left alone. Measured on the 10,183 entries of the real-feeds corpus
(``../shared/corpus/real-feeds``, ``kind_of`` at about 0.1 ms an entry): 41 job postings
("We're Hiring: Senior Editor", "GigPark is hiring!", 29 of two job boards' 42 entries),
the 25 product pages of a book shop ("Vendor: ... Price: 28.00") and 166 event listings
(136 of a city library's 372 entries: "at the Belle Isle Library on Tuesday, August 16,
at 7:00pm"), with a handful of misses each way (a podcast's show notes that open with a
live show's date, time and tickets count as an event; a library's "Game On for Teens
This Summer" does not, which ``_recommend.window`` catches by its feed).
"""

from __future__ import annotations

import re

JOB, EVENT, SHOP, DIGEST = "job", "event", "shop", "digest"
LISTINGS = frozenset({JOB, EVENT, SHOP})  # what a listings feed is made of
NOT_FOR_NOTES = LISTINGS | {DIGEST}  # kinds never suggested as reading

_HEAD = 600  # characters of the body looked at: listings say what they are up front

# A job posting: a title that says so ("Job:", "We're hiring", "is hiring a Data
# Engineer", "Wanted: Photographer"), three of the phrases job ads are made of, or one of
# them under a job board's title.
_JOB_TITLE = re.compile(
    r"^\s*(?:jobs?|hiring|now hiring|vacancy|wanted)\s*[:|\-–—]"
    r"|\b(?:we(?:'|’)?re|we are|is|are|now) hiring\b|\bjob (?:opening|posting|offer|vacancy)\b|\bjoin our team\b",
    re.IGNORECASE)
_JOB_BODY = re.compile(
    r"\b(?:apply (?:now|today|online|here|at)|to apply|salary|per annum|benefits package|full[- ]time"
    r"|job description|send (?:us )?your (?:cv|resume|résumé)|equal opportunity employer"
    r"|years of (?:professional )?experience|compensation|requirements|responsibilities|qualifications"
    r"|(?:we(?:'|’)re|we are|is) looking for (?:an? |experienced |talented )|join (?:our|the) team|location:)"
    r"|\$\d{2,3}k\b",
    re.IGNORECASE)

# A job board's title: "Yelp.com: Software Engineer", "Software Developer at Acme (Austin, TX 78701)".
_ROLE = (r"(?:engineer|developer|designer|programmer|producer|manager|scientist|analyst|architect|specialist"
         r"|administrator|consultant|editor|writer|intern)s?")
_JOB_BOARD_TITLE = re.compile(
    rf"^[^:]{{2,60}}:\s[^:]{{0,40}}\b{_ROLE}\b[^:]{{0,30}}$|\b{_ROLE}\b.{{0,60}}\bat\b.{{2,80}}\([^)]*\b[A-Z]{{2}}\b[^)]*\)",
    re.IGNORECASE)

# An event listing: a venue or a ticket, with a time of day and a day, or with a date
# and a happening ("on Saturday, May 21, ... a saxophone concert").
_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d{2}\s?(?:to|until|-|–)\s?\d{1,2}", re.IGNORECASE)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_TEXT = rf"\b{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b"  # "May 21", "21st May"
_DATE = re.compile(_DATE_TEXT, re.IGNORECASE)
_DAY = re.compile(rf"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|{_DATE_TEXT}", re.IGNORECASE)  # or a weekday
_VENUE = re.compile(
    r"\b(?:tickets?|register|registration|rsvp|admission|doors open|venue|location:|where:|free and open"
    r"|open to the public|join us|will be held|are invited|invites you|don['’]t miss|all ages"
    r"|library|hall|auditorium|theat(?:er|re)|museum|gallery|community cent(?:er|re))\b",
    re.IGNORECASE)
_HAPPENING = re.compile(
    r"\b(?:concerts?|performances?|workshops?|seminars?|lectures?|screenings?|festival|book ?sale|storytime"
    r"|classes|recital|exhibit(?:ion)?|open house|meetup|author talks?)\b",
    re.IGNORECASE)

# Someone's own appearances: "Upcoming Speaking Engagements: Macworld, PMA, SXSW",
# "Speaking schedule", "See You at OSCON" (4 entries of the real-feeds corpus, no article).
_APPEARANCES_TITLE = re.compile(
    r"\bspeaking (?:engagements?|schedule)\b|\bupcoming (?:talks?|events?|appearances?|shows?|gigs?|speaking)\b"
    r"|\bwhere i(?:'|’)ll be\b|\bcome see (?:me|us)\b|\bsee you at\b",
    re.IGNORECASE)

# A shop's product page: two of the labels product pages carry, or one and a price.
_SHOP = re.compile(
    r"\b(?:add to (?:cart|basket|bag)|sku\s*[:#]|vendor\s*:|price\s*:|buy it now|product code|out of stock)",
    re.IGNORECASE)
_MONEY = re.compile(r"[$€£]\s?\d[\d,]*(?:\.\d{2})?\b|\b\d[\d,]*\.\d{2}\s?(?:usd|eur|gbp)\b", re.IGNORECASE)


# A digest: a post of links to other posts ("Katie's Week in Review: August 21, 2016",
# "links for 2008-09-21", "Today's Links 9/22/2011", "Morning Roundup: ..."). An
# interest named once among twenty links is no reason to send the lot; in the real-feeds
# corpus these titles match 27 entries, all digests, and no article. "This Week in Edge
# Rails" and "Link: <one story>" are left alone: one subject, or one story.
_DIGEST_TITLE = re.compile(
    r"\bweek in review\b"
    r"|\b(?:weekly|daily|friday|saturday|sunday|morning|weekend|today(?:'|’)?s)\s+(?:links?|round-?up|digest|link ?dump)\b"
    r"|\blinks? (?:for \d+|of (?:the (?:day|week)|interest)|round-?up|dump)\b|\blink ?(?:round-?up|dump|list)\b"
    r"|\b(?:news|web|blog) ?round-?up\b|\bweek(?:ly)? (?:round-?up|recap|digest)\b|\bdelicious links\b",
    re.IGNORECASE)




def title_kind(title: str) -> str:
    """"digest" or "event" when the title alone says so (a week in review, someone's
    speaking schedule), else "" (migration 12 asked it of the articles stored before)."""
    if _DIGEST_TITLE.search(title):
        return DIGEST
    if _APPEARANCES_TITLE.search(title):
        return EVENT
    return ""


def kind_of(title: str, body: str) -> str:
    """"job", "event", "shop" or "digest" for an entry that is one, else "" (something to read)."""
    by_title = title_kind(title)
    if by_title:
        return by_title
    head = f"{title}\n{body[:_HEAD]}"
    signals = len({m.lower() for m in _JOB_BODY.findall(head)})
    if _JOB_TITLE.search(title) or signals >= 3 or (signals and _JOB_BOARD_TITLE.search(title)):
        return JOB
    shop = _SHOP.findall(head)
    if len(shop) >= 2 or (shop and _MONEY.search(head)):
        return SHOP
    if _VENUE.search(head) and ((_TIME.search(head) and _DAY.search(head))
                                 or (_DATE.search(head) and _HAPPENING.search(head))):
        return EVENT
    return ""

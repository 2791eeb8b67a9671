"""Who is who: when two contacts (or a contact and an imported record) are one person,
when they cannot be, and which stored contacts look like one person twice.

Pure: values in, decisions out. A LinkedIn profile URL is one person's; an e-mail address
is one person's too, unless a team or a couple share it; a name is anybody's. So a
profile that matches decides, a name that matches decides only when no identifier says
otherwise, and two people with one name and different identifiers stay two.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import unquote, urlsplit

from ..identity import DuplicatePair
from ..types import Contact
from .names import word_key

#: Two names at one company this alike (difflib's ratio) are probably one person
#: spelled twice: "Jon Smith"/"John Smith" is 0.95, "Mark Chen"/"Mary Chen" 0.89.
SIMILAR_NAMES = 0.9

SAME_EMAIL = "same e-mail address"
SAME_PROFILE = "same LinkedIn profile"
SAME_NAME_TITLES = "same name once titles are ignored"
SAME_NAME = "same name"


def linkedin_key(url: str | None) -> str | None:
    """A profile URL as compared: no scheme, ``www.`` or country subdomain, query,
    fragment or trailing slash, any case ("http://de.linkedin.com/in/Ana-Lima/?trk=x" is
    "linkedin.com/in/ana-lima"). Other URLs compare the same way, host and path."""
    text = (url or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return text.casefold()
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        host = "linkedin.com"
    elif host.startswith("www."):
        host = host[4:]
    path = unquote(parts.path).rstrip("/")
    return f"{host}{path}".casefold() or None


def conflict(url_a: str | None, emails_a: Iterable[str], url_b: str | None, emails_b: Iterable[str]) -> str | None:
    """Why two people with these identifiers cannot be one (None: nothing says so)."""
    key_a, key_b = linkedin_key(url_a), linkedin_key(url_b)
    if key_a and key_b and key_a != key_b:
        return "different LinkedIn profiles"
    set_a, set_b = {e.lower() for e in emails_a}, {e.lower() for e in emails_b}
    if set_a and set_b and not set_a & set_b:
        return "different e-mail addresses"
    return None


def find_duplicates(contacts: Sequence[Contact], name_keys: Mapping[int, str]) -> list[DuplicatePair]:
    """Stored contacts that are probably one person, each pair once with its strongest
    reason: a shared e-mail address (the store forbids it; checked all the same), a
    shared LinkedIn profile, one name once titles are ignored, one name (namesakes an
    import kept apart), or near-identical names at one company. ``name_keys`` are the
    stored matching keys (``names.name_key``), by contact id."""
    found: dict[tuple[int, int], str] = {}

    def pair_up(groups: Iterable[list[Contact]], reason_of: str | None = None) -> None:
        for group in groups:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    pair = (min(a.id, b.id), max(a.id, b.id))
                    if pair not in found and a.id != b.id:
                        found[pair] = reason_of or _same_name(a, b)

    by_email: dict[str, list[Contact]] = defaultdict(list)
    by_profile: dict[str, list[Contact]] = defaultdict(list)
    by_name: dict[str, list[Contact]] = defaultdict(list)
    by_company: dict[str, list[Contact]] = defaultdict(list)
    for contact in contacts:
        for email in dict.fromkeys(e.lower() for e in contact.emails):
            by_email[email].append(contact)
        profile = linkedin_key(contact.linkedin_url)
        if profile:
            by_profile[profile].append(contact)
        key = name_keys.get(contact.id, "")
        by_name[key or "\0" + contact.name].append(contact)  # no key: only the exact name
        company = word_key(contact.company or "")
        if company:
            by_company[company].append(contact)
    pair_up(by_email.values(), SAME_EMAIL)
    pair_up(by_profile.values(), SAME_PROFILE)
    pair_up(by_name.values())
    for company, group in by_company.items():
        pair_up(_similar_names(group, name_keys), f"similar names at the same company ({group[0].company})")
    by_id = {c.id: c for c in contacts}
    order = [SAME_EMAIL, SAME_PROFILE, SAME_NAME_TITLES, SAME_NAME, ""]  # "": similar names
    pairs = [DuplicatePair(by_id[a], by_id[b], reason) for (a, b), reason in found.items()]
    pairs.sort(key=lambda p: (next(i for i, r in enumerate(order) if p.reason.startswith(r)),
                              word_key(p.keep.name), p.keep.id, p.other.id))
    return pairs


def _same_name(a: Contact, b: Contact) -> str:
    """"same name", with titles or without, and what kept the two apart if anything did."""
    reason = SAME_NAME if word_key(a.name) == word_key(b.name) else SAME_NAME_TITLES
    apart = conflict(a.linkedin_url, a.emails, b.linkedin_url, b.emails)
    return f"{reason}, {apart}" if apart else reason


def _similar_names(group: list[Contact], name_keys: Mapping[int, str]) -> list[list[Contact]]:
    """Pairs of one company's contacts whose names differ a little (not at all: those
    are paired by name already). Names that alike keep their first or their last word
    whole, so only names sharing one are compared: a big company stays quick."""
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, contact in enumerate(group):
        key = name_keys.get(contact.id, "")
        for word in {*key.split()[:1], *key.split()[-1:]}:
            blocks[word].append((i, key))
    close: set[tuple[int, int]] = set()
    for members in blocks.values():
        for n, (i, key_a) in enumerate(members):
            matcher = difflib.SequenceMatcher(None, "", key_a)  # b is the one difflib caches
            for j, key_b in members[n + 1:]:
                if key_a == key_b or (i, j) in close:
                    continue
                matcher.set_seq1(key_b)
                if matcher.real_quick_ratio() >= SIMILAR_NAMES and matcher.quick_ratio() >= SIMILAR_NAMES \
                        and matcher.ratio() >= SIMILAR_NAMES:
                    close.add((i, j))
    return [[group[i], group[j]] for i, j in sorted(close)]

"""Cleaning shared by every contacts format, so one rule holds whatever the source.

Every text field passes through here: control characters go (exports carry stray NULs,
vertical tabs and C1 bytes from bad re-encodings), e-mails and tags are normalised the
same way for LinkedIn, Google, vCard and plain CSV, so re-importing one person from two
sources yields the same values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

from ..._types import ContactRecord
from ...errors import ArgumentError
from ..fields import MAX_CADENCE_DAYS, merge_tags, normalize_email
from ..names import given_first_name, visible

from ...types import SkippedRow

__all__ = [
    "clean_line",
    "clean_note",
    "clean_emails",
    "split_tags",
    "clean_tag_list",
    "classify_urls",
    "normalize_linkedin",
    "parse_cadence",
    "build_record",
    "MAX_CADENCE_DAYS",
    "SYSTEM_GROUPS",
]


#: Groups every contact carries in Google and Android exports: noise, not interests.
SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred", "starred in android"})

# Unicode category Cc (C0, DEL, C1) plus a stray BOM: never meaningful inside a field.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufeff]")
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")  # keeps \t and \n
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_EMAIL_SPLIT = re.compile(r"[,;\s]+")
_TAG_SPLIT = re.compile(r"[,;]")
_BARE_HOST = re.compile(r"^(?:www\.|(?:[\w-]+\.)*linkedin\.com/)", re.IGNORECASE)


def clean_line(value: str | None) -> str | None:
    """One-line text: breaks become spaces, controls vanish, runs of spaces collapse."""
    if not value:
        return None
    text = " ".join(_CONTROL.sub("", _BREAKS.sub(" ", value)).split())
    return text or None


def clean_note(value: str | None) -> str | None:
    """Multi-line text: newlines kept (notes are paragraphs), other controls removed."""
    if not value:
        return None
    text = _NOTE_CONTROL.sub("", _NEWLINES.sub("\n", value))
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text or None


def clean_emails(values: Iterable[str | None]) -> tuple[str, ...]:
    """Addresses only (by the same rule as ``contacts add``), normalized, de-duplicated.

    A cell may hold several (``a@x.org; b@y.org``, Google's ``a@x.org ::: b@y.org``) and
    decorations (``mailto:``, ``<a@x.org>``) are dropped; what is not an address is left out.
    """
    found: dict[str, None] = {}
    for value in values:
        for token in _EMAIL_SPLIT.split(_CONTROL.sub("", value or "")):
            token = token.strip("<>\"'()[]")
            if token[:7].lower() == "mailto:":
                token = token[7:]
            if "@" not in token:
                continue
            try:
                found.setdefault(normalize_email(token), None)
            except ArgumentError:
                continue
    return tuple(found)


def split_tags(values: Iterable[str | None], drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Interest tags from cells: split on commas/semicolons outside double quotes (giga's
    CSV export quotes an interest that holds one: ``"R&D, Europe", AWS``)."""
    return clean_tag_list((part for value in values for part in _tag_parts(value or "")), drop)


def clean_tag_list(tags: Iterable[str], drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Interests already split: one line each, kept as written, each interest once
    (compared case-insensitively, first spelling wins), multi-word tags kept whole."""
    cleaned = (clean_line(tag) for tag in tags)
    return tuple(merge_tags((t for t in cleaned if t), remove=drop))


def _tag_parts(value: str) -> list[str]:
    """``value`` split on ``,`` and ``;`` except inside double quotes, where ``""`` is a
    quote (the CSV convention, one level down)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    chars = iter(value)
    for ch in chars:
        if quoted:
            if ch != '"':
                current.append(ch)
                continue
            following = next(chars, "")
            if following == '"':
                current.append('"')
                continue
            quoted = False
            if not following:
                break
            ch = following  # what follows the closing quote is read as usual
        if ch == '"' and not "".join(current).strip():
            quoted, current = True, []
        elif ch in ",;":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def normalize_linkedin(url: str) -> str | None:
    """``https://www.linkedin.com/<path>``: no query, fragment or trailing slash, so the
    same profile written three ways (country subdomain, http, ``?trk=``) compares equal."""
    parts = _split_url(url)
    if parts is None or not _is_linkedin(parts.hostname or ""):
        return None
    path = parts.path.rstrip("/")
    return f"https://www.linkedin.com{path}" if path else None


def classify_urls(values: Iterable[str | None]) -> tuple[str | None, str | None]:
    """``(linkedin_url, website)``: the first LinkedIn profile and the first other web page."""
    linkedin: str | None = None
    website: str | None = None
    for value in values:
        parts = _split_url(value)
        if parts is None:
            continue
        if _is_linkedin(parts.hostname or ""):
            linkedin = linkedin or normalize_linkedin(parts.geturl())
        elif website is None:
            website = parts.geturl()
    return linkedin, website


def parse_cadence(value: str | None) -> int | None:
    """Days between touches; ValueError (with the reason users see) when not usable."""
    text = clean_line(value)
    if text is None:
        return None
    if not re.fullmatch(r"\+?[0-9]{1,6}", text) or not 1 <= int(text) <= MAX_CADENCE_DAYS:
        raise ValueError(f"every must be a whole number of days from 1 to {MAX_CADENCE_DAYS}, not {text!r}")
    return int(text)


def build_record(
    line: int | None,
    *,
    name: str | None,
    first_name: str | None = None,
    emails: Iterable[str | None] = (),
    tags: tuple[str, ...] = (),
    cadence_days: int | None = None,
    company: str | None = None,
    position: str | None = None,
    urls: Iterable[str | None] = (),
    feed_url: str | None = None,
    notes: str | None = None,
    unusable: str = "no name and no e-mail address",
) -> ContactRecord | SkippedRow:
    """Clean every field and apply the name fallback (name, first name, first e-mail).
    Names lose invisible characters, and a first name its title ("Dr. Jane" -> "Jane")."""
    addresses = clean_emails(emails)
    first = given_first_name(clean_line(first_name))
    display = clean_line(visible(name or "")) or first or (addresses[0] if addresses else None)
    if display is None:
        return SkippedRow(line, unusable)
    linkedin, website = classify_urls(urls)
    return ContactRecord(
        name=display,
        first_name=first,
        emails=addresses,
        tags=tags,
        cadence_days=cadence_days,
        company=clean_line(company),
        position=clean_line(position),
        linkedin_url=linkedin,
        website=website,
        feed_url=clean_line(feed_url),
        notes=clean_note(notes),
        line=line,
    )


def _is_linkedin(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def _split_url(value: str | None) -> SplitResult | None:
    """An absolute http(s) URL, or None. ``www.x.org`` and ``linkedin.com/in/x`` (typed
    into spreadsheets without a scheme) get ``https://``."""
    text = clean_line(value)
    if text is None or " " in text:
        return None
    if "://" not in text and _BARE_HOST.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts

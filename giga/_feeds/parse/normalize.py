"""Turn raw feed values into the normalized values of :class:`giga._types.ParsedEntry`.

Every parser path (lxml fast path, feedparser fallback, JSON Feed) ends in
:func:`make_entry`, so two parsers that read the same raw values produce identical
entries, and the agreement benchmark can compare them field by field.

Decisions worth knowing:

* Text is plain: HTML goes through a real HTML parser (selectolax/lexbor, :mod:`giga._html`),
  ``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` contents are dropped,
  entities decoded, whitespace collapsed, inline markup joined as written ("It's" from a
  drop cap ``<span>I</span>t's``). Summary and content keep one line per block
  (paragraph, heading, list item, table cell, ``<br>``), so a heading never runs into the
  sentence after it (the draft's takeaway reads sentences from these lines); titles are
  one line. Summary and content are bounded to :data:`MAX_TEXT` characters (the HTML fed
  to the parser is bounded too, so one huge post cannot stall a run).
* Canonical URLs are absolute, scheme and host lower-cased, default ports dropped, an
  empty path becomes ``/``, and tracking parameters (``utm_*``, ``fbclid``, ``gclid``,
  ``mc_cid``, ``mc_eid`` and the similar ones in :data:`TRACKING_PARAMS`) removed. The
  fragment is **kept** (only an empty ``#`` is dropped): pages such as changelogs and
  podcasts address different entries by fragment, and trackers do not use it.
* Links identify the article: when a feed relays entries through a tracking redirect
  and also gives the original (``feedburner:origLink``, ``pheedo:origLink``), the
  original is the entry's URL and the redirect is kept as an alias, so the URL a reader
  shares finds the article.
* Ids: the feed's guid / atom:id as given (opaque, only stripped), else the canonical
  link as the feed gives it (the redirect, when there is one: ids stay what they were
  before originals were read), else ``giga:sha1:`` + 20 hex digits of a SHA-1 over title
  and date (plus the text when both are missing), so an entry keeps its id across fetches.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit, uses_relative

from ..._html import html_text
from ..._types import ParsedEntry

__all__ = [
    "MAX_TEXT",
    "TRACKING_PARAMS",
    "collapse",
    "html_to_text",
    "to_text",
    "looks_like_html",
    "fix_text",
    "resolve",
    "canonical_url",
    "entry_id",
    "clean_categories",
    "make_entry",
]

MAX_TEXT = 20_000  # characters kept of a summary or a content
MAX_TITLE = 2_000
MAX_SHORT = 500  # author, one category
MAX_CATEGORIES = 64
_MAX_HTML_IN = 200_000  # HTML characters handed to the HTML parser (output is bounded anyway)

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
    "twclid", "ttclid", "igshid", "li_fat_id", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
    "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "_ga", "_gl",
    "wickedid", "rb_clickid", "s_kwcid", "ef_id",
})

def collapse(text: str) -> str:
    """Collapse every run of whitespace (Unicode included) to one space, strip ends."""
    return " ".join(text.split())


def html_to_text(markup: str, limit: int = MAX_TEXT, *, blocks: bool = False) -> str:
    """Plain text of an HTML fragment, with a real HTML parser (never a regex): one line,
    or with ``blocks`` one line per block element."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return collapse(markup[: limit * 2])[:limit]
    return html_text(markup, "\n" if blocks else " ", _MAX_HTML_IN)[:limit]


def to_text(value: str | None, is_html: bool, limit: int = MAX_TEXT, *, blocks: bool = False) -> str:
    """Plain text of a value that is either HTML or already plain text (one line, or
    with ``blocks`` one line per HTML block element)."""
    if not value:
        return ""
    if is_html:
        return html_to_text(value, limit, blocks=blocks)
    return collapse(value[: limit * 2])[:limit]


_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_ANY_TAG = re.compile(r"</?(\w+)")
_NAMED_REF = re.compile(r"&(\w+);")
_html_elements: frozenset[str] | None = None


def _known_elements() -> frozenset[str]:
    """HTML element names an RSS title may use and still count as HTML (feedparser's list)."""
    global _html_elements
    if _html_elements is None:
        try:
            from feedparser.sanitizer import _HTMLSanitizer

            _html_elements = frozenset(_HTMLSanitizer.acceptable_elements)
        except Exception:  # pragma: no cover - feedparser always ships it
            _html_elements = frozenset(
                "a abbr b big blockquote br cite code dd del dfn div dl dt em font h1 h2 h3 "
                "h4 h5 h6 hr i img ins kbd li ol p pre q s small span strike strong sub sup "
                "table tbody td tfoot th thead tr tt u ul".split()
            )
    return _html_elements


def looks_like_html(value: str) -> bool:
    """RSS does not say whether a title is HTML; guess the way feedparser does.

    It is HTML when it has a closing tag or an entity reference, every tag is a known
    HTML element and every named entity is an HTML one.
    """
    if "<" not in value and "&" not in value:
        return False
    if not (_CLOSE_TAG.search(value) or _ENTITY_REF.search(value)):
        return False
    known = _known_elements()
    if any(tag.lower() not in known for tag in _ANY_TAG.findall(value)):
        return False
    return all(name in html.entities.entitydefs for name in _NAMED_REF.findall(value))


# U+0080..U+009F are C1 controls nobody means; they are cp1252 bytes decoded as latin-1.
_CP1252: dict[str, str] = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252[chr(_byte)] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        pass
del _byte
_C1 = re.compile("[\x80-\x9f]")


def _cp1252_char(match: re.Match[str]) -> str:
    char = match.group()
    return _CP1252.get(char, char)


def fix_text(value: str, c1_possible: bool = True) -> str:
    """Repair the two classic mis-encodings, as feedparser does, so text agrees with it.

    UTF-8 text that was read as latin-1 and re-encoded (``Ã©`` for ``é``) is decoded
    back, and C1 control characters are mapped to the cp1252 characters they stood for.
    ``c1_possible=False`` (the document cannot contain C1 characters) skips the scan.
    """
    if value.isascii():
        return value
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        raw = None
    if raw is not None:
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            if not c1_possible:
                return value
            try:
                return raw.decode("cp1252")  # maps exactly the C1 range, at C speed
            except UnicodeDecodeError:
                pass  # one of cp1252's five undefined bytes: map the others one by one
    if c1_possible and _C1.search(value):
        value = _C1.sub(_cp1252_char, value)
    return value


_ABSOLUTE_HTTP = re.compile(r"https?://[^/]")  # upper-case schemes go through urljoin
_EXTRA_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*://)/+")


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+\-.]*):")
_RELATIVE_SCHEMES = frozenset(uses_relative)


def resolve(base: str | None, uri: str) -> str:
    """Resolve ``uri`` against ``base`` (the feed URL or the xml:base in force)."""
    if _ABSOLUTE_HTTP.match(uri):
        return uri
    scheme = _SCHEME.match(uri)
    if scheme is not None and scheme.group(1).lower() not in _RELATIVE_SCHEMES:
        return uri  # tag:, urn:, mailto: ... urljoin would hand them back unchanged
    uri = _EXTRA_SLASHES.sub(r"\1", uri)
    if not base:
        return uri
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


_SIMPLE_URL = re.compile(r"https?://[a-z0-9.\-]+/[^?#\s]*")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def _is_tracking(pair: str) -> bool:
    key = pair.split("=", 1)[0].lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute http(s) URL without tracking parameters; None when there is none."""
    if not url:
        return None
    url = url.strip()
    if not url:
        return None
    if not _ABSOLUTE_HTTP.match(url):
        url = resolve(base, url)
        if not url:
            return None
    elif url.endswith(("?", "#")):
        url = url.rstrip("?#")
    if _SIMPLE_URL.fullmatch(url):
        return url
    try:
        scheme, netloc, path, query, fragment = urlsplit(url)
    except ValueError:
        return url
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        return None  # tag:, urn:, mailto: ... are not pages to link to
    netloc = netloc.lower()
    if netloc.endswith(_DEFAULT_PORTS[scheme]):
        netloc = netloc[: -len(_DEFAULT_PORTS[scheme])]
    if not path and netloc:
        path = "/"
    if query:
        pairs = query.split("&")
        kept = [pair for pair in pairs if pair and not _is_tracking(pair)]
        if len(kept) != len(pairs):
            query = "&".join(kept)
    return urlunsplit((scheme, netloc, path, query, fragment))


def entry_id(guid: str | None, url: str | None, title: str, published: datetime | None,
             text: str = "") -> str:
    """The guid, else the canonical URL, else a short hash of title and date."""
    if guid:
        guid = guid.strip()
        if guid:
            return guid
    if url:
        return url
    stamp = published.isoformat() if published is not None else ""
    material = f"{title}\n{stamp}"
    if not title and not stamp:
        material += "\n" + collapse(text[:4000])[:2000]  # blocks or not, the same id
    return "giga:sha1:" + hashlib.sha1(material.encode("utf-8", "replace")).hexdigest()[:20]


def clean_categories(terms: Iterable[str | None]) -> tuple[str, ...]:
    """Unescape, strip and de-duplicate (case-insensitively) category terms, keeping order."""
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        if not term:
            continue
        term = collapse(html.unescape(term))[:MAX_SHORT]
        key = term.casefold()
        if term and key not in seen:
            seen.add(key)
            out.append(term)
            if len(out) >= MAX_CATEGORIES:
                break
    return tuple(out)


def make_entry(
    *,
    guid: str | None,
    link: str | None,
    title: str | None,
    title_html: bool,
    author: str | None = None,
    published: datetime | None = None,
    updated: datetime | None = None,
    summary: str | None = None,
    summary_html: bool = True,
    content: str | None = None,
    content_html: bool = True,
    categories: Iterable[str | None] = (),
    original: str | None = None,
) -> ParsedEntry:
    """Build a normalized entry from raw values (``link`` already absolute).

    ``original`` is the publisher's own URL when the feed's link is a redirect
    (``feedburner:origLink``): it becomes the URL, and the link an alias.

    ``published`` falls back to ``updated``, as feedparser users read
    ``published_parsed or updated_parsed``. Callers pass the content as ``summary``
    when a feed has no summary (feedparser does the same), and the text is then
    extracted once for both.
    """
    title_text = to_text(title, title_html, MAX_TITLE)
    link_url = url = canonical_url(link)
    aliases: tuple[str, ...] = ()
    original_url = canonical_url(original) if original else None
    if original_url and original_url != url:
        aliases = (url,) if url else ()
        url = original_url
    content_text = to_text(content, content_html, blocks=True)
    if summary is content and summary_html == content_html:
        summary_text = content_text
    else:
        summary_text = to_text(summary, summary_html, blocks=True)
    when = published or updated
    author_text = collapse(author)[:MAX_SHORT] if author else ""
    return ParsedEntry(
        id=entry_id(guid, link_url, title_text, when, summary_text or content_text),
        url=url,
        title=title_text,
        author=author_text or None,
        published=when,
        updated=updated,
        summary=summary_text,
        content=content_text,
        categories=clean_categories(categories),
        aliases=aliases,
    )

"""A web page's article: the main text and what the page says about it. Pure: bytes in,
a ``Page`` out (or a ``PageError`` saying why there is nothing to share).

The article body is found by trafilatura (imported here, when a page is read: it brings
lxml). On the 181 real pages of the article-extraction benchmark it scores word-shingle
F1 0.958 (published), against 0.922 for readability-lxml and 0.665 for all the page's
text; ``benchmarks/share_extraction.py`` measures what giga stores.

A body that is a feed (RSS, Atom, JSON Feed) has no one article to share: it is offered
as a subscription instead. A page that names a feed in its head keeps that link, so the
caller can offer it beside the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import PageError

__all__ = ["MIN_WORDS", "Page", "read_page"]

MIN_WORDS = 40  # fewer words than this in the main text: a navigation page, a paywall, an error page
_PDF = b"%PDF-"
_FEED_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.DOTALL)
_JSON_FEED = re.compile(rb'\s*\{[^{]*"version"\s*:\s*"https://jsonfeed\.org/')
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    """What a page says of its article; text is plain (paragraphs on their own lines)."""

    url: str | None  # the page's address (canonical, http(s)), None for a file that names none
    title: str
    text: str
    author: str | None = None
    published: datetime | None = None  # UTC midnight of the page's date
    site: str | None = None  # the site's name ("The Guardian"), else its host
    language: str = ""  # ISO 639-1, "" unknown
    description: str = ""
    categories: tuple[str, ...] = ()
    feed: str | None = None  # the feed the page names, to offer as a subscription


def read_page(body: bytes, source: str, page_url: str | None, content_type: str | None = None) -> Page:
    """The article of a fetched or saved page. ``source`` is how the user named it (for
    errors), ``page_url`` the address it came from (None for a file)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if body.lstrip()[:5] == _PDF or kind == "application/pdf":
        raise PageError(source, "is a PDF, not a web page; giga reads HTML pages")
    feed = _feed_itself(body, kind)
    if feed:
        where = page_url or source
        raise PageError(source, f"is a feed, not an article: subscribe with giga feeds add {where}", feed=where)
    from .._feeds.parse.discover import HTML_START

    if kind not in _HTML_TYPES and not HTML_START.match(body[:4096]):
        said = f" ({kind})" if kind else ""
        raise PageError(source, f"is not a web page{said}; giga reads HTML pages")
    return _extract(body, source, page_url)


def _feed_itself(body: bytes, kind: str) -> bool:
    head = body[:4096]
    if kind in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        return True
    return bool(_FEED_START.match(head) or _JSON_FEED.match(head))


def _extract(body: bytes, source: str, page_url: str | None) -> Page:
    import trafilatura  # brings lxml: loaded only when a page is shared

    from .._feeds.parse.discover import feed_link
    from .._feeds.parse.normalize import canonical_url

    try:
        found = trafilatura.bare_extraction(body, url=page_url, include_comments=False, with_metadata=True)
    except Exception as exc:
        raise PageError(source, f"could not be read as a web page ({type(exc).__name__})") from exc
    meta: dict[str, Any] = found.as_dict() if found is not None else {}
    site = _one_line(meta.get("sitename"))
    title = _without_site(_one_line(meta.get("title")), site)
    text = _without_title(meta.get("text") or "", title)
    if len(_WORD.findall(text)) < MIN_WORDS:
        raise PageError(source, "has no article giga can find (too little text besides menus and links)")
    url = canonical_url(page_url) if page_url else canonical_url(meta.get("url"))
    host = meta.get("hostname") or None
    return Page(
        url=url,
        title=title or text.split("\n", 1)[0][:200],
        text=text,
        author=_one_line(meta.get("author")) or None,
        published=_date(meta.get("date")),
        site=site or host,
        language=_language(meta.get("language"), title, text),
        description=_one_line(meta.get("description")),
        categories=tuple(dict.fromkeys(_listed(meta.get("categories")) + _listed(meta.get("tags"))))[:12],
        feed=_http(feed_link(body, page_url or url or "file:///")),
    )


def _http(link: str | None) -> str | None:
    """A feed link worth offering: on the web (a saved page's relative link names no file here)."""
    return link if link and link.lower().startswith(("http://", "https://")) else None


def _one_line(value: object) -> str:
    """One line of the page's metadata, cleaned as feed titles are when stored
    (``_text.one_line``: no terminal sequences, bidi or invisible characters)."""
    from .._text import one_line

    return one_line(value, 2_000) if value else ""


def _without_site(title: str, site: str) -> str:
    """The headline without the site name pages append to it ("Jedi: Fallen Order review -
    VG247", "Best tech gadgets of 2019 | ZDNet": 27 of the 181 benchmark pages): the note
    quotes the headline."""
    for separator in (" - ", " | ", " – ", " — ", " :: ", " · "):
        if site and title.endswith(separator + site) and len(title) > len(separator + site):
            return title[: -len(separator + site)].rstrip()
    return title


def _without_title(text: str, title: str) -> str:
    """The body without a first line that only repeats the headline (the note names the
    title already, and the quoted takeaway should be a sentence of the article)."""
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if title and _one_line(first) == title else text.strip()


def _date(value: object) -> datetime | None:
    try:
        day = datetime.strptime(str(value), "%Y-%m-%d")
    except ValueError:
        return None
    return day.replace(tzinfo=UTC)


def _language(declared: object, title: str, text: str) -> str:
    """The page's language as its text reads (pages declare en-US by default, as blog
    software does in feeds), the declared one when the text is too short to tell."""
    from .._feeds.language import language_of

    read = language_of(title, text)
    if read:
        return read
    code = str(declared or "").split("-")[0].strip().lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _listed(value: object) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [word for word in (_one_line(item) for item in items) if word and len(word) <= 60]

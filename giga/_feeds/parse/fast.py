"""The fast path: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 read with lxml, mimicking feedparser.

Why our own lxml reader rather than a faster library? Measured on the 661-file
real-feeds corpus (9,848 entries, one core): feedparser_rs spends 0.86 s in parsing
alone (before any normalization), more than the whole budget of a 15,000 entries/s
target, and agrees with feedparser on only ~96% of entries; fastfeedparser raises on 33
files and agrees on ~92%. lxml builds the trees of the whole corpus in 0.18 s, so an
lxml walk that reproduces feedparser's field rules (which element wins, xml:base,
guid-as-link, RSS title HTML guessing, date fallbacks) is both faster and closer.

The reader is deliberately conservative. It raises :class:`Rejected` - meaning "let
feedparser read it" - for anything it does not fully understand: XML that is not
well-formed, documents that declare entities in an internal DTD subset, unknown root
elements, base64-encoded Atom text, and documents in which it found fewer
``<item>``/``<entry>`` elements than a plain scan of the bytes sees.

Security: the tree comes from :mod:`.xmltree` (no entity resolution, no DTD, no
network, libxml2's size limits); documents with an internal DTD subset declaring
entities never reach it (feedparser, which does not expand nested or external entities,
reads those).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ..._types import ParsedEntry, ParsedFeed
from .dates import parse_date
from .normalize import (
    MAX_TITLE,
    canonical_url,
    fix_text,
    looks_like_html,
    make_entry,
    resolve,
    to_text,
)
from .xmltree import Rejected, xml_tree

__all__ = ["parse_fast", "Rejected"]


_ATOM10 = "http://www.w3.org/2005/Atom"
_ATOM03 = "http://purl.org/atom/ns#"
# Namespaces feedparser reads as the feed's own vocabulary (no prefix).
_CORE_NS = (
    "", "http://backend.userland.com/rss", "http://blogs.law.harvard.edu/tech/rss",
    "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
    "http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/",
    "uri/of/echo/namespace#", "http://purl.org/pie/", _ATOM03, _ATOM10,
    "http://purl.org/rss/1.0/modules/rss091#",
)
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_MEDIA = ("http://search.yahoo.com/mrss", "http://search.yahoo.com/mrss/")
_ITUNES = ("http://www.itunes.com/dtds/podcast-1.0.dtd", "http://example.com/dtds/podcast-1.0.dtd")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# The publisher's own link of an entry whose <link> is the relay's tracking redirect.
_ORIGINAL_LINK_NS = ("http://rssnamespace.org/feedburner/ext/1.0", "http://www.pheedo.com/namespace/pheedo")


def _clark(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}" if ns else local


# Role of each child element of an item/entry, keyed by lower-cased Clark name.
_ROLES: dict[str, str] = {}
for _ns in _CORE_NS:
    for _local, _role in (
        ("title", "title"), ("link", "link"), ("guid", "id"), ("id", "id"),
        ("pubdate", "published"), ("published", "published"), ("issued", "published"),
        ("updated", "updated"), ("modified", "updated"), ("lastbuilddate", "updated"),
        ("description", "summary/html"), ("summary", "summary"), ("abstract", "summary"),
        ("content", "content"), ("fullitem", "content/html"),
        ("category", "category"), ("author", "author"), ("body", "content/html"),
    ):
        _ROLES[_clark(_ns.lower(), _local)] = _role
for _local, _role in (
    ("title", "title"), ("date", "updated"), ("description", "summary/html"),
    ("subject", "category"), ("creator", "author"), ("author", "author"),
):
    _ROLES[_clark(_DC, _local)] = _role
for _local, _role in (("issued", "published"), ("modified", "updated")):
    _ROLES[_clark(_DCTERMS, _local)] = _role
_ROLES[_clark(_CONTENT, "encoded")] = "content/html"
_ROLES[_clark("http://www.w3.org/1999/xhtml", "body")] = "content/html"
for _ns in _MEDIA:
    _ROLES[_clark(_ns, "title")] = "media_title"  # only when there is no other title
for _ns in _ITUNES:
    _ROLES[_clark(_ns, "author")] = "author"
for _ns in _ORIGINAL_LINK_NS:
    _ROLES[_clark(_ns, "origlink")] = "original"
del _ns, _local, _role

_USERLAND = "backend.userland.com/rss"
_role_cache: dict[object, str] = {}


def _role(tag: object) -> str:
    """Role of a child tag ("" for none); names are case-insensitive, as in feedparser.

    Called on a miss of :data:`_role_cache`, which memoizes the answer.
    """
    if len(_role_cache) > 4096:  # hostile documents can invent endless names
        _role_cache.clear()
    if not isinstance(tag, str):  # an entity reference or other non-element node
        _role_cache[tag] = ""
        return ""
    lowered = tag.lower()
    if lowered.startswith("{") and _USERLAND in lowered:
        lowered = lowered.split("}", 1)[1]  # feedparser reads every userland RSS URI as RSS
    role = _role_cache[tag] = _ROLES.get(lowered, "")
    return role


_MEDIA_TITLES = tuple(_clark(ns, "title") for ns in _MEDIA)
_ITEM_TAGS = tuple(_clark(ns, local) for ns in _CORE_NS for local in ("item", "entry"))
_ROOTS = {"rss", "rdf", "feed", "channel", "entry", "item"}
_HTML_TYPES = {"html", "xhtml", "text/html", "application/xhtml+xml"}
_FEED_HTML_LINK_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}

# A plain scan of the bytes for item/entry start tags, to catch anything the tree
# walk missed (odd case, unknown namespaces): a mismatch sends the file to feedparser.
_RAW_ITEMS = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?i:item|entry)[\s/>]")
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


@dataclass(slots=True)
class _Doc:
    url: str
    atom: bool
    xml_base: bool
    c1: bool  # C1 characters may occur: fix_text must scan for them

    def base(self, el: etree._Element) -> str:
        """Base URI in force at ``el``: xml:base when the document uses it, else the URL."""
        if self.xml_base:
            return el.base or self.url
        return self.url


def _inner(el: etree._Element) -> tuple[str, bool]:
    """Text of an element; when it has child elements, their markup as HTML."""
    if len(el) == 0:
        return el.text or "", False
    parts = [html.escape(el.text, quote=False)] if el.text else []
    for child in el:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        elif child.tag is etree.Entity:
            parts.append(child.text or "")
        if child.tail:
            parts.append(html.escape(child.tail, quote=False))
    return "".join(parts), True


def _text_construct(el: etree._Element, doc: _Doc, default_html: bool) -> tuple[str, bool]:
    """Value and is-HTML flag of a title/summary/content element.

    An explicit ``type`` decides; else RSS ``description``/``content:encoded`` are HTML,
    and other RSS text is HTML only when it looks like it (feedparser's guess); Atom
    text defaults to plain.
    """
    kind = el.get("type")
    if doc.atom and (el.get("mode") == "base64" or (
        kind is not None and kind not in _PLAIN_TYPES and not kind.endswith("xml")
        and not kind.startswith("text/")
    )):
        raise Rejected("base64 content")
    value, has_markup = _inner(el)
    value = fix_text(value.strip(), doc.c1)
    if has_markup:
        return value, True
    if kind is not None:
        return value, kind.strip().lower() in _HTML_TYPES
    if default_html:
        return value, True
    if doc.atom:
        return value, False
    return value, looks_like_html(value)


_PLAIN_TYPES = {"text", "html", "xhtml"}


def _link_of(el: etree._Element, doc: _Doc) -> str | None:
    """The alternate HTML link an element stands for, or None (feedparser's rules)."""
    href = el.get("href")
    if href is None:
        href = el.get("url", el.get("uri"))
    if href is None:
        value = (el.text or "").strip()
        if "&" in value:  # "?a=1&amp;b=2" double-escaped by publishers, as feedparser fixes
            value = _LINK_ENTITY.sub(r"&\1", value.replace("&amp;", "&"))
        return resolve(doc.base(el), value) if value else ""
    rel = (el.get("rel") or "alternate").lower()
    kind = el.get("type")
    kind = kind.lower() if kind is not None else ("application/atom+xml" if rel == "self" else "text/html")
    if rel == "alternate" and kind in _FEED_HTML_LINK_TYPES:
        return resolve(doc.base(el), href.strip())
    return None


_RFC2822_AUTHOR = re.compile(r"\s*\S+@\S+\s*\((.+)\)\s*")
_NAME_EMAIL = re.compile(r"\s*([^<]+?)\s*<\S+@\S+>\s*")


def _author_of(el: etree._Element) -> str:
    """Author name: atom:author/name, else the text (an RSS ``email (Name)`` gives Name)."""
    if len(el):
        for child in el:
            if isinstance(child.tag, str) and _local(child.tag) == "name":
                return (child.text or "").strip()
        return ""
    value = (el.text or "").strip()
    match = _RFC2822_AUTHOR.fullmatch(value) or _NAME_EMAIL.fullmatch(value)
    return match.group(1) if match else value


def _entry(item: etree._Element, doc: _Doc) -> ParsedEntry:
    title = link = guid = author = published = updated = media_title = original = None
    title_html = False
    summary = content = None
    summary_html = content_html = True
    categories: list[str] = []
    about = item.get(f"{{{_RDF}}}about")
    if about:
        guid = about
    cached = _role_cache.get
    for child in item:
        tag = child.tag
        role = cached(tag)
        if role is None:
            role = _role(tag)
        if not role:
            continue
        if role == "title":
            if title is None:
                title, title_html = _text_construct(child, doc, False)
        elif role == "link":
            found = _link_of(child, doc)
            if found is not None:
                link = found
        elif role == "media_title":
            media_title = child
        elif role == "original":
            original = original or (child.text or "").strip()
        elif role == "id":
            value = (child.text or "").strip()
            permalink = "true"
            for key, attr in child.items():
                if key.lower() == "ispermalink":
                    permalink = attr
            if permalink == "true":
                if value:
                    value = resolve(doc.base(child), value)
                if link is None:
                    link = value
            guid = value
        elif role == "published":
            published = child.text
        elif role == "updated":
            updated = child.text
        elif role == "summary" or role == "summary/html":
            value = _text_construct(child, doc, role == "summary/html")
            if summary is not None and content is None:
                content, content_html = value
            else:
                summary, summary_html = value
        elif role == "content" or role == "content/html":
            if content is None and child.get("src") is None:
                content, content_html = _text_construct(child, doc, role == "content/html")
                if summary is None:
                    summary, summary_html = content, content_html
        elif role == "category":
            term = child.get("term")
            if term is None:
                term = child.text
            if term:
                categories.append(term.strip())
        elif role == "author":
            name = _author_of(child)
            if name:
                author = name
    if title is None:
        if media_title is None:
            media_title = next(item.iterdescendants(*_MEDIA_TITLES), None)
        if media_title is not None:
            title, title_html = _text_construct(media_title, doc, False)
        else:
            title = ""
    return make_entry(
        guid=guid or None,
        link=link or None,
        title=title,
        title_html=title_html,
        author=fix_text(author, doc.c1) if author else None,
        published=parse_date(published.strip()) if published else None,
        updated=parse_date(updated.strip()) if updated else None,
        summary=summary,
        summary_html=summary_html,
        content=content,
        content_html=content_html,
        categories=categories,
        original=original or None,
    )


def _feed_meta(root: etree._Element, doc: _Doc) -> tuple[str | None, str | None]:
    """Feed title and home-page link from the channel (RSS) or the feed element (Atom)."""
    scope = root
    local = _local(root.tag)
    if local in ("rss", "rdf"):
        for child in root:
            if isinstance(child.tag, str) and _local(child.tag) == "channel":
                scope = child
                break
    title = link = None
    for child in scope:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        role = _role_cache.get(tag)
        if role is None:
            role = _role(tag)
        if role == "title" and title is None:
            value, is_html = _text_construct(child, doc, False)
            title = to_text(value, is_html, MAX_TITLE) or None
        elif role == "link":
            found = _link_of(child, doc)
            if found:
                link = found
    return title, canonical_url(link)


def _items(root: etree._Element) -> Iterator[etree._Element]:
    extra = [
        _clark(ns, local)
        for ns in root.nsmap.values()
        if _USERLAND in ns.lower() and ns not in _CORE_NS
        for local in ("item", "entry")
    ]
    return root.iter(*_ITEM_TAGS, *extra)


def parse_fast(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Read a well-formed RSS/Atom document, or raise :class:`Rejected`."""
    if b"<!ENTITY" in body:
        raise Rejected("internal DTD entities")
    root, c1_possible = xml_tree(body, url, content_type)
    if not isinstance(root.tag, str) or _local(root.tag) not in _ROOTS:
        raise Rejected(f"root element {root.tag!r}")
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    doc = _Doc(
        url=url,
        atom=_local(root.tag) == "feed" or ns in (_ATOM10, _ATOM03),
        xml_base=b"xml:base" in body,
        c1=c1_possible,
    )
    items = list(_items(root))
    expected = len(_RAW_ITEMS.findall(body))
    if expected != len(items):
        raise Rejected(f"found {len(items)} items but the bytes hold {expected}")
    entries = tuple(_entry(item, doc) for item in items)
    title, link = _feed_meta(root, doc)
    return ParsedFeed(title=title, link=link, entries=entries, parser="fast")

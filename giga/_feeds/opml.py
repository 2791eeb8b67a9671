"""OPML subscription lists in and out. Pure: bytes in, values out; no network, no database.

Reading rules, and why:

* Every ``<outline>`` with a feed URL becomes a :class:`~giga.types.Subscription`, at any
  depth. The feed URL is ``xmlUrl`` (any capitalisation: LiveJournal writes ``xmlURL``),
  else ``feedUrl`` (seen in a hand-edited Google Reader export), else ``url`` when
  ``type="rss"``. ``url`` on ``type="link"``/``"include"`` and ``type="source"`` outlines
  point at other subscription lists or web pages, not feeds, and are skipped.
* The title is ``text``, else ``title``: ``text`` is what readers display and what users
  edit (``title`` is often the feed's own, sometimes truncated, name).
* ``categories`` is the path of the enclosing folder outlines' names, outermost first. The
  ``category="/a/b"`` attribute is ignored: a subscription has one folder path.
* A URL listed twice is kept once: the first occurrence (and its folder) wins.
* Feed URLs are whitespace-stripped; only http(s), file and plain paths are accepted
  (``feed://`` is rewritten to ``http://``). A URL without a scheme that starts with a host
  name (``www.theguardian.com/books/rss``, ``licpost.com/feed/``: a Google Reader list
  edited by hand has dozens) is ``https://``; ``feed.xml`` or ``feeds/x.xml`` stay paths.
  Anything else (``javascript:``, ``data:``, ``mailto:`` ...) is skipped with a warning;
  one bad entry never sinks the import.
* Text is stripped, whitespace runs collapsed, XML-illegal control characters removed.
* Bare ``&`` and HTML named entities (``&eacute;``) are common in hand-made lists and make
  the file ill-formed XML; when the strict parse fails we repair just those and retry.
  Anything still malformed (an unescaped ``<`` or quote in an attribute) is read with
  lxml's recovering parser, which keeps every outline around the damage; a warning names
  the line and how many feed outlines were lost. A file where recovery finds no OPML
  raises :class:`~giga.errors.OpmlError` with the parser's line.

Warnings (one line each, naming the file and line) go to the ``warnings`` list the
caller passes, so the command line can show them.

Untrusted input: entities are never resolved from outside the document, the network is
never touched, and ``huge_tree=False`` keeps libxml2's entity-amplification and depth
limits on: "billion laughs" files raise OpmlError, XXE references stay unresolved.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Iterable, Iterator
from html.entities import name2codepoint
from urllib.parse import urlsplit

from lxml import etree

from .._files import read_bounded
from ..errors import OpmlError
from ..types import Subscription

__all__ = ["read_opml", "parse_opml", "write_opml", "MAX_OPML_BYTES"]

log = logging.getLogger(__name__)

#: Real subscription lists are well under 1 MB; refuse absurd inputs before parsing.
MAX_OPML_BYTES = 32 * 1024 * 1024

_FEED_SCHEMES = {"http", "https", "file"}
_LIST_TYPES = {"include", "source"}  # outlines naming another subscription list
# Characters XML 1.0 cannot carry (lxml refuses them when writing).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A `&` that starts no well-formed reference, or a named reference; fixed in _repair().
_AMP = re.compile(rb"&(?:(#[0-9]+;|#x[0-9a-fA-F]+;)|([A-Za-z_:][\w.:-]*);)?")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_FEED_ATTR = re.compile(rb"""\s(?:xmlurl|feedurl)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
# A host name (two labels or more, the last of letters and not a feed file's extension)
# at the start of a URL without a scheme: www.theguardian.com/books/rss, licpost.com/feed/
_HOST_FIRST = re.compile(
    r"(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!(?:xml|rss|rdf|atom|json|opml|txt|html?)(?:[:/?#]|$))"
    r"[a-z]{2,63}(?::\d{1,5})?(?:[/?#]|$)")


def read_opml(path: str | os.PathLike[str], warnings: list[str] | None = None) -> list[Subscription]:
    """Read an OPML file; every error names the file (and the line, when known)."""
    name = os.fspath(path)
    data = read_bounded(name, MAX_OPML_BYTES, OpmlError)
    return parse_opml(data, source=name, warnings=warnings)


def parse_opml(data: bytes | str, source: str = "<opml>", warnings: list[str] | None = None) -> list[Subscription]:
    """Parse OPML bytes (``str`` is accepted too, so ``write_opml`` output round-trips);
    what was skipped is appended to ``warnings``, one line each."""
    warnings = [] if warnings is None else warnings
    if isinstance(data, str):
        # lxml refuses str with an encoding declaration; the text is already decoded.
        data = _XML_DECL.sub("", data.lstrip("\ufeff"), count=1).encode("utf-8")
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(source, f"file is larger than {MAX_OPML_BYTES // 2**20} MB")
    if not data.strip():
        raise OpmlError(source, "file is empty")
    root = _parse_xml(data, source, warnings)
    if not _is(root, "opml"):
        tag = etree.QName(root).localname
        tag = f"{root.prefix}:{tag}" if root.prefix else tag
        raise OpmlError(source, f"not an OPML file (root element is <{tag}>)", line=root.sourceline)
    body = next((el for el in root if _is(el, "body")), None)
    if body is None:
        raise OpmlError(source, "not an OPML file (no <body> element)", line=root.sourceline)

    seen: dict[str, Subscription] = {}
    for sub in _walk(body, (), source, warnings):
        seen.setdefault(sub.url, sub)  # first occurrence wins
    return list(seen.values())


def write_opml(subscriptions: Iterable[Subscription], title: str = "giga subscriptions") -> str:
    """Serialise to OPML 2.0 text; ``parse_opml`` of the result gives the same list back.

    Categories become nested folder outlines. Input order is kept exactly: a folder is
    reused only when it is the last thing written at that level, so sort by
    ``categories`` first if you want one folder per name.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _clean(title) or ""
    body = etree.SubElement(root, "body")
    for sub in subscriptions:
        parent = body
        for name in filter(None, map(_clean, sub.categories)):
            last = parent[-1] if len(parent) else None
            if last is not None and "xmlUrl" not in last.attrib and last.get("text") == name:
                parent = last
            else:
                parent = etree.SubElement(parent, "outline", text=name, title=name)
        feed_title = _clean(sub.title) or ""
        outline = etree.SubElement(parent, "outline", type="rss", text=feed_title)
        if feed_title:
            outline.set("title", feed_title)
        outline.set("xmlUrl", _strip(sub.url))
        if sub.site_url:
            outline.set("htmlUrl", _strip(sub.site_url))
    xml = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return xml.decode("utf-8")


# -- internals ---------------------------------------------------------------------------


def _parser(recover: bool = False) -> etree.XMLParser:
    """A parser that is safe on hostile files (a fresh one each time: parsers keep state)."""
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,  # XXE: external entities are never loaded
        no_network=True,
        load_dtd=False,
        huge_tree=False,  # keeps libxml2's entity-amplification (billion laughs) limit
        remove_comments=True,
        remove_pis=True,
    )


def _parse_xml(data: bytes, source: str, warnings: list[str]) -> etree._Element:
    """Strict parse; on failure retry once with bare ``&``/HTML entities repaired, then
    recover what can be read (with a warning saying what was lost)."""
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        error = e
    except (ValueError, LookupError) as e:  # e.g. an unknown encoding declaration
        raise OpmlError(source, f"invalid XML: {e}") from None
    repaired = _repair(data)
    if repaired != data:
        try:
            root = etree.fromstring(repaired, _parser())
            log.info("%s: repaired unescaped '&' or HTML entities", source)
            return root
        except etree.XMLSyntaxError as e:
            error = e  # same line numbers: the repair never adds or removes newlines
        except (ValueError, LookupError):
            pass
    line = error.lineno if error.lineno and error.lineno > 0 else None
    message = (error.msg or str(error)).split(", line ")[0]
    root = _recover(repaired)
    if root is None or not _is(root, "opml") or "encoding:" in message:  # an unknown encoding: read nothing
        raise OpmlError(source, f"malformed XML: {message}", line=line) from None
    warnings.append(f"{source}:{line or '?'}: malformed XML ({' '.join(message.split())}); read the rest, "
                    f"{_lost(repaired, root)}")
    return root


def _lost(data: bytes, root: etree._Element) -> str:
    """Which feed URLs written in the file the recovering parser could not read."""
    kept = {v.strip() for el in root.iter() if _is(el, "outline")
            for k, v in el.attrib.items() if isinstance(k, str) and k.lower() in ("xmlurl", "feedurl")}
    written = [html.unescape(m.group(2).decode("utf-8", "replace")).strip() for m in _FEED_ATTR.finditer(data)]
    lost = list(dict.fromkeys(url for url in written if url and url not in kept))
    if not lost:
        return "every feed kept"
    named = ", ".join(lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
    return f"skipped {len(lost)} of {len(set(written))} feeds: {named}"


def _recover(data: bytes) -> etree._Element | None:
    """What lxml's recovering parser makes of a malformed file (same safety settings)."""
    try:
        return etree.fromstring(data, _parser(recover=True))
    except (etree.XMLSyntaxError, ValueError, LookupError):
        return None




def _repair(data: bytes) -> bytes:
    """Escape ``&`` that starts no reference; turn HTML named entities into numeric ones.

    Byte-level, so only safe for ASCII-compatible encodings (no NUL bytes: not UTF-16/32).
    """
    if b"\x00" in data:
        return data

    def fix(m: re.Match[bytes]) -> bytes:
        if m.group(1):
            return m.group(0)
        name = m.group(2)
        if name is None:
            return b"&amp;"
        if name in _XML_ENTITIES:
            return m.group(0)
        code = name2codepoint.get(name.decode("ascii"))
        return b"&#%d;" % code if code is not None else m.group(0)

    return _AMP.sub(fix, data)


def _walk(parent: etree._Element, path: tuple[str, ...], source: str, warnings: list[str]) -> Iterator[Subscription]:
    """Yield subscriptions below ``parent``; non-feed outlines are folders named in ``path``."""
    for el in parent:
        if not _is(el, "outline"):
            continue
        attrs = {k.lower(): v for k, v in el.attrib.items() if isinstance(k, str) and "}" not in k}
        kind = attrs.get("type", "").strip().lower()
        raw = attrs.get("xmlurl") or attrs.get("feedurl")
        if not raw and kind == "rss":  # `url` elsewhere names a web page or another list
            raw = attrs.get("url")
        url = None
        if raw and raw.strip() and kind not in _LIST_TYPES:
            url = _feed_url(raw)
            if url is None:
                warnings.append(f"{source}:{el.sourceline}: skipped unsupported feed URL {raw.strip()[:80]!r}")
                log.info("%s", warnings[-1])
        name = _clean(attrs.get("text")) or _clean(attrs.get("title"))
        if url is not None:
            site = _with_scheme(_strip(attrs.get("htmlurl")))
            site = site if site and _scheme(site) in ("http", "https") else None
            yield Subscription(url=url, title=name, site_url=site, categories=path)
            yield from _walk(el, path, source, warnings)
        else:
            yield from _walk(el, path + (name,) if name else path, source, warnings)


def _feed_url(raw: str) -> str | None:
    """The feed URL to store, or None when it is not something giga may fetch or open."""
    url = _with_scheme(_strip(raw))
    if url.lower().startswith("feed:"):  # feed://host/x and feed:https://host/x
        rest = url[5:]
        url = rest if rest.lower().startswith(("http://", "https://")) else "http:" + rest
    scheme = _scheme(url)
    if scheme is None:
        return None
    if scheme in ("http", "https"):
        return url if urlsplit(url).hostname else None
    if scheme in _FEED_SCHEMES or scheme == "":
        return url
    if len(scheme) == 1 and url[1:3] in (":\\", ":/"):  # a Windows drive path, C:\feeds\x.xml
        return url
    return None


def _with_scheme(url: str) -> str:
    """``https://`` before a URL written without a scheme that starts with a host name."""
    if url.startswith("//"):
        return "https:" + url
    return "https://" + url if _HOST_FIRST.match(url) and "://" not in url else url


def _scheme(url: str) -> str | None:
    """Lower-cased URL scheme ("" for a plain path), None when the URL cannot be split."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return None


def _strip(url: str | None) -> str:
    """A URL as written, minus padding and XML-illegal characters."""
    return _ILLEGAL_XML.sub("", url or "").strip()


def _clean(text: str | None) -> str | None:
    """Display text: illegal characters removed, whitespace collapsed; empty is None."""
    if text is None:
        return None
    return " ".join(_ILLEGAL_XML.sub("", text).split()) or None


def _is(el: etree._Element, name: str) -> bool:
    """Element ``name`` in any namespace (OPML 2.0 files sometimes declare one)."""
    # not etree.QName: a recovered tree can hold names it refuses ("BEGIN:VCARD")
    return isinstance(el.tag, str) and el.tag.rpartition("}")[2] == name

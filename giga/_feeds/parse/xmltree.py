"""Feed bytes to an lxml tree, safely, choosing the encoding the way feedparser does.

Why a module of its own: the encoding rules are the subtle part of agreeing with
feedparser. An HTTP charset wins over the XML declaration for XML and text media types
(RFC 3023); bytes that are invalid in the chosen encoding are read with the next
candidate (declared, UTF-8, windows-1252, ISO-8859-2) instead of failing.

Security: the parser never resolves entities, never loads a DTD, never touches the
network, and keeps libxml2's limits on huge text nodes (``huge_tree=False``).
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

__all__ = ["Rejected", "http_charset", "xml_tree"]


class Rejected(Exception):
    """The fast path declines this document; the reason goes into the warnings."""


_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]+)")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REF = re.compile(rb"&#(?:0*(?:12[89]|1[3-5][0-9])|[xX]0*[89][0-9a-fA-F]);")

_XML_MIME = ("application/xml", "application/xml-dtd", "application/xml-external-parsed-entity")


def _encoding_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """The charset the HTTP Content-Type imposes, when RFC 3023 lets it win (as feedparser)."""
    if not content_type:
        return None
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    if charset is None:
        return None
    if mime in _XML_MIME or mime.startswith("text/") or (
        mime.startswith("application/") and mime.endswith("+xml")
    ):
        return charset
    return None


def _make_parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding, resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
    )


def _decode_like_feedparser(body: bytes, *candidates: str | None) -> tuple[str, str]:
    """Bytes that are invalid in their declared encoding: try the fallbacks feedparser tries."""
    for candidate in (*candidates, "utf-8", "windows-1252", "iso-8859-2"):
        name = _encoding_name(candidate)
        if not name:
            continue
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    raise Rejected("undecodable bytes")


def _c1_possible(body: bytes, root: etree._Element) -> bool:
    """Can any text of this tree hold a C1 control character (U+0080..U+009F)?

    In a document read as UTF-8 they can only come from the bytes C2 80..C2 9F or from
    character references such as ``&#150;``; two literal-prefix scans of the bytes
    answer that, and spare a scan of every text value later.
    """
    encoding = root.getroottree().docinfo.encoding or "UTF-8"
    if encoding.upper() not in ("UTF-8", "UTF8", "US-ASCII", "ASCII"):
        return True
    if b"\xc2" in body and _C1_UTF8.search(body):
        return True
    return b"&#" in body and _C1_REF.search(body) is not None


def xml_tree(body: bytes, url: str, content_type: str | None) -> tuple[etree._Element, bool]:
    """Parse to a tree; returns the root and whether C1 characters may occur in it."""
    head = body[:512]
    match = _XML_DECL_ENCODING.search(head)
    declared = match.group(1).decode("ascii") if match else None
    forced = http_charset(content_type)
    encoding = None
    if forced and _encoding_name(forced) != _encoding_name(declared or "utf-8"):
        encoding = forced
    try:
        root = etree.fromstring(body, _make_parser(encoding), base_url=url)
    except etree.XMLSyntaxError as exc:
        if "encoding" not in str(exc) and "Char 0x" not in str(exc):
            raise Rejected(f"not well-formed XML ({exc})") from None
        text, _used = _decode_like_feedparser(body, encoding, declared)
        text = _XML_DECL.sub("", text, count=1)
        try:
            root = etree.fromstring(text, _make_parser(), base_url=url)
        except (etree.XMLSyntaxError, ValueError) as exc2:
            raise Rejected(f"not well-formed XML ({exc2})") from None
        return root, True  # decoded in Python: assume the worst
    except LookupError:
        raise Rejected(f"unknown encoding {encoding!r}") from None
    return root, _c1_possible(body, root)

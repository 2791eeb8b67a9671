"""vCard 2.1 / 3.0 / 4.0 files (phones, Gmail, Apple, Outlook, Thunderbird) via vobject.

How, and why this way:

* The file is split into cards on ``BEGIN:VCARD``/``END:VCARD`` lines first (nested
  ``AGENT`` cards stay inside their parent), so one bad card costs one SkippedRow, never
  the file. A ``BEGIN`` without its ``END`` is a truncated file: InputError at that line.
* Inside a card, vobject does the parsing: line unfolding, vCard 2.1 quoted-printable soft
  breaks (``allowQP``), parameters, groups (``item1.EMAIL``) and QP decoding with the
  declared CHARSET. QP without a CHARSET that is not UTF-8 is Outlook's Windows-1252.
* Only the properties giga uses are handed to vobject, and only when their parameters
  are well-formed (``_WELL_FORMED``: vobject's regex can take minutes on some bad ones).
  Photos are dropped before vobject sees the card. So a PHOTO with broken base64
  (Android), ``PROFILE:VCard`` (Lotus Notes) or a mangled ADR cannot sink a card. A
  property vobject still cannot read is dropped; the card is skipped only if nothing
  usable (name or e-mail) is left, and the reason quotes vobject.
* Values are taken raw (``transform=False``) and unescaped here: vobject's text decoding
  cuts ``FN:Mr. John Richter, James Doe Sr.`` (Gmail does not escape commas) at the
  comma, and splits ``ORG:Company, The`` into a list.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import ContentLine, getLogicalLines, parseLine, textLineToContentLine

from ...errors import InputError
from ..._types import ContactFile, ContactRecord
from ...types import SkippedRow
from ._clean import SYSTEM_GROUPS, build_record, clean_line, clean_tag_list, parse_cadence

__all__ = ["read_vcard", "looks_like_vcard", "MAX_CARD_CHARS"]

_BEGIN = re.compile(r"BEGIN:VCARD[ \t]*", re.IGNORECASE)
_END = re.compile(r"END:VCARD[ \t]*", re.IGNORECASE)
_PROPERTY = re.compile(r"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")
# vobject's content-line regex backtracks exponentially on some malformed parameter lists
# (``FN;X=1;X=1;...;:`` takes minutes at 25 parameters). Lines are first checked against
# the same language (group, name, ``;?``, then ``;NAME`` each followed by any ``=VALUE`` /
# ``,VALUE`` segments, then ``:``) written with possessive quantifiers, which run in linear
# time; a line that fails it fails in vobject too, so vobject is not asked.
_VALUE = r'(?>"[^"]*+"|[^";:,]*+)'
_WELL_FORMED = re.compile(rf"(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+;?(?>;[A-Za-z0-9_-]++(?>[=,]{_VALUE})*+)*+:")
_WANTED = {"FN", "N", "EMAIL", "ORG", "TITLE", "URL", "NOTE", "CATEGORIES", "BEGIN", "END",
           "X-GIGA-CADENCE", "X-GIGA-FEED"}  # what giga's own export adds
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
#: vobject re-reads a logical line for each physical line it adds (quadratic); real cards
#: are a few KB once photos are gone, so a bigger one is refused before vobject sees it.
MAX_CARD_CHARS = 256 * 1024
_ESCAPE = re.compile(r'\\([nN,;:\\"])')
_SEPARATORS = re.compile("[,;]")


def looks_like_vcard(text: str) -> bool:
    """Does the text start (after blank lines) with a BEGIN:VCARD line?"""
    first = text.lstrip().split("\n", 1)[0].rstrip()
    return bool(_BEGIN.fullmatch(first))


def read_vcard(text: str, path: str) -> ContactFile:
    """Every card in ``text``; InputError if there is none or one is never closed."""
    records: list[ContactRecord] = []
    skipped: list[SkippedRow] = []
    cards = 0
    for begin, lines in _cards(text.split("\n"), path):
        cards += 1
        result = _read_card(begin, lines)
        (records if isinstance(result, ContactRecord) else skipped).append(result)
    if not cards:
        raise InputError(path, "no BEGIN:VCARD line: not a vCard file")
    return ContactFile("vcard", tuple(records), tuple(skipped))


def _cards(lines: list[str], path: str) -> Iterator[tuple[int, list[str]]]:
    """(line of BEGIN:VCARD, the card's lines) for each top-level card."""
    depth = 0
    start = 0
    for i, line in enumerate(lines):
        if _BEGIN.fullmatch(line):
            if depth == 0:
                start = i
            depth += 1
        elif _END.fullmatch(line) and depth:
            depth -= 1
            if depth == 0:
                yield start + 1, lines[start : i + 1]
    if depth:
        raise InputError(path, "BEGIN:VCARD without END:VCARD (truncated file?)", line=start + 1)


@dataclass
class _Card:
    values: dict[str, list[str]] = field(default_factory=dict)  # property -> raw values
    errors: list[str] = field(default_factory=list)


def _read_card(begin: int, lines: list[str]) -> ContactRecord | SkippedRow:
    lines = list(_without_binary(lines))
    if sum(len(line) + 1 for line in lines) > MAX_CARD_CHARS:
        return SkippedRow(begin, f"vCard is larger than {MAX_CARD_CHARS // 1024} KB without its photos")
    card = _properties(begin, lines)
    name_parts = _split(_first(card, "N"), ";")
    family, given, additional = (name_parts + ["", "", ""])[:3]
    n_name = " ".join(p for p in (_words(given), _words(additional), _words(family)) if p)
    org = _unescape(_split(_first(card, "ORG"), ";")[0])
    emails = [_unescape(v) for v in card.values.get("EMAIL", [])]
    notes = list(dict.fromkeys(n for n in (_unescape(v).strip() for v in card.values.get("NOTE", [])) if n))
    reason = "vCard has no name and no e-mail address"
    if card.errors:
        reason += f" (vobject could not read {card.errors[0]})"
    try:
        cadence = parse_cadence(_unescape(_first(card, "X-GIGA-CADENCE")))
    except ValueError as e:
        return SkippedRow(begin, f"X-GIGA-CADENCE: {e}")
    return build_record(
        begin,
        name=clean_line(_unescape(_first(card, "FN"))) or n_name or org or None,
        first_name=_words(given),
        emails=emails,
        tags=clean_tag_list(_categories(card.values.get("CATEGORIES", []), "X-GIGA-CADENCE" in card.values),
                            drop=SYSTEM_GROUPS),
        cadence_days=cadence,
        feed_url=_unescape(_first(card, "X-GIGA-FEED")) or None,
        company=org,
        position=_unescape(_first(card, "TITLE")),
        urls=[_unescape(v) for v in card.values.get("URL", [])],
        notes="\n\n".join(notes),
        unusable=reason,
    )


def _without_binary(lines: list[str]) -> Iterator[str]:
    """Drop PHOTO/LOGO/SOUND/KEY and their continuation lines (folded, or vCard 2.1 base64
    lines without indent): giga never uses them and they are most of a card's bytes."""
    skipping = False
    for line in lines:
        match = None if line[:1] in (" ", "\t") else _PROPERTY.match(line)
        if match:
            skipping = match.group(1).upper() in _BINARY
        elif not line.strip():
            skipping = False  # vCard 2.1 ends base64 data with a blank line
        if not skipping:
            yield line


def _properties(begin: int, lines: list[str]) -> _Card:
    """Raw values of the wanted properties of one card, parsed line by line by vobject."""
    card = _Card()
    depth = 0
    for logical, number in getLogicalLines(io.StringIO("\n".join(lines)), allowQP=True):
        match = _PROPERTY.match(logical)
        name = match.group(1).upper() if match else ""
        if name not in _WANTED:
            continue
        where = begin + max(number, 1) - 1
        if not _WELL_FORMED.match(logical):
            card.errors.append(f"line {where}: malformed property line")
            continue
        try:
            content = _content_line(logical, number)
        except Exception as e:  # noqa: BLE001 - vobject raises many kinds on hostile input
            card.errors.append(f"line {where}: {type(e).__name__}: {clean_line(str(e)) or ''}"[:200])
            continue
        if content.name == "BEGIN":
            depth += 1
        elif content.name == "END":
            depth -= 1
        elif depth == 1 and isinstance(content.value, str):
            card.values.setdefault(content.name, []).append(content.value)
    return card


def _content_line(logical: str, number: int) -> ContentLine:
    """vobject's parse of one logical line; charset-less QP falls back to Windows-1252."""
    try:
        return textLineToContentLine(logical, number)
    except UnicodeDecodeError:
        name, params, value, group = parseLine(logical, number)
        if any(p[0].upper() == "CHARSET" for p in params):
            raise
        return ContentLine(name, [*params, ["CHARSET", "windows-1252"]], value, group, encoded=True)


def _first(card: _Card, name: str) -> str:
    """The first non-empty raw value of a property."""
    return next((v for v in card.values.get(name, []) if v.strip()), "")


def _split(raw: str, separator: str) -> list[str]:
    """Split a raw value on unescaped separators (``\\;`` stays inside its component)."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(raw)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unescape(raw: str) -> str:
    """vCard text escapes: ``\\n`` is a newline, ``\\,`` ``\\;`` ``\\:`` ``\\\\`` themselves;
    any other backslash is kept (``C:\\Users`` stays as written)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _categories(raw_values: list[str], escapes_kept: bool) -> Iterator[str]:
    """CATEGORIES split into interests on commas and semicolons. Exporters escape the
    separators themselves (Thunderbird writes ``category1\\, category2``), so an escaped
    comma separates too; only giga's own cards (``escapes_kept``) are read as RFC 6350
    says, where ``\\,`` is a comma inside an interest."""
    for raw in raw_values:
        if not escapes_kept:
            yield from _SEPARATORS.split(_unescape(raw))
            continue
        for part in _split(raw, ","):
            yield from (_unescape(p) for p in _split(part, ";"))


def _words(raw: str) -> str:
    """A name component that may be a comma list (``Richter,James``) as plain words."""
    return " ".join(w for w in (_unescape(p).strip() for p in _split(raw, ",")) if w)

"""Matching people by name: the same person written "José  Pérez", "jose perez" and
"Dr. José Pérez".

Titles and suffixes (Dr., Prof., Jr., PhD, III...) are told apart from the name itself
by nameparser's ``HumanName``: they are no first name to greet someone by, and they do
not make one person two. Invisible characters (zero-width, bidirectional controls, other
format characters) are no part of a name: they are removed before a name is stored,
shown or matched, so "Ana\\u200bLima" is "AnaLima" and never "Ana Lima".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

_NOT_WORD = re.compile(r"[^\w\s]+")
# Zero-width spaces and joiners, direction marks, embeddings and isolates, the word
# joiner and invisible operators, a stray BOM; every other format (Cf) character too.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """``text`` without invisible characters (what a reader of the name cannot see)."""
    text = _INVISIBLE.sub("", text)
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def word_key(text: str) -> str:
    """Casefolded, accents and punctuation removed, whitespace collapsed; titles kept.
    Empty when the text has no letter or digit (emoji, symbols)."""
    decomposed = unicodedata.normalize("NFKD", visible(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


class _Parsed(NamedTuple):
    key: str  # the word key of the name without title or suffix
    greeting: str  # what a note says after "Hello"


@lru_cache(maxsize=8192)
def _parse(name: str) -> _Parsed:
    text = " ".join(visible(name).split())
    whole = word_key(text)
    if not whole:  # nothing to parse: an emoji or symbols only
        return _Parsed("", text)
    # nameparser's vocabularies take 40 ms to load: only when a name is read
    from nameparser import HumanName

    parsed = HumanName(text)
    core = whole
    # A title or suffix is dropped only when a first and a last name remain, so that
    # "Rock Hudson" or "Jo Ra" (words nameparser also knows as titles) stay whole, and
    # never a number ("Ana Lima 2" is told apart from "Ana Lima" on purpose). The other
    # words keep their order: "Smith, John" is not reordered into "John Smith".
    if parsed.first and parsed.last and not any(c.isdigit() for c in parsed.title + parsed.suffix):
        core = word_key(_without(text, [*parsed.title_list, *parsed.suffix_list])) or whole
    if parsed.first:
        greeting = parsed.first
    elif parsed.title:
        greeting = text  # "Dr. Smith": the title belongs with the surname
    else:
        greeting = text.split()[0]
    return _Parsed(core, greeting)


def _without(text: str, pieces: list[str]) -> str:
    """``text`` without the words of ``pieces`` (each once), the rest in order."""
    words = text.replace(",", " , ").split()
    for word in (w for piece in pieces for w in piece.replace(",", " ").split()):
        if word in words:
            words.remove(word)
    return " ".join(words)


def name_key(name: str) -> str:
    """What two spellings of one person share: the word key of the name once invisible
    characters, titles and suffixes are left out ("Dr. José Pérez, PhD" -> "jose perez").
    Empty for a name with no letter or digit: such a name matches only itself, exactly."""
    return _parse(name).key


def first_name_of(name: str) -> str:
    """A greeting name when none was given: the first name, never a title ("Dr. Jane
    Smith" -> "Jane"); title and surname together when there is no first name."""
    return _parse(name).greeting


def given_first_name(first: str | None) -> str | None:
    """A first name as a contacts file gave it, without a title in front ("Dr. Jane" ->
    "Jane"); "Mary Ann" stays "Mary Ann"."""
    text = " ".join(visible(first or "").split())
    if " " not in text or not word_key(text):  # one word: a title alone stays what it is
        return text or None
    from nameparser import HumanName

    parsed = HumanName(text)
    rest = " ".join(p for p in (parsed.first, parsed.middle, parsed.last) if p)
    return rest if parsed.title and rest else text


def close_matches(wanted: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names a user probably meant, for "unknown contact" errors."""
    key = word_key(wanted)
    if not key:
        return []
    by_key = {word_key(n): n for n in names}
    by_key.pop("", None)
    keys = difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.5)
    return [by_key[k] for k in keys]

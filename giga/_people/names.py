"""Matching people by name: the same person written "José  Pérez" and "jose perez"."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NOT_WORD = re.compile(r"[^\w\s]+")


def name_key(name: str) -> str:
    """Casefolded, accents and punctuation removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def first_name_of(name: str) -> str:
    """A greeting name when none was given: the first word of the display name."""
    words = name.split()
    return words[0] if words else name


def close_matches(wanted: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names a user probably meant, for "unknown contact" errors."""
    by_key = {name_key(n): n for n in names}
    keys = difflib.get_close_matches(name_key(wanted), list(by_key), n=limit, cutoff=0.5)
    return [by_key[k] for k in keys]

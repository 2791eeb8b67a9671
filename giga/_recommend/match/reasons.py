"""The words of a reason, kept true: what an article is said to be about is what was
found in it. An interest is "in its title" only when all its words are in the title, "in
the article" only when all its words are in it; otherwise only the words found are named
("it mentions performance"). All the interests that made a match go into one sentence,
in one of a few phrasings, chosen per contact and article so a run does not read like a
form and the same pick reads the same way every time.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..vectorize.vectorizer import TOKEN_PATTERN
from .phrases import number_variants

_TOKEN = re.compile(TOKEN_PATTERN)


def tokens(text: str) -> frozenset[str]:
    """The words of ``text`` as the vectorizer finds them, lower-cased."""
    return frozenset(_TOKEN.findall(text.lower()))


def tokens_in_order(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased."""
    return _TOKEN.findall(text.lower())


def has_word(word: str, found: frozenset[str]) -> bool:
    """Whether ``word`` (singular or plural) is among ``found``."""
    return any(w in found for w in number_variants(word))


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class TagFindings:
    """Where each of a profile's tags was found in one article."""

    in_title: list[str] = field(default_factory=list)  # all its words in the title
    in_text: list[str] = field(default_factory=list)  # all its words in the article, not all in the title
    filed: list[str] = field(default_factory=list)  # the feed's category for it, the words not all found
    words: dict[str, list[str]] = field(default_factory=dict)  # some words only: tag -> the words found

    def __bool__(self) -> bool:
        return bool(self.in_title or self.in_text or self.filed or self.words)

    def whole(self) -> list[str]:
        """The tags the article has whole (in its words or its category)."""
        return [*self.in_title, *self.in_text, *self.filed]


def find_tags(tags: Sequence[tuple[str, list[str]]], title: frozenset[str], text: frozenset[str],
              categories: frozenset[str]) -> TagFindings:
    """``tags``: each tag with its words (no stop words), strongest first."""
    found = TagFindings()
    for tag, words in tags:
        if words and all(has_word(w, title) for w in words):
            found.in_title.append(tag)
        elif words and all(has_word(w, text) for w in words):
            found.in_text.append(tag)
        elif tag.strip().lower() in categories:
            found.filed.append(tag)
        elif some := [w for w in words if has_word(w, text)]:
            found.words[tag] = some
    return found


def _choice(key: str, n: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % n


def tag_sentence(found: TagFindings, key: str) -> str:
    """One sentence for all the tags an article meets (``key``: contact and article, so
    the phrasing is chosen the same way every time)."""
    named = [*found.whole(), *(t for t in found.words if t not in found.whole())]
    one = len(named) == 1
    quoted = listed([repr(t) for t in named])
    phrasing = _choice(key, 3)

    def names(tags: list[str]) -> str:
        return "it" if one and phrasing == 1 else listed([repr(t) for t in tags])

    clauses = []
    if found.in_title:
        clauses.append(f"its title is about {names(found.in_title)}")
    if found.in_text:
        talks = ("it talks about", "it goes into", "it covers")[_choice(key + "/text", 3)]
        clauses.append(f"{talks} {names(found.in_text)}")
    if found.filed:
        clauses.append(f"its feed files it under {names(found.filed)}")
    for tag, words in found.words.items():
        clauses.append(f"it mentions {listed(words)}" + ("" if one else f" (of {tag!r})"))
    body = listed(clauses)
    if phrasing == 0:
        return f"{body}: {'an interest' if one else 'interests'} you noted for them"
    if phrasing == 1:
        return f"you noted {quoted} as {'an interest' if one else 'interests'}, and {body}"
    return f"{body}, which you noted they care about"


def inferred_sentence(source: str, words_in_title: list[str], words_in_text: list[str]) -> str:
    """A guessed interest's reason ("from their role: ...") with the words of it the
    article has, saying where: none named when none is found."""
    parts = []
    if words_in_title:
        parts.append(f"its title says {listed(words_in_title)}")
    if words_in_text:
        parts.append(f"it mentions {listed(words_in_text)}")
    return f"{source} ({' and '.join(parts)})" if parts else source

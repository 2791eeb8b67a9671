"""Interest tags to propose for a contact, in the case people write them.

From what giga knows of the person: the distinctive words of their own feed's posts when
it has some; the subject of their role ("Senior Rails Developer" proposes "Rails"); the
topics the user's notes mention that the feeds also write about ("Met at RubyConf, into
climbing" proposes "climbing" when some article does). A tag is only worth proposing if
articles can match it, so note words are checked against the articles giga has.

Case: terms are found lower-cased and given back in the form the texts use most
("javascript" -> "JavaScript", "aws" -> "AWS", "heat pumps" stays lower-case).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .roles import role_parts, spelled_out

if TYPE_CHECKING:
    from ..types import Contact

# What importers write into notes that says nothing of the person ("Connected on ...").
_BOILERPLATE = re.compile(r"^\s*connected on\b.*$", re.IGNORECASE | re.MULTILINE)
_WORD = re.compile(r"[^\W\d_][\w'+#.-]*[^\W_]|[^\W\d_]{1,2}")
# A note word must be in at least this many articles (a topic the feeds carry), and in at
# most this share of them (not a word every article has: "time", "small", "second"), or
# in a window too small to tell, in at most MIN_ARTICLES + 1.
MIN_ARTICLES = 2
MAX_SHARE = 0.05


class Background:
    """The articles giga has, as far as proposing tags needs them: which terms they
    carry and how often, and the case each word is usually written in. Built once for
    a walk through many contacts."""

    def __init__(self, texts: Sequence[str], titles: Sequence[str] = ()) -> None:
        self.texts = [t for t in texts if t.strip()]
        self.titles = list(titles)

    @cached_property
    def _headline_words(self) -> set[str]:
        return {w.lower() for title in self.titles for w in _WORD.findall(title)}

    def in_headlines(self, term: str) -> bool:
        """Whether some article's title has every word of ``term`` (a topic the feeds
        write headlines about, not a word any text has: "makes", "monthly")."""
        return all(w in self._headline_words for w in term.lower().split())

    @cached_property
    def _fitted(self) -> tuple[Any, dict[str, int]]:
        from sklearn.feature_extraction.text import (
            CountVectorizer,  # a second to import: only here
        )

        vectorizer = CountVectorizer(binary=True, stop_words="english", ngram_range=(1, 2),
                                     token_pattern=r"(?u)\b[^\W\d_][\w-]+\b")
        if not self.texts:
            return vectorizer, {}
        try:
            matrix = vectorizer.fit_transform(self.texts)
        except ValueError:  # nothing but stop words
            return vectorizer, {}
        counts = matrix.sum(axis=0).A1
        return vectorizer, {term: int(counts[i]) for term, i in vectorizer.vocabulary_.items()}

    def articles_with(self, term: str) -> int:
        return self._fitted[1].get(term, 0)

    def terms(self, text: str) -> list[str]:
        """The uni/bigrams of ``text`` as the background counts them, in order."""
        vectorizer, _ = self._fitted
        return list(dict.fromkeys(vectorizer.build_analyzer()(text)))

    @cached_property
    def _case(self) -> dict[str, str]:
        return case_map(self.texts)

    def readable(self, term: str, own: dict[str, str] | None = None) -> str:
        """``term`` word by word in the case the texts use most (``own`` first)."""
        return readable(term, {**self._case, **(own or {})})


def case_map(texts: Sequence[str]) -> dict[str, str]:
    """Lower-cased word -> its most common written form in ``texts`` (ties: lower-case)."""
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in _WORD.findall(text):
            forms.setdefault(word.lower(), Counter())[word] += 1
    return {key: max(counter, key=lambda form: (counter[form], form == key)) for key, counter in forms.items()}


def readable(term: str, case: dict[str, str]) -> str:
    """``term`` with each word as ``case`` writes it. Only lower-case and capitalized
    words are looked up (a title capitalizes every word); "UX" or "iPhone" stay as they
    are, and so does a word ``case`` does not know."""
    return " ".join(case.get(word.lower(), word) if word.islower() or word.istitle() else word
                    for word in term.split())


def role_tags(position: str | None) -> list[str]:
    """Tags from a role: its subject ("Rails" of "Senior Rails Developer"), or its
    occupation when it has no other word ("Photographer"); an abbreviation also gives
    its words ("UX" -> "user experience")."""
    tags: list[str] = []
    for field, occupation in role_parts(position):
        phrase = field or occupation
        tags += [phrase, *spelled_out(phrase)]
    return list(dict.fromkeys(t for t in tags if t))


def note_tags(notes: str, background: Background, k: int = 5) -> list[str]:
    """The topics of ``notes`` that articles also write about: terms in at least
    ``MIN_ARTICLES`` articles and at most ``MAX_SHARE`` of them, whose words some
    headline has, the most specific first; a word already part of a chosen two-word term
    is not proposed again."""
    most = max(MAX_SHARE * len(background.texts), MIN_ARTICLES + 1)
    found = [(background.articles_with(t), t) for t in background.terms(notes)]
    found = [(n, t) for n, t in found if MIN_ARTICLES <= n <= most and background.in_headlines(t)]
    chosen: list[str] = []
    for _, term in sorted(found, key=lambda pair: (pair[0], -len(pair[1].split()))):
        if len(chosen) == k:
            break
        if any(term in c.split() or set(term.split()) <= set(c.split()) for c in chosen):
            continue
        chosen = [c for c in chosen if c not in term.split()]
        chosen.append(term)
    return chosen


def useful_notes(notes: str | None) -> str:
    """The notes without the lines an importer wrote ("Connected on 01 Jan 2024")."""
    return " ".join(_BOILERPLATE.sub("", notes or "").split())


def propose(contact: Contact, own: Sequence[str], background: Background, k: int = 10) -> list[str]:
    """Up to ``k`` tags for ``contact``, none they have already: their role's subject
    first, then what their own posts (``own``) are distinctively about, then the topics
    of the user's notes; each in the case the texts use most."""
    own_case = case_map(own)
    terms = role_tags(contact.position)
    if own:
        from .._recommend.vectorize import (
            distinctive_terms,  # scikit-learn: a second to import
        )

        terms += distinctive_terms(own, background.texts, k=k, exclude=contact.tags)
    notes = useful_notes(contact.notes)
    if notes:
        terms += note_tags(notes, background, k)
    have = {t.lower() for t in contact.tags}
    out: dict[str, str] = {}
    for term in terms:
        shown = background.readable(term, own_case)
        if term.lower() not in have and term.lower() not in out:
            out[term.lower()] = shown
    return list(out.values())[:k]

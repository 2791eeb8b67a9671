"""Interests nobody typed: what giga can guess of a contact who has no interest tags.

A LinkedIn import brings hundreds of people with a position and a company and nothing
else. Rather than nothing, such a contact is matched on what is known of them: the
subject words of their role (``_people.roles``), their company's name (weaker: it finds
news *about* the company), and the user's own notes. Their own feed's posts and what was
shared with them before count for everyone, tags or not (``match.profiles``). A guess
needs a clear match: a contact known by guesses alone gets no pick scoring under
``MIN_SCORE`` and none without every word of one of its guesses (``ColdStart.anchored``).
The role, occupation and company weights and the minimum were measured with
``benchmarks/eval_cold_start.py`` on the titles set aside for tuning; the notes weight
is a judgement (the evaluation has no notes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .._people.interests import case_map, readable, useful_notes
from .._people.roles import company_interest, expanded, role_parts, spelled_out
from .._text import one_line
from .match.types import Interest, Profile

if TYPE_CHECKING:
    from ..types import Contact

# What each guess weighs where a typed tag weighs 1.
ROLE_WEIGHT = 1.0
OCCUPATION_WEIGHT = 0.3  # "Developer" of "Ruby Developer": it finds job posts, not Ruby
COMPANY_WEIGHT = 0.3
NOTES_WEIGHT = 0.6
MIN_SCORE = 0.03


@dataclass(frozen=True)
class ColdStart:
    """The weights of each kind of guess; the defaults are the measured ones."""

    role_weight: float = ROLE_WEIGHT
    occupation_weight: float = OCCUPATION_WEIGHT
    company_weight: float = COMPANY_WEIGHT
    notes_weight: float = NOTES_WEIGHT
    min_score: float = MIN_SCORE
    # A pick must have every word of one of the guesses: the role's field ("Middle East",
    # not "middle"; its occupation word only when the role has no other: "Politics
    # Editor" gets no article that only says "editor"), the company's name as a phrase
    # ("Red Hat", not a recipe's red onion and hat), or any word of the notes. Off for
    # someone known otherwise (own posts, things shared).
    anchored: bool = True

    def interests(self, position: str | None, company: str | None, notes: str | None) -> tuple[Interest, ...]:
        """The guesses, strongest first (none for fields that say nothing)."""
        out = []
        source = f"from their role: {one_line(position or '', 80)}"
        for field, occupation in role_parts(position):
            if field:
                out.append(Interest(expanded(field), self.role_weight, source, field, self._anchors(field)))
            if occupation:
                weight = self.occupation_weight * self.role_weight if field else self.role_weight
                out.append(Interest(expanded(occupation), weight, source, anchors=() if field else self._anchors(occupation)))
        name = company_interest(company, position)
        if name and self.company_weight > 0:
            out.append(Interest(name, self.company_weight, f"from where they work: {one_line(company or name, 80)}",
                                anchors=tuple(f'"{a}"' for a in self._anchors(name))))
        text = useful_notes(notes)
        if text and self.notes_weight > 0:
            words = tuple(dict.fromkeys(text.split()))  # any word of a note will do
            out.append(Interest(text, self.notes_weight, f"from your notes: {one_line(text, 60)}",
                                anchors=words if self.anchored else ()))
        return tuple(i for i in out if i.weight > 0)

    def _anchors(self, text: str) -> tuple[str, ...]:
        """What a pick must have all of: the words as written, or those of what its
        abbreviations stand for ("QA Automation": "QA Automation" or "quality assurance
        Automation")."""
        if not self.anchored:
            return ()
        spelled = " ".join(spelled_out(w)[0] if spelled_out(w) else w for w in text.split())
        return tuple(dict.fromkeys([text, spelled]))


COLD_START = ColdStart()


def guesses(contact: Contact, known_otherwise: bool) -> tuple[tuple[Interest, ...], float]:
    """A contact's inferred interests (none when they have tags) and the minimum score
    of their picks (when nothing else is known of them: no own posts, nothing shared)."""
    if contact.tags:
        return (), 0.0
    if known_otherwise:
        return replace(COLD_START, anchored=False).interests(contact.position, contact.company, contact.notes), 0.0
    return COLD_START.interests(contact.position, contact.company, contact.notes), COLD_START.min_score


def named(explainer: Any, profile: Profile, doc_id: str) -> str | None:
    """What a draft may call the inferred interest that made a match, if any, written as
    the article writes it: a title capitalizes every word ("Game Designer"), an article
    writes "game" but "Rails"."""
    if not profile.inferred:
        return None
    name = next((i.name for i in explainer.matched_inferred(profile, doc_id) if i.name), None)
    if name is None:
        return None
    doc = explainer.docs[explainer.index[doc_id]]
    return readable(name, case_map([doc.title, doc.body]))


def is_silent(profile: Profile) -> bool:
    """Nothing to match on: no tags, guesses, own posts or anything shared or liked."""
    return not (profile.tags or profile.inferred or profile.own or profile.liked)


def no_signal_note(names: Sequence[str]) -> str | None:
    """One line for everyone giga has nothing to match on (None when nobody)."""
    if not names:
        return None
    how = "give them interests with `giga contacts tag`, or a role, notes or web site with `giga contacts edit`"
    if len(names) == 1:
        return f"{names[0]} has no interests, role, notes or feed to match on yet: {how}"
    return f"{len(names)} contacts have no interests, role, notes or feed to match on yet: {how}"

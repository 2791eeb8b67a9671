"""Public values about who is who: contacts that may be one person, and what merging
two of them moved. Frozen dataclasses with ``as_dict()``, like ``giga.types`` (kept apart
only so that each file stays small)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import Contact

__all__ = ["DuplicatePair", "MergeReport"]


def _contact_dict(contact: Contact) -> dict[str, Any]:
    """A contact's JSON with its id: namesakes cannot be told apart by name alone."""
    return {**contact.as_dict(), "id": contact.id}


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two stored contacts that are probably one person, and why giga thinks so.

    ``keep`` is the one added first (usually the one with the history); merging is the
    user's call: ``Giga.merge_contacts(pair.keep, pair.other)``.
    """

    keep: Contact
    other: Contact
    reason: str  # "same LinkedIn profile", "same name", "similar names at the same company"...

    def as_dict(self) -> dict[str, Any]:
        """The ``giga contacts duplicates --json`` item."""
        return {"keep": _contact_dict(self.keep), "other": _contact_dict(self.other), "reason": self.reason}


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What ``Giga.merge_contacts`` moved from ``other`` (now deleted) onto ``keep``.

    Where both had a verdict or a draft for the same article, ``keep``'s stayed
    (``kept_own``); everything else of ``other`` now belongs to ``keep``.
    """

    keep: Contact  # as it is after the merge
    other: Contact  # as it was before
    emails: tuple[str, ...] = ()
    touches: int = 0
    drafts: int = 0
    feedback: int = 0
    feeds: int = 0  # their own feeds, now linked to keep
    tags: tuple[str, ...] = ()  # interests keep gained
    filled: tuple[str, ...] = ()  # keep's empty fields filled from other (notes: appended)
    kept_own: int = 0  # drafts and verdicts of other on articles keep already had one for

    def summary(self) -> str:
        """One line for a person: "merged A into B: 2 e-mails, 3 touches, ..."."""
        parts = [_count(len(self.emails), "e-mail"), _count(self.touches, "touch", "touches"),
                 _count(self.drafts, "draft"), f"{self.feedback} feedback"]
        if self.feeds:
            parts.append(_count(self.feeds, "feed"))
        parts.append(f"tags: {', '.join(self.tags) if self.tags else 'none new'}")
        line = f"merged {self.other.name} into {self.keep.name}: " + ", ".join(parts)
        if self.filled:
            line += f"; filled: {', '.join(self.filled)}"
        if self.kept_own:
            line += f"; {self.kept_own} of theirs on articles {self.keep.name} already had (kept {self.keep.name}'s)"
        return line

    def as_dict(self) -> dict[str, Any]:
        """The ``giga contacts merge --json`` object."""
        return {"keep": _contact_dict(self.keep), "other": _contact_dict(self.other), "emails": list(self.emails),
                "touches": self.touches, "drafts": self.drafts, "feedback": self.feedback, "feeds": self.feeds,
                "tags": list(self.tags), "filled": list(self.filled), "kept_own": self.kept_own}

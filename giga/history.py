"""The public value of ``Giga.history``: one entry of what you recorded, a touch (the
give/ask ledger: gave, asked, shared, met, called, note) or feedback on a suggestion
(liked, not_for_them, skipped). Kept beside ``giga.types`` (which is full) and exported
from ``giga`` like the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .types import Contact

__all__ = ["HistoryEntry"]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A touch or a feedback entry. ``id`` names it for ``Giga.delete_history``: ``t12``
    is touch (interaction) 12, ``f3`` feedback entry 3. It has the attributes of an
    ``Interaction`` (``contact``, ``kind``, ``text``, ``url``, ``at``), so code written
    for the touches-only ``history(name)`` of earlier versions keeps working."""

    id: str
    contact: Contact
    kind: str  # a touch: an InteractionKind; feedback: a Verdict
    text: str | None  # a touch: what you wrote; feedback: the article's title
    url: str | None  # a touch: the link shared; feedback: the article's URL
    at: datetime  # when it happened (a touch logged --on a day: noon that day)
    recorded_at: datetime  # when you recorded it
    article_id: str | None = None  # feedback: the article it is about

    @property
    def is_touch(self) -> bool:
        return self.id.startswith("t")

    def as_dict(self) -> dict[str, Any]:
        """The ``giga history --json`` item (also the ``history`` of ``contacts show``)."""
        return {
            "id": self.id,
            "type": "touch" if self.is_touch else "feedback",
            "contact": self.contact.name,
            "kind": self.kind,
            "text": self.text,
            "url": self.url,
            "article_id": self.article_id,
            "at": self.at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
        }

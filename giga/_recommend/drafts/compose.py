"""Drafts from Jinja2 templates: packaged defaults, overridden by the user's own folder.

Each template file is one phrasing (``share/<name>.txt.j2`` or ``respond/<name>.txt.j2``);
a file in the user's folder with a packaged name replaces it, a new name adds a
phrasing. A template may ``{% set subject = ... %}``. The phrasing is chosen by a hash of
contact and article, so a week's drafts differ from person to person yet the same
suggestion always reads the same, and the phrasing used last time for that person is
avoided. The output is plain text: every value a template sees was cleaned to one line
of text first (``text.plain_line``), so no markup or header break from a feed gets in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError

from ...errors import GigaError, InputError
from ...types import SuggestionKind
from .limits import LimitedSandbox, TemplateLimit, render_limited
from .quotable import pick_takeaway
from .text import clean_title, clean_url, plain_line

SUFFIX = ".txt.j2"
MAX_WORDS = 120
#: A title is quoted whole in the note: the longest real ones (a Reddit AMA, 150 characters)
#: fit; cutting one with "…" mid-sentence reads as a garbled quote.
TITLE_CHARS = 300
_NO_TAKEAWAY = {"takeaway": "", "takeaway_voice": "", "takeaway_claim": False}


@dataclass(frozen=True, slots=True)
class DraftInput:
    """What a draft may say: everything already known about the suggestion."""

    kind: str  # "share", or "respond" to the contact's own post
    contact_key: str
    first_name: str
    article_id: str
    title: str
    url: str | None
    text: str  # the article's body or summary, for the takeaway
    interest: str | None = None  # the interest tag that made the match, in the user's words
    because: str = ""  # why, when no single tag explains it ("what you have been writing about")
    signature: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    variant: str  # the phrasing used (template name)
    subject: str
    body: str
    quoted: bool = False  # the body quotes a sentence of the article


def choose_variant(variants: Collection[str], contact_key: str, article_id: str,
                   avoid: Collection[str] = (), usage: Mapping[str, int] | None = None) -> str:
    """Deterministic per contact and article; never one of ``avoid`` while another is
    left, and among the rest one of the least used so far this run (``usage``), so a
    week's drafts spread over every phrasing."""
    ordered = sorted(variants)
    pool = [v for v in ordered if v not in avoid] or ordered
    if usage:
        fewest = min(usage.get(v, 0) for v in pool)
        pool = [v for v in pool if usage.get(v, 0) == fewest]
    digest = hashlib.sha256(f"{contact_key}\x1f{article_id}".encode()).digest()
    return pool[int.from_bytes(digest[:8], "big") % len(pool)]


class Composer:
    """Renders drafts; one per run (the template environment is built once)."""

    def __init__(self, user_dir: Path | None = None) -> None:
        loaders = [PackageLoader("giga", "_recommend/drafts/templates")]
        if user_dir is not None and Path(user_dir).is_dir():
            loaders.insert(0, FileSystemLoader(str(user_dir)))
        self.user_dir = user_dir
        self.env = LimitedSandbox(
            loader=ChoiceLoader(loaders), autoescape=False, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True,
        )
        self._variants = {kind: self._find(kind) for kind in SuggestionKind}
        self._article_values: dict[tuple[object, ...], dict[str, object]] = {}

    def _find(self, kind: str) -> list[str]:
        names = self.env.list_templates(filter_func=lambda n: n.startswith(f"{kind}/") and n.endswith(SUFFIX))
        return sorted({n[len(kind) + 1:-len(SUFFIX)] for n in names})

    def variants(self, kind: str) -> list[str]:
        return list(self._variants[kind])

    def compose(self, item: DraftInput, avoid: Collection[str] = (), usage: Mapping[str, int] | None = None) -> Draft:
        """The draft for one suggestion, under ``MAX_WORDS`` words: a long one loses its
        takeaway first, then part of the title."""
        if item.kind not in SuggestionKind.__members__.values():
            raise InputError("kind", f"unknown draft kind {item.kind!r}")
        variant = choose_variant(self._variants[item.kind], item.contact_key, item.article_id, avoid, usage)
        values = self._values(item)
        short = {**values, **_NO_TAKEAWAY}
        for attempt in (values, short, {**short, "title": clean_title(item.title, 60)}):
            subject, body = self._render(f"{item.kind}/{variant}{SUFFIX}", attempt)
            if len(body.split()) <= MAX_WORDS:
                break
        return Draft(variant, subject, body, bool(attempt["takeaway"]))

    def _values(self, item: DraftInput) -> dict[str, object]:
        """The template's values, cleaned; an article's own values are worked out once
        however many people it goes to (a week can hold tens of thousands of drafts)."""
        key = (item.article_id, item.title, item.url, item.text, item.signature)
        shared = self._article_values.get(key)
        if shared is None:
            quote = pick_takeaway(item.text, item.title)
            shared = self._article_values[key] = {
                "title": clean_title(item.title, TITLE_CHARS),
                "url": clean_url(item.url),
                "takeaway": quote.text,
                "takeaway_voice": quote.voice,
                "takeaway_claim": quote.claim,
                "signature": _signature(item.signature),
            }
        return {
            "kind": item.kind,
            "first_name": plain_line(item.first_name, 60) or "there",
            "interest": plain_line(item.interest, 80) or None,
            "because": plain_line(item.because, 160),
            **shared,
        }

    def _render(self, name: str, values: dict[str, object]) -> tuple[str, str]:
        """One template's subject and body; any failure in the user's template code,
        a limit reached included, is one line naming the template file."""
        where = f" in {self.user_dir}" if self.user_dir else ""
        try:
            template = self.env.get_template(name)
        except (TemplateError, RecursionError, MemoryError) as exc:
            raise InputError(name, f"template error{where}: {plain_line(str(exc), 200)}") from None
        try:
            body, exported = render_limited(template, values)
        except TemplateLimit as exc:
            raise InputError(template.filename or name, f"template stopped: {exc}") from None
        except RecursionError:
            raise InputError(template.filename or name, "template stopped: it calls or includes itself "
                             "without end") from None
        except GigaError:
            raise
        except Exception as exc:  # noqa: BLE001 - the user's template code: 1/0, a bad filter argument
            message = plain_line(str(exc), 200) or type(exc).__name__
            raise InputError(template.filename or name, f"template error: {message}") from None
        subject = plain_line(str(exported.get("subject", "") or ""), 150) or f"Thought of you: {values['title']}"
        return subject, _tidy(body)


def _signature(text: str | None) -> str:
    """The user's own signature: several lines allowed, each cleaned."""
    lines = [plain_line(line, 200) for line in (text or "").splitlines()]
    return "\n".join(lines).strip()


def _tidy(body: str) -> str:
    lines = [line.rstrip() for line in body.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"

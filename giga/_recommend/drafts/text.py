"""Feed text made safe and short enough for a personal note.

Feed text is untrusted: titles may carry newlines, control characters, entities or
markup, and bodies open with bylines, captions and "continue reading" crumbs. Everything
placed in a draft passes through here and comes out as one line of plain text.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..._text import one_line

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")
_TAG = re.compile(r"<[^>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9À-Ý])")
_BOILERPLATE = re.compile(
    r"^(by |photo|image|credit|posted |published |updated |filed under|share |read more|continue reading"
    r"|click here|subscribe|advertisement|sponsored|this post|the post |originally |comments|\[)",
    re.IGNORECASE,
)
MIN_TAKEAWAY_WORDS = 6


def plain_line(text: str | None, limit: int = 300) -> str:
    """One line of plain text: markup and entities undone, control and direction-override
    characters removed, whitespace collapsed, at most ``limit`` characters."""
    if not text:
        return ""
    plain = _TAG.sub(" ", text)
    if "&" in plain:  # only complete entities: "&section=2" in a URL or text stays as it is
        plain = _TAG.sub(" ", _ENTITY.sub(lambda m: html.unescape(m.group(0)), plain))
    plain = unicodedata.normalize("NFC", _CONTROL.sub(" ", plain))
    return one_line(plain.replace("<", " ").replace(">", " "), limit)


def clean_url(url: str | None) -> str:
    """A link as text: no whitespace or control characters (which would break a line or
    a header), nothing else changed."""
    return "".join(_CONTROL.sub("", url or "").split())


def clean_title(title: str | None, limit: int = 120) -> str:
    """An article title fit for a note and a Subject line (never empty)."""
    return plain_line(title, limit) or "(untitled)"


def takeaway(text: str | None, title: str = "", limit: int = 200) -> str:
    """The article's first meaningful sentence, at most ``limit`` characters: skips
    bylines, captions and crumbs, and a sentence that only repeats the title. Empty when
    nothing qualifies (a note without a takeaway beats a note with a bad one)."""
    flat = plain_line(text, 4000)
    heading = plain_line(title, 500).lower().rstrip(".!?")
    for sentence in _SENTENCE_END.split(flat):
        sentence = sentence.strip()
        if len(sentence.split()) < MIN_TAKEAWAY_WORDS or _BOILERPLATE.match(sentence):
            continue
        if heading and sentence.lower().rstrip(".!?") == heading:
            continue
        if sentence[-1] not in ".!?…\"'”’)":
            sentence += "."
        if len(sentence) <= limit:
            return sentence
        cut = sentence[: limit - 1]
        return cut[: cut.rfind(" ")].rstrip(" ,;:-") + "…" if " " in cut else cut + "…"
    return ""

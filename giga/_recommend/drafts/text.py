"""Feed text made safe and short enough for a personal note.

Feed text is untrusted: titles may carry newlines, control characters, entities or
markup. Everything placed in a draft passes through here and comes out as one line of
plain text (the takeaway's sentence too: :mod:`.takeaway` picks it, this cleans it).
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..._text import one_line
from ...text import printable

_TAG = re.compile(r"<[^>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def plain_line(text: str | None, limit: int = 300) -> str:
    """One line of plain text: markup and entities undone, control and direction-override
    characters removed, whitespace collapsed, at most ``limit`` characters."""
    if not text:
        return ""
    plain = _TAG.sub(" ", text)
    if "&" in plain:  # only complete entities: "&section=2" in a URL or text stays as it is
        plain = _TAG.sub(" ", _ENTITY.sub(lambda m: html.unescape(m.group(0)), plain))
    plain = unicodedata.normalize("NFC", printable(plain))
    return one_line(plain.replace("<", " ").replace(">", " "), limit)


def clean_url(url: str | None) -> str:
    """A link as text: no whitespace or control characters (which would break a line or
    a header), nothing else changed."""
    return "".join(printable(url).split())


def clean_title(title: str | None, limit: int = 120) -> str:
    """An article title fit for a note and a Subject line (never empty)."""
    return plain_line(title, limit) or "(untitled)"

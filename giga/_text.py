"""The one rule for text that must fit on one line (error messages, table cells, headers)."""

from __future__ import annotations

from .text import printable, redact

_CUT_BEFORE_ELLIPSIS = " ,;:-"


def one_line(text: object, limit: int = 300) -> str:
    """``text`` with every run of whitespace (line breaks included) made one space, with
    no terminal sequences, controls or invisible characters and no URL credentials
    (``giga.text``); longer than ``limit`` characters, cut at a word's end and marked
    with an ellipsis."""
    flat = " ".join(redact(printable(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip(_CUT_BEFORE_ELLIPSIS) + "…"

"""A plain "thought of you" note for a suggestion. Pure: text in, text out.

Feed text is untrusted: everything is reduced to one line of plain text before it is
placed in the note, and the note is plain text (never HTML).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")


def one_line(text: str | None, limit: int = 300) -> str:
    """Control characters and newlines become spaces; whitespace collapsed; bounded."""
    flat = " ".join(_CONTROL.sub(" ", text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def takeaway(text: str, limit: int = 200) -> str:
    """The first meaningful sentence of the article, at most ``limit`` characters."""
    for sentence in _SENTENCE.split(one_line(text, 2000)):
        if len(sentence.split()) >= 5:
            return one_line(sentence, limit)
    return ""


def share_note(first_name: str, title: str, url: str | None, reason: str, summary: str) -> str:
    lines = [f"Hi {one_line(first_name, 60)},", ""]
    lines.append(f"I came across \"{one_line(title, 200)}\" and thought of you: {one_line(reason, 200)}.")
    point = takeaway(summary)
    if point:
        lines.append(f"The gist: {point}")
    if url:
        lines.append(one_line(url, 500))
    lines += ["", "Curious what you make of it. Anything I can help with at the moment?"]
    return "\n".join(lines)


def respond_note(first_name: str, title: str, url: str | None) -> str:
    lines = [f"Hi {one_line(first_name, 60)},", ""]
    lines.append(f"I just read your post \"{one_line(title, 200)}\" and enjoyed it.")
    if url:
        lines.append(one_line(url, 500))
    lines += ["", "What got you thinking about this? I would love to hear more."]
    return "\n".join(lines)

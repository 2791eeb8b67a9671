"""Text that is safe to show a person: the one cleaner for everything giga prints.

Feed titles, contact fields, server replies and stored error texts come from elsewhere.
On a terminal, an escape sequence in them changes the window title, clears the screen
or recolours what follows; a bidi override reverses a line; a zero-width character
misaligns a table. ``printable`` takes them out, and ``redact`` hides the password a
feed URL may carry (``https://user:secret@host/feed``). The CLI shows untrusted text
only through these (``giga.cli.render``), and stored titles and error texts are cleaned
with them too.
"""

from __future__ import annotations

import re

__all__ = ["json_escaped", "printable", "redact"]

# Whole terminal sequences, so that no "[2J" or "]0;title" is left behind: CSI (ESC [ or
# C1 CSI, parameters, final byte); OSC, DCS, SOS, PM and APC up to their terminator (BEL
# or ST) or the end of the line; any other ESC with its intermediate and final bytes.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Line and paragraph separators and every other C0/C1 control (tab and line feed are
# kept where lines are): they become a space.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible formatting: zero-width space/joiners, direction marks, embeddings, overrides
# and isolates, word joiner and invisible operators, the Arabic letter mark, a stray BOM,
# interlinear annotation and tag characters. They are removed: "Ana\u200bLima" is
# "AnaLima", as it looks.
_INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# user:password@ (or a bare token@) in anything that looks like a URL with an authority.
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s?#@]+@")


def printable(value: object, *, lines: bool = False) -> str:
    """``value`` as text without terminal sequences, control characters or invisible
    formatting characters. Controls become spaces; with ``lines`` line feeds and tabs
    are kept (a CR LF or lone CR becomes a line feed) for text shown on several lines."""
    text = "" if value is None else str(value)
    if text.isprintable():  # the usual case: nothing to do (isprintable is False for Cc, Cf)
        return text
    if lines and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEQUENCE.sub("", text) if ("\x1b" in text or not text.isascii()) else text
    text = (_CONTROL_IN_LINES if lines else _CONTROL).sub(" ", text)
    return _INVISIBLE.sub("", text)


def redact(value: object) -> str:
    """``value`` with the credentials of any URL in it replaced by ``***``:
    ``https://user:secret@host/feed`` reads ``https://***@host/feed``."""
    text = "" if value is None else str(value)
    return _CREDENTIALS.sub(r"\1***@", text) if "@" in text else text


_RAW_IN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{_INVISIBLE.pattern[1:-1]}]")


def json_escaped(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters it leaves
    raw but a terminal acts on (DEL, C1 controls, invisible formatting) written as
    ``\\uXXXX`` escapes: the same JSON to a parser, inert on a screen."""
    return _RAW_IN_JSON.sub(_escape_one, text) if not text.isascii() or "\x7f" in text else text


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # outside the BMP: a surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"

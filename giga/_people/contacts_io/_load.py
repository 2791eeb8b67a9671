"""Read a contacts file whole and decode it, or raise InputError: nothing half-way.

Exports come from phones, spreadsheets and 2003-era Outlook, so the encoding is guessed in
a fixed order: UTF-8 (a BOM is dropped), UTF-16 when a BOM says so, then Windows-1252
(what Excel on Windows writes). A file none of them decodes is refused, naming the line of
the first bad byte. Line ends are normalised to ``\\n``; a run of CRs before an LF counts
as one line end (iOS 5 wrote CR CR LF), so line numbers match what an editor shows.
"""

from __future__ import annotations

import codecs
import os
import re

from ..._files import read_bounded
from ...errors import InputError

__all__ = ["MAX_CONTACTS_BYTES", "load_text", "decode"]

#: Large address books are a few MB (photos included); anything bigger is not one.
MAX_CONTACTS_BYTES = 50 * 1024 * 1024

_LINE_END = re.compile(r"\r*\n|\r")
_LINE_END_BYTES = re.compile(rb"\r*\n|\r")


def load_text(path: str | os.PathLike[str]) -> str:
    """The file's text with ``\\n`` line ends; InputError when unreadable or too large."""
    name = os.fspath(path)
    data = read_bounded(name, MAX_CONTACTS_BYTES)
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Decode with the first encoding that fits; see the module docstring for the order."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return _normalize(data[skip:].decode("utf-8"))
    except UnicodeDecodeError as e:
        bad_offset = skip + e.start
    fallbacks = ["utf-16"] if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else []
    for encoding in [*fallbacks, "cp1252"]:
        try:
            return _normalize(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    line = len(_LINE_END_BYTES.findall(data, 0, bad_offset)) + 1
    raise InputError(name, "undecodable bytes: not UTF-8, UTF-16 or Windows-1252 text", line=line)


def _normalize(text: str) -> str:
    text = text.lstrip("\ufeff")
    return _LINE_END.sub("\n", text) if "\r" in text else text  # no copy of a file that needs none

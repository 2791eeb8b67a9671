"""Which format a contacts file is in, from its name and its first lines.

vCard is recognised by the ``.vcf``/``.vcard`` extension or a first ``BEGIN:VCARD`` line.
Everything else is read as CSV and named by its header (after any LinkedIn-style
preamble): LinkedIn first (``Connected On``), then Google (``E-mail 1 - Value`` or
``Given Name``), then Thunderbird and giga's own ``name`` column (both format "csv").
When nothing fits we refuse to guess: the caller can say ``--format``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...errors import InputError
from ._google import GOOGLE
from ._linkedin import LINKEDIN
from ._plain import PLAIN, THUNDERBIRD
from ._table import CsvLayout, Header, check_csv, find_header, first_content_line
from ._vcard import looks_like_vcard

__all__ = ["ALL_LAYOUTS", "LAYOUTS", "VCARD_SUFFIXES", "csv_layout", "is_vcard"]

VCARD_SUFFIXES = (".vcf", ".vcard")

#: Checked in this order; the first whose header test passes wins.
LAYOUTS: dict[str, tuple[CsvLayout, ...]] = {
    "linkedin": (LINKEDIN,),
    "google": (GOOGLE,),
    "csv": (THUNDERBIRD, PLAIN),
}
ALL_LAYOUTS = tuple(layout for group in LAYOUTS.values() for layout in group)


def is_vcard(path: str, text: str) -> bool:
    return os.path.splitext(path)[1].lower() in VCARD_SUFFIXES or looks_like_vcard(text)


def csv_layout(path: str, text: str, layouts: Sequence[CsvLayout], *, sniffing: bool) -> tuple[CsvLayout, Header]:
    """The first of ``layouts`` whose header is in ``text``, or InputError saying why not."""
    if not text or text.isspace():  # not strip(): that copies the whole text
        raise InputError(path, "file is empty")
    header = find_header(text, lambda keys: any(layout.matches(keys) for layout in layouts), path)
    if header is None:
        check_csv(text, path)  # broken quoting is the better message when there is some
        line = first_content_line(text)
        if sniffing:
            raise InputError(
                path,
                "cannot tell the format: not a vCard, and the CSV header matches no known layout "
                "(LinkedIn, Google, Thunderbird, or a 'name' column); use --format",
                line=line,
            )
        expected = " or ".join(layout.label for layout in layouts)
        raise InputError(path, f"the header is not a {expected} header", line=line)
    return next(layout for layout in layouts if layout.matches(header.keys)), header

"""Small rendering helpers shared by commands. Feed and contact text is untrusted: it is
never rich markup (``plain``), and in tables it is one line (``cell``); both clean it
with ``giga.text`` (no terminal sequences, controls, bidi or zero-width characters, no
password of a URL), the one cleaner for everything shown."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable, Sequence
from datetime import datetime

import click
from rich.cells import cell_len, set_cell_size
from rich.markup import escape

from .. import Contact
from ..text import printable, redact

_CELL_WIDTH = 48


def plain(value: object) -> str:
    """Untrusted text shown through rich, lines kept: cleaned (``giga.text``) and escaped
    so ``[bold]`` stays literal."""
    return escape(redact(printable(value, lines=True)))


def cell(value: object) -> str:
    """Untrusted text as one table cell: one line, nothing that moves the cursor."""
    return " ".join(redact(printable(value)).split())


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Rows as aligned columns under a header (wide characters counted as two cells);
    every column but the last is cut at ``_CELL_WIDTH`` cells. Plain text, so a list of
    thousands prints at once."""
    cells = [[cell(value) for value in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    widths = [min(w, _CELL_WIDTH) for w in widths[:-1]] + widths[-1:]

    def line(values: Sequence[str]) -> str:
        parts = [_fit(v, w) for v, w in zip(values[:-1], widths)] + [values[-1]]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), "  ".join("─" * w for w in widths)]
    out += [line(row) for row in cells]
    click.echo("\n".join(out))


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def print_cards(cards: Iterable[tuple[str, str]]) -> None:
    """Each (heading, text) as a card: the heading on a rule, the text wrapped to the
    terminal and indented, its line breaks kept. Plain text, printed at once, so a week
    of thousands of suggestions appears without waiting for a layout engine."""
    width = max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
    out = []
    for heading, text in cards:
        head = f"── {cell(heading)} "
        out.append(head + "─" * max(3, width - cell_len(head)))
        for line in text.rstrip("\n").split("\n"):
            clean = cell(line)
            if len(clean) <= width - 4:  # most lines: no need to wrap (textwrap counts characters too)
                out.append(f"  {clean}" if clean else "")
            else:
                out.extend(textwrap.wrap(clean, width - 2, initial_indent="  ", subsequent_indent="  "))
        out.append("")
    click.echo("\n".join(out), nl=False)


def named(contact: Contact) -> str:
    """A contact on one line that tells namesakes apart: "Name <e-mail, LinkedIn or #id>"."""
    tag = contact.emails[0] if contact.emails else contact.linkedin_url or f"#{contact.id}"
    return cell(f"{contact.name} <{tag}>")

"""Small rendering helpers shared by commands (feed text is never rich markup)."""

from __future__ import annotations

from datetime import datetime

from rich.markup import escape


def plain(value: object) -> str:
    """Feed-supplied text shown in a rich table: escaped so ``[bold]`` stays literal."""
    return escape("" if value is None else str(value))


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"

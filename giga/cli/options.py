"""Options several commands share, defined once so their names, defaults and help agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .. import DEFAULT_MAX_AGE_DAYS

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def suggestion_filters(top_default: int, top_max: int, top_help: str) -> Callable[[F], F]:
    """``--contact/--all/--top/--max-age``: who suggestions are for and which articles count."""
    options = [
        click.option("--contact", "contact", help="Only this contact."),
        click.option("--all", "everyone", is_flag=True, help="Every contact, not only those due."),
        click.option("--top", "top", default=top_default, show_default=True, type=click.IntRange(1, top_max),
                     help=top_help),
        click.option("--max-age", "max_age", default=DEFAULT_MAX_AGE_DAYS, show_default=True,
                     type=click.IntRange(0), help="Only articles from the last DAYS days (0: no limit)."),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate

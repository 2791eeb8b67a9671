"""``giga history`` and ``giga undo``: what you recorded, and taking a mistake back."""

from __future__ import annotations

from datetime import tzinfo

import click

from .. import HistoryEntry
from .context import AppContext, pass_app
from .options import json_option
from .render import cell, print_table

_TOUCH = {"gave": "gave to {}", "asked": "asked {}", "shared": "shared with {}", "met": "met {}",
          "called": "called {}", "note": "note about {}"}
_FEEDBACK = {"liked": "liked a suggestion for {}", "not_for_them": "not for {}", "skipped": "skipped for {}"}


def _what(entry: HistoryEntry) -> str:
    return entry.text or entry.url or entry.article_id or ""


def describe(entry: HistoryEntry, tz: tzinfo) -> str:
    """One line a person reads: ``2026-11-30 shared with Ana Lima: <text>`` (cleaned)."""
    phrases = _TOUCH if entry.is_touch else _FEEDBACK
    action = phrases.get(entry.kind, entry.kind + " {}").format(entry.contact.name)
    what = _what(entry)
    return cell(f"{entry.at.astimezone(tz):%Y-%m-%d} {action}" + (f": {what}" if what else ""))


@click.command()
@click.argument("name", required=False)
@json_option
@click.option("--limit", type=click.IntRange(1), help="Only the N newest entries.")
@click.option("--delete", "delete_id", metavar="ID", help="Delete one entry (t12: a touch, f3: feedback).")
@pass_app
def history(app: AppContext, name: str | None, as_json: bool, limit: int | None, delete_id: str | None) -> None:
    """Touches (give/ask ledger) and feedback you recorded, newest first, with their ids.

    IDs starting with t are touches (giga log), with f feedback on suggestions.
    Delete one with --delete ID; giga undo takes back the last one recorded.
    """
    if delete_id is not None:
        if name or as_json or limit:
            raise click.UsageError("--delete takes only the ID")
        entry = app.giga.delete_history(delete_id)
        click.echo(f"deleted {entry.id}: {describe(entry, app.giga.tz)}")
        return
    entries = app.giga.history(name, limit=limit)
    if as_json:
        app.print_json([e.as_dict() for e in entries])
        return
    if not entries:
        click.echo("Nothing recorded yet." if name is None else f"Nothing recorded for {cell(name)} yet.")
        return
    tz = app.giga.tz
    print_table(["id", "date", "contact", "what", "details"],
                ([e.id, f"{e.at.astimezone(tz):%Y-%m-%d}", e.contact.name,
                  e.kind if e.is_touch else f"feedback: {e.kind.replace('_', ' ')}", _what(e)] for e in entries))


@click.command()
@pass_app
def undo(app: AppContext) -> None:
    """Take back the last touch or feedback you recorded (whatever date it was for)."""
    entry = app.giga.undo()
    if entry is None:
        click.echo("Nothing to undo.")
        return
    click.echo(f"undid: {describe(entry, app.giga.tz)}")

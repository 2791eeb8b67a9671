"""``giga drafts export``: this week's notes, where you write mail. Nothing is sent."""

from __future__ import annotations

from pathlib import Path

import click

from .. import ExportFormat
from .context import AppContext, pass_app
from .options import suggestion_filters
from .render import plain


@click.group()
def drafts() -> None:
    """Drafts of "thought of you" notes: export them, then send the ones you like."""


@drafts.command("export")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ExportFormat]), default="txt", show_default=True,
              help="txt/md: one digest with mailto: links; eml: one unsent e-mail per draft; json.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (default: print txt/md/json; eml goes to ./giga-drafts-DATE).")
@click.option("--force", is_flag=True,
              help="Replace files of the same name in the folder (default: keep them and number the new ones).")
@suggestion_filters(top_default=1, top_max=20, top_help="Drafts per contact.")
@pass_app
def export(app: AppContext, fmt: str, out: Path | None, force: bool, contact: str | None, everyone: bool,
           top: int, max_age: int) -> None:
    """Export this week's drafts (for the contacts who are due, unless --all/--contact).

    \b
    eml: one unsent e-mail per draft, named after the contact (tomas-ferreira.eml),
         From: your sender setting (giga settings sender "Name <you@example.org>").
    A file already in the folder is never overwritten: the new one is numbered
    (tomas-ferreira-2.eml), unless --force. The files appear only once all are written.

    Send the ones you like from your own mail, then record it with
    giga log NAME --shared URL: a give in your ledger, and never suggested again.
    """
    result = app.giga.drafts(contact, everyone=everyone, top=top, max_age_days=max_age or None, record=False)
    for warning in result.warnings:
        app.err.print(f"note: {plain(warning)}", highlight=False)
    items = list(result)
    today = app.giga.now()
    if out is None and fmt != ExportFormat.EML:
        click.echo(app.giga.render_drafts(items, fmt, today))
        app.giga.record_drafts(items)  # handed out once printed
        return
    if fmt == ExportFormat.EML and items and not app.giga.settings().get("sender"):
        app.err.print("note: no sender set, so the drafts have no From: (giga settings sender "
                      "'Name <you@example.org>')", highlight=False)
    folder = out if out is not None else Path.cwd() / f"giga-drafts-{today:%Y-%m-%d}"
    paths = app.giga.export_drafts(items, fmt, folder, today, force=force)
    if not items:
        app.err.print("no drafts this week: nobody is due, or no recent article matches (try --all or --max-age 0)")
    for path in paths:
        click.echo(str(path))

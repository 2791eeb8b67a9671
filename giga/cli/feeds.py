"""``giga feeds``: subscribe, unsubscribe, list, import and export OPML."""

from __future__ import annotations

from pathlib import Path

import click

from .context import AppContext, pass_app
from .options import json_option
from .render import cell, plain, print_table, when


@click.group()
def feeds() -> None:
    """Manage the feeds giga reads (URLs or local files, OPML in and out)."""


@feeds.command("add")
@click.argument("sources", nargs=-1, required=True)
@pass_app
def feeds_add(app: AppContext, sources: tuple[str, ...]) -> None:
    """Subscribe to SOURCES: http(s) URLs or local feed files."""
    added = app.giga.add_feeds(sources)
    for source in added:
        app.out.print(f"added {plain(source)}")
    already = len(set(sources)) - len(added)
    if already > 0:
        app.out.print(f"{already} already subscribed")


@feeds.command("remove")
@click.argument("source")
@pass_app
def feeds_remove(app: AppContext, source: str) -> None:
    """Unsubscribe from SOURCE (its articles go too, unless another feed has them)."""
    removed = app.giga.remove_feed(source)
    app.out.print(f"removed {plain(source)} and {removed} article(s) only it carried")


@feeds.command("list")
@json_option
@pass_app
def feeds_list(app: AppContext, as_json: bool) -> None:
    """List subscribed feeds with their last fetch and errors."""
    items = app.giga.feeds()
    if as_json:
        app.print_json([f.as_dict() for f in items])
        return
    if not items:
        app.out.print("No feeds yet. Add one with: giga feeds add URL")
        return
    print_table(["feed", "title", "last ok", "errors"],
                ([f.url, f.title, when(f.last_ok_at), f"{f.error_count}: {f.last_error}" if f.error_count else ""]
                 for f in items))


@feeds.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def feeds_import(app: AppContext, file: Path) -> None:
    """Subscribe to every feed in an OPML FILE (its folders are kept for export). An
    outline giga cannot use is skipped with a warning; the rest are imported."""
    report = app.giga.import_opml(file)
    for warning in report.warnings:
        app.err.print(f"warning: {plain(cell(warning))}", highlight=False)
    app.out.print(
        f"imported {plain(file)}: {len(report.added)} added, "
        f"{len(report.already_subscribed)} already subscribed"
    )


@feeds.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def feeds_export(app: AppContext, file: Path | None) -> None:
    """Write subscriptions as OPML to FILE (default: standard output)."""
    text = app.giga.export_opml()
    if file is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(file)  # never leave a half-written export behind
    app.err.print(f"wrote {len(app.giga.feeds())} feed(s) to {plain(file)}")

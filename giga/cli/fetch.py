"""``giga fetch``: refresh every feed, with a progress bar on a terminal."""

from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import UpdateSummary
from .context import AppContext, pass_app
from .options import json_option
from .render import plain


@click.command()
@json_option
@click.option("--force", is_flag=True, help="Also ask feeds that are backing off or said Retry-After.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="SECONDS",
    help="Give up on any one feed after this many seconds (default 60).",
)
@pass_app
def fetch(app: AppContext, as_json: bool, force: bool, timeout: float | None) -> None:
    """Refresh every feed. One failing feed never stops the run."""
    giga = app.giga
    if app.err.is_terminal and not as_json:
        with Progress(
            TextColumn("fetching"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=app.err,
            transient=True,
        ) as bar:
            task = bar.add_task("fetch", total=None)

            def progress(done: int, total: int, source: str) -> None:
                bar.update(task, completed=done, total=total)

            summary = giga.fetch(force=force, progress=progress, timeout=timeout)
    else:
        summary = giga.fetch(force=force, timeout=timeout)
    if as_json:
        app.print_json(summary.as_dict())
        return
    _print_summary(app, summary)


def _print_summary(app: AppContext, summary: UpdateSummary) -> None:
    app.out.print(
        f"{summary.feeds} feed(s): {summary.updated} updated, {summary.not_modified} not modified, "
        f"{summary.failed} failed, {summary.skipped} waiting; {summary.new_articles} new article(s)",
        highlight=False,
    )
    for failure in summary.errors:
        app.err.print(f"  failed: {plain(failure.feed)}: {plain(failure.error)}")
    for warning in summary.warnings:
        app.err.print(f"  note: {plain(warning)}", highlight=False)
    if summary.too_old:
        app.out.print(f"{summary.too_old} entr{'y was' if summary.too_old == 1 else 'ies were'} older than the "
                      "retention age and not kept (giga settings retention DAYS; 0 keeps everything)", highlight=False)
    if summary.pruned:
        app.out.print(f"{summary.pruned} old article(s) nothing refers to were pruned (giga settings retention)",
                      highlight=False)

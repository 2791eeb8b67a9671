"""``giga demo``: the whole job, offline, on a throwaway database and bundled data."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import click
from rich.panel import Panel
from rich.table import Table

from ..core import Giga
from .context import AppContext, pass_app
from .render import plain, when


def demo_folder() -> Path:
    return Path(str(resources.files("giga") / "demo_data"))


@click.command()
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the demo database in this folder instead of a temporary one.")
@pass_app
def demo(app: AppContext, keep: Path | None) -> None:
    """Run giga end to end on bundled demo feeds, offline, in a throwaway database."""
    folder = demo_folder()
    with tempfile.TemporaryDirectory(prefix="giga-demo-") as tmp:
        target = (keep or Path(tmp)) / "giga-demo.db"
        target.parent.mkdir(parents=True, exist_ok=True)
        with Giga(target, parse_workers=1) as giga:
            report = giga.import_opml(folder / "opml" / "demo.opml")
            app.out.print(f"[bold]1. Subscribed[/bold] to {report.total} demo feeds (bundled files, no network).")
            summary = giga.fetch()
            app.out.print(
                f"[bold]2. Fetched:[/bold] {summary.updated} feeds updated, "
                f"{summary.new_articles} articles stored, {summary.failed} failed."
            )
            table = Table("feed", "newest articles", title="3. What is in your reading pile")
            for feed in giga.feeds():
                titles = [f"{when(a.published)}  {plain(a.title)}" for a in giga.articles(feed=feed.url, limit=3)]
                table.add_row(plain(feed.title or feed.url), "\n".join(titles))
            app.out.print(table)
            people = giga.import_contacts(folder / "contacts.csv", "csv")
            app.out.print(f"[bold]4. Imported[/bold] {len(people.added)} contacts with their interests and cadence.")
            due = Table("contact", "interests", "every", title="5. Who is due for a touch (never contacted yet)")
            for item in giga.due(limit=5):
                due.add_row(plain(item.contact.name), plain(", ".join(item.contact.tags)),
                            f"{item.contact.cadence_days} days")
            app.out.print(due)
            app.out.print(Panel(
                "Point giga at your own reading:\n"
                "  giga feeds add https://example.org/feed.xml   # or: giga feeds import subscriptions.opml\n"
                "  giga fetch\n"
                "  giga contacts import Connections.csv        # LinkedIn export, vCards, Google or plain CSV\n"
                "  giga due                                    # who to give something to this week\n"
                f"Demo database: {plain(target) if keep else '(temporary, removed now)'}",
                title="next",
            ))

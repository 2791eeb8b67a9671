"""``giga demo``: the whole job, offline, on a throwaway database and bundled data."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from rich.panel import Panel
from rich.table import Table

from .. import open_demo
from .context import AppContext, pass_app
from .render import plain, when

SHOWN_CONTACTS = 3


@click.command()
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the demo database in this folder instead of a temporary one.")
@pass_app
def demo(app: AppContext, keep: Path | None) -> None:
    """Run giga end to end on bundled demo feeds, offline, in a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="giga-demo-") as tmp:
        target = (keep or Path(tmp)) / "giga-demo.db"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open_demo(target) as giga:
            feeds, people = giga.feeds(), giga.contacts()
            articles = giga.articles()
            app.out.print(f"[bold]1. Read[/bold] {len(feeds)} demo feeds (bundled files, no network): "
                          f"{len(articles)} articles stored.")
            table = Table("feed", "newest articles", title="2. What is in your reading pile")
            for feed in feeds:
                titles = [f"{when(a.published)}  {plain(a.title)}" for a in giga.articles(feed=feed.url, limit=2)]
                table.add_row(plain(feed.title or feed.url), "\n".join(titles))
            app.out.print(table, soft_wrap=False)
            app.out.print(f"[bold]3. Imported[/bold] {len(people)} contacts with their interests, cadence "
                          "and a little history of gives and asks.")
            due = giga.due()
            table = Table("contact", "interests", "every", "last touch", title=f"4. Who is due ({len(due)})")
            for item in due[:6]:
                last = f"{item.last_touch.kind} {when(item.last_touch.at)}" if item.last_touch else "never"
                table.add_row(plain(item.contact.name), plain(", ".join(item.contact.tags)),
                              f"{item.contact.cadence_days} days", plain(last))
            app.out.print(table, soft_wrap=False)
            names = [d.contact.name for d in due[:SHOWN_CONTACTS]]
            app.out.print(f"[bold]5. What to pass along[/bold] to {', '.join(names)}, why, and a draft to edit:")
            for name in names:
                for item in giga.suggest(name, top=1, max_age_days=None):
                    body = "\n".join([f"why: {plain('; '.join(item.why))}", "", plain(item.draft)])
                    app.out.print(Panel(body, title=f"{plain(item.contact.name)}: {plain(item.article.title)}",
                                        title_align="left"), soft_wrap=False)
            app.out.print(Panel(
                "Point giga at your own reading and people:\n"
                "  giga feeds add https://example.org/feed.xml   # or: giga feeds import subscriptions.opml\n"
                "  giga fetch\n"
                "  giga contacts import Connections.csv        # LinkedIn export, vCards, Google or plain CSV\n"
                "  giga settings signature 'Best,\\nSam'\n"
                "  giga suggest                                # who to give something to, and what\n"
                "  giga drafts export --format eml --out drafts/\n"
                "  giga log NAME --shared URL                  # after you sent it: a give in your ledger\n"
                f"Demo database: {plain(target) if keep else '(temporary, removed now)'}",
                title="next",
            ), soft_wrap=False)

"""The ``giga`` command: a thin click layer over the facade.

Each command opens the database, makes one facade call and renders the result. Errors
giga raises on purpose become one line on stderr and exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import GigaError
from . import identity  # noqa: F401 - adds duplicates and merge to the contacts group
from .articles import articles
from .context import pass_app, AppContext  # noqa: F401 - re-exported for subcommands
from .demo import demo
from .drafts import drafts
from .feeds import feeds
from .fetch import fetch
from .history import history, undo
from .people import contacts, due, log
from .review import review
from .settings import settings
from .share import share
from .suggest import feedback, suggest
from .tagging import contacts_tag


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GIGA_DB",
    help="Database file (default: giga.db in your user data folder; env GIGA_DB).",
)
@click.version_option(package_name="giga", prog_name="giga")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """giga: give first. Find what each of your contacts would enjoy reading.

    giga reads the feeds you follow, matches articles to the people you know and
    drafts a short personal note. It never sends anything on its own.
    """
    ctx.obj = AppContext(db_path)
    ctx.call_on_close(ctx.obj.close)


cli.add_command(feeds)
cli.add_command(fetch)
cli.add_command(demo)
cli.add_command(contacts)
cli.add_command(due)
cli.add_command(log)
cli.add_command(settings)
cli.add_command(suggest)
cli.add_command(feedback)
cli.add_command(drafts)
cli.add_command(history)
cli.add_command(undo)
cli.add_command(review)
cli.add_command(articles)
cli.add_command(share)
contacts.add_command(contacts_tag)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: one-line errors, non-zero exit, no traceback for GigaError."""
    try:
        cli.main(args=argv, prog_name="giga", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GigaError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    else:
        sys.exit(0)

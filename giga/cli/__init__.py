"""The ``giga`` command: a thin click layer over the facade.

Each command opens the database, makes one facade call and renders the result. Errors
giga raises on purpose become one line on stderr and exit status 1.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sqlite3
import sys
from pathlib import Path

import click

from .. import GigaError, StorageError
from ..text import printable, redact
from . import identity  # noqa: F401 - adds duplicates and merge to the contacts group
from .articles import articles
from .context import AppContext, pass_app  # noqa: F401 - re-exported for subcommands
from .demo import demo
from .drafts import drafts
from .feeds import feeds
from .fetch import fetch
from .history import history, undo
from .people import contacts, due, log
from .render import cell
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
    _show_notices()
    ctx.obj = AppContext(db_path)
    ctx.call_on_close(ctx.obj.close)


class _Stderr(logging.Handler):
    """giga's notices (a database created, a wait for another process, a stored value
    read leniently) as one clean line each on stderr; stdout stays for output."""

    def emit(self, record: logging.LogRecord) -> None:
        from .render import cell

        click.echo(("warning: " if record.levelno >= logging.WARNING else "")
                   + cell(record.getMessage()), err=True)


def _show_notices() -> None:
    logger = logging.getLogger("giga")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        logger.addHandler(_Stderr())
    logging.getLogger("giga._store").setLevel(logging.INFO)


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
    """Console-script entry: one-line errors, non-zero exit, no traceback for GigaError
    (nor for a database or file error that reached this far, nor for Ctrl-C)."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # giga/_interrupt.py's start-up handler
        with contextlib.suppress(ValueError):  # goes: a Ctrl-C is a KeyboardInterrupt, handled below
            signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cli.main(args=argv, prog_name="giga", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.message = redact(printable(exc.message, lines=True))  # may quote a file's name
        exc.show()
        sys.exit(exc.exit_code)
    except GigaError as exc:
        click.echo(f"Error: {cell(exc)}", err=True)  # a message may quote a feed or a file
        sys.exit(1)
    except (sqlite3.Error, OSError) as exc:  # the facade names these; this is a backstop
        click.echo(f"Error: {cell(StorageError.from_exception(exc))}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    else:
        sys.exit(0)

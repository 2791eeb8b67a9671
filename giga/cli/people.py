"""``giga contacts``, ``giga due`` and ``giga log``: the people side."""

from __future__ import annotations

import os
import shlex
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from .. import ContactFormat, Interaction
from .context import AppContext, pass_app
from .options import json_option
from .render import cell, named, plain, print_table
from .website import follow_website


def _touch_words(interaction: Interaction | None) -> str:
    if interaction is None:
        return "never"
    what = interaction.text or interaction.url or ""
    return f"{interaction.at:%Y-%m-%d} {interaction.kind}" + (f": {what}" if what else "")


@click.group()
def contacts() -> None:
    """The people you keep in touch with: interests, cadence, notes."""


@contacts.command("add")
@click.argument("name")
@click.option("--tags", default="", help='Interests, comma-separated: "climate tech, python".')
@click.option("--email", "emails", multiple=True, help="E-mail address (repeatable).")
@click.option("--every", type=click.IntRange(1, 3650), help="Stay in touch every DAYS days.")
@click.option("--feed", help="Their own blog or newsletter feed (URL or file).")
@click.option("--company")
@click.option("--position")
@click.option("--linkedin", "linkedin_url", help="LinkedIn profile URL.")
@click.option("--website", help="Their web site: its feed, if it names one, is followed as theirs.")
@click.option("--notes")
@pass_app
def contacts_add(app: AppContext, name: str, tags: str, emails: tuple[str, ...], every: int | None,
                 feed: str | None, **fields: str | None) -> None:
    """Add NAME as a contact."""
    contact = app.giga.add_contact(name, tags=tags, emails=emails, every=every, feed=feed, **fields)
    app.out.print(f"added {plain(contact.name)} (every {contact.cadence_days} days"
                  + (f"; interests: {plain(', '.join(contact.tags))}" if contact.tags else "") + ")")
    if not feed:
        follow_website(app, contact)


@contacts.command("list")
@json_option
@pass_app
def contacts_list(app: AppContext, as_json: bool) -> None:
    """List contacts with their interests and cadence."""
    people = app.giga.contacts()
    if as_json:
        app.print_json([c.as_dict() for c in people])
        return
    if not people:
        app.out.print("No contacts yet. Add one with: giga contacts add NAME --tags \"...\"")
        return
    print_table(["name", "e-mail", "interests", "every"],
                ([c.name, ", ".join(c.emails), ", ".join(c.tags), f"{c.cadence_days}d"] for c in people))


@contacts.command("show")
@click.argument("name")
@json_option
@pass_app
def contacts_show(app: AppContext, name: str, as_json: bool) -> None:
    """Show everything about one contact, their give/ask ledger and last touches (private to you)."""
    contact = app.giga.contact(name)
    ledger = app.giga.ledger(contact)
    touches = [e for e in app.giga.history(contact) if e.is_touch]
    if as_json:
        app.print_json({**contact.as_dict(), **ledger.as_dict(), "balance": ledger.gives - ledger.asks,
                        "history": [e.as_dict() for e in touches]})
        return
    snoozed = f"until {contact.snoozed_until}" if contact.snoozed_until else "no"
    fields = [("first name", contact.first_name), ("e-mail", ", ".join(contact.emails)),
              ("company", contact.company), ("position", contact.position), ("LinkedIn", contact.linkedin_url),
              ("website", contact.website), ("feed", contact.feed_url), ("interests", ", ".join(contact.tags)),
              ("every", f"{contact.cadence_days} days"), ("snoozed", snoozed)]
    lines = [click.style(cell(contact.name), bold=True)]
    lines += [f"  {label:<11} {cell(value) or '-'}" for label, value in fields]
    notes = [cell(line) for line in (contact.notes or "").splitlines()] or ["-"]
    lines += [f"  {'notes' if i == 0 else '':<11} {line}" for i, line in enumerate(notes)]
    tz = app.giga.tz

    def day(moment: datetime | None) -> str:
        return f"{moment.astimezone(tz):%Y-%m-%d}" if moment else "-"

    lines.append(f"ledger: gave {ledger.gives}, asked {ledger.asks} (balance {ledger.gives - ledger.asks:+d}); "
                 f"last give {day(ledger.last_give)}, last ask {day(ledger.last_ask)}")
    lines.append("last touches:" if touches else "no touches yet (record one with giga log)")
    for touch in touches[:_SHOWN_TOUCHES]:
        what = touch.text or touch.url
        lines.append(f"  {touch.id:<5} {day(touch.at)} " + cell(touch.kind + (f": {what}" if what else "")))
    if len(touches) > _SHOWN_TOUCHES:
        lines.append(f"  ... {len(touches) - _SHOWN_TOUCHES} more: giga history {_quoted(contact.name)}")
    click.echo("\n".join(lines))


_SHOWN_TOUCHES = 5


def _quoted(name: str) -> str:
    return cell(shlex.quote(name))


@contacts.command("edit")
@click.argument("name")
@click.option("--name", "new_name", help="Rename.")
@click.option("--tags", help="Replace all interests (comma-separated).")
@click.option("--add-tag", "add_tags", multiple=True, help="Add an interest (repeatable).")
@click.option("--remove-tag", "remove_tags", multiple=True, help="Remove an interest (repeatable).")
@click.option("--email", "emails", multiple=True, help="Replace e-mail addresses (repeatable).")
@click.option("--every", type=click.IntRange(1, 3650))
@click.option("--feed")
@click.option("--first-name")
@click.option("--company")
@click.option("--position")
@click.option("--linkedin", "linkedin_url")
@click.option("--website")
@click.option("--notes")
@pass_app
def contacts_edit(app: AppContext, name: str, new_name: str | None, tags: str | None,
                  add_tags: tuple[str, ...], remove_tags: tuple[str, ...], emails: tuple[str, ...],
                  every: int | None, feed: str | None, **fields: str | None) -> None:
    """Change a contact's details."""
    changes: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if new_name:
        changes["name"] = new_name
    if tags is not None:
        changes["tags"] = tags
    if emails:
        changes["emails"] = [e.strip().lower() for e in emails]
    if every is not None:
        changes["cadence_days"] = every
    contact = app.giga.edit_contact(name, add_tags=add_tags, remove_tags=remove_tags, feed=feed, **changes)
    app.out.print(f"updated {plain(contact.name)}")
    if fields.get("website") and not feed:
        follow_website(app, contact)


@contacts.command("remove")
@click.argument("name")
@pass_app
def contacts_remove(app: AppContext, name: str) -> None:
    """Forget a contact and their ledger."""
    contact = app.giga.remove_contact(name)
    app.out.print(f"removed {plain(contact.name)}")


@contacts.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice([f.value for f in ContactFormat]), help="Default: sniffed from the file.")
@json_option
@pass_app
def contacts_import(app: AppContext, file: Path, fmt: str | None, as_json: bool) -> None:
    """Import contacts from a LinkedIn Connections.csv, vCards, Google or plain CSV.

    People with one name but different e-mails or LinkedIn profiles stay two contacts,
    reported as possible duplicates (merge them with: giga contacts merge KEEP OTHER)."""
    report = app.giga.import_contacts(file, fmt)
    if as_json:
        app.print_json(report.as_dict())
        return
    app.out.print(f"{plain(file)} ({report.format}): {len(report.added)} added, "
                  f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
                  f"{len(report.skipped)} skipped", highlight=False)
    for row in report.skipped:
        where = f"line {row.line}" if row.line else "?"
        app.err.print(f"  skipped {plain(file)}:{where}: {plain(row.reason)}", highlight=False)
    for pair in report.possible_duplicates:
        app.out.print(f"  possible duplicate of {plain(named(pair.keep))}: {plain(named(pair.other))} "
                      f"({plain(pair.reason)}); kept apart", highlight=False)
    if report.possible_duplicates:
        app.out.print("  if two are one person: giga contacts merge KEEP OTHER (see giga contacts duplicates)")


@contacts.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["vcard", "csv"]),
              help="Default: csv for a FILE ending in .csv, else vcard.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_app
def contacts_export(app: AppContext, file: Path | None, fmt: str | None, force: bool) -> None:
    """Write every contact as vCards or giga CSV to FILE (default: standard output).

    giga contacts import reads the file back: interests, cadence, feed and notes included.
    """
    fmt = fmt or ("csv" if file is not None and file.suffix.lower() == ".csv" else "vcard")
    if file is not None and file.exists() and not force:
        raise click.ClickException(f"{file} exists; use --force to replace it")
    text = app.giga.export_contacts(fmt)
    if file is None:
        click.echo(text, nl=False)
        return
    _write_atomically(file, text)
    app.err.print(f"wrote {len(app.giga.contacts())} contact(s) to {plain(file)} ({fmt})", highlight=False)


def _write_atomically(path: Path, text: str) -> None:
    """A temporary file beside ``path``, renamed over it once complete: an interrupted
    export never leaves half a file (or half of the old one) behind."""
    tmp: Path | None = None
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False) as handle:
            tmp = Path(handle.name)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # as a file written in place would be (temporary files are private)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contacts.command("snooze")
@click.argument("name")
@click.option("--until", "until", type=click.DateTime(["%Y-%m-%d"]), help="Snooze until this date.")
@click.option("--days", type=click.IntRange(1, 3650), help="Snooze for this many days.")
@click.option("--wake", is_flag=True, help="End the snooze now.")
@pass_app
def contacts_snooze(app: AppContext, name: str, until: Any, days: int | None, wake: bool) -> None:
    """Keep a contact off the due list for a while."""
    if sum(x is not None and x is not False for x in (until, days, wake)) != 1:
        raise click.UsageError("give exactly one of --until, --days or --wake")
    target: date | None = None
    if until is not None:
        target = until.date()
    elif days is not None:
        target = app.giga.today() + timedelta(days=days)
    contact = app.giga.snooze(name, target)
    app.out.print(f"{plain(contact.name)}: " + (f"snoozed until {target}" if target else "awake"))


@contacts.command("suggest-tags")
@click.argument("name")
@click.option("-k", "k", default=10, type=click.IntRange(1, 50), help="How many.")
@pass_app
def contacts_suggest_tags(app: AppContext, name: str, k: int) -> None:
    """Interests suggested from the contact's role, own feed and your notes."""
    for term in app.giga.suggest_tags(name, k):
        app.out.print(plain(term))


@click.command()
@json_option
@click.option("--limit", type=click.IntRange(1), help="At most N today (spreads a backlog over days).")
@pass_app
def due(app: AppContext, as_json: bool, limit: int | None) -> None:
    """Who is due for a touch, most overdue first."""
    everyone = app.giga.due()
    items = everyone[:limit] if limit else everyone
    if as_json:
        app.print_json([i.as_dict() for i in items])
        return
    if not items:
        app.out.print("Nobody is due today.")
        return
    print_table(["contact", "every", "days over", "last touch"],
                ([i.contact.name, f"{i.contact.cadence_days}d", str(i.days_over), _touch_words(i.last_touch)]
                 for i in items))
    remaining = len(everyone) - len(items)
    if remaining > 0:
        app.out.print(f"{remaining} more are due; they will come up on the next days.")


@click.command()
@click.argument("name")
@click.option("--gave", help="Something you gave (help, an intro, a tip).")
@click.option("--asked", help="Something you asked for.")
@click.option("--shared", help="A link you passed along: its http(s) URL (a feed's tracking link finds the article too).")
@click.option("--met", help="You met (where, what about).")
@click.option("--called", help="You talked on the phone.")
@click.option("--note", help="A private note.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: now).")
@pass_app
def log(app: AppContext, name: str, on: Any, **kinds: str | None) -> None:
    """Record a give, an ask or another touch with NAME."""
    given = {k: v for k, v in kinds.items() if v is not None}
    if len(given) != 1:
        raise click.UsageError("give exactly one of --gave, --asked, --shared, --met, --called, --note")
    (kind, value), = given.items()
    text, url = (None, value) if kind == "shared" else (value, None)
    result = app.giga.log(name, kind, text, url=url, on=on.date() if on else None)
    shown = result.interaction.url or value  # a shared link as recorded: the article's own URL
    app.out.print(f"logged: {plain(result.interaction.contact.name)} {kind} {plain(shown)}", highlight=False)
    if result.warning:
        app.err.print(f"[yellow]{plain(result.warning)}[/yellow]")

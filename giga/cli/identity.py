"""``giga contacts duplicates`` and ``giga contacts merge``: one person, one contact.

Registered on the ``contacts`` group when ``giga.cli`` imports this module.
"""

from __future__ import annotations

import shlex

import click

from .. import Contact
from .context import AppContext, pass_app
from .options import json_option
from .people import contacts
from .render import cell, named, plain


def _argument(contact: Contact, twin: Contact) -> str:
    """How to name ``contact`` on a command line: its name, unless ``twin`` has the same
    one; then an e-mail, the LinkedIn URL or ``#id``."""
    if contact.name.casefold() != twin.name.casefold():
        return contact.name
    return contact.emails[0] if contact.emails else contact.linkedin_url or f"#{contact.id}"


@contacts.command("duplicates")
@json_option
@pass_app
def contacts_duplicates(app: AppContext, as_json: bool) -> None:
    """List contacts that are probably one person, with the reason.

    Reasons: same e-mail address, same LinkedIn profile, same name once titles are ignored
    ("Dr. Walter Hughes" / "Walter Hughes"), same name (namesakes an import kept apart),
    similar names at the same company. Nothing is changed: merge with giga contacts merge.
    """
    pairs = app.giga.duplicates()
    if as_json:
        app.print_json([p.as_dict() for p in pairs])
        return
    if not pairs:
        app.out.print("No likely duplicates.")
        return
    heading = (f"{len(pairs)} likely duplicate pair{'s' if len(pairs) != 1 else ''} "
               "(first: the one added first; merging keeps KEEP and removes OTHER):")
    lines = [heading]
    for pair in pairs:
        command = shlex.join(["giga", "contacts", "merge", _argument(pair.keep, pair.other),
                              _argument(pair.other, pair.keep)])
        lines += [f"  {named(pair.keep)}  /  {named(pair.other)}: {cell(pair.reason)}", f"    {cell(command)}"]
    click.echo("\n".join(lines))


@contacts.command("merge")
@click.argument("keep")
@click.argument("other")
@json_option
@pass_app
def contacts_merge(app: AppContext, keep: str, other: str, as_json: bool) -> None:
    """Merge OTHER into KEEP, then remove OTHER.

    Every e-mail, touch, draft, feedback verdict, tag and own feed of OTHER moves to KEEP,
    and KEEP's empty fields (company, position, LinkedIn, website) are filled from OTHER
    (notes are appended); where both judged one article, KEEP's verdict stays. All in one
    transaction. Name either by name, e-mail, LinkedIn URL or #id.
    """
    report = app.giga.merge_contacts(keep, other)
    if as_json:
        app.print_json(report.as_dict())
        return
    app.out.print(plain(cell(report.summary())), highlight=False)

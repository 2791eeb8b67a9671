"""``giga contacts tag``: give interests to the contacts that have none, one at a time.

After a LinkedIn import nobody has interest tags. On a terminal this walks through them
proposing tags from what giga knows (their role, their own feed, your notes): accept,
edit, skip or quit; every answer is saved as it is given, so quitting loses nothing.
``--accept-suggested`` applies every proposal without asking, for scripts.
"""

from __future__ import annotations

import sys

import click

from .. import Contact
from .context import AppContext, pass_app
from .render import cell, plain

PROPOSED = 5
_CHOICES = {"a": "accept", "e": "edit", "s": "skip", "q": "quit"}


def _who(contact: Contact) -> str:
    role = " at ".join(cell(v) for v in (contact.position, contact.company) if v)
    return f"[bold]{plain(cell(contact.name))}[/bold]" + (f" ({plain(role)})" if role else "")


@click.command("tag")
@click.option("--accept-suggested", is_flag=True,
              help="Do not ask: give every untagged contact the tags proposed for them.")
@pass_app
def contacts_tag(app: AppContext, accept_suggested: bool) -> None:
    """Walk through the contacts without interests, proposing tags for each.

    For each: [a]ccept the proposal, [e]dit it, [s]kip the contact, [q]uit."""
    if not accept_suggested and not sys.stdin.isatty():
        raise click.ClickException("contacts tag asks about each contact on a terminal; "
                               "in a script use --accept-suggested")
    tagged = skipped = nothing = 0
    for contact, proposed in app.giga.tag_proposals(PROPOSED):
        if accept_suggested:
            if proposed:
                app.giga.edit_contact(contact, tags=proposed)
                tagged += 1
            else:
                nothing += 1
            continue
        answer, tags = _ask(app, contact, proposed)
        if answer == "quit":
            break
        if answer == "skip" or not tags:
            skipped += 1
            continue
        app.giga.edit_contact(contact, tags=tags)
        tagged += 1
    left = f"; {nothing} had nothing giga could propose from" if nothing else ""
    asked = f"; {skipped} skipped" if skipped else ""
    app.out.print(f"tagged {tagged} contact{'s' if tagged != 1 else ''}{asked}{left}", highlight=False)


def _ask(app: AppContext, contact: Contact, proposed: list[str]) -> tuple[str, list[str]]:
    """One contact: the proposal and the user's answer (and the tags, when accepted or edited)."""
    app.out.print(f"\n{_who(contact)}", highlight=False)
    if proposed:
        app.out.print(f"  proposed: {plain(', '.join(cell(t) for t in proposed))}", highlight=False)
    else:
        app.out.print("  nothing to propose from (no role, notes or feed): \\[e]dit to type some", highlight=False)
    choice = click.prompt("  [a]ccept, [e]dit, [s]kip, [q]uit", type=click.Choice(list(_CHOICES)),
                          default="a" if proposed else "s", show_choices=False)
    answer = _CHOICES[choice]
    if answer == "accept":
        return answer, proposed
    if answer == "edit":
        typed = click.prompt("  interests (comma-separated)", default=", ".join(proposed), show_default=bool(proposed))
        return answer, [t.strip() for t in typed.split(",") if t.strip()]
    return answer, []

"""``giga review``: the weekly ritual in one pass, one suggestion and one key at a time.

Plain lines and single keypresses (``click.getchar``), no full-screen layout, so it works
over ssh, in tmux and in any terminal. Each answer is recorded on its own, in its own
transaction, the moment the key is pressed: quitting or Ctrl-C keeps everything answered
so far and leaves nothing half-recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import click

from .. import ArgumentError, Suggestion
from .context import AppContext
from .options import suggestion_filters
from .render import cell, plain, print_cards

PROMPT = "[s]ent  [e]dit  s[k]ip  [n]ot for them  [c]opy  [o]pen  [q]uit  [?] > "
KEYS = """\
  s  sent: you sent it (from your own mail); recorded as a give, never suggested again
  e  edit the draft in $EDITOR first; the edited text is what c copies and what is kept
  k  skip: not now; never suggested to this person again
  n  not for them: wrong for this person; similar articles come up less for them
  c  copy the draft to the clipboard
  o  open the article in your web browser
  q  quit: everything answered so far is kept
  ?  these keys"""


@dataclass
class Tally:
    """What the person answered, for the closing line."""

    total: int
    answered: dict[str, int] = field(default_factory=lambda: {"sent": 0, "skipped": 0, "not for them": 0})

    def line(self) -> str:
        left = self.total - sum(self.answered.values())
        return ", ".join(f"{n} {what}" for what, n in self.answered.items()) + f", {left} left"


@click.command()
@suggestion_filters(top_default=1, top_max=20, top_help="Suggestions per contact.")
@click.option("--share", "share", metavar="URL|FILE",
              help="Review who would like this page instead (giga share; --top: how many people, default 3).")
@click.pass_context
def review(ctx: click.Context, contact: str | None, everyone: bool, top: int, max_age: int,
           share: str | None) -> None:
    """The weekly run in one pass: each suggestion with its draft, answered with one key.

    s sent, e edit ($EDITOR), k skip, n not for them, c copy, o open, q quit, ? keys.
    Send from your own mail, press s, and giga records the give. Takes the options of
    giga suggest (default: the contacts who are due), or --share URL|FILE: the people a
    page you came across suits.
    """
    app = ctx.find_object(AppContext)
    if not sys.stdin.isatty():
        raise click.ClickException("giga review reads single keys and needs a terminal; "
                                   "use giga suggest, giga log and giga feedback instead")
    if share:
        default_top = ctx.get_parameter_source("top") is click.core.ParameterSource.DEFAULT
        shared = app.giga.share(share, top=3 if default_top else top, max_age_days=max_age or None)
        result = shared.suggestions
        app.giga.record_drafts(result)
        for pick in shared.people:
            click.echo(f"{cell(pick.contact.name)}: {cell(pick.relationship())}")
    else:
        result = app.giga.drafts(contact, everyone=everyone, top=top, max_age_days=max_age or None)
    for warning in result.warnings:
        app.err.print(f"note: {plain(warning)}", highlight=False)
    if not len(result):
        app.out.print("Nobody stands out for this page: no contact's interests match it." if share else
                      "Nothing to review: nobody is due, or no recent article matches. Try --all or --max-age 0.")
        return
    tally = Tally(len(result))
    try:
        _walk(app, list(result), tally)
    finally:  # on q, at the end, and on Ctrl-C alike
        click.echo(tally.line())


def _walk(app: AppContext, items: Sequence[Suggestion], tally: Tally) -> None:
    sent_to: set[int] = set()
    click.echo("one key per suggestion: ? shows the keys, q quits (what you answered is kept)")
    for number, item in enumerate(items, start=1):
        if item.contact.id in sent_to:
            click.echo(f"({number}/{len(items)} passed over: you just sent {cell(item.contact.name)} one)")
            continue
        answer = _ask(app, item, f"{number}/{len(items)}")
        if answer == "quit":
            return
        tally.answered[answer] += 1
        if answer == "sent":
            sent_to.add(item.contact.id)


def _ask(app: AppContext, item: Suggestion, position: str) -> str:
    """Show one suggestion and act on keys until one answers it; returns the answer."""
    from .desktop import copy, open_link  # webbrowser and subprocess load on first use

    _show(item, position)
    while True:
        click.echo(PROMPT, nl=False)
        try:
            key = click.getchar().lower()
        except EOFError:  # Ctrl-D
            key = "q"
        click.echo(cell(key) if key.isprintable() else "")
        if key == "s":
            app.giga.accept(item)
            click.echo(f"recorded: {cell(item.contact.name)} got {cell(item.article.title)}")
            return "sent"
        if key == "k":
            app.giga.skip(item)
            click.echo(f"skipped: not suggested to {cell(item.contact.name)} again")
            return "skipped"
        if key == "n":
            app.giga.not_for_them(item)
            click.echo(f"noted: not for {cell(item.contact.name)}; similar articles come up less for them")
            return "not for them"
        if key == "q":
            return "quit"
        if key == "e":
            item = _edit(app, item)
            _show(item, position)
        elif key == "c":
            click.echo(copy(item.draft))
        elif key == "o":
            click.echo(open_link(item.article.url))
        elif key == "?":
            click.echo(KEYS)
        else:
            click.echo("press one of s e k n c o q (? says what they do)")


def _edit(app: AppContext, item: Suggestion) -> Suggestion:
    """The draft through $EDITOR; kept (and used from here on) when the person saved it."""
    try:
        text = click.edit(item.draft, extension=".txt")
    except click.ClickException as exc:  # no editor, or it failed
        click.echo(f"could not edit: {cell(exc.format_message())}")
        return item
    if text is None:
        click.echo("draft unchanged")
        return item
    try:
        edited = app.giga.edit_draft(item, text.rstrip() + "\n")
    except ArgumentError as exc:
        click.echo(f"kept the previous draft ({cell(exc.message)})")
        return item
    click.echo("your edit is kept: it is what c copies and what s records")
    return edited


def _show(item: Suggestion, position: str) -> None:
    lines = [f"why: {'; '.join(item.why)}", f"link: {item.article.url or 'none'}"]
    if item.subject:
        lines.append(f"subject: {item.subject}")
    print_cards([(f"{position}  {item.contact.name}: {item.article.title}", "\n".join([*lines, "", item.draft]))])

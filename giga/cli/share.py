"""``giga share URL|FILE``: who would like a page you came across, with a note for each."""

from __future__ import annotations

import click

from .context import AppContext, pass_app
from .options import json_option
from .render import cell, plain, print_cards


@click.command()
@click.argument("source", metavar="URL|FILE")
@click.option("--top", "top", default=3, show_default=True, type=click.IntRange(1, 50),
              help="How many people to name, each with a draft.")
@json_option
@pass_app
def share(app: AppContext, source: str, top: int, as_json: bool) -> None:
    """Who would like this page? Reads the article at URL (or a saved .html FILE), keeps
    it among your articles ("found on the web"), and names the contacts it suits best,
    those you have not been in touch with for a while first, with a draft for each."""
    result = app.giga.share(source, top=top)
    if as_json:
        app.print_json(result.as_dict())
        return
    page = result.page
    article = page.article
    said = " · ".join(cell(x) for x in (page.site, article.author,
                                        article.published.date().isoformat() if article.published else None) if x)
    app.out.print(plain(cell(article.title)), highlight=False)
    if said:
        app.out.print(plain(said), highlight=False)
    app.out.print(plain(cell(article.url or article.id)), highlight=False)
    if page.feed:
        app.out.print(f"this page has a feed: giga feeds add {plain(cell(page.feed))}", highlight=False)
    app.out.print("")
    if not result.people:
        app.out.print("Nobody stands out for this one: no contact's interests match it." if app.giga.contacts()
                      else "No contacts yet: add some with giga contacts add NAME --tags ..., or giga contacts import FILE.")
        return
    print_cards((f"{pick.contact.name}: {pick.relationship()} (score {pick.suggestion.score:.2f})",
                 "\n".join([f"why: {'; '.join(pick.suggestion.why)}", "", pick.suggestion.draft]))
                for pick in result.people)

"""``giga suggest`` and ``giga feedback``: what to pass along, and teaching the matcher."""

from __future__ import annotations

import click

from .context import AppContext, pass_app
from .options import json_option, suggestion_filters
from .render import plain, print_cards


@click.command()
@suggestion_filters(top_default=3, top_max=50, top_help="Suggestions per contact.")
@click.option("--article", "article", help="The other direction: who would like this article (id or URL)?")
@json_option
@pass_app
def suggest(app: AppContext, contact: str | None, everyone: bool, top: int, max_age: int,
            article: str | None, as_json: bool) -> None:
    """What to pass along, to whom, and why, with a draft note you edit and send."""
    if article:
        people = app.giga.who_would_like(article, top=top, max_age_days=max_age or None)
        if as_json:
            app.print_json([person.as_dict() for person in people])
            return
        for person in people:
            app.out.print(f"{plain(person.contact.name)}  ({person.score:.2f}): {plain('; '.join(person.why))}")
        return
    result = app.giga.suggest(contact, everyone=everyone, top=top, max_age_days=max_age or None)
    for warning in result.warnings:
        app.err.print(f"note: {plain(warning)}", highlight=False)
    quiet = quiet_note([c.name for c in result.quiet], max_age)
    if quiet:
        app.err.print(f"note: {plain(quiet)}", highlight=False)
    if as_json:
        app.print_json([item.as_dict() for item in result])
        return
    if not len(result):
        if not quiet:
            app.out.print("Nothing to suggest: nobody is due, or no recent article matches. Try --all or --max-age 0.")
        return
    print_cards((f"{item.contact.name}: {item.article.title}",
                 "\n".join([f"why: {'; '.join(item.why)}", "", item.draft])) for item in result)


def quiet_note(names: list[str], max_age: int) -> str | None:
    """One line for the contacts nothing suited well enough (giga suggests nothing rather
    than something bad), with the wider window to try."""
    if not names:
        return None
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if len(names) > 4:
        who = f"{', '.join(names[:3])} and {len(names) - 3} others"
    if not max_age:
        return f"nothing strong for {who} in any stored article; more interests or feeds would help"
    wider = 30 if max_age < 30 else 90 if max_age < 90 else 0
    return f"nothing strong for {who} this week; widen with --max-age {wider}"


@click.command()
@click.argument("name")
@click.argument("article")
@click.option("--liked", "verdict", flag_value="liked", help="Good match: more like this.")
@click.option("--not-for-them", "verdict", flag_value="not_for_them", help="Wrong for this person: less like this.")
@click.option("--skip", "verdict", flag_value="skipped", help="Not now; do not suggest it again.")
@pass_app
def feedback(app: AppContext, name: str, article: str, verdict: str | None) -> None:
    """Tell giga what you thought of suggesting ARTICLE (id or URL) to NAME."""
    if verdict is None:
        raise click.UsageError("give one of --liked, --not-for-them, --skip")
    app.giga.feedback(name, article, verdict)
    app.out.print(f"noted: {plain(article)} is {verdict.replace('_', ' ')} for {plain(name)}")

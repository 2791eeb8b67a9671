"""``giga settings``: the few preferences giga keeps in the database."""

from __future__ import annotations

import click

from .context import AppContext, pass_app

KEYS = {
    "default-cadence": "days between touches for new contacts (default 30)",
    "timezone": "IANA time zone that decides what 'today' is, e.g. Europe/Berlin (default: the machine's)",
    "signature": "how your drafts end, e.g. 'Best, Sam' (\\n for a new line)",
    "templates": "folder of your own draft templates (share/NAME.txt.j2, respond/NAME.txt.j2)",
    "retention": "days to keep articles nothing refers to (default 365; 0 keeps everything)",
    "sender": "From: of exported .eml drafts, e.g. 'Sam Lee <sam@example.org>'",
}


def _store_value(app: AppContext, key: str, value: str) -> None:
    if key == "signature":
        value = value.replace("\\n", "\n")
    app.giga.set_setting(key, value or None)


@click.command()
@click.argument("key", required=False, type=click.Choice(sorted(KEYS)))
@click.argument("value", required=False)
@pass_app
def settings(app: AppContext, key: str | None, value: str | None) -> None:
    """Show settings, or set KEY to VALUE.

    \b
    default-cadence  days between touches for new contacts (default 30)
    timezone         IANA time zone deciding what "today" is (default: the machine's)
    signature        how your drafts end, e.g. "Best, Sam" (\\n for a new line)
    templates        folder of your own draft templates; same name overrides,
                     a new name adds a phrasing (share/NAME.txt.j2, respond/NAME.txt.j2)
    retention        days to keep articles that no touch, draft or feedback refers
                     to; older ones are pruned after each fetch (default 365; 0: keep all)
    sender           the From: of exported .eml drafts, "Sam Lee <sam@example.org>"
                     (without it the drafts have no From:; your mail app fills it in)
    """
    if key and value is not None:
        _store_value(app, key, value)
    stored = app.giga.settings()
    current = {
        "default-cadence": app.giga.default_cadence,
        "timezone": stored.get("timezone") or f"(machine: {app.giga.tz})",
        "signature": str(stored.get("signature") or "(none)").replace("\n", "\\n"),
        "templates": stored.get("templates") or f"(default: {app.giga.templates_dir})",
        "retention": f"{app.giga.retention_days} days" if app.giga.retention_days else "0 (keep everything)",
        "sender": stored.get("sender") or "(none: exported .eml drafts have no From:)",
    }
    for name in [key] if key else sorted(KEYS):
        app.out.print(f"{name} = {current[name]}", highlight=False)

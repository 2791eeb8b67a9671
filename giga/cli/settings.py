"""``giga settings``: the few preferences giga keeps in the database."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from .._store.settings import get_setting, set_setting
from ..errors import InputError
from ..paths import default_templates_dir
from .context import AppContext, pass_app

KEYS = {
    "default-cadence": "days between touches for new contacts (default 30)",
    "timezone": "IANA time zone that decides what 'today' is, e.g. Europe/Berlin (default: the machine's)",
    "signature": "how your drafts end, e.g. 'Best, Sam' (\\n for a new line)",
    "templates": "folder of your own draft templates (share/NAME.txt.j2, respond/NAME.txt.j2)",
}


def _store_value(app: AppContext, key: str, value: str) -> None:
    if key == "default-cadence":
        if not value.isdigit():
            raise InputError("default-cadence", f"must be a whole number of days, not {value!r}")
        app.giga.set_default_cadence(int(value))
    elif key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputError("timezone", f"unknown time zone {value!r} (use a name like Europe/Berlin)") from None
        set_setting(app.giga.db, "timezone", value)
    elif key == "signature":
        set_setting(app.giga.db, "signature", value.replace("\\n", "\n").strip())
    elif key == "templates":
        folder = Path(value).expanduser()
        if value and not folder.is_dir():
            raise InputError("templates", f"{value!r} is not a folder")
        set_setting(app.giga.db, "templates", str(folder.resolve()) if value else None)


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
    """
    if key and value is not None:
        _store_value(app, key, value)
    current = {
        "default-cadence": app.giga.default_cadence,
        "timezone": get_setting(app.giga.db, "timezone") or f"(machine: {app.giga.tz})",
        "signature": (get_setting(app.giga.db, "signature") or "(none)").replace("\n", "\\n"),
        "templates": get_setting(app.giga.db, "templates") or f"(default: {default_templates_dir()})",
    }
    for name in [key] if key else sorted(KEYS):
        app.out.print(f"{name} = {current[name]}", highlight=False)

"""The user's preferences, in one place: which exist, how each is checked, where it is kept.

Also the one answer to "what time is it for the user": due dates, logged days and export
folders are local calendar days, so every caller asks :meth:`Settings.today` or
:meth:`Settings.now_local` instead of converting the clock itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlite_utils

from ._people.fields import check_cadence, check_mailbox
from ._store.lenient import int_from_db
from ._store.notice import warn_once
from ._store.settings import get_setting, set_setting
from .errors import ArgumentError
from .paths import default_templates_dir

Clock = Callable[[], datetime]

DEFAULT_CADENCE_DAYS = 30
DEFAULT_RETENTION_DAYS = 365

# setting name (CLI and API) -> key in the settings table
SETTING_KEYS = {
    "default-cadence": "default_cadence_days",
    "timezone": "timezone",
    "signature": "signature",
    "templates": "templates",
    "retention": "retention_days",
    "sender": "sender",
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_timezone() -> tzinfo:
    """The machine's time zone, which decides what "today" means when none is set."""
    return datetime.now().astimezone().tzinfo or timezone.utc


class Settings:
    """Reads, checks and writes the settings table; knows the user's clock and time zone."""

    def __init__(self, db: sqlite_utils.Database, clock: Clock = utc_now, tz: tzinfo | None = None) -> None:
        self.db = db
        self.clock = clock
        self._tz = tz

    # -- time ------------------------------------------------------------------
    @property
    def tz(self) -> tzinfo:
        """The user's time zone: as given, else the ``timezone`` setting, else the machine's."""
        if self._tz is not None:
            return self._tz
        name = get_setting(self.db, "timezone")
        if not name:
            return local_timezone()
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            warn_once(f"setting timezone: unknown time zone {str(name)[:40]!r}; using this machine's "
                      f"(giga settings timezone Europe/Berlin sets one)")
            return local_timezone()

    def now_local(self) -> datetime:
        """The clock's reading in the user's time zone."""
        return self.clock().astimezone(self.tz)

    def today(self) -> date:
        """The user's calendar day."""
        return self.now_local().date()

    # -- values ----------------------------------------------------------------
    @property
    def default_cadence(self) -> int:
        stored = get_setting(self.db, "default_cadence_days", DEFAULT_CADENCE_DAYS)
        return max(1, int_from_db(stored, DEFAULT_CADENCE_DAYS, "setting default-cadence"))

    @property
    def retention_days(self) -> int:
        """Articles older than this that nothing refers to are pruned after a fetch (0: never)."""
        stored = get_setting(self.db, "retention_days", DEFAULT_RETENTION_DAYS)
        return max(0, int_from_db(stored, DEFAULT_RETENTION_DAYS, "setting retention"))

    @property
    def signature(self) -> str:
        return str(get_setting(self.db, "signature") or "")

    @property
    def sender(self) -> str | None:
        """The From: of exported drafts, ``Name <address>``; None when not set."""
        return get_setting(self.db, "sender") or None

    @property
    def templates_dir(self) -> Path:
        """The user's own draft templates: the ``templates`` setting, else the default folder."""
        folder = get_setting(self.db, "templates")
        return Path(folder).expanduser() if folder else default_templates_dir()

    def stored(self) -> dict[str, object]:
        """The stored preferences by setting name (what is not set is absent)."""
        values = {key: get_setting(self.db, column) for key, column in SETTING_KEYS.items()}
        return {key: value for key, value in values.items() if value is not None}

    def set(self, key: str, value: object) -> None:
        """Set one of ``SETTING_KEYS`` after checking it (None clears a setting):
        default-cadence (days), timezone (IANA name), signature (text), templates (folder),
        retention (days), sender (``Name <address>``, the From: of exported drafts)."""
        if key not in SETTING_KEYS:
            raise ArgumentError("setting", f"unknown setting {key!r} (one of {', '.join(SETTING_KEYS)})")
        if key == "retention" and value is not None:
            if not str(value).isdigit() or int(str(value)) > 100 * 365:
                raise ArgumentError(key, f"must be a whole number of days (0: keep everything), not {value!r}")
            value = int(str(value))
        if key == "default-cadence":
            if not str(value).isdigit():
                raise ArgumentError(key, f"must be a whole number of days, not {value!r}")
            self.set_default_cadence(int(str(value)))
            return
        if value is not None and key == "timezone":
            try:
                ZoneInfo(str(value))
            except (ZoneInfoNotFoundError, ValueError):
                raise ArgumentError(key, f"unknown time zone {value!r} (use a name like Europe/Berlin)") from None
        if value is not None and key == "templates":
            folder = Path(str(value)).expanduser()
            if not folder.is_dir():
                raise ArgumentError(key, f"{value!r} is not a folder")
            value = str(folder.resolve())
        if value is not None and key == "sender":
            name, address = check_mailbox(str(value))
            value = _mailbox(name, address)
        if value is not None and key == "signature":
            value = str(value).strip()
        set_setting(self.db, SETTING_KEYS[key], value)

    def set_default_cadence(self, days: int) -> None:
        set_setting(self.db, "default_cadence_days", check_cadence(days))


def _mailbox(name: str, address: str) -> str:
    """``Name <address>`` as a From: line writes it (the name quoted when it must be)."""
    from email.headerregistry import Address

    local, _, domain = address.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))

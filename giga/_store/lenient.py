"""Reading values a person may have edited by hand (the README invites Datasette).

A value that is not what giga wrote (``tags`` as ``climate, python`` instead of a JSON
list, a signature that is not JSON, a cadence of "weekly") is read as well as it can
be, and said once on stderr with where it is, so one bad row never stops every command;
saving the contact again (``giga contacts edit``) writes it back cleanly.
"""

from __future__ import annotations

import json
from typing import Any

from .._people.fields import clean_tags
from .notice import warn_once


def tags_from_db(raw: Any, where: str) -> tuple[str, ...]:
    """A JSON list of tags, or failing that the text split at commas."""
    if not raw:
        return ()
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        value = None
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return tuple(value)
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        text = ",".join(str(t) for t in value if t is not None)
    else:
        text = str(raw).strip("[]")
    tags = tuple(clean_tags(text))
    warn_once(f"{where}: tags {str(raw)[:60]!r} are not a JSON list; read as {', '.join(tags) or 'none'} "
              f"(giga contacts edit stores them back as a list)")
    return tags


def int_from_db(raw: Any, default: int, where: str) -> int:
    """A whole number, or ``default`` (said) when the stored text is none."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        warn_once(f"{where}: {str(raw)[:40]!r} is not a whole number; using {default}")
        return default


def json_from_db(raw: Any, where: str) -> Any:
    """A JSON value, or the stored text itself when it is not JSON (a signature typed in
    by hand is meant as text)."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        warn_once(f"{where}: {str(raw)[:40]!r} is not JSON; read as text")
        return raw

"""Where giga keeps its database when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "GIGA_DB"


def default_db_path() -> Path:
    """``$GIGA_DB`` if set, else ``giga.db`` in the platform's user data folder."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("giga", appauthor=False)) / "giga.db"


TEMPLATES_ENV = "GIGA_TEMPLATES"


def default_templates_dir() -> Path:
    """``$GIGA_TEMPLATES`` if set, else ``templates`` in the user config folder: draft
    templates there override (same name) or add to (new name) the packaged ones."""
    configured = os.environ.get(TEMPLATES_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_config_dir("giga", appauthor=False)) / "templates"

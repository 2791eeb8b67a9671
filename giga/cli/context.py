"""The per-invocation context: opens the database lazily, once, and closes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

import giga
from giga.text import json_escaped, redact


class AppContext:
    def __init__(self, db_path: Path | None) -> None:
        self.db_path = db_path
        self._giga: giga.Giga | None = None
        self.out = Console(soft_wrap=True)
        self.err = Console(stderr=True, soft_wrap=True)

    @property
    def giga(self) -> giga.Giga:
        if self._giga is None:
            self._giga = giga.open(self.db_path)
        return self._giga

    def close(self) -> None:
        if self._giga is not None:
            self._giga.close()
            self._giga = None

    def print_json(self, value: Any) -> None:
        """Machine output: plain JSON on stdout, never styled or wrapped. Control and
        invisible characters come out escaped (``\\u001b``, ``\\u202e``); the password
        of a feed URL not at all (``https://***@host/feed``)."""
        click.echo(json_escaped(json.dumps(_redacted(value), ensure_ascii=False, indent=2, default=str)))


def _redacted(value: Any) -> Any:
    """``value`` with every string in it passed through ``giga.text.redact``."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


pass_app = click.make_pass_decorator(AppContext)

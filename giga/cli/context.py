"""The per-invocation context: opens the database lazily, once, and closes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

import giga


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
        """Machine output: plain JSON on stdout, never styled or wrapped."""
        click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


pass_app = click.make_pass_decorator(AppContext)

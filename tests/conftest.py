"""Shared fixtures. Keep this file to fixtures; helpers live in their own modules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

import giga
from httpserver import FeedServer

DEMO_NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)  # the demo feeds' week


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh HTTP/1.1 server on 127.0.0.1 with no routes and an empty request log.

    A route handler that raised fails the test here, with its traceback."""
    with FeedServer() as server:
        yield server
    assert not server.errors, server.errors[0]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The bundled demo feeds and contacts, ingested once per session at ``DEMO_NOW``
    (no history); tests copy the file before changing anything."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo = giga.demo_data()
    with giga.open(path, clock=lambda: DEMO_NOW, parse_workers=1) as g:
        g.import_opml(demo / "opml" / "demo.opml")
        g.fetch()
        g.import_contacts(demo / "contacts.csv")
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database (``g.db`` in the test's folder) that the test may change."""
    copy = tmp_path / "g.db"
    copy.write_bytes(demo_db.read_bytes())
    return copy

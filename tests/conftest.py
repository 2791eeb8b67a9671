"""Shared fixtures. Keep this file to fixtures; helpers live in their own modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from httpserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh HTTP/1.1 server on 127.0.0.1 with no routes and an empty request log.

    A route handler that raised fails the test here, with its traceback."""
    with FeedServer() as server:
        yield server
    assert not server.errors, server.errors[0]

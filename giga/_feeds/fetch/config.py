"""What to fetch and how: frozen values with named defaults, so a run is reproducible."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx loads only when something is fetched
    import httpx

__all__ = [
    "FetchRequest",
    "FetchConfig",
    "DEFAULT_FETCH_CONFIG",
    "ACCEPT",
    "ACCEPT_ENCODING",
    "user_agent",
]

# Feed types first; generic XML next; anything else last (some servers only say text/html).
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
ACCEPT_ENCODING = "gzip, deflate, br"


def _version() -> str:
    package = sys.modules.get("giga")
    found = getattr(package, "__version__", None)
    if isinstance(found, str) and found:
        return found
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("giga")
    except (ImportError, PackageNotFoundError):
        return "0"


def user_agent() -> str:
    """Say who we are and where to complain: polite feed readers identify themselves."""
    return f"giga/{_version()} (+https://github.com/giga-project/giga; feed reader)"


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One feed to fetch, with the validators stored from its last successful fetch."""

    source: str  # http(s) URL, file:// URL or local path
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # body_hash() of the last body we parsed
    # URLs that led here (the HTML page that linked to this feed): if any is on a public
    # host, this fetch may not go to a local or private address (``guard``).
    via: tuple[str, ...] = ()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Limits and timeouts for one refresh; the defaults suit a personal feed list."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence between two reads
    feed_deadline: float = 60.0  # total wall time per feed, redirects included
    max_connections: int = 16  # concurrent HTTP requests overall
    max_per_host: int = 4  # concurrent requests to one host:port, to be polite
    max_body_bytes: int = 16 * 1024 * 1024  # after decompression
    max_redirects: int = 5
    user_agent: str = user_agent()
    transport: httpx.AsyncBaseTransport | None = None  # the test seam; None = real network
    # What "now" is when a Retry-After in seconds becomes a date: the caller's clock, so
    # that an injected clock and the store agree. Module-level callables pickle to workers.
    clock: Callable[[], datetime] = utc_now

    def with_deadline(self, seconds: float) -> FetchConfig:
        """The same config giving up on any one feed after ``seconds``: an unattended run
        (or a test of hostile servers) bounds its wall time with one number."""
        return replace(
            self,
            feed_deadline=seconds,
            connect_timeout=min(self.connect_timeout, seconds),
            read_timeout=min(self.read_timeout, seconds),
        )


DEFAULT_FETCH_CONFIG = FetchConfig()

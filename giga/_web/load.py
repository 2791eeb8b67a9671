"""A page's bytes, fetched the way feeds are: the same guarded fetcher (timeouts, size
cap, redirect limits, the same checks on where a redirect may go), or a saved file read
with the same size cap. A failure is a ``PageError``, one line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GigaError, PageError

if TYPE_CHECKING:  # httpx loads only when something is fetched
    from .._feeds.fetch import FetchConfig

__all__ = ["Loaded", "load"]


@dataclass(frozen=True, slots=True)
class Loaded:
    body: bytes
    url: str | None  # where the page came from on the web (after redirects); None: a file
    content_type: str | None


def load(source: str, config: FetchConfig | None = None) -> Loaded:
    """Fetch ``source`` (an http(s) URL) or read it (a path or file: URL)."""
    from .._feeds.fetch import DEFAULT_FETCH_CONFIG, FetchRequest, fetch_all
    from .._feeds.sources import is_remote, normalize_source

    if not source.strip():
        raise PageError("''", "give a page's URL or a saved .html file")
    if not is_remote(source) and Path(source).expanduser().is_dir():
        raise PageError(source, "is a folder, not a page")
    try:
        where = normalize_source(source)
    except GigaError as exc:
        raise PageError(source, getattr(exc, "message", str(exc))) from exc
    result = fetch_all([FetchRequest(source=where)], config or DEFAULT_FETCH_CONFIG)[0]
    if result.error or result.body is None:
        raise PageError(source, f"could not be fetched: {result.error or 'empty response'}")
    return Loaded(result.body, (result.final_url or where) if is_remote(where) else None, result.content_type)

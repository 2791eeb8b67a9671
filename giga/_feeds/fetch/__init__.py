"""The fetching stage: conditional GETs and local reads, many at once, errors as values.

``fetch_all`` is the entry point; ``body_hash`` is shared with storage so an unchanged
body is recognised and never parsed twice.

What a ``FetchResult`` means here:

* ``body`` is set only when there is something new to parse (2xx with a body whose hash
  differs from the request's ``content_hash``); ``not_modified`` covers a 304, an
  unchanged local file, and an unchanged body.
* ``etag``, ``last_modified`` and ``content_hash`` are always the values to store for the
  feed afterwards: new ones on success, the request's own on a 304 that sends none and
  on every failure.
* ``error`` is one line; ``status`` is the last HTTP status seen (None for local files and
  for failures before any response); ``retry_after`` is set for 429/503 with Retry-After.
* ``final_url`` is where the redirects ended (None for local files);
  ``permanent_redirect`` is True only if there was at least one hop and all were 301/308.
"""

from __future__ import annotations

from .config import DEFAULT_FETCH_CONFIG, FetchConfig, FetchRequest
from .remote import parse_retry_after
from .run import fetch_all, fetch_many
from .util import body_hash

__all__ = [
    "DEFAULT_FETCH_CONFIG",
    "FetchConfig",
    "FetchRequest",
    "body_hash",
    "fetch_all",
    "fetch_many",
    "parse_retry_after",
]
